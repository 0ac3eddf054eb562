# log
# The log section's heading, for a type whose template marks none `log: true`.
log-section = Log
log-done = logged in { $id } ({ $path })
