# 回复确认:comms ack ID#N、show、remind
ack-action-done = { $by } 已确认接收待办 { $id }#{ $n },时间 { $now_text }({ $path })
ack-action-already = { $by } 已于 { $when } 确认接收待办 { $id }#{ $n },无需重复确认
confirm-names-separator = 、
confirm-coverage = 已确认 { $confirmed }/{ $expected }
confirm-coverage-missing = 未确认:{ $names }
confirm-coverage-hint = 确认:comms ack { $id }
remind-unconfirmed-title = 待确认({ $count })
remind-unconfirmed-item = { $subject } · { $id } · 已确认 { $confirmed }/{ $expected },待 { $names } 确认
