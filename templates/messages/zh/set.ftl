# comms set
set-trimmed = { $keys } 的值首尾的空白已去掉(值不以空格开头或结尾)
set-unchanged = { $what } 已是这些值,无需修改
set-done = 已修改 { $what } 的 { $keys }({ $path })
