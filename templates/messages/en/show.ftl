# show
show-no-subject = (no subject)
show-archived = (archived)
# The action items table's column headers.
show-col =
    .number = #
    .task = TASK
    .owner = OWNER
    .deadline = DEADLINE
    .status = STATUS
    .due = DUE
    .accepted = ACCEPTED
show-no-acks = nobody has acknowledged it yet; to acknowledge: comms ack { $id }
show-problems = note: this record has { $errors } { $errors ->
    [one] error
   *[other] errors
} and { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
}; run `comms validate { $path }` to see them
# Whether an open item's owner accepted the task (comms ack ID#N).
show-accepted =
    .yes = yes
    .no = not yet
