//! Personal numbers written in full: mainland mobile numbers and 18-digit
//! resident ID-card numbers. The seeds ask for contact details to be written
//! with `*` (`139****5678`); `validate` finds these, `validate --fix` masks them.

/// What kind of number was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Mobile,
    IdCard,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Mobile => "a mobile number",
            Kind::IdCard => "an ID-card number",
        }
    }
}

/// A number found in a text: its byte range and its masked form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub masked: String,
}

/// Finds every unmasked mobile or ID-card number in `text`.
pub fn find(text: &str) -> Vec<Found> {
    let b = text.as_bytes();
    let digit = |i: usize| i < b.len() && b[i].is_ascii_digit();
    let alnum = |i: usize| i < b.len() && b[i].is_ascii_alphanumeric();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            // Most of a body has no digits: skip to the next one.
            match next_digit(b, i) {
                Some(k) => i = k,
                None => break,
            }
            if i > 0 && b[i - 1].is_ascii_digit() {
                i += 1;
                continue;
            }
        } else if i > 0 && b[i - 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut j = i;
        while digit(j) {
            j += 1;
        }
        let run = &text[i..j];
        if run.len() == 18 && !alnum(j) && id_card(run) {
            out.push(Found { start: i, end: j, kind: Kind::IdCard, masked: mask_id(run) });
        } else if run.len() == 17
            && j < b.len()
            && (b[j] == b'X' || b[j] == b'x')
            && !alnum(j + 1)
            && id_card(&text[i..j + 1])
        {
            out.push(Found { start: i, end: j + 1, kind: Kind::IdCard, masked: mask_id(&text[i..j + 1]) });
            j += 1;
        } else if run.len() == 11 && !digit(j) && mobile(run) {
            out.push(Found { start: i, end: j, kind: Kind::Mobile, masked: mask_mobile(run) });
        } else if run.len() == 3 && mobile_prefix(run) && j < b.len() && (b[j] == b' ' || b[j] == b'-') {
            // 139-1234-5678 or 139 1234 5678
            let sep = b[j];
            let g2 = j + 1;
            let g3 = g2 + 5;
            let four = |k: usize| (k..k + 4).all(digit);
            if four(g2) && g2 + 4 < b.len() && b[g2 + 4] == sep && four(g3) && !digit(g3 + 4) {
                let end = g3 + 4;
                let s = &text[i..end];
                let masked: String = s
                    .chars()
                    .scan(0usize, |n, c| {
                        if c.is_ascii_digit() {
                            *n += 1;
                            Some(if (4..=7).contains(n) { '*' } else { c })
                        } else {
                            Some(c)
                        }
                    })
                    .collect();
                out.push(Found { start: i, end, kind: Kind::Mobile, masked });
                j = end;
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// The index of the first ASCII digit at or after `from`, eight bytes at
/// a time (most of a record has no digits).
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    let rest = b.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
        // A byte is a digit when 0x2F < byte < 0x3A ("hasbetween", Bit
        // Twiddling Hacks); bytes ≥ 0x80 never count. Exact per byte (no
        // carry or borrow crosses a byte: the operands are 7-bit), so the
        // lowest flag is the first digit.
        let low = x & (ONES * 0x7F);
        let between = (ONES * (127 + 0x3A) - low) & !x & (low + ONES * (127 - 0x2F)) & HIGH;
        if between != 0 {
            return Some(at + (between.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks.remainder().iter().position(u8::is_ascii_digit).map(|k| at + k)
}

/// Replaces every number [`find`] finds with its masked form.
pub fn mask_all(text: &str) -> (String, usize) {
    let found = find(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in &found {
        out.push_str(&text[at..f.start]);
        out.push_str(&f.masked);
        at = f.end;
    }
    out.push_str(&text[at..]);
    (out, found.len())
}

fn mobile_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

fn mobile(s: &str) -> bool {
    s.len() == 11 && mobile_prefix(s)
}

fn mask_mobile(s: &str) -> String {
    format!("{}****{}", &s[..3], &s[7..])
}

fn mask_id(s: &str) -> String {
    format!("{}********{}", &s[..6], &s[14..])
}

/// A real ID-card number: a province code, a birth date and the ISO 7064
/// check digit. Random 18-digit order numbers almost never pass.
fn id_card(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let province = (b[0] - b'0') as u32 * 10 + (b[1] - b'0') as u32;
    if !matches!(province, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82) {
        return false;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (n(6..10), n(10..12), n(12..14));
    if !(1900..=2100).contains(&y) || chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_none() {
        return false;
    }
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = b[..17].iter().zip(W).map(|(c, w)| (c - b'0') as u32 * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    b[17].to_ascii_uppercase() == check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_digit_is_the_first_digit_for_every_byte_at_every_offset() {
        for byte in 0..=255u8 {
            for at in 0..20 {
                let mut b = vec![b'a'; 20];
                b[at] = byte;
                let naive = b.iter().position(u8::is_ascii_digit);
                for from in 0..20 {
                    let want = naive.filter(|&k| k >= from);
                    assert_eq!(next_digit(&b, from), want, "byte {byte:#x} at {at} from {from}");
                }
            }
        }
        assert_eq!(next_digit("负责人张伟，电话见附件 9".as_bytes(), 0), Some(34));
        // Any bytes at all (several digits and high bytes in one word).
        let mut x: u32 = 1;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect();
        for from in 0..bytes.len() {
            let naive = bytes[from..].iter().position(u8::is_ascii_digit).map(|k| from + k);
            assert_eq!(next_digit(&bytes, from), naive, "from {from}");
        }
    }

    #[test]
    fn finds_and_masks_mobiles() {
        let f = find("联系人王经理 13912345678,备用 139-1234-5678 或 139 1234 5678");
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].masked, "139****5678");
        assert_eq!(f[1].masked, "139-****-5678");
        assert_eq!(f[2].masked, "139 **** 5678");
    }

    #[test]
    fn leaves_masked_and_other_numbers_alone() {
        assert!(find("139****5678").is_empty());
        assert!(find("20261122-7f3a 2026-11-23 17:00 订单 123456789012 电话 1234567").is_empty());
        assert!(find("12912345678").is_empty(), "second digit 2 is not a mobile prefix");
        assert!(find("139123456789").is_empty(), "12 digits");
    }

    #[test]
    fn id_cards_need_a_valid_check_digit() {
        // 11010519491231002X is the standard's own example number.
        let f = find("身份证 11010519491231002X 已登记");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::IdCard);
        assert_eq!(f[0].masked, "110105********002X");
        assert!(find("110105194912310021").is_empty(), "wrong check digit");
        assert!(find("999999202611220001").is_empty(), "no such province");
    }

    #[test]
    fn mask_all_rewrites_only_the_numbers() {
        let (s, n) = mask_all("a 13912345678 b\r\nc 11010519491231002X");
        assert_eq!(n, 2);
        assert_eq!(s, "a 139****5678 b\r\nc 110105********002X");
    }
}
