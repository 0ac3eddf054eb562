# notify: sending the reminder digest (comms notify)

# Nothing to chase: nothing is sent. $within: a span, e.g. `1 day`.
notify-nothing = Nothing is overdue, due within { $within }, waiting for confirmation or stale: nothing sent.
# After a target took every message.
notify-sent = { $target } ({ $kind }): { $count ->
    [one] 1 message sent
   *[other] { $count } messages sent
}
# A target that failed; $reason is the platform's code and message, or why it could not be reached.
notify-failed = target `{ $target }` ({ $kind }) failed: { $reason }
notify-summary-failed = { $failed } of { $count } targets failed.
# Chased people the directory has no address or id for.
notify-no-email = note: { $target }: no `email` in `people` for { $names }; they get no e-mail
notify-no-im = note: { $target }: no `im.{ $kind }` in `people` for { $names }; named, not mentioned
# --dry-run: the line above each target's messages.
notify-dry-run-target = ## { $target } ({ $kind }) → { $to }: { $count ->
    [one] 1 message
   *[other] { $count } messages
}
notify-dry-run-signed = POST { $url }, signed with { $secret }
# --workdays-only on a weekend or holiday of the calendar.
notify-day-off = { $day } is not a working day of the calendar in comms.yaml: nothing sent.
