# comms status
status-none = no records or action items match
status-summary = { $count ->
    [one] { $count } item, { $late } overdue
   *[other] { $count } items, { $late } overdue
}
