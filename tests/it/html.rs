//! `comms report --format html`: one self-contained page with the report's
//! numbers, charts as inline SVG, every record value escaped.

use std::path::Path;

use crate::harness::{Sandbox, comms, record};
use crate::report::{NOW, quarter};

fn html(s: &Sandbox, args: &[&str]) -> String {
    let mut all = vec!["--now", NOW];
    all.extend_from_slice(args);
    all.extend_from_slice(&["report", "--quarter", "2026-Q4", "--format", "html"]);
    let run = s.run(&all);
    run.code(0);
    run.stdout.clone()
}

/// Nothing in the page can reach the network or run.
#[track_caller]
fn assert_self_contained(page: &str) {
    for bad in
        ["http://", "https://", "<link", "src=\"", "src='", "@import", "url(", "<script", "<img", "<iframe", "<object"]
    {
        assert!(!page.contains(bad), "the page has `{bad}`");
    }
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\""));
}

/// The text of the element with `id`, up to its closing tag.
fn element<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let rest = &page[start..];
    let end = rest.find("</").unwrap_or(rest.len());
    &rest[rest.find('>').map_or(0, |i| i + 1)..end]
}

#[test]
fn writes_one_self_contained_file_by_its_extension() {
    let s = quarter();
    let run = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--output", "q4.html"]);
    run.code(0);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("已写入 q4.html"), "{}", run.stderr);
    let page = s.read("q4.html");
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"), "{page}");
    assert!(page.ends_with("</html>\n"));
    assert_self_contained(&page);
    // `.htm` too, and never over an existing file without --force.
    s.run(&["--now", NOW, "report", "--output", "q4.htm"]).code(0);
    assert!(s.read("q4.htm").starts_with("<!DOCTYPE html>"));
    let run = s.run(&["report", "--output", "q4.html"]);
    run.code(2);
    assert_eq!(run.stderr, "error: q4.html already exists; add --force to replace it, or choose another --output\n");
}

#[test]
fn standard_output_without_output() {
    let s = quarter();
    let page = html(&s, &[]);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_self_contained(&page);
}

#[test]
fn has_the_reports_numbers() {
    let s = quarter();
    let page = html(&s, &[]);
    assert!(page.contains("<title>沟通记录报告 2026-Q4</title>"));
    // The totals row, as in the table format (docs/report.md's worked example).
    assert!(page.contains(
        "<th scope=\"row\" class=\"text\">全部</th><td>6</td><td>2</td><td>3</td><td>1</td><td>1</td><td>2</td><td>1</td><td>50.0%</td><td>36.0</td><td>1.5</td>"
    ));
    assert!(page.contains("<span class=\"v\">50.0%</span><span class=\"k\">按时率</span>"));
    // One table per group, with the rows of the other formats.
    for title in ["合计", "按类型", "按负责人", "按项目", "按部门"] {
        assert!(page.contains(&format!("<h2>{title}</h2>")), "{title}");
    }
    assert!(page.contains("<th scope=\"row\" class=\"text\">李娜</th><td>2</td><td>0</td><td>2</td>"));
    assert!(page.contains("<th scope=\"row\" class=\"text\">(未登记)</th><td>1</td>"));

    // Each chart says in words what it draws.
    assert_eq!(
        element(&page, "chart-status-d"),
        "内部常规消息: 3 (处理中 1, 已完成 2); 紧急事务消息: 2 (待处理 1, 已完成 1); 会议纪要: 1 (已取消 1)"
    );
    assert_eq!(element(&page, "chart-departments-d"), "生产部: 50.0% (1/2); 市场部: 50.0% (1/2); (未登记): -");
    assert_eq!(
        element(&page, "chart-trend-d"),
        "2026-Q1: 新建 0, 按时率 -; 2026-Q2: 新建 0, 按时率 -; 2026-Q3: 新建 1, 按时率 0.0%; 2026-Q4: 新建 6, 按时率 50.0%"
    );
    // r1: due 11-10 18:00, 11.75 days before now.
    assert_eq!(element(&page, "chart-ageing-d"), "不足1天: 0; 1–3天: 0; 3–7天: 0; 7–30天: 1; 30天及以上: 0");
    assert!(page.contains("<td>r1</td><td class=\"text\">通知-r1</td><td class=\"text\">张伟</td><td class=\"text\">二号产线</td><td>2026-11-10 18:00</td><td>11.8 天</td>"));
    // Every chart is an image with a name and a description.
    assert_eq!(page.matches("<svg viewBox=").count(), 4);
    assert_eq!(page.matches("role=\"img\" aria-labelledby=").count(), 4);
}

#[test]
fn english_labels() {
    let s = quarter();
    let page = html(&s, &["--lang", "en"]);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("<title>Communication report 2026-Q4</title>"));
    for label in [
        "Records by type and status",
        "On-time rate by department",
        "Trend over four quarters",
        "Overdue ageing",
        "Overdue records",
        "By department",
        "(not in people)",
        "11.8 d",
    ] {
        assert!(page.contains(label), "{label}");
    }
    assert_eq!(element(&page, "chart-ageing-d"), "&lt; 1 d: 0; 1–3 d: 0; 3–7 d: 0; 7–30 d: 1; ≥ 30 d: 0");
    assert!(!page.contains("按时率"));
}

#[test]
fn record_values_are_escaped() {
    let s = quarter();
    s.write(
        "records/x.md",
        record(
            "x1",
            "internal",
            "owner: \"<img src=x onerror=alert(1)>\"\nproject: \"<script>alert('项目')</script>\"\nstatus: open\ncreated: 2026-11-21 09:00\ndeadline: 2026-11-21 18:00\n",
        ),
    );
    let page = html(&s, &[]);
    assert_self_contained(&page);
    assert!(page.contains("&lt;script&gt;alert(&#39;项目&#39;)&lt;/script&gt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // A project filter appears in the title, escaped too.
    let run = s.run(&["--now", NOW, "report", "--format", "html", "--project", "<script>alert('项目')</script>"]);
    run.code(0);
    assert!(
        run.stdout.contains("<title>沟通记录报告 2026-Q4 · &lt;script&gt;alert(&#39;项目&#39;)&lt;/script&gt;</title>")
    );
    assert_self_contained(&run.stdout);
}

#[test]
fn an_empty_period_still_draws() {
    let s = quarter();
    let run = s.run(&["--now", NOW, "--lang", "en", "report", "--quarter", "2025-Q1", "--format", "html"]);
    run.code(0);
    let page = &run.stdout;
    assert!(page.contains("No records in the period"));
    assert!(page.contains("No overdue records"));
    assert!(!page.contains("NaN") && !page.contains("=\"inf"), "{page}");
    assert!(!page.contains("Overdue records</h2>"));
}

#[test]
fn the_overdue_list_names_the_first_fifty() {
    let s = Sandbox::new();
    for i in 0..52 {
        s.write(
            &format!("records/o{i:02}.md"),
            record(
                &format!("o{i:02}"),
                "internal",
                &format!(
                    "owner: 张伟\nstatus: open\ncreated: 2026-10-01 09:00\ndeadline: 2026-11-{:02} 09:00\n",
                    i % 20 + 1
                ),
            ),
        );
    }
    let page = html(&s, &["--lang", "en"]);
    assert_eq!(page.matches("<td class=\"text\">通知-o").count(), 50);
    assert!(page.contains("<p class=\"note\">2 more not listed; `comms status --overdue` lists them all</p>"));
    // Longest overdue first: deadlines on the 1st come first, those on the 20th are left out.
    let first = page.find("<td>o00</td>").unwrap();
    assert!(first < page.find("<td>o18</td>").unwrap());
    assert!(!page.contains("<td>o19</td>") && !page.contains("<td>o39</td>"));
}

/// The snapshot covers the page's structure and data, not its stylesheet:
/// a change of colour or spacing does not churn it. The stylesheet is
/// checked here instead: one `<style>`, with the rules other tests rely on
/// and a rule for every class the markup uses.
#[test]
fn snapshot() {
    let s = quarter();
    let page = html(&s, &[]);
    let (page, style) = without_stylesheet(&page);
    for rule in ["@page { size: A4;", "@media (max-width: 600px)", "minmax(min(460px, 100%), 1fr)", "@media print"] {
        assert!(style.contains(rule), "the stylesheet has no `{rule}`");
    }
    for class in classes(&page) {
        assert!(
            style.match_indices(&format!(".{class}")).any(|(i, m)| {
                !style[i + m.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_')
            }),
            "the markup uses class `{class}` and the stylesheet has no rule for it"
        );
    }
    insta::assert_snapshot!(page);
}

/// `page` with the content of its one `<style>` element replaced by a
/// placeholder, and that content.
fn without_stylesheet(page: &str) -> (String, &str) {
    assert_eq!(page.matches("<style").count(), 1, "one stylesheet");
    let start = page.find("<style>").expect("a plain <style> element") + "<style>".len();
    let end = start + page[start..].find("</style>").expect("</style>");
    let style = &page[start..end];
    assert!(style.trim().len() > 1000, "the stylesheet is there: {style:?}");
    (format!("{}/* stylesheet: checked in fn snapshot, not snapshotted */{}", &page[..start], &page[end..]), style)
}

/// Every class named in `class="…"` attributes.
fn classes(page: &str) -> std::collections::BTreeSet<&str> {
    page.split("class=\"").skip(1).flat_map(|rest| rest[..rest.find('"').unwrap()].split_whitespace()).collect()
}

#[test]
fn without_stylesheet_keeps_everything_but_the_rules() {
    let css = "a { color: red; }\n".repeat(60);
    let page = format!("<head><style>{css}</style></head><p class=\"k v\">1</p>");
    let (stripped, style) = without_stylesheet(&page);
    assert_eq!(style, css);
    assert_eq!(
        stripped,
        "<head><style>/* stylesheet: checked in fn snapshot, not snapshotted */</style></head><p class=\"k v\">1</p>"
    );
    assert_eq!(classes(&stripped).into_iter().collect::<Vec<_>>(), ["k", "v"]);
}

/// On the example repository, the ageing buckets add up to the report's
/// `overdue` and the trend's last quarter to its `total`.
#[test]
fn the_example_repository_adds_up() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let run = |format: &str| {
        let out = comms(&demo)
            .args(["--now", "2026-11-22 09:00", "report", "--quarter", "2026-Q4", "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let page = run("html");
    assert_self_contained(&page);
    let count = |part: &str| -> u64 { part.rsplit(": ").next().and_then(|n| n.parse().ok()).unwrap() };
    let ageing: u64 = element(&page, "chart-ageing-d").split("; ").map(count).sum();
    assert_eq!(ageing, json["totals"]["overdue"].as_u64().unwrap());
    let trend = element(&page, "chart-trend-d");
    let last = trend.rsplit("; ").next().unwrap();
    let total = json["totals"]["total"].as_u64().unwrap();
    assert!(last.starts_with(&format!("2026-Q4: 新建 {total}, ")), "{trend}");
}

#[test]
fn fits_a_phone_prints_on_a4_and_every_header_has_text() {
    // .ci/html-check checks the same in Chromium: no sideways scrolling at
    // 390 px, axe-core finds nothing, printed pages are A4.
    let page = html(&quarter(), &[]);
    assert!(page.contains("@page { size: A4;"), "printed on A4, not the browser's default (US Letter)");
    assert!(page.contains("minmax(min(460px, 100%), 1fr)"), "a chart column is never wider than the screen");
    assert!(page.contains("@media (max-width: 600px)"));
    let empty_headers = page.match_indices("</th>").filter(|(i, _)| {
        page[..*i].ends_with('>') && {
            let open = page[..*i].rfind("<th").unwrap();
            page[open..*i].ends_with('>') && page[open..*i].matches('>').count() == 1
        }
    });
    assert_eq!(empty_headers.count(), 0, "an empty <th>");
    assert!(page.contains("<th scope=\"col\" class=\"text\">范围</th>"));
    // Tables that scroll sideways on a phone can be scrolled from the keyboard.
    let wraps = page.matches("<div class=\"wrap\"").count();
    assert!(wraps >= 5);
    assert_eq!(page.matches("<div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"").count(), wraps);
}
