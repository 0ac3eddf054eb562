# Who must confirm (回复确认): comms ack ID#N, show, remind
ack-action-done = { $by } accepted action { $id }#{ $n } at { $now_text } ({ $path })
ack-action-already = { $by } already accepted action { $id }#{ $n } at { $when }; nothing to change
confirm-names-separator = {", "}
confirm-coverage = confirmed { $confirmed }/{ $expected }
confirm-coverage-missing = not yet: { $names }
confirm-coverage-hint = to confirm: comms ack { $id }
remind-unconfirmed-title = Waiting for confirmation ({ $count })
remind-unconfirmed-item = { $subject } · { $id } · confirmed { $confirmed }/{ $expected }, waiting for { $names }
