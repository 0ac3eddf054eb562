# calendar: the iCalendar feed (comms export --ics)

# An overdue event's title.
calendar-summary-overdue = [overdue] { $subject }
# The lines of an event's description: label, separator, value.
calendar-field =
    .deadline = Deadline
    .owner = Owner
    .status = Status
    .type = Type
    .project = Project
    .record = Record
    .file = File
    .when-done = When done, run
calendar-field-separator = {": "}
