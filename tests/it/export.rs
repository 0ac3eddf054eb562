//! `comms export --ics`: the calendar is read back with an independent
//! iCalendar parser (the `icalendar` crate's), not with our own code.

use crate::harness::{Sandbox, record};
use crate::tracked::{self, run};

/// A content line as the parser read it: name, parameters, raw value.
#[derive(Debug, Clone)]
struct Prop {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

/// A component as the parser read it.
#[derive(Debug, Clone)]
struct Comp {
    name: String,
    props: Vec<Prop>,
    children: Vec<Comp>,
}

impl Comp {
    #[track_caller]
    fn prop(&self, name: &str) -> &Prop {
        self.props.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{} has no {name}: {self:#?}", self.name))
    }

    /// A TEXT property: the parser unescapes TEXT values itself (its
    /// `value_types` decide which properties are TEXT).
    #[track_caller]
    fn text(&self, name: &str) -> String {
        self.prop(name).value.clone()
    }

    fn children(&self, name: &str) -> Vec<&Comp> {
        self.children.iter().filter(|c| c.name == name).collect()
    }

    fn param(&self, prop: &str, key: &str) -> Option<String> {
        self.prop(prop).params.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }
}

fn convert(c: &icalendar::parser::Component) -> Comp {
    Comp {
        name: c.name.to_string(),
        props: c
            .properties
            .iter()
            .map(|p| Prop {
                name: p.name.as_str().to_string(),
                params: p
                    .params
                    .iter()
                    .map(|q| {
                        (q.key.as_str().to_string(), q.val.as_ref().map(|v| v.as_str().to_string()).unwrap_or_default())
                    })
                    .collect(),
                value: p.val.as_str().to_string(),
            })
            .collect(),
        children: c.components.iter().map(convert).collect(),
    }
}

/// Checks the octets (CRLF, 75-octet lines), then parses: the VCALENDAR.
#[track_caller]
fn parse(text: &str) -> Comp {
    assert!(text.ends_with("\r\n"), "ends with CRLF");
    assert!(!text.replace("\r\n", "").contains(['\n', '\r']), "every line ends with CRLF");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = icalendar::parser::unfold(text);
    assert!(unfolded.starts_with("BEGIN:VCALENDAR\r\n") && unfolded.ends_with("END:VCALENDAR\r\n"));
    let cal = icalendar::parser::read_calendar(&unfolded).unwrap_or_else(|e| panic!("{e}\n{text}"));
    // The parser hands back the VCALENDAR's properties and components.
    let root = icalendar::parser::Component {
        name: "VCALENDAR".into(),
        properties: cal.properties.clone(),
        components: cal.components.clone(),
    };
    convert(&root)
}

fn events(cal: &Comp) -> Vec<&Comp> {
    cal.children("VEVENT")
}

fn event<'a>(cal: &'a Comp, uid: &str) -> &'a Comp {
    events(cal).into_iter().find(|e| e.prop("UID").value == uid).unwrap_or_else(|| panic!("no event {uid}"))
}

fn uids(cal: &Comp) -> Vec<String> {
    events(cal).iter().map(|e| e.prop("UID").value.clone()).collect()
}

/// The UID domain of a sandbox: its folder's name.
fn domain(s: &Sandbox) -> String {
    let name = s.path().canonicalize().unwrap().file_name().unwrap().to_string_lossy().to_lowercase();
    format!("{name}.comms")
}

#[test]
fn open_deadlines_become_events_an_independent_parser_reads() {
    let s = tracked::repo();
    let r = run(&s, &["export", "--ics"]);
    r.code(0);
    assert!(r.stderr.contains("共 6 项未完成的截止事项"), "{}", r.stderr);
    let cal = parse(&r.stdout);
    assert_eq!(cal.prop("VERSION").value, "2.0");
    assert!(cal.prop("PRODID").value.starts_with("-//comms//comms "));
    assert_eq!(cal.prop("CALSCALE").value, "GREGORIAN");
    assert_eq!(cal.prop("X-WR-TIMEZONE").value, "Asia/Shanghai");
    assert!(cal.text("X-WR-CALNAME").ends_with(" 截止事项"));

    // One STANDARD observance for a zone without daylight saving.
    let tz = cal.children("VTIMEZONE");
    assert_eq!(tz.len(), 1);
    assert_eq!(tz[0].prop("TZID").value, "Asia/Shanghai");
    let std = tz[0].children("STANDARD");
    assert_eq!(std.len(), 1);
    assert!(tz[0].children("DAYLIGHT").is_empty());
    assert_eq!(
        (std[0].prop("TZOFFSETFROM").value.as_str(), std[0].prop("TZOFFSETTO").value.as_str()),
        ("+0800", "+0800")
    );

    // Open records and open action items, soonest deadline first: what
    // `status --open` lists.
    let d = domain(&s);
    let expected: Vec<String> = [
        "20261110-9be2",
        "20261117-6c0f.action-2",
        "20261121-c94e",
        "20261121-7f3a",
        "20261117-6c0f.action-3",
        "20261117-6c0f",
    ]
    .iter()
    .map(|id| format!("{id}@{d}"))
    .collect();
    assert_eq!(uids(&cal), expected);

    let incident = event(&cal, &format!("20261121-7f3a@{d}"));
    assert_eq!(incident.prop("DTEND").value, "20261123T170000");
    assert_eq!(incident.param("DTEND", "TZID").as_deref(), Some("Asia/Shanghai"));
    assert_eq!(incident.prop("DTSTART").value, "20261123T163000");
    assert_eq!(incident.prop("DTSTAMP").value, "20261122T010000Z");
    assert_eq!(incident.prop("SEQUENCE").value, "0");
    assert_eq!(incident.text("SUMMARY"), "【紧急】生产部-设备故障通知");
    assert_eq!(incident.text("CATEGORIES"), "urgent");
    assert_eq!(incident.prop("PRIORITY").value, "1");
    assert_eq!(incident.prop("TRANSP").value, "TRANSPARENT");
    let description = incident.text("DESCRIPTION");
    assert!(description.contains("截止时间: 2026-11-23 17:00\n负责人: 张伟\n状态: 处理中\n"), "{description}");
    assert!(description.contains(&format!("文件: {}", tracked::INCIDENT)), "{description}");
    assert!(description.ends_with("comms done 20261121-7f3a"), "{description}");
    let alarm = incident.children("VALARM");
    assert_eq!(alarm.len(), 1);
    assert_eq!(alarm[0].prop("TRIGGER").value, "-PT30M");

    // Overdue items are marked; commas, quotes and colons survive escaping.
    let purchase = event(&cal, &format!("20261110-9be2@{d}"));
    assert_eq!(purchase.text("SUMMARY"), "[逾期] 【行政部-财务部】采购申请: 显示器, \"27 寸\"");
    assert!(r.stdout.contains("采购申请: 显示器\\, \"27 寸\""), "the comma is escaped on the wire");
    let action = event(&cal, &format!("20261117-6c0f.action-3@{d}"));
    assert_eq!(action.text("SUMMARY"), "更新研发排期");
    assert!(action.text("DESCRIPTION").contains("所属记录: 20261117-6c0f 项目研发阶段延期协调会"));
    assert!(action.text("DESCRIPTION").ends_with("comms done 20261117-6c0f#3"));
}

#[test]
fn uids_stay_and_an_edit_updates_the_event() {
    let s = tracked::repo();
    let first = run(&s, &["export", "--ics"]).code(0).stdout.clone();
    let again = run(&s, &["export", "--format", "ics"]).code(0).stdout.clone();
    assert_eq!(first, again, "--now makes the file reproducible, byte for byte");

    run(&s, &["set", "20261121-7f3a", "subject=【紧急】生产部-设备故障通知(已更换轴承)"]).code(0);
    run(&s, &["done", "20261117-6c0f#2"]).code(0);
    let cal = parse(&run(&s, &["export", "--ics"]).code(0).stdout);
    let d = domain(&s);
    let incident = event(&cal, &format!("20261121-7f3a@{d}"));
    assert_eq!(incident.text("SUMMARY"), "【紧急】生产部-设备故障通知(已更换轴承)");
    assert_eq!(incident.prop("DTEND").value, "20261123T170000");
    assert!(!uids(&cal).contains(&format!("20261117-6c0f.action-2@{d}")), "done items leave the calendar");
    assert_eq!(uids(&cal).len(), 5);
}

#[test]
fn the_owner_filter_knows_aliases() {
    let s = tracked::repo();
    let r = run(&s, &["--lang", "en", "export", "--ics", "--owner", "zhang wei"]);
    r.code(0);
    let cal = parse(&r.stdout);
    let d = domain(&s);
    assert_eq!(uids(&cal), [format!("20261117-6c0f.action-2@{d}"), format!("20261121-7f3a@{d}")]);
    assert!(cal.text("X-WR-CALNAME").ends_with(" deadlines · zhang wei"), "{}", cal.text("X-WR-CALNAME"));
    let late = event(&cal, &format!("20261117-6c0f.action-2@{d}"));
    assert_eq!(late.text("SUMMARY"), "[overdue] 输出试产物料需求清单");
    assert!(late.text("DESCRIPTION").contains("Owner: 张伟\nStatus: open\n"), "{}", late.text("DESCRIPTION"));

    let r = run(&s, &["export", "--ics", "--owner", "张伟伟"]);
    r.code(2);
    assert_eq!(r.stderr, "error: no record or action item is owned by `张伟伟`; did you mean `张伟`?\n");
}

#[test]
fn long_chinese_text_is_folded_and_comes_back_exactly() {
    let s = Sandbox::new();
    let subject = "【紧急】生产部-二号产线主轴电机异响停机,影响当日交付约 900 件;设备部、安全部、质量部联合排查\\复机前签字放行🚨 第二阶段";
    s.write(
        "records/a.md",
        record(
            "20261122-aaaa",
            "internal",
            "owner: 张伟\ndeadline: 2026-11-23 17:00\nstatus: open\nfrom: 生产部\nto: 设备部\n",
        )
        .replace("subject: 通知-20261122-aaaa", &format!("subject: '{subject}'")),
    );
    let r = s.run(&["--now", "2026-11-22 09:00", "export", "--ics"]);
    r.code(0);
    assert!(r.stdout.lines().any(|l| l.starts_with(' ')), "long lines are folded");
    let cal = parse(&r.stdout);
    assert_eq!(events(&cal)[0].text("SUMMARY"), subject);
}

#[test]
fn a_daylight_saving_zone_gets_its_real_transitions() {
    let s = Sandbox::new();
    s.write("comms.yaml", "timezone: Europe/Berlin\nlanguage: en\n");
    let fields = |deadline: &str| format!("owner: Anna\ndeadline: {deadline}\nstatus: open\nfrom: a\nto: b\n");
    s.write("records/summer.md", record("20260301-aaaa", "internal", &fields("2026-03-30 10:00")));
    s.write("records/winter.md", record("20260301-bbbb", "internal", &fields("2026-12-01 10:00")));
    let r = s.run(&["--now", "2026-03-01 09:00", "export", "--ics"]);
    r.code(0);
    let cal = parse(&r.stdout);
    let tz = &cal.children("VTIMEZONE")[0];
    assert_eq!(tz.prop("TZID").value, "Europe/Berlin");
    let onsets: Vec<(&str, String, String, String, String)> = tz
        .children
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.prop("DTSTART").value.clone(),
                c.prop("TZOFFSETFROM").value.clone(),
                c.prop("TZOFFSETTO").value.clone(),
                c.prop("TZNAME").value.clone(),
            )
        })
        .collect();
    let o = |kind, start: &str, from: &str, to: &str, name: &str| {
        (kind, start.to_string(), from.to_string(), to.to_string(), name.to_string())
    };
    assert_eq!(
        onsets,
        [
            o("STANDARD", "20260101T000000", "+0100", "+0100", "CET"),
            o("DAYLIGHT", "20260329T020000", "+0100", "+0200", "CEST"),
            o("STANDARD", "20261025T030000", "+0200", "+0100", "CET"),
        ]
    );
    // Resolve each event's local time with the parsed VTIMEZONE alone: the
    // last observance that began before it gives the offset.
    let utc_of = |local: &str| {
        let offset = tz
            .children
            .iter()
            .filter(|c| c.prop("DTSTART").value.as_str() <= local)
            .max_by_key(|c| c.prop("DTSTART").value.clone())
            .unwrap()
            .prop("TZOFFSETTO")
            .value
            .clone();
        (local.to_string(), offset)
    };
    let ends: Vec<(String, String)> = events(&cal)
        .iter()
        .map(|e| {
            assert_eq!(e.param("DTEND", "TZID").as_deref(), Some("Europe/Berlin"));
            utc_of(&e.prop("DTEND").value)
        })
        .collect();
    assert_eq!(
        ends,
        [("20260330T100000".to_string(), "+0200".to_string()), ("20261201T100000".to_string(), "+0100".to_string())]
    );
}

#[test]
fn utc_repositories_write_utc_times_without_a_vtimezone() {
    let s = Sandbox::new();
    s.write("comms.yaml", "timezone: UTC\n");
    s.write(
        "records/a.md",
        record("20261122-aaaa", "internal", "owner: 张伟\ndeadline: 2026-11-23 17:00\nstatus: open\nfrom: a\nto: b\n"),
    );
    let cal = parse(&s.run(&["--now", "2026-11-22 09:00", "export", "--ics"]).code(0).stdout);
    assert!(cal.children("VTIMEZONE").is_empty());
    let e = events(&cal)[0];
    assert_eq!(e.prop("DTEND").value, "20261123T170000Z");
    assert_eq!(e.param("DTEND", "TZID"), None);
}

#[test]
fn a_repeated_autumn_hour_is_written_in_utc_and_the_feed_has_no_method() {
    let s = Sandbox::new();
    s.write("comms.yaml", "timezone: Europe/Berlin\nlanguage: en\n");
    let fields = |deadline: &str| format!("owner: Anna\ndeadline: {deadline}\nstatus: open\nfrom: a\nto: b\n");
    // 02:45 happens twice on 25 October 2026; comms takes the first (CEST,
    // 00:45 UTC), and its event starts at 02:15, also in the repeated hour.
    s.write("records/night.md", record("20261001-aaaa", "internal", &fields("2026-10-25 02:45")));
    s.write("records/day.md", record("20261001-bbbb", "internal", &fields("2026-10-26 10:00")));
    let r = s.run(&["--now", "2026-10-01 09:00", "export", "--ics"]);
    r.code(0);
    let cal = parse(&r.stdout);
    // A feed is no iTIP message: METHOD would oblige an ORGANIZER (RFC 5546).
    assert!(cal.props.iter().all(|p| p.name != "METHOD"), "{}", r.stdout);
    let d = domain(&s);
    let night = event(&cal, &format!("20261001-aaaa@{d}"));
    assert_eq!(night.prop("DTEND").value, "20261025T004500Z");
    assert_eq!(night.param("DTEND", "TZID"), None);
    assert_eq!(night.prop("DTSTART").value, "20261025T001500Z");
    let day = event(&cal, &format!("20261001-bbbb@{d}"));
    assert_eq!(day.prop("DTEND").value, "20261026T100000");
    assert_eq!(day.param("DTEND", "TZID").as_deref(), Some("Europe/Berlin"));
}

#[test]
fn output_files_are_never_overwritten_without_force() {
    let s = tracked::repo();
    let r = run(&s, &["export", "--ics", "--output", "deadlines.ics"]);
    r.code(0);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("已写入 deadlines.ics"), "{}", r.stderr);
    assert_eq!(events(&parse(&s.read("deadlines.ics"))).len(), 6);

    let r = run(&s, &["export", "--ics", "--output", "deadlines.ics"]);
    r.code(2);
    assert_eq!(
        r.stderr,
        "error: deadlines.ics already exists; add --force to replace it, or choose another --output\n"
    );
    run(&s, &["export", "--ics", "--owner", "张伟", "--output", "deadlines.ics", "--force"]).code(0);
    assert_eq!(events(&parse(&s.read("deadlines.ics"))).len(), 2);

    let r = run(&s, &["export", "--ics", "--output", "records/x.ics"]);
    r.code(2);
    assert!(r.stderr.contains("inside `records/`"), "{}", r.stderr);
}

#[test]
fn a_format_is_required() {
    let s = tracked::repo();
    let r = run(&s, &["export"]);
    r.code(2);
    assert!(r.stderr.contains("--ics"), "{}", r.stderr);
    run(&s, &["export", "--ics", "--format", "ics"]).code(2);
}

#[test]
fn records_without_an_id_or_sharing_one_get_distinct_uids() {
    let s = Sandbox::new();
    let fields = "owner: 张伟\ndeadline: 2026-11-23 17:00\nstatus: open\nfrom: a\nto: b\n";
    s.write("records/a.md", record("20261122-aaaa", "internal", fields));
    s.write("records/b.md", record("20261122-aaaa", "internal", fields));
    s.write("records/无编号.md", record("", "internal", fields));
    let r = s.run(&["--now", "2026-11-22 09:00", "--lang", "en", "export", "--ics"]);
    r.code(0);
    assert!(
        r.stderr.contains("note: 1 item shares an id another record has, and only the first is exported"),
        "{}",
        r.stderr
    );
    let cal = parse(&r.stdout);
    let d = domain(&s);
    // Same deadline: sorted by id, the empty one first; its UID comes from its path.
    assert_eq!(uids(&cal), [format!("records%2F%E6%97%A0%E7%BC%96%E5%8F%B7%2Emd@{d}"), format!("20261122-aaaa@{d}")]);
    assert!(event(&cal, &format!("20261122-aaaa@{d}")).text("DESCRIPTION").contains("File: records/a.md"));
}
