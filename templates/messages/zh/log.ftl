# log
# The log section's heading, for a type whose template marks none `log: true`.
log-section = 反馈记录
log-done = 已记录到 { $id }({ $path })
