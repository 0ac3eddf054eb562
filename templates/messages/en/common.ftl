# Messages shared by several commands. Syntax: https://projectfluent.org
# (docs/translating.md). Keep the same ids in every language.

# The heading of the log section added to a record whose type has none.
log-default-section = Log
