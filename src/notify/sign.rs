//! The request signatures of DingTalk and Feishu custom robots (加签):
//! HMAC-SHA256, Base64.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ring::hmac;

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, key);
    STANDARD.encode(hmac::sign(&key, message).as_ref())
}

/// DingTalk: `sign` = Base64(HMAC-SHA256(key = secret, message =
/// "timestamp\nsecret")), with `timestamp` in milliseconds; both go in the
/// query string, the sign URL-encoded. Returns `url` with them added.
pub fn dingtalk_url(url: &str, secret: &str, timestamp_ms: i64) -> String {
    let sign = hmac_base64(secret.as_bytes(), format!("{timestamp_ms}\n{secret}").as_bytes());
    let join = if url.contains('?') { '&' } else { '?' };
    format!("{url}{join}timestamp={timestamp_ms}&sign={}", url_encode(&sign))
}

/// Feishu: `sign` = Base64(HMAC-SHA256(key = "timestamp\nsecret", message
/// = empty)), with `timestamp` in seconds; both go in the JSON body.
pub fn feishu(secret: &str, timestamp_s: i64) -> String {
    hmac_base64(format!("{timestamp_s}\n{secret}").as_bytes(), b"")
}

/// Percent-encodes what Base64 may hold beside letters and digits.
fn url_encode(s: &str) -> String {
    s.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dingtalk_signs_the_timestamp_and_secret_in_the_query() {
        // base64(HMAC-SHA256(key = "SECabc", message = "1700000000000\nSECabc")),
        // URL-encoded, from Python's hmac and urllib.parse.quote_plus.
        let url = dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=t", "SECabc", 1_700_000_000_000);
        assert!(url.starts_with("https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000&sign="));
        assert!(url.ends_with("&sign=jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM%3D"), "{url}");
        assert_eq!(
            dingtalk_url("http://h/x", "s", 1),
            format!("http://h/x?timestamp=1&sign={}", url_encode(&hmac_base64(b"s", b"1\ns")))
        );
    }

    #[test]
    fn feishu_signs_with_the_key_and_an_empty_message() {
        // base64(HMAC-SHA256(key = "1700000000\nSECabc", message = "")), from Python's hmac.
        assert_eq!(feishu("SECabc", 1_700_000_000), "XprR1de+0SSBnwWyU/4k6x2TL+Q2SJlM5NNEdAv7MWg=");
        assert_eq!(feishu("s", 1).len(), 44, "32 bytes in Base64");
    }
}
