# comms accept
accept-already = { $by } already accepted { $id } at { $when }; nothing to change
accept-done = { $by } accepted the result of { $id } at { $now_text } ({ $path })
