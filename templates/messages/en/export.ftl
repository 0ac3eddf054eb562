# export: comms export --ics
# The calendar's name; $owners is the --owner names, joined with ", ".
export-calendar-name = { $repository } deadlines
export-calendar-name-owners = { $repository } deadlines · { $owners }
export-open = { $count ->
    [one] { $count } open deadline
   *[other] { $count } open deadlines
}
export-note-undated = { $count ->
    [one] note: { $count } open item has no readable deadline and is not in the calendar; run `comms validate` to see why
   *[other] note: { $count } open items have no readable deadline and are not in the calendar; run `comms validate` to see why
}
export-note-twice = { $count ->
    [one] note: { $count } item shares an id another record has, and only the first is exported; run `comms validate` to see why
   *[other] note: { $count } items share an id another record has, and only the first is exported; run `comms validate` to see why
}
export-lines = { $count ->
    [one] { $count } line ({ $records } records and their action items)
   *[other] { $count } lines ({ $records } records and their action items)
}
