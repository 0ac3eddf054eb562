# comms report: the labels of every format (src/render/report.rs, shared
# with the HTML dashboard) and the command's notes (src/commands/report.rs)

report-title = Communication report
# The period's bounds: "2026-10-01 00:00 ≤ created < 2027-01-01 00:00 (Asia/Shanghai)".
report-span = { $start } ≤ created < { $end } ({ $tz })
report-project = project: { $project }
report-overdue-as-of = overdue as of: { $now }
# Column headers of the metrics.
report-metric =
    .total = TOTAL
    .open = OPEN
    .done = DONE
    .cancelled = CANCELLED
    .overdue = OVERDUE
    .on-time = ON TIME
    .late = LATE
    .on-time-rate = ON-TIME RATE
    .avg-resolution = AVG RESOLUTION (H)
    .avg-ack = AVG ACK (H)
    .minutes-on-time-rate = MINUTES ON TIME
    .avg-response = AVG RESPONSE (H)
    .response-within-sla = RESPONSE WITHIN SLA
    .resolution-within-sla = RESOLVED WITHIN SLA
    .avg-approval = AVG APPROVAL (H)
    .ack-coverage = ACK COVERAGE
    .accuracy = ACCURACY
    .avg-satisfaction = AVG SATISFACTION
    .satisfaction-count = RATINGS
# Section titles, one per grouping.
report-group-title =
    .type = By type
    .owner = By owner
    .project = By project
    .department = By department
    .repo = By repository
    .channel = By channel
# The first column's header of each grouping.
report-group-header =
    .type = TYPE
    .owner = OWNER
    .project = PROJECT
    .department = DEPARTMENT
    .repo = REPOSITORY
    .channel = CHANNEL
# The section of the response-time metrics (sla in comms.yaml), shown when
# any has a value.
report-sla-title = Response time (SLA)
# The section of the quality measures (approval time, confirmation
# coverage, accuracy, satisfaction), shown when any has a value.
report-quality-title = Quality and satisfaction
# The quality section's column naming each row's grouping.
# The quality section's column naming the type, person, channel… of the row.
report-quality-key = NAME
report-quality-group = GROUP
report-totals = Totals
# The section of `targets` (comms.yaml): each against the previous period
# of the same length, named here ("2026-Q3").
report-targets-title = Targets (previous period: { $previous })
# The columns of the targets section.
report-target-col =
    .metric = METRIC
    .target = TARGET
    .actual = ACTUAL
    .previous = PREVIOUS
    .change = CHANGE
    .met = MET
# A targeted metric's name as people read it, by its name in comms.yaml
# (`targets:`); a metric without one here is shown by that name alone.
report-target-metric =
    .total = records
    .open = open
    .done = done
    .cancelled = cancelled
    .overdue = overdue
    .on_time = on time
    .late = late
    .on_time_rate = on-time rate
    .avg_resolution_hours = average resolution time
    .avg_ack_hours = average acknowledgement time
    .avg_response_hours = average response time
    .response_within_sla_rate = responses within SLA
    .resolution_within_sla_rate = resolutions within SLA
    .minutes_on_time_rate = minutes on time
    .avg_approval_hours = average approval time
    .ack_coverage = confirmation coverage
    .accuracy_rate = accuracy
    .avg_satisfaction = average satisfaction
    .satisfaction_count = ratings
# A targeted metric in the targets table: its label and its name in comms.yaml.
report-target-label = { $label } ({ $metric })
# Whether a target is met; "unknown" when it cannot be judged (no figure).
report-target-met =
    .yes = yes
    .no = no
    .unknown = -
# A target of a relative change against the previous period: "change ≤ -30.0%".
report-target-change = change { $bound }
# A difference of two rates, in percentage points: "-15.0 pt".
report-target-points = { $value } pt
# The row of the totals.
report-all = all
# The group of records whose owner is not in the people list.
report-key-no-department = (not in people)
# The group of records without the value.
report-key-none = (none)

# Notes of `comms report` on standard error.
report-unreadable = { $count ->
    [one] note: { $count } file could not be read as records and is not counted; `comms validate` says why
   *[other] note: { $count } files could not be read as records and are not counted; `comms validate` says why
}
report-undated = { $count ->
    [one] note: { $count } record has no `created` time (nor one from git history) and is in no period
   *[other] note: { $count } records have no `created` time (nor one from git history) and are in no period
}
report-unclosed = { $count ->
    [one] note: { $count } done record in the period has no `closed` time and is not counted as on time, late or in the average resolution time
   *[other] note: { $count } done records in the period have no `closed` time and are not counted as on time, late or in the average resolution time
}
report-shallow = note: this is a shallow clone and older commits are missing; times filled in from git may be too late
report-no-git = note: not in a git repository, so missing `created`/`closed` times cannot be taken from commit history
report-history-error = note: cannot read git history ({ $error }); missing times are not filled in
