# history
history-no-git = note: { $path } is not in a git repository, so it has no history to show
history-shallow = note: this is a shallow clone; older commits are missing, so the history is incomplete
history-none = { $path } has no committed history
# The table's column headers.
history-col =
    .time = TIME
    .author = AUTHOR
    .commit = COMMIT
    .status = STATUS
    .owner = OWNER
    .change = CHANGE
history-moved = moved { $from } → { $to }
history-added = added { $path }
