//! Each chat platform's message, as the JSON body its robot accepts:
//!
//! - 企业微信 (`wecom`): `{"msgtype": "markdown", "markdown": {"content"}}`,
//!   at most 4096 bytes of content, people mentioned as `<@userid>`;
//! - 钉钉 (`dingtalk`): `{"msgtype": "markdown", "markdown": {"title",
//!   "text"}, "at": {"atUserIds", "atMobiles", "isAtAll"}}`, each mentioned
//!   id also written `@id` in the text (DingTalk highlights only those);
//! - 飞书 (`feishu`): rich text, `{"msg_type": "post", "content": {"post":
//!   {"zh_cn": {"title", "content": [[{"tag": "text"}], [{"tag": "at",
//!   "user_id"}]]}}}}` (the signature is added when sending);
//! - Slack: `{"text"}` with `&`, `<`, `>` escaped.
//!
//! A digest longer than the platform takes is split ([`super::split`])
//! into several messages, numbered `(1/3)`, the mentions in the first.

use serde_json::{Value, json};

use crate::model::notify::{ALL, Kind};
use crate::model::people::Directory;

/// How many bytes of text one message may carry. WeCom documents 4096
/// bytes of markdown content; Feishu 20 KB per request body (the rich
/// text's JSON is larger than its text); DingTalk and Slack publish no
/// hard number for markdown / text beyond which they truncate, so comms
/// stays well under what they accept.
pub fn limit(kind: Kind) -> usize {
    match kind {
        Kind::Wecom => 4096,
        Kind::Dingtalk => 5000,
        Kind::Feishu => 12_000,
        Kind::Slack => 12_000,
        Kind::Webhook | Kind::Email => usize::MAX,
    }
}

/// Whether the platform renders Markdown (else it gets the plain text).
pub fn markdown(kind: Kind) -> bool {
    matches!(kind, Kind::Wecom | Kind::Dingtalk)
}

/// Who a message mentions on one platform: their ids there, and whether
/// it mentions everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mentions {
    pub ids: Vec<String>,
    pub all: bool,
    /// People to mention who have no id on the platform (named in the
    /// text all the same).
    pub missing: Vec<String>,
}

/// The mentions of `names` (the chased people) and `at` (the target's own
/// list: people or `all`) on `kind`, from the people directory's `im`.
pub fn mentions(kind: Kind, names: &[String], at: &[String], people: &Directory) -> Mentions {
    let mut m = Mentions::default();
    for name in names.iter().chain(at) {
        if name == ALL {
            m.all = true;
            continue;
        }
        let im = people.resolve(name).and_then(|p| p.im.as_ref());
        let id = match kind {
            Kind::Wecom => im.and_then(|i| i.wecom.as_deref()),
            Kind::Dingtalk => im.and_then(|i| i.dingtalk.as_deref()),
            Kind::Feishu => im.and_then(|i| i.feishu.as_deref()),
            Kind::Slack | Kind::Webhook | Kind::Email => continue,
        };
        match id.map(str::trim).filter(|i| !i.is_empty()) {
            Some(id) if !m.ids.iter().any(|x| x == id) => m.ids.push(id.to_string()),
            Some(_) => {}
            None => {
                let name = people.canonical(name).trim().to_string();
                if !m.missing.contains(&name) {
                    m.missing.push(name);
                }
            }
        }
    }
    m
}

/// A DingTalk id that is a mobile number (digits, maybe a leading `+`)
/// goes to `atMobiles`, any other to `atUserIds`.
fn is_mobile(id: &str) -> bool {
    let digits = id.strip_prefix('+').unwrap_or(id);
    digits.len() >= 5 && digits.chars().all(|c| c.is_ascii_digit())
}

/// The mention line written in the text.
fn mention_line(kind: Kind, m: &Mentions) -> String {
    let mut words: Vec<String> = match kind {
        Kind::Wecom => m.ids.iter().map(|id| format!("<@{id}>")).collect(),
        Kind::Dingtalk => m.ids.iter().map(|id| format!("@{id}")).collect(),
        _ => Vec::new(),
    };
    if m.all && kind == Kind::Dingtalk {
        words.push("@all".into());
    }
    words.join(" ")
}

/// The messages that carry `text` (Markdown or plain, see [`markdown`])
/// titled `title` to a `kind` chat robot, mentioning `m`: one, or several
/// when the text is longer than the platform's [`limit`].
pub fn chat(kind: Kind, title: &str, text: &str, m: &Mentions) -> Vec<Value> {
    let line = mention_line(kind, m);
    // Room for the part number `(12/12)\n` and the mention line.
    let reserve = 16 + line.len() + if kind == Kind::Feishu { m.ids.len() * 48 } else { 0 };
    let budget = limit(kind).saturating_sub(reserve).max(limit(kind) / 2);
    let parts = super::split::split(text.trim_end(), budget);
    let n = parts.len();
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let first = i == 0;
            let number = if n > 1 { format!("({}/{n})", i + 1) } else { String::new() };
            let title = if number.is_empty() { title.to_string() } else { format!("{title} {number}") };
            let mut body = if number.is_empty() { part.trim_end().to_string() } else { format!("{number}\n{}", part.trim_end()) };
            if first && !line.is_empty() {
                body.push_str("\n\n");
                body.push_str(&line);
            }
            match kind {
                Kind::Wecom => json!({ "msgtype": "markdown", "markdown": { "content": body } }),
                Kind::Dingtalk => {
                    let mut v = json!({ "msgtype": "markdown", "markdown": { "title": title, "text": body } });
                    if first {
                        let (mobiles, ids): (Vec<&String>, Vec<&String>) = m.ids.iter().partition(|id| is_mobile(id));
                        v["at"] = json!({ "atUserIds": ids, "atMobiles": mobiles, "isAtAll": m.all });
                    }
                    v
                }
                Kind::Feishu => {
                    let mut content: Vec<Value> =
                        body.lines().map(|l| json!([{ "tag": "text", "text": l }])).collect();
                    if first && (m.all || !m.ids.is_empty()) {
                        let mut ats: Vec<Value> = m.ids.iter().map(|id| json!({ "tag": "at", "user_id": id })).collect();
                        if m.all {
                            ats.push(json!({ "tag": "at", "user_id": "all" }));
                        }
                        content.push(Value::Array(ats));
                    }
                    // One language: Feishu shows it whatever the reader's.
                    json!({ "msg_type": "post", "content": { "post": { "zh_cn": { "title": title, "content": content } } } })
                }
                Kind::Slack => json!({ "text": slack_escape(&body) }),
                Kind::Webhook | Kind::Email => json!({ "text": body }),
            }
        })
        .collect()
}

/// Slack's three control characters in message text.
fn slack_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Feishu: the signature fields, added to a message before it is sent.
pub fn feishu_signed(mut message: Value, timestamp_s: i64, sign: &str) -> Value {
    message["timestamp"] = json!(timestamp_s.to_string());
    message["sign"] = json!(sign);
    message
}

/// What a platform answered, judged: `Ok` when the message was taken, or
/// the platform's code and message.
pub fn reply_error(kind: Kind, status: u16, body: &str) -> Option<String> {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let field = |k: &str| parsed.as_ref().and_then(|v| v.get(k)).cloned();
    let text = |v: Option<Value>| match v {
        Some(Value::String(s)) => s,
        Some(v) => v.to_string(),
        None => String::new(),
    };
    if !(200..300).contains(&status) {
        let detail = body.trim();
        let detail: String = detail.chars().take(300).collect();
        return Some(if detail.is_empty() { format!("HTTP {status}") } else { format!("HTTP {status}: {detail}") });
    }
    match kind {
        Kind::Wecom | Kind::Dingtalk => {
            let code = field("errcode").and_then(|c| c.as_i64());
            match code {
                Some(0) => None,
                Some(c) => Some(format!("errcode {c}: {}", text(field("errmsg")))),
                None => Some(format!("an answer without errcode: {}", body.trim())),
            }
        }
        Kind::Feishu => {
            // Older robots answer `StatusCode`/`StatusMessage`.
            let code = field("code").or_else(|| field("StatusCode")).and_then(|c| c.as_i64());
            match code {
                Some(0) => None,
                Some(c) => Some(format!("code {c}: {}", text(field("msg").or_else(|| field("StatusMessage"))))),
                None => Some(format!("an answer without code: {}", body.trim())),
            }
        }
        Kind::Slack => (body.trim() != "ok").then(|| format!("answer `{}`", body.trim())),
        Kind::Webhook | Kind::Email => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::people::{Im, Person};

    fn people() -> Directory {
        Directory::new(vec![
            Person {
                name: "张伟".into(),
                aliases: vec!["Zhang Wei".into()],
                im: Some(Im {
                    wecom: Some("zhangwei".into()),
                    dingtalk: Some("13800000000".into()),
                    feishu: Some("ou_1".into()),
                }),
                ..Default::default()
            },
            Person {
                name: "李娜".into(),
                im: Some(Im { dingtalk: Some("lina01".into()), ..Default::default() }),
                ..Default::default()
            },
        ])
    }

    #[test]
    fn mentions_come_from_the_directory_by_any_spelling() {
        let p = people();
        let names = vec!["Zhang Wei".to_string(), "李娜".to_string(), "王强".to_string()];
        let m = mentions(Kind::Wecom, &names, &[], &p);
        assert_eq!(m.ids, ["zhangwei"]);
        assert_eq!(m.missing, ["李娜", "王强"]);
        let m = mentions(Kind::Dingtalk, &names, &["all".into()], &p);
        assert_eq!((m.ids.clone(), m.all), (vec!["13800000000".to_string(), "lina01".to_string()], true));
        let v = &chat(Kind::Dingtalk, "催办", "正文\n", &m)[0];
        assert_eq!(v["at"]["atMobiles"], json!(["13800000000"]));
        assert_eq!(v["at"]["atUserIds"], json!(["lina01"]));
        assert_eq!(v["at"]["isAtAll"], json!(true));
        assert!(v["markdown"]["text"].as_str().unwrap().ends_with("@13800000000 @lina01 @all"));
    }

    #[test]
    fn wecom_markdown_with_mentions_in_the_content() {
        let m = Mentions { ids: vec!["zhangwei".into()], ..Default::default() };
        let v = chat(Kind::Wecom, "t", "## 催办\n- 一\n", &m);
        assert_eq!(v, [json!({"msgtype": "markdown", "markdown": {"content": "## 催办\n- 一\n\n<@zhangwei>"}})]);
    }

    #[test]
    fn a_long_digest_is_split_numbered_and_complete() {
        let line = "- 【紧急】生产部-设备故障通知 — 截止 2026-11-22 18:00 · 20261121-7f3a\n";
        let text = line.repeat(100);
        let m = Mentions { ids: vec!["zhangwei".into()], ..Default::default() };
        let v = chat(Kind::Wecom, "t", &text, &m);
        assert!(v.len() > 1, "{} bytes in one message", text.len());
        let contents: Vec<&str> = v.iter().map(|p| p["markdown"]["content"].as_str().unwrap()).collect();
        for (i, c) in contents.iter().enumerate() {
            assert!(c.len() <= 4096, "part {i} is {} bytes", c.len());
            assert!(c.starts_with(&format!("({}/{})\n", i + 1, v.len())), "{c}");
        }
        let lines: usize = contents.iter().map(|c| c.matches("20261121-7f3a").count()).sum();
        assert_eq!(lines, 100, "every line arrives");
        assert_eq!(contents.iter().filter(|c| c.contains("<@zhangwei>")).count(), 1);
    }

    #[test]
    fn feishu_post_and_slack_text() {
        let m = Mentions { ids: vec!["ou_1".into()], ..Default::default() };
        let v = &chat(Kind::Feishu, "催办", "一\n二\n", &m)[0];
        assert_eq!(v["msg_type"], "post");
        let content = &v["content"]["post"]["zh_cn"]["content"];
        assert_eq!(content[1], json!([{"tag": "text", "text": "二"}]));
        assert_eq!(content[2], json!([{"tag": "at", "user_id": "ou_1"}]));
        let s = &chat(Kind::Slack, "t", "a <b> & c\n", &Mentions::default())[0];
        assert_eq!(s, &json!({"text": "a &lt;b&gt; &amp; c"}));
    }

    #[test]
    fn platform_answers() {
        assert_eq!(reply_error(Kind::Wecom, 200, r#"{"errcode":0,"errmsg":"ok"}"#), None);
        assert_eq!(
            reply_error(Kind::Wecom, 200, r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#).as_deref(),
            Some("errcode 93000: invalid webhook url")
        );
        assert_eq!(
            reply_error(Kind::Feishu, 200, r#"{"code":19021,"msg":"sign match fail"}"#).as_deref(),
            Some("code 19021: sign match fail")
        );
        assert_eq!(reply_error(Kind::Feishu, 200, r#"{"StatusCode":0,"StatusMessage":"success"}"#), None);
        assert_eq!(reply_error(Kind::Slack, 200, "ok"), None);
        assert_eq!(reply_error(Kind::Slack, 400, "invalid_payload").as_deref(), Some("HTTP 400: invalid_payload"));
        assert_eq!(reply_error(Kind::Webhook, 204, ""), None);
    }
}
