//! Personal numbers written in full: mainland mobile numbers, 18-digit
//! resident ID-card numbers and landline numbers with an area code
//! (`021-62345678`), and e-mail addresses when `mask: [email]` asks for
//! them. The seeds ask for contact details to be written with `*`
//! (`139****5678`, `021-****5678`); `validate` finds these, `validate
//! --fix` masks them.

/// What kind of number was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Mobile,
    IdCard,
    /// A landline number with its area code (`021-62345678`, `0755 8888
    /// 6666`, `(021)62345678`).
    Landline,
    /// An e-mail address (only when [`Options::email`]).
    Email,
}

/// What to look for besides mobile, ID-card and landline numbers (config
/// `mask`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// E-mail addresses (`mask: [email]`), masked as `z***@example.com`.
    pub email: bool,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Mobile => "a mobile number",
            Kind::IdCard => "an ID-card number",
            Kind::Landline => "a landline number",
            Kind::Email => "an e-mail address",
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

/// Finds every unmasked mobile, ID-card or landline number in `text`:
/// ASCII or full-width digits (`１３８００１３８０００`), with a `+86`/`86`
/// prefix, or in groups of 3-4-4 separated by one of ` `, `-`, `.`, `_`;
/// a landline as an area code (`010`, `02x`, `0xxx`), then `-` or ` ` or
/// the code in brackets, then 7 or 8 digits (in one run or 3-4/4-4).
pub fn find(text: &str) -> Vec<Found> {
    find_with(text, Options::default())
}

/// [`find`], and e-mail addresses when `options.email`.
pub fn find_with(text: &str, options: Options) -> Vec<Found> {
    let mut found = numbers(text);
    if options.email && text.as_bytes().contains(&b'@') {
        let mails = emails(text);
        if !mails.is_empty() {
            found.retain(|f| !mails.iter().any(|m| f.start < m.end && m.start < f.end));
            found.extend(mails);
            found.sort_by_key(|f| f.start);
        }
    }
    found
}

fn numbers(text: &str) -> Vec<Found> {
    let b = text.as_bytes();
    // Full-width digits are `EF BC 90`..`EF BC 99`. Most records have none:
    // then the bytes are read as they are.
    let wide = has_wide_digit(b);
    let hits = if wide {
        // Each full-width digit becomes its ASCII digit, and offsets are
        // mapped back to the text's.
        let mut ascii = Vec::with_capacity(b.len());
        let mut map = Vec::with_capacity(b.len() + 1);
        let mut i = 0;
        while i < b.len() {
            if b[i] == 0xEF && b.get(i + 1) == Some(&0xBC) && matches!(b.get(i + 2), Some(0x90..=0x99)) {
                ascii.push(b'0' + (b[i + 2] - 0x90));
                map.push(i);
                i += 3;
            } else {
                ascii.push(b[i]);
                map.push(i);
                i += 1;
            }
        }
        map.push(b.len());
        scan(&ascii).into_iter().map(|(s, e, k)| (map[s], map[e], k)).collect()
    } else {
        scan(b)
    };
    hits.into_iter()
        .map(|(start, end, kind)| Found { start, end, kind, masked: mask(&text[start..end], kind) })
        .collect()
}

/// Whether `b` holds a full-width digit (`EF BC 90`..`EF BC 99`). Chinese
/// text is full of full-width punctuation (`，` is `EF BC 8C`), so rather
/// than stop at each `EF BC`, blocks of bytes are tested without branches
/// (which the compiler turns into vector instructions).
fn has_wide_digit(b: &[u8]) -> bool {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    // Eight bytes at a time: any byte equal to 0xEF (SWAR "haszero" of the
    // word xor 0xEF…), then the two bytes after each one.
    let mut at = 0;
    while at + 8 <= b.len() {
        let w = u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"));
        let v = w ^ (ONES * 0xEF);
        let mut zero = v.wrapping_sub(ONES) & !v & HIGH;
        while zero != 0 {
            let k = at + (zero.trailing_zeros() / 8) as usize;
            if b.get(k + 1) == Some(&0xBC) && matches!(b.get(k + 2), Some(0x90..=0x99)) {
                return true;
            }
            zero &= zero - 1;
        }
        at += 8;
    }
    (at..b.len()).any(|k| b[k] == 0xEF && b.get(k + 1) == Some(&0xBC) && matches!(b.get(k + 2), Some(0x90..=0x99)))
}

/// The numbers in `b` (ASCII digits): byte ranges and kinds.
fn scan(b: &[u8]) -> Vec<(usize, usize, Kind)> {
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
        let run = &b[i..j];
        if run.len() == 18 && !alnum(j) && id_card(run) {
            out.push((i, j, Kind::IdCard));
        } else if run.len() == 17
            && j < b.len()
            && (b[j] == b'X' || b[j] == b'x')
            && !alnum(j + 1)
            && id_card(&b[i..j + 1])
        {
            out.push((i, j + 1, Kind::IdCard));
            j += 1;
        } else if run.len() == 11 && mobile(run) {
            out.push((i, j, Kind::Mobile));
        } else if run.len() == 13 && run.starts_with(b"86") && mobile(&run[2..]) {
            // +8613912345678
            out.push((i, j, Kind::Mobile));
        } else if let Some(end) =
            ((run.len() == 3 && run[0] == b'1') || run == b"86").then(|| grouped(b, i, j)).flatten()
        {
            out.push((i, end, Kind::Mobile));
            j = end;
        } else if let Some((start, end)) = (run[0] == b'0').then(|| landline(b, i, j)).flatten() {
            out.push((start, end, Kind::Landline));
            j = end;
        }
        i = j.max(i + 1);
    }
    out
}

/// A mobile number in groups from the run of digits `i..j`: `139 1234
/// 5678`, `139-1234-5678`, `139.1234.5678`, `139_1234_5678`, optionally
/// after `86` and the same separator (`+86 139 1234 5678`, `86-13912345678`).
/// Returns where it ends.
fn grouped(b: &[u8], i: usize, j: usize) -> Option<usize> {
    let sep = *b.get(j).filter(|c| matches!(c, b' ' | b'-' | b'.' | b'_'))?;
    // The runs of digits that follow, each after one `sep`.
    let run_at = |k: usize| b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
    // At most four groups (`86 139 1234 5678`): no allocation for the
    // many runs of three digits in a text that are no phone number.
    let mut groups = [(i, j - i); 4];
    let mut count = 1;
    let mut at = j;
    while count < 4 && b.get(at) == Some(&sep) {
        let n = run_at(at + 1);
        if n == 0 {
            break;
        }
        groups[count] = (at + 1, n);
        count += 1;
        at = at + 1 + n;
    }
    let mut lens = [0; 4];
    for (l, g) in lens.iter_mut().zip(&groups[..count]) {
        *l = g.1;
    }
    let prefixed = &b[i..j] == b"86";
    // (the last group of the number, digits of the `86` prefix)
    let (last, skip) = match &lens[..count] {
        [3, 4, 4, ..] => (2, 0),
        [2, 3, 4, 4] if prefixed => (3, 2),
        [2, 11, ..] if prefixed => (1, 2),
        _ => return None,
    };
    let digits: Vec<u8> = groups[..=last].iter().flat_map(|&(s, n)| b[s..s + n].iter().copied()).collect();
    let number = &digits[skip..];
    let end = groups[last].0 + groups[last].1;
    (number.len() == 11 && mobile(number) && !b.get(end).is_some_and(u8::is_ascii_digit)).then_some(end)
}

/// Whether `area` is a mainland area code: `010`, `020`-`029`, or four
/// digits `03xx`-`09xx`.
fn area_code(area: &[u8]) -> bool {
    match area.len() {
        3 => area == b"010" || area[1] == b'2',
        4 => (b'3'..=b'9').contains(&area[1]),
        _ => false,
    }
}

/// A landline number whose area code is the run of digits `i..j`:
/// `021-62345678`, `0755 8888 6666`, `021-6234-5678`, `(021)62345678`,
/// `（021）62345678`. The local number has 7 or 8 digits and starts with
/// 2-9. Nothing that reads as part of another token counts: the code is
/// not after a letter, `-`, `.`, `:`, `/`, `*` or `_` (dates, times, ids,
/// versions, masked numbers), and the number is not followed by a letter,
/// digit or `*`. Returns where the number starts (its bracket) and ends.
fn landline(b: &[u8], i: usize, j: usize) -> Option<(usize, usize)> {
    if !area_code(&b[i..j]) {
        return None;
    }
    let before = i.checked_sub(1).map(|k| b[k]);
    let open_wide = i >= 3 && b[i - 3..i] == [0xEF, 0xBC, 0x88];
    let (start, mut k) = if before == Some(b'(') {
        (i - 1, if b.get(j) == Some(&b')') { j + 1 } else { return None })
    } else if open_wide {
        (i - 3, if b.get(j..j + 3) == Some(&[0xEF, 0xBC, 0x89][..]) { j + 3 } else { return None })
    } else {
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || b"-.:/*_+#".contains(&c)) {
            return None;
        }
        match b.get(j) {
            Some(b'-' | b' ') => (i, j + 1),
            _ => return None,
        }
    };
    if start != i && b.get(k) == Some(&b' ') {
        k += 1;
    }
    let run_at = |k: usize| b.get(k..).unwrap_or_default().iter().take_while(|c| c.is_ascii_digit()).count();
    let first = run_at(k);
    if first == 0 || !(b'2'..=b'9').contains(&b[k]) {
        return None;
    }
    let mut end = k + first;
    let digits = if (7..=8).contains(&first) {
        first
    } else if (3..=4).contains(&first) && matches!(b.get(end), Some(b'-' | b' ')) && run_at(end + 1) == 4 {
        end += 5;
        first + 4
    } else {
        return None;
    };
    let after = b.get(end).copied();
    if !(7..=8).contains(&digits) || after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'*') {
        return None;
    }
    Some((start, end))
}

/// E-mail addresses in `text`: `name@domain.tld`, ASCII only, the local
/// part of letters, digits and `._%+-` (an already masked `z***@…` has a
/// `*` and is left alone), the domain with a dot and a top-level label of
/// two or more letters.
fn emails(text: &str) -> Vec<Found> {
    let b = text.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let domain = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = b[from..].iter().position(|&c| c == b'@').map(|k| from + k) {
        from = at + 1;
        let mut s = at;
        while s > 0 && local(b[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && domain(b[e]) {
            e += 1;
        }
        // A sentence's full stop after the address is not part of it.
        while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        let dom = &text[at + 1..e];
        let tld = dom.rsplit('.').next().unwrap_or_default();
        let masked_before = s > 0 && b[s - 1] == b'*';
        if s == at
            || masked_before
            || b[s] == b'.'
            || !dom.contains('.')
            || dom.starts_with(['.', '-'])
            || tld.len() < 2
            || !tld.bytes().all(|c| c.is_ascii_alphabetic())
        {
            continue;
        }
        let masked = format!("{}***{}", &text[s..s + 1], &text[at..e]);
        out.push(Found { start: s, end: e, kind: Kind::Email, masked });
        from = e;
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
    mask_all_with(text, Options::default())
}

/// Replaces everything [`find_with`] finds with its masked form.
pub fn mask_all_with(text: &str, options: Options) -> (String, usize) {
    let found = find_with(text, options);
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

fn mobile(s: &[u8]) -> bool {
    s.len() == 11 && s[0] == b'1' && (b'3'..=b'9').contains(&s[1])
}

/// The masked form of a number as written (its separators, prefix and
/// digit width kept): a mobile number without its middle four digits
/// (`139****5678`, `86139****5678`), an ID card without its birth date
/// and order code (`110105********002X`), a landline without the digits
/// between its area code and its last four (`021-****5678`).
fn mask(s: &str, kind: Kind) -> String {
    let total = s.chars().filter(|c| is_digit(*c) || matches!(c, 'X' | 'x')).count();
    let hidden = match kind {
        Kind::Mobile => total - 8..total - 4,
        Kind::IdCard => 6..14,
        Kind::Landline => {
            let area = s.chars().skip_while(|c| !is_digit(*c)).take_while(|c| is_digit(*c)).count();
            area..total - 4
        }
        Kind::Email => 0..0,
    };
    let mut n = 0;
    s.chars()
        .map(|c| {
            if is_digit(c) || matches!(c, 'X' | 'x') {
                n += 1;
                if hidden.contains(&(n - 1)) {
                    return '*';
                }
            }
            c
        })
        .collect()
}

/// The digits (and a final `X`) of a number as written, in ASCII: what
/// two spellings of one number have in common.
pub fn digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFF10 + '0' as u32),
            'X' | 'x' => Some('X'),
            _ => None,
        })
        .collect()
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c)
}

/// A real ID-card number: a province code, a birth date and the ISO 7064
/// check digit. Random 18-digit order numbers almost never pass.
fn id_card(b: &[u8]) -> bool {
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let province = (b[0] - b'0') as u32 * 10 + (b[1] - b'0') as u32;
    if !matches!(province, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82) {
        return false;
    }
    let n = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |acc, d| acc * 10 + (d - b'0') as u32);
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
    fn finds_and_masks_every_spelling_of_a_mobile() {
        for (text, masked) in [
            ("+8613800138000", "86138****8000"),
            ("8613800138000", "86138****8000"),
            ("１３８００１３８０００", "１３８****８０００"),
            ("138.0013.8000", "138.****.8000"),
            ("138_0013_8000", "138_****_8000"),
            ("+86 138 0013 8000", "86 138 **** 8000"),
            ("+86-13800138000", "86-138****8000"),
            ("８６１３８００１３８０００", "８６１３８****８０００"),
        ] {
            let f = find(&format!("电话{text}。"));
            assert_eq!(f.len(), 1, "{text}");
            assert_eq!(f[0].kind, Kind::Mobile);
            assert_eq!(f[0].masked, masked, "{text}");
            let (out, n) = mask_all(&format!("电话{text}。"));
            assert_eq!(n, 1);
            assert!(find(&out).is_empty(), "{out}");
        }
        // Full-width digits elsewhere do not move the others.
        let f = find("１号线 13912345678，２号线 １３９１２３４５６７８");
        assert_eq!(f.iter().map(|f| f.masked.as_str()).collect::<Vec<_>>(), ["139****5678", "１３９****５６７８"]);
        assert_eq!(find("身份证 １１０１０５１９４９１２３１００２Ｘ").len(), 0, "a full-width X is not read");
        assert_eq!(find("身份证 １１０１０５１９４９１２３１００２X")[0].masked, "１１０１０５********００２X");
    }

    #[test]
    fn has_wide_digit_at_every_offset() {
        for at in 0..20 {
            for third in [0x8Cu8, 0x8F, 0x90, 0x95, 0x99, 0x9A] {
                let mut b = vec![b'a'; 24];
                b[at..at + 3].copy_from_slice(&[0xEF, 0xBC, third]);
                assert_eq!(has_wide_digit(&b), (0x90..=0x99).contains(&third), "at {at}, {third:#x}");
                assert!(!has_wide_digit(&b[..at + 2]));
            }
        }
        assert!(!has_wide_digit("二号产线，停机：（设备部）！".as_bytes()));
    }

    #[test]
    fn leaves_grouped_non_mobiles_alone() {
        for text in [
            "2026.11.23",
            "1.2.3",
            "128.0013.8000",
            "138.001.8000",
            "85 138 0013 8000x",
            "8713800138000",
            "v1_2345_6789",
        ] {
            let f = find(text);
            assert!(f.iter().all(|f| !f.masked.starts_with("85") && !f.masked.starts_with("87")), "{text}: {f:?}");
            if !text.contains("138 0013 8000") {
                assert!(f.is_empty(), "{text}: {f:?}");
            }
        }
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

    #[test]
    fn finds_and_masks_landlines_with_an_area_code() {
        for (text, masked) in [
            ("021-62345678", "021-****5678"),
            ("0755 8888 6666", "0755 **** 6666"),
            ("(021)62345678", "(021)****5678"),
            ("(0755) 88886666", "(0755) ****6666"),
            ("（021）62345678", "（021）****5678"),
            ("010-6234567", "010-***4567"),
            ("021-6234-5678", "021-****-5678"),
            ("０２１-６２３４５６７８", "０２１-****５６７８"),
        ] {
            let f = find(&format!("总机 {text},转 8001"));
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].kind, Kind::Landline);
            assert_eq!(f[0].masked, masked, "{text}");
            let (out, n) = mask_all(&format!("总机 {text}。"));
            assert_eq!(n, 1);
            assert!(find(&out).is_empty(), "{out}");
        }
    }

    #[test]
    fn leaves_dates_times_ids_money_and_codes_alone() {
        for text in [
            "2026-11-22",
            "2026-01-05 09:00",
            "20261122-7f3a",
            "2026-11-22 09:00-0930 开会",
            "¥0.5 万, 0.75, 合计 0755",
            "v0755-12345678",
            "021-12345678",
            "0212-62345678",
            "0123 4567 8901",
            "021-****5678",
            "(021)****5678",
            "021-623456789",
            "021-62345678x",
            "a/021-62345678",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn e_mail_only_when_asked() {
        let text = "发 zhang.wei@example.com 或 li@mail.example.cn。";
        assert!(find(text).is_empty());
        let f = find_with(text, Options { email: true });
        assert_eq!(
            f.iter().map(|f| f.masked.as_str()).collect::<Vec<_>>(),
            ["z***@example.com", "l***@mail.example.cn"]
        );
        let (out, n) = mask_all_with(text, Options { email: true });
        assert_eq!(n, 2);
        assert_eq!(out, "发 z***@example.com 或 l***@mail.example.cn。");
        assert!(find_with(&out, Options { email: true }).is_empty(), "masked stays masked");
        for not_mail in ["@张伟", "a@b", "user@host", "x@1.2", "@example.com", "v1@2x.png1"] {
            assert!(find_with(not_mail, Options { email: true }).is_empty(), "{not_mail}");
        }
        // A mobile number as the local part is one finding, the address.
        let f = find_with("13912345678@163.com", Options { email: true });
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].masked, "1***@163.com");
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        fn noise() -> impl Strategy<Value = String> {
            prop_oneof![
                (2000u32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
                (0u32..24, 0u32..60).prop_map(|(h, m)| format!("{h:02}:{m:02}")),
                (2000u32..2100, 1u32..13, 1u32..29, 0u32..0xffff)
                    .prop_map(|(y, m, d, x)| format!("{y}{m:02}{d:02}-{x:04x}")),
                (0u32..100_000, 0u32..100).prop_map(|(a, c)| format!("¥{a}.{c:02}")),
                (0u32..10_000).prop_map(|a| format!("0.{a}")),
                Just("021-****5678".to_string()),
                Just("0755 **** 6666".to_string()),
                Just("139****5678".to_string()),
                Just("z***@example.com".to_string()),
                "[ ,，。a-z中文]{0,4}",
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

            #[test]
            fn dates_times_ids_money_and_masked_values_are_never_found(parts in proptest::collection::vec(noise(), 1..8), sep in "[ ,\n]") {
                let text = parts.join(&sep);
                prop_assert!(find_with(&text, Options { email: true }).is_empty(), "{text}");
            }

            #[test]
            fn every_landline_is_found_and_masked_once(
                area in prop_oneof![Just("010".to_string()), (0u32..10).prop_map(|d| format!("02{d}")), (30u32..100, 0u32..10).prop_map(|(a, b)| format!("0{a}{b}"))],
                first in 2u32..10,
                rest in 0u32..10_000_000,
                seven in any::<bool>(),
                style in 0usize..4,
                before in noise(),
            ) {
                let local = if seven { format!("{first}{:06}", rest % 1_000_000) } else { format!("{first}{rest:07}") };
                let written = match style {
                    0 => format!("{area}-{local}"),
                    1 => format!("({area}){local}"),
                    2 => format!("{area} {} {}", &local[..local.len() - 4], &local[local.len() - 4..]),
                    _ => format!("（{area}）{local}"),
                };
                let text = format!("{before} 电话 {written},谢谢");
                let f = find(&text);
                prop_assert_eq!(f.len(), 1, "{} {:?}", text, f);
                prop_assert_eq!(f[0].kind, Kind::Landline);
                let last4 = &local[local.len() - 4..];
                prop_assert!(f[0].masked.contains(area.as_str()) && f[0].masked.ends_with(last4), "{}", f[0].masked);
                let (out, n) = mask_all(&text);
                prop_assert_eq!(n, 1);
                prop_assert!(find(&out).is_empty(), "{}", out);
                prop_assert_eq!(out.len(), text.len(), "one `*` for each hidden digit");
                prop_assert_eq!(out.matches('*').count() - text.matches('*').count(), local.len() - 4);
            }
        }
    }
}
