# comms ack
ack-already = { $by } already acknowledged { $id } at { $when }; nothing to change
ack-done = { $by } acknowledged { $id } at { $now_text } ({ $path })
