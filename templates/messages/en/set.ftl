# comms set
set-trimmed = the spaces around the value of { $keys } were removed (values do not start or end with spaces)
set-unchanged = { $what } already has these values; nothing to change
set-done = { $what }: set { $keys } ({ $path })
