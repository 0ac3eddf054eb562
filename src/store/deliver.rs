//! Sending what `comms notify` built: JSON POSTed to a webhook (with
//! retries) and e-mail over SMTP. The only part of comms that talks to the
//! network; what is sent is built in `crate::notify`.

use std::time::Duration;

/// How long one attempt may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The waits before the second and third attempts: a few seconds in all.
const BACKOFF: [Duration; 2] = [Duration::from_millis(500), Duration::from_millis(1500)];

/// What a server answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    /// How many attempts it took.
    pub attempts: usize,
}

/// POSTs `body` (JSON) to `url`. A timeout, a failed connection and a
/// 5xx answer are tried again after [`BACKOFF`]; any other answer is
/// returned as it is (the caller judges it). `Err` when no answer came.
pub fn post_json(url: &str, body: &str) -> Result<Reply, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("comms/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = agent.post(url).header("Content-Type", "application/json; charset=utf-8").send(body);
        match result {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let text = response.body_mut().read_to_string().unwrap_or_default();
                if status < 500 || attempt > BACKOFF.len() {
                    return Ok(Reply { status, body: text, attempts: attempt });
                }
            }
            Err(e @ (ureq::Error::Timeout(_) | ureq::Error::Io(_) | ureq::Error::ConnectionFailed)) => {
                if attempt > BACKOFF.len() {
                    return Err(format!("{e} (after {attempt} attempts)"));
                }
            }
            Err(e) => return Err(e.to_string()),
        }
        std::thread::sleep(BACKOFF[attempt - 1]);
    }
}

/// How to reach the SMTP server, from `COMMS_SMTP_*`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub login: Option<(String, String)>,
    pub from: String,
    pub tls: Security,
}

/// `COMMS_SMTP_TLS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// STARTTLS on the submission port (587), the default.
    Starttls,
    /// TLS from the first byte (465).
    Tls,
    /// Plain text: a relay on the same machine only.
    None,
}

impl Smtp {
    /// Reads `COMMS_SMTP_HOST`, `_PORT`, `_USER`, `_PASSWORD`, `_FROM`,
    /// `_TLS` through `var`; the error names the variable at fault.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Smtp, String> {
        let need = |name: &str| var(name).filter(|v| !v.trim().is_empty()).ok_or_else(|| format!("{name} is not set"));
        let host = need("COMMS_SMTP_HOST")?;
        let from = need("COMMS_SMTP_FROM")?;
        let tls = match var("COMMS_SMTP_TLS").as_deref().map(str::trim) {
            None | Some("") | Some("starttls") => Security::Starttls,
            Some("tls") => Security::Tls,
            Some("none") => Security::None,
            Some(other) => return Err(format!("COMMS_SMTP_TLS is `{other}`; write starttls, tls or none")),
        };
        let port = match var("COMMS_SMTP_PORT").filter(|p| !p.trim().is_empty()) {
            Some(p) => p.trim().parse().map_err(|_| format!("COMMS_SMTP_PORT is `{p}`, not a port number"))?,
            None => match tls {
                Security::Starttls => 587,
                Security::Tls => 465,
                Security::None => 25,
            },
        };
        let login = match (var("COMMS_SMTP_USER"), var("COMMS_SMTP_PASSWORD")) {
            (Some(u), Some(p)) => Some((u, p)),
            (None, None) => None,
            (Some(_), None) => return Err("COMMS_SMTP_USER is set but COMMS_SMTP_PASSWORD is not".into()),
            (None, Some(_)) => return Err("COMMS_SMTP_PASSWORD is set but COMMS_SMTP_USER is not".into()),
        };
        Ok(Smtp { host, port, login, from, tls })
    }
}

/// One e-mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

/// Sends each of `mails` over one SMTP connection; for each, whether it
/// went (or why not).
pub fn send_mail(smtp: &Smtp, mails: &[Mail]) -> Vec<Result<(), String>> {
    use lettre::Transport as _;
    use lettre::transport::smtp::SmtpTransport;
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::Tls;

    let builder = match smtp.tls {
        Security::Starttls => SmtpTransport::starttls_relay(&smtp.host),
        Security::Tls => SmtpTransport::relay(&smtp.host),
        Security::None => Ok(SmtpTransport::builder_dangerous(&smtp.host).tls(Tls::None)),
    };
    let builder = match builder {
        Ok(b) => b,
        Err(e) => return mails.iter().map(|_| Err(format!("SMTP {}: {e}", smtp.host))).collect(),
    };
    let mut builder = builder.port(smtp.port).timeout(Some(TIMEOUT));
    if let Some((user, password)) = &smtp.login {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    let transport = builder.build();
    mails
        .iter()
        .map(|m| {
            let message = build(&smtp.from, m).map_err(|e| format!("{}: {e}", m.to.join(", ")))?;
            transport.send(&message).map(|_| ()).map_err(|e| format!("{}: {e}", m.to.join(", ")))
        })
        .collect()
}

fn build(from: &str, m: &Mail) -> Result<lettre::Message, String> {
    use lettre::message::header::ContentType;
    let mut b = lettre::Message::builder()
        .from(from.parse().map_err(|e| format!("COMMS_SMTP_FROM `{from}`: {e}"))?)
        .subject(m.subject.clone())
        .header(ContentType::TEXT_PLAIN);
    for to in &m.to {
        b = b.to(to.parse().map_err(|e| format!("`{to}` is not an e-mail address ({e})"))?);
    }
    b.body(m.body.clone()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn smtp_settings_from_the_environment() {
        let s = Smtp::from_env(env(&[("COMMS_SMTP_HOST", "smtp.example.com"), ("COMMS_SMTP_FROM", "a@example.com")]))
            .unwrap();
        assert_eq!((s.port, s.tls, s.login), (587, Security::Starttls, None));
        let e = Smtp::from_env(env(&[("COMMS_SMTP_FROM", "a@example.com")])).unwrap_err();
        assert_eq!(e, "COMMS_SMTP_HOST is not set");
        let e = Smtp::from_env(env(&[("COMMS_SMTP_HOST", "h"), ("COMMS_SMTP_FROM", "f"), ("COMMS_SMTP_TLS", "ssl")]))
            .unwrap_err();
        assert!(e.contains("COMMS_SMTP_TLS"), "{e}");
        let s = Smtp::from_env(env(&[("COMMS_SMTP_HOST", "h"), ("COMMS_SMTP_FROM", "f"), ("COMMS_SMTP_TLS", "tls")]))
            .unwrap();
        assert_eq!(s.port, 465);
        assert!(
            Smtp::from_env(env(&[("COMMS_SMTP_HOST", "h"), ("COMMS_SMTP_FROM", "f"), ("COMMS_SMTP_USER", "u")]))
                .is_err()
        );
    }
}
