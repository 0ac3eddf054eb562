# new
# The deadline worked out from the type's rule. $within: e.g. 3d; $after:
# the field it counts from; $due: the deadline.
new-deadline-after-field = deadline: { $within } after `{ $after }`, { $due }
new-deadline-from-now = deadline: { $within } from now, { $due } (no `{ $after }` given; --{ $after } or --set { $after }=… counts from it)
# After the record is written: $count placeholders left.
new-fill-in = { $count ->
    [one] { $count } value still to fill in; run comms validate when done
   *[other] { $count } values still to fill in; run comms validate when done
}
# Hints shown in parentheses when asking for a value on the terminal.
new-hint-deadline = YYYY-MM-DD HH:MM, tomorrow 17:00 or +2wd
new-hint-datetime = YYYY-MM-DD HH:MM or today 15:00
new-hint-list = comma-separated
