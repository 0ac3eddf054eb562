# comms approve, comms send
approve-done = { $by } approved { $id } at { $now_text } ({ $path })
approve-rejected = { $by } rejected { $id } at { $now_text } ({ $path })
approve-still-pending = still to approve: { $steps }
approve-all-approved = every approval step of { $id } is approved; `comms send { $id }` sends it
send-done = { $id } sent at { $now_text } ({ $path })
send-already = { $id } was already sent at { $when }; nothing to change
