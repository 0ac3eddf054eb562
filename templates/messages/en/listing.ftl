# listing: durations and deadlines in lists (status, remind, show).
# These messages are formatted once per run and the numbers put in
# afterwards, so a variant chosen by the number ({ $days -> … }) is not
# available in them.

# At most two units: 12m, 5h, 5h 20m, 3d, 3d 4h.
listing-duration-minutes = { $minutes }m
listing-duration-hours = { $hours }h
listing-duration-hours-minutes = { $hours }h { $minutes }m
listing-duration-days = { $days }d
listing-duration-days-hours = { $days }d { $hours }h
# $duration is one of the above.
listing-overdue = overdue by { $duration }
listing-due-in = due in { $duration }
