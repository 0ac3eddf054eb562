//! `comms notify`: the reminder digest delivered to stand-in servers the
//! tests start on 127.0.0.1 — chat robots that record every request (the
//! DingTalk and Feishu signatures checked here with the hmac crate, apart
//! from comms' own signing), and an SMTP sink. Nothing leaves the machine.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::harness::{Run, Sandbox, record};
use crate::tracked::{self, NOW};

/// One request a stand-in server received.
#[derive(Clone, Debug)]
struct Request {
    /// The path and query.
    target: String,
    body: String,
}

impl Request {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A chat robot on 127.0.0.1: answers with `replies` in turn (the last one
/// again and again), records what it was sent.
struct Robot {
    url: String,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl Robot {
    fn start(replies: &[(u16, &str)]) -> Robot {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook?key=k", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let replies: Vec<(u16, String)> = replies.iter().map(|(s, b)| (*s, b.to_string())).collect();
        std::thread::spawn(move || {
            for (n, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { continue };
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let target = line.split_whitespace().nth(1).unwrap_or_default().to_string();
                let mut length = 0;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                        break;
                    }
                    if let Some((k, v)) = header.split_once(':')
                        && k.eq_ignore_ascii_case("content-length")
                    {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                log.lock().unwrap().push(Request { target, body: String::from_utf8_lossy(&body).into_owned() });
                let (status, answer) = &replies[n.min(replies.len() - 1)];
                let mut stream = reader.into_inner();
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
            }
        });
        Robot { url, seen }
    }

    fn ok() -> Robot {
        Robot::start(&[(200, OK)])
    }

    fn requests(&self) -> Vec<Request> {
        self.seen.lock().unwrap().clone()
    }
}

const OK: &str = r#"{"errcode":0,"errmsg":"ok"}"#;

/// An SMTP server on 127.0.0.1 that takes every message (enough of the
/// protocol for lettre without TLS) and records each one's recipients and
/// text.
struct Sink {
    port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
}

/// One e-mail the sink took: its recipients and its text as sent.
type Mail = (Vec<String>, String);

impl Sink {
    fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let log = mails.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut out) = stream else { continue };
                let mut reader = BufReader::new(out.try_clone().unwrap());
                let _ = out.write_all(b"220 sink ESMTP\r\n");
                let mut to = Vec::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
                    let answer: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "RCPT" => {
                            to.push(line.trim().trim_start_matches("RCPT TO:").trim_matches(['<', '>']).to_string());
                            b"250 ok\r\n"
                        }
                        "DATA" => {
                            let _ = out.write_all(b"354 go on\r\n");
                            let mut text = String::new();
                            loop {
                                let mut l = String::new();
                                if reader.read_line(&mut l).unwrap_or(0) == 0 || l == ".\r\n" {
                                    break;
                                }
                                text.push_str(&l);
                            }
                            log.lock().unwrap().push((std::mem::take(&mut to), text));
                            b"250 queued\r\n"
                        }
                        "QUIT" => {
                            let _ = out.write_all(b"221 bye\r\n");
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    let _ = out.write_all(answer);
                }
            }
        });
        Sink { port, mails }
    }
}

/// The tracked repository's people with their ids, and `notify`.
fn config(notify: &str) -> String {
    format!(
        "timezone: Asia/Shanghai
language: zh
people:
  - {{ name: 张伟, department: 生产部, aliases: [Zhang Wei], email: zhangwei@example.com, im: {{ wecom: zhangwei, dingtalk: '13800000001', feishu: ou_zw }} }}
  - {{ name: 李娜, department: 市场部, aliases: [Li Na], email: lina@example.com, im: {{ wecom: lina, dingtalk: lina01, feishu: ou_ln }} }}
  - {{ name: 王强, department: 技术部 }}
  - {{ name: 孙磊, department: 设备部 }}
  - {{ name: 吴刚, department: 安全部, email: wugang@example.com }}
notify:
{notify}"
    )
}

fn repo(notify: &str) -> Sandbox {
    let s = tracked::repo();
    s.write("comms.yaml", config(notify));
    s
}

/// `comms --now NOW notify ARGS` with `env`; the stand-in servers are
/// reached directly even where the machine sets a proxy.
fn notify(s: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = vec!["--now", NOW, "notify"];
    all.extend_from_slice(args);
    let mut env = env.to_vec();
    env.extend([("NO_PROXY", "127.0.0.1,localhost"), ("no_proxy", "127.0.0.1,localhost")]);
    s.run_env(s.path(), &all, &env)
}

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The value of `key` in a query string, percent-decoded (enough for
/// Base64: `%2B`, `%2F`, `%3D`).
fn query(target: &str, key: &str) -> String {
    let q = target.split_once('?').map(|(_, q)| q).unwrap_or_default();
    let v = q.split('&').find_map(|kv| kv.strip_prefix(&format!("{key}="))).unwrap_or_default();
    v.replace("%2B", "+").replace("%2F", "/").replace("%3D", "=")
}

#[test]
fn wecom_gets_the_markdown_digest_with_mentions() {
    let robot = Robot::ok();
    let s = repo("  - { name: 值班群, kind: wecom, url: '${WECOM_URL}' }\n");
    let r = notify(&s, &[], &[("WECOM_URL", &robot.url)]);
    r.code(0);
    assert!(r.stderr.contains("值班群(wecom):已发送 1 条消息"), "{}", r.stderr);
    let seen = robot.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "/hook?key=k");
    let j = seen[0].json();
    assert_eq!(j["msgtype"], "markdown");
    let content = j["markdown"]["content"].as_str().unwrap();
    // What `remind --format markdown` shows, then the mentions.
    let remind = s.run(&["--now", NOW, "remind", "--format", "markdown"]).stdout;
    assert!(content.starts_with(remind.trim_end()), "{content}\n---\n{remind}");
    assert!(content.ends_with("\n\n<@lina> <@zhangwei>"), "{content}");
    assert!(r.stderr.contains("王强"), "王强 has no wecom id: named, not mentioned\n{}", r.stderr);
}

#[test]
fn dingtalk_signs_the_query_and_mentions_by_user_id_and_mobile() {
    let robot = Robot::ok();
    let s = repo("  - { name: 钉钉群, kind: dingtalk, url: '${DING_URL}', secret: '${DING_SECRET}', at: [吴刚] }\n");
    let secret = "SECtest0123";
    notify(&s, &[], &[("DING_URL", &robot.url), ("DING_SECRET", secret)]).code(0);
    let seen = robot.requests();
    assert_eq!(seen.len(), 1);
    let ts = query(&seen[0].target, "timestamp");
    let ms: i64 = ts.parse().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    assert!((now - ms).abs() < 60_000, "timestamp {ms} is in milliseconds, now");
    assert_eq!(query(&seen[0].target, "sign"), hmac_base64(secret.as_bytes(), format!("{ts}\n{secret}").as_bytes()));
    assert!(seen[0].target.starts_with("/hook?key=k&timestamp="), "{}", seen[0].target);
    let j = seen[0].json();
    assert_eq!(j["msgtype"], "markdown");
    assert_eq!(j["markdown"]["title"], "催办:截至 2026-11-22 09:00");
    assert_eq!(j["at"]["atUserIds"], serde_json::json!(["lina01"]));
    assert_eq!(j["at"]["atMobiles"], serde_json::json!(["13800000001"]));
    assert_eq!(j["at"]["isAtAll"], false);
    let text = j["markdown"]["text"].as_str().unwrap();
    assert!(text.ends_with("@lina01 @13800000001"), "{text}");
    assert!(text.contains("20261110-9be2"), "{text}");
}

#[test]
fn feishu_signs_the_body_and_mentions_by_open_id() {
    let robot = Robot::start(&[(200, r#"{"code":0,"msg":"success","data":{}}"#)]);
    let s = repo("  - { name: 飞书群, kind: feishu, url: '${FEISHU_URL}', secret: '${FEISHU_SECRET}' }\n");
    let secret = "feishu-secret";
    notify(&s, &[], &[("FEISHU_URL", &robot.url), ("FEISHU_SECRET", secret)]).code(0);
    let j = robot.requests()[0].json();
    let ts = j["timestamp"].as_str().unwrap();
    let secs: i64 = ts.parse().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    assert!((now - secs).abs() < 60, "timestamp {secs} is in seconds, now");
    assert_eq!(j["sign"], hmac_base64(format!("{ts}\n{secret}").as_bytes(), b""));
    assert_eq!(j["msg_type"], "post");
    let post = &j["content"]["post"]["zh_cn"];
    assert_eq!(post["title"], "催办:截至 2026-11-22 09:00");
    let content = post["content"].as_array().unwrap();
    assert!(content[0][0]["text"].as_str().unwrap().starts_with("【催办】截至 2026-11-22 09:00"), "{post}");
    assert_eq!(
        content.last().unwrap(),
        &serde_json::json!([{"tag": "at", "user_id": "ou_ln"}, {"tag": "at", "user_id": "ou_zw"}])
    );
}

#[test]
fn slack_gets_text_and_a_webhook_gets_the_remind_json() {
    let slack = Robot::start(&[(200, "ok")]);
    let hook = Robot::start(&[(204, "")]);
    let s = repo(
        "  - { name: slack, kind: slack, url: '${SLACK_URL}' }\n  - { name: bot, kind: webhook, url: '${HOOK_URL}' }\n",
    );
    notify(&s, &[], &[("SLACK_URL", &slack.url), ("HOOK_URL", &hook.url)]).code(0);
    let text = slack.requests()[0].json()["text"].as_str().unwrap().to_string();
    let remind = s.run(&["--now", NOW, "remind"]).stdout;
    assert_eq!(text, remind.trim_end());
    let sent = hook.requests()[0].json();
    let remind: Value = serde_json::from_str(&s.run(&["--now", NOW, "remind", "--format", "json"]).stdout).unwrap();
    assert_eq!(sent, remind, "the webhook gets remind's JSON contract");
}

#[test]
fn a_long_digest_arrives_complete_in_several_messages() {
    let robot = Robot::ok();
    let s = repo("  - { name: 值班群, kind: wecom, url: '${WECOM_URL}' }\n");
    let ids: Vec<String> = (0..80).map(|i| format!("20261101-{:04x}", 0xa000 + i)).collect();
    for id in &ids {
        s.write(
            &format!("records/{id}.md"),
            record(id, "internal", "owner: 张伟\ndeadline: 2026-11-20 18:00\nstatus: open\n"),
        );
    }
    let r = notify(&s, &[], &[("WECOM_URL", &robot.url)]);
    r.code(0);
    let seen = robot.requests();
    assert!(seen.len() >= 2, "{} message(s)", seen.len());
    let contents: Vec<String> =
        seen.iter().map(|q| q.json()["markdown"]["content"].as_str().unwrap().to_string()).collect();
    for (i, c) in contents.iter().enumerate() {
        assert!(c.len() <= 4096, "message {i}: {} bytes", c.len());
        assert!(c.starts_with(&format!("({}/{})\n", i + 1, seen.len())), "{c}");
    }
    let all = contents.concat();
    for id in &ids {
        assert_eq!(all.matches(&format!("`{id}`")).count(), 1, "{id} arrives once");
    }
    assert!(all.contains("20261110-9be2") && all.contains("处理后请更新记录"), "nothing dropped");
    assert_eq!(all.matches("<@zhangwei>").count(), 1, "mentions once");
}

#[test]
fn a_5xx_answer_is_tried_again() {
    let robot = Robot::start(&[(502, "bad gateway"), (200, OK)]);
    let s = repo("  - { name: 值班群, kind: wecom, url: '${WECOM_URL}' }\n");
    notify(&s, &[], &[("WECOM_URL", &robot.url)]).code(0);
    let seen = robot.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body, seen[1].body, "the same message again");
}

#[test]
fn a_platform_error_fails_its_target_and_the_others_are_delivered() {
    let bad = Robot::start(&[(200, r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#)]);
    let good = Robot::ok();
    let s = repo(
        "  - { name: 旧群, kind: wecom, url: '${OLD_URL}' }\n  - { name: 值班群, kind: wecom, url: '${WECOM_URL}' }\n  - { name: 没配好, kind: slack, url: '${UNSET_URL}' }\n",
    );
    let r = notify(&s, &[], &[("OLD_URL", &bad.url), ("WECOM_URL", &good.url)]);
    r.code(1);
    assert!(r.stderr.contains("error: 目标 `旧群`(wecom)发送失败:errcode 93000: invalid webhook url"), "{}", r.stderr);
    assert!(
        r.stderr.contains("目标 `没配好`(slack)发送失败:the environment variable UNSET_URL is not set"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("3 个目标中 2 个失败"), "{}", r.stderr);
    assert_eq!(bad.requests().len(), 1, "an error answer is not tried again");
    assert_eq!(good.requests().len(), 1, "the other target still gets its message");
}

#[test]
fn an_unreachable_target_is_tried_three_times_then_named() {
    // A port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let s = repo("  - { name: 值班群, kind: wecom, url: '${WECOM_URL}' }\n");
    let url = format!("http://127.0.0.1:{port}/hook");
    let started = std::time::Instant::now();
    let r = notify(&s, &["--lang", "en"], &[("WECOM_URL", &url)]);
    r.code(1);
    assert!(r.stderr.contains("target `值班群` (wecom) failed:"), "{}", r.stderr);
    assert!(r.stderr.contains("after 3 attempts"), "{}", r.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "a few seconds in all");
}

#[test]
fn dry_run_prints_every_message_and_sends_nothing() {
    let robot = Robot::ok();
    let s = repo(
        "  - { name: 钉钉群, kind: dingtalk, url: '${DING_URL}', secret: '${DING_SECRET}' }\n  - { name: 邮件, kind: email }\n",
    );
    // No secret needed; the address is never printed, only its variable.
    let r = notify(&s, &["--dry-run"], &[("DING_URL", &robot.url)]);
    r.code(0);
    assert!(
        r.stdout.starts_with("## 钉钉群(dingtalk)→ POST ${DING_URL},以 ${DING_SECRET} 签名:1 条消息\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("\"msgtype\": \"markdown\""), "{}", r.stdout);
    assert!(!r.stdout.contains(&robot.url), "{}", r.stdout);
    assert!(r.stdout.contains("\n\n## 邮件(email)→ SMTP ${COMMS_SMTP_HOST}:2 条消息\n"), "{}", r.stdout);
    assert!(r.stdout.contains("To: lina@example.com\nSubject: 催办:截至 2026-11-22 09:00\n\n【催办】"), "{}", r.stdout);
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(robot.requests().is_empty(), "dry run sent something");
}

#[test]
fn a_confidential_subject_is_sent_only_with_the_flag() {
    let robot = Robot::ok();
    let s = repo("  - { name: 值班群, kind: wecom, url: '${WECOM_URL}' }\n");
    s.write(
        "records/20261119-a1b2.md",
        record(
            "20261119-a1b2",
            "internal",
            "owner: 张伟\ndeadline: 2026-11-20 18:00\nstatus: open\nclassification: confidential\n",
        )
        .replace("subject: 通知-20261119-a1b2", "subject: 收购谈判进展"),
    );
    notify(&s, &[], &[("WECOM_URL", &robot.url)]).code(0);
    notify(&s, &["--include-confidential"], &[("WECOM_URL", &robot.url)]).code(0);
    let seen = robot.requests();
    let (without, with) = (&seen[0].body, &seen[1].body);
    assert!(without.contains("20261119-a1b2") && without.contains("机密记录"), "{without}");
    assert!(!without.contains("收购谈判"), "{without}");
    assert!(with.contains("收购谈判进展"), "{with}");
}

/// The text of an e-mail as the sink got it: its body, Base64 decoded
/// when so encoded.
fn text_of(mail: &str) -> String {
    let (head, body) = mail.split_once("\r\n\r\n").unwrap_or(("", mail));
    if head.contains("Content-Transfer-Encoding: base64") {
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD.decode(joined).unwrap();
        String::from_utf8(bytes).unwrap().replace("\r\n", "\n")
    } else {
        body.replace("\r\n", "\n")
    }
}

#[test]
fn email_sends_each_chased_person_their_part() {
    let sink = Sink::start();
    let s = repo("  - { name: 邮件, kind: email, to: [吴刚] }\n");
    let port = sink.port.to_string();
    let env = [
        ("COMMS_SMTP_HOST", "127.0.0.1"),
        ("COMMS_SMTP_PORT", port.as_str()),
        ("COMMS_SMTP_TLS", "none"),
        ("COMMS_SMTP_FROM", "comms@example.com"),
    ];
    let r = notify(&s, &[], &env);
    r.code(0);
    assert!(r.stderr.contains("`people` 中没有 王强 的 `email`"), "{}", r.stderr);
    let mails = sink.mails.lock().unwrap().clone();
    let to: Vec<&str> = mails.iter().map(|(to, _)| to[0].as_str()).collect();
    assert_eq!(to, ["lina@example.com", "zhangwei@example.com", "wugang@example.com"]);
    let lina = &text_of(&mails[0].1);
    assert!(mails[0].1.contains("From: comms@example.com"), "{}", mails[0].1);
    assert!(lina.starts_with("【催办】截至 2026-11-22 09:00"), "{lina}");
    assert!(lina.contains("20261121-c94e") && !lina.contains("20261110-9be2"), "李娜 gets her own items only:\n{lina}");
    let all = text_of(&mails[2].1);
    assert!(all.contains("20261110-9be2") && all.contains("20261121-c94e"), "`to` gets everything:\n{all}");
}

#[test]
fn email_without_smtp_settings_fails_naming_the_variable() {
    let s = repo("  - { name: 邮件, kind: email }\n");
    let r = notify(&s, &["--lang", "en"], &[]);
    r.code(1);
    assert!(r.stderr.contains("target `邮件` (email) failed: COMMS_SMTP_HOST is not set"), "{}", r.stderr);
}

#[test]
fn nothing_to_chase_sends_nothing() {
    let robot = Robot::ok();
    let s = Sandbox::new();
    s.write("comms.yaml", config("  - { name: 值班群, kind: wecom, url: '${WECOM_URL}' }\n"));
    let r = notify(&s, &[], &[("WECOM_URL", &robot.url)]);
    r.code(0);
    assert!(r.stderr.contains("未发送"), "{}", r.stderr);
    assert!(robot.requests().is_empty());
}

#[test]
fn configuration_mistakes_exit_2_at_their_place() {
    let s =
        repo("  - { name: 值班群, kind: wecom, url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' }\n");
    let r = notify(&s, &["--dry-run"], &[]);
    r.code(2);
    assert!(r.stderr.contains("comms.yaml:10:36: `notify` target `值班群` has its `url` written out"), "{}", r.stderr);
    assert!(r.stderr.contains("`url: \"${WECOM_WEBHOOK}\"`"), "{}", r.stderr);
    let s = repo("  - { name: 钉钉群, kind: dingtalk, url: '${D}', secret: SEC0123 }\n");
    let r = notify(&s, &[], &[]);
    r.code(2);
    assert!(r.stderr.contains("has its `secret` written out"), "{}", r.stderr);
    let s = repo("  - { name: 群, kind: dingtlak, url: '${D}' }\n");
    let r = notify(&s, &[], &[]);
    r.code(2);
    assert!(r.stderr.contains("did you mean `dingtalk`?"), "{}", r.stderr);
    let s = repo("  - { name: 群, kind: wecom, url: '${D}', at: [李那] }\n");
    assert!(notify(&s, &[], &[]).code(2).stderr.contains("did you mean `李娜`?"));
    // validate reads the same configuration.
    s.run(&["validate"]).code(2);
}

#[test]
fn an_unknown_target_exits_2_with_the_nearest_name() {
    let s = repo(
        "  - { name: 值班群, kind: wecom, url: '${WECOM_URL}' }\n  - { name: ops, kind: slack, url: '${SLACK_URL}' }\n",
    );
    let r = notify(&s, &["--target", "opps"], &[]);
    r.code(2);
    assert!(
        r.stderr.contains("--target opps: no target of `notify` has that name; did you mean `ops`?"),
        "{}",
        r.stderr
    );
    let robot = Robot::start(&[(200, "ok")]);
    notify(&s, &["--target", "ops", "--target", "ops"], &[("SLACK_URL", &robot.url)]).code(0);
    assert_eq!(robot.requests().len(), 1, "only the named target; 值班群's variable is not even set");
    let s = repo("");
    let r = notify(&s, &[], &[]);
    r.code(2);
    assert!(r.stderr.contains("comms.yaml has no `notify` targets"), "{}", r.stderr);
}

#[test]
fn workdays_only_sends_nothing_on_a_day_off() {
    let robot = Robot::ok();
    let s = repo("  - { name: 值班群, kind: wecom, url: '${WECOM_URL}' }\n");
    // 2026-11-22 is a Sunday.
    let r = notify(&s, &["--workdays-only"], &[("WECOM_URL", &robot.url)]);
    r.code(0);
    assert!(r.stderr.contains("2026-11-22 不是 comms.yaml 日历中的工作日"), "{}", r.stderr);
    assert!(robot.requests().is_empty());
    // The Monday after: sent.
    let r =
        s.run_env(s.path(), &["--now", "2026-11-23 09:00", "notify", "--workdays-only"], &[("WECOM_URL", &robot.url)]);
    r.code(0);
    assert_eq!(robot.requests().len(), 1);
}

fn parses(yaml: &str) {
    comms::model::yaml::parse(yaml, comms::model::yaml::Origin::START, comms::model::yaml::Limits::default())
        .unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
}

#[test]
fn init_ci_github_notify_writes_a_daily_workflow_in_utc_with_the_secrets() {
    let s = Sandbox::empty();
    s.write(
        "comms.yaml",
        "timezone: Asia/Shanghai\nnotify:\n  - name: 值班群\n    kind: dingtalk\n    url: ${DING_URL}\n    secret: ${DING_SECRET}\n  - { name: 邮件, kind: email }\n",
    );
    let r = s.run(&["init", "--ci", "github", "--notify", "--notify-at", "09:30"]);
    r.code(0);
    let wf = s.read(".github/workflows/comms-notify.yml");
    parses(&wf);
    // 09:30 in Shanghai is 01:30 UTC.
    assert!(wf.contains("- cron: \"30 1 * * *\""), "{wf}");
    assert!(wf.contains("run: comms notify --workdays-only"), "{wf}");
    assert!(
        wf.contains("          DING_URL: ${{ secrets.DING_URL }}\n          DING_SECRET: ${{ secrets.DING_SECRET }}\n"),
        "{wf}"
    );
    assert!(wf.contains("          COMMS_SMTP_PASSWORD: ${{ secrets.COMMS_SMTP_PASSWORD }}\n"), "{wf}");
    assert!(r.stderr.contains("按 cron \"30 1 * * *\"(UTC)运行"), "{}", r.stderr);
    // The pull-request check is still there.
    assert!(s.read(".github/workflows/comms.yml").contains("comms check"));
}

#[test]
fn init_ci_gitlab_notify_adds_a_scheduled_job() {
    let s = Sandbox::empty();
    s.write("comms.yaml", "timezone: Europe/Berlin\nnotify:\n  - { name: ops, kind: slack, url: '${SLACK_URL}' }\n");
    let r = s.run(&["--lang", "en", "init", "--ci", "gitlab", "--notify", "--notify-at", "08:00"]);
    r.code(0);
    let ci = s.read(".gitlab-ci.yml");
    parses(&ci);
    assert!(ci.contains("comms-notify:\n"), "{ci}");
    assert!(ci.contains("#   interval pattern: 0 8 * * *\n#   cron timezone:    Europe/Berlin\n"), "{ci}");
    assert!(ci.contains("#   SLACK_URL\n"), "{ci}");
    assert!(ci.contains("- if: $CI_PIPELINE_SOURCE == \"schedule\"\n      when: never"), "the check skips schedules");
    assert!(r.stderr.contains("interval pattern \"0 8 * * *\" and cron timezone Europe/Berlin"), "{}", r.stderr);
}

#[test]
fn init_notify_needs_ci_and_a_time_of_day() {
    let s = Sandbox::empty();
    s.run(&["init", "--notify"]).code(2);
    let r = s.run(&["init", "--ci", "github", "--notify", "--notify-at", "9点"]);
    r.code(2);
    assert!(r.stderr.contains("--notify-at 9点: write the time of day as HH:MM"), "{}", r.stderr);
}
