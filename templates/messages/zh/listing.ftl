# listing: durations and deadlines in lists (status, remind, show).
# These messages are formatted once per run and the numbers put in
# afterwards, so a variant chosen by the number ({ $days -> … }) is not
# available in them.

# At most two units: 12分钟, 5小时, 5小时20分, 3天, 3天4小时.
listing-duration-minutes = { $minutes }分钟
listing-duration-hours = { $hours }小时
listing-duration-hours-minutes = { $hours }小时{ $minutes }分
listing-duration-days = { $days }天
listing-duration-days-hours = { $days }天{ $hours }小时
# $duration is one of the above.
listing-overdue = 逾期 { $duration }
listing-due-in = 剩余 { $duration }
