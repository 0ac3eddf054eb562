# comms status
status-none = no records or action items match
status-summary = { $count ->
    [one] { $count } item, { $late } overdue
   *[other] { $count } items, { $late } overdue
}
status-note-problems = { $count ->
    [one] note: { $count } file could not be read as records and is not listed; run `comms validate` to see why
   *[other] note: { $count } files could not be read as records and are not listed; run `comms validate` to see why
}
status-note-unreadable = { $count ->
    [one] note: { $count } item has a deadline or status comms cannot read (shown as ?); run `comms validate` to see why
   *[other] note: { $count } items have a deadline or status comms cannot read (shown as ?); run `comms validate` to see why
}
# The columns of the table and Markdown formats.
status-col =
    .id = ID
    .type = TYPE
    .subject = SUBJECT
    .owner = OWNER
    .deadline = DEADLINE
    .status = STATUS
    .due = DUE
    .project = PROJECT
# The TYPE of an action item's row.
status-action-item = Action item
