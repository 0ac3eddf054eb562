# remind: the escalation digest (comms remind)

# The title: the Markdown heading, and the start of the plain-text first line.
remind-title = Follow-up as of { $now }
# The plain-text first line: $title is remind-title, $now the time, $summary
# remind-nothing or the counts.
remind-headline = { $title }: { $summary }
# $within: a span, e.g. `4h` or `2 working days`.
remind-nothing = Nothing is overdue, due within { $within }, or waiting for acknowledgement.

# The counts of the first line; $n is the number as shown (bold in Markdown).
remind-count-overdue = { $n } overdue
remind-count-due-soon = { $n } due within { $within }
remind-count-unacknowledged = { $count ->
    [one] { $n } urgent record not acknowledged
   *[other] { $n } urgent records not acknowledged
}
# Between the counts (plain text), and between the tags of an item.
remind-separator = {", "}
# After the counts.
remind-end = .

# Whose items follow.
remind-owner = @{ $owner }
remind-owner-department = @{ $owner }({ $department })
remind-no-owner = (no owner)

# One item.
remind-not-acknowledged = not acknowledged
remind-action-item = { $subject } (action item of “{ $parent }”)
# $tag: `[overdue 16h] ` or empty.
remind-item = { $tag }{ $subject } — due { $deadline } · { $id }

# A number of working days.
remind-workdays = { $count ->
    [one] { $count } working day
   *[other] { $count } working days
}

# The escalation step of an overdue item.
remind-step = step { $step } of { $steps } ({ $since }): chase { $chase }{ $by }
remind-step-since-deadline = from the deadline
# $span: how long overdue, e.g. `4h`.
remind-step-since = { $span } overdue
# Who chases, after the people chased.
remind-step-by = {", "}by { $people }
# A person with a role.
remind-step-person = { $name } ({ $role })
# The role `owner` of a ladder.
remind-step-owner = owner
remind-step-people-separator = {", "}

remind-footer = Please update each record as you go (comms log for progress, comms done when finished); acknowledge urgent records first (comms ack).

# After the digest: records not updated as often as their type asks (update_every).
remind-stale-heading = { $count ->
    [one] 1 record without a progress update:
   *[other] { $count } records without a progress update:
}
# $last: the last update (log entry, else created); $ago: how long since; $every: the type's update_every.
remind-stale-item = { $subject } — @{ $owner }, last update { $last } ({ $ago } ago; due every { $every }) · { $id }
