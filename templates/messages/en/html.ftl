# comms report --format html: the dashboard's own words (src/render/html.rs);
# its tables share the labels of report.ftl.

# The page's `lang` attribute (a BCP 47 tag).
html-lang = en
html-footer = Made by comms report · overdue as of { $now }
# The key figures' cards.
html-kpi =
    .records = Records
    .open = Open
    .overdue = Overdue
    .on-time-rate = On-time rate
    .avg-resolution = Avg resolution (h)
    .avg-ack = Avg ack (h)
    .minutes-on-time-rate = Minutes on time
    .avg-response = Avg response (h)
    .response-within-sla = Responded within SLA
    .resolution-within-sla = Resolved within SLA
    .avg-approval = Avg approval (h)
    .ack-coverage = Confirmation coverage
    .accuracy = Accuracy
    .avg-satisfaction = Avg satisfaction (1-5)
# Statuses in the chart's legend and bars.
html-status =
    .open = open
    .in-progress = in progress
    .done = done
    .delayed = delayed
    .cancelled = cancelled
    .unknown = no valid status
# How long records are overdue, the ageing chart's columns.
html-age =
    .under-a-day = < 1 d
    .one-to-three-days = 1–3 d
    .three-to-seven-days = 3–7 d
    .seven-to-thirty-days = 7–30 d
    .thirty-days-or-more = ≥ 30 d
# How long a record is overdue; $days is a number with one decimal.
html-days = { $days } d
html-no-records = No records in the period

html-status-caption = Records by type and status
html-status-axis = records
html-status-note = records created in { $period }

html-departments-caption = On-time rate by department
html-departments-note = on time ÷ (on time + late + overdue); “-”: nothing to judge

html-trend-caption = Trend over four quarters
html-trend-created = Records created
html-trend-rate = On-time rate
# A quarter's figures, for screen readers.
html-trend-desc = { $period }: created { $created }, on-time rate { $rate }
html-trend-note = by the quarter records were created in; dark: this report's period; overdue as of now

html-ageing-caption = Overdue ageing
html-ageing-axis = overdue records
html-no-overdue = No overdue records
html-ageing-note = overdue as of { $now }; open records past their deadline, by how long

html-overdue-title = Overdue records
html-overdue-col =
    .id = ID
    .subject = SUBJECT
    .owner = OWNER
    .project = PROJECT
    .deadline = DEADLINE
    .overdue-by = OVERDUE BY
html-overdue-more = { $count } more not listed; `comms status --overdue` lists them all
# The first column's header of the totals' table.
html-scope = Scope
# The trend chart of a metric that has a target (`targets` in comms.yaml).
html-target-trend-caption = Trend: { $metric }
html-target-trend-note = this period and the three before it
