# comms accept
accept-already = { $by } 已于 { $when } 验收过 { $id },无需重复验收
accept-done = { $by } 已验收 { $id },时间 { $now_text }({ $path })
