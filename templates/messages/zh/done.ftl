# comms done
done-already-closed = { $what } 已于 { $when } 完成,无需修改
done-already = { $what } 已是完成状态,无需修改
done-done = 已将 { $what } 标记为已完成,关闭时间 { $now_text }({ $path })
