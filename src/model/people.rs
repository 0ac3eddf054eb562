//! The people directory (人员名录): who the names in records mean.
//!
//! `comms.yaml`'s `people:` lists each person once, with a `name`, other
//! spellings (`aliases`), a `department`, a job title (`role`), the roles
//! an escalation ladder can name (`roles`: 部门负责人, 管理层 …) and the
//! contact ids `comms notify` reaches people by (`email`, `im: {wecom,
//! dingtalk, feishu}`).
//!
//! # The matching rule
//!
//! Every name written anywhere — an `owner`, an ack's `by`, `--owner`,
//! `--by`, `--mine`, a ladder's `chase`/`by`, a role, a department — is
//! compared with the directory by **one** rule, [`key`]: two spellings are
//! the same name when their keys are equal. The key
//!
//! - drops leading and trailing white space;
//! - turns every white space (the full-width space U+3000, no-break spaces,
//!   tabs …) into one ASCII space, and runs of them into one;
//! - turns full-width ASCII forms (`Ｚｈａｎｇ`, U+FF01–U+FF5E) into their
//!   half-width letters, digits and signs;
//! - ignores case (Unicode lowercase, so `ZHANG WEI`, `Zhang Wei` and
//!   `zhang wei` are one name).
//!
//! A name that matches a person's `name` or one of their `aliases` means
//! that person, and is shown as the directory's `name`; one that matches
//! nobody stays as written (trimmed).
//!
//! This module depends on nothing of comms but the standard library and
//! serde: configuration, rules, reports and commands all come to it.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

use serde::Deserialize;

/// One person of the directory: owners, acks and escalation name them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    #[serde(default)]
    pub department: Option<String>,
    /// A job title (主管, 经理); an escalation ladder can name it too.
    #[serde(default)]
    pub role: Option<String>,
    /// Roles an escalation ladder can name (`部门负责人`, `管理层`, …),
    /// besides `role`.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Other spellings that mean this person (e.g. an English name).
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Instant-messaging ids, for reminders that @mention the person.
    #[serde(default)]
    pub im: Option<Im>,
}

impl Person {
    /// The person's name, then their aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Whether `role` is this person's `role` or one of their `roles`.
    pub fn has_role(&self, role: &str) -> bool {
        let r = key(role);
        !r.is_empty() && self.role.iter().chain(&self.roles).any(|x| key(x) == r)
    }
}

/// A person's ids on the instant-messaging platforms (企业微信, 钉钉, 飞书).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Im {
    #[serde(default)]
    pub wecom: Option<String>,
    #[serde(default)]
    pub dingtalk: Option<String>,
    #[serde(default)]
    pub feishu: Option<String>,
}

/// Whether `text` looks like an e-mail address: one `@` with something
/// on both sides, a dot in the domain, no spaces.
pub fn is_email(text: &str) -> bool {
    let t = text.trim();
    match t.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !t.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// The form of `name` that [the matching rule](self#the-matching-rule)
/// compares: trimmed, white space as single ASCII spaces, full-width ASCII
/// forms as half-width, lowercase. Borrowed when `name` is already in it
/// (most Chinese names are).
pub fn key(name: &str) -> Cow<'_, str> {
    let t = name.trim();
    let unchanged = |c: char| {
        if c.is_ascii() {
            return !c.is_ascii_uppercase() && !c.is_whitespace();
        }
        // CJK ideographs (most names): no case, no white space.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            return true;
        }
        let mut lower = c.to_lowercase();
        !c.is_whitespace() && !is_fullwidth_ascii(c) && lower.next() == Some(c) && lower.next().is_none()
    };
    let mut prev = '\0';
    let already = t.chars().all(|c| {
        let ok = if c == ' ' { prev != ' ' } else { unchanged(c) };
        prev = c;
        ok
    });
    if already {
        return Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        let c = if is_fullwidth_ascii(c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c };
        out.extend(c.to_lowercase());
    }
    Cow::Owned(out)
}

/// U+FF01–U+FF5E: `！` … `～`, the full-width forms of ASCII `!` … `~`.
fn is_fullwidth_ascii(c: char) -> bool {
    ('\u{FF01}'..='\u{FF5E}').contains(&c)
}

/// A regular expression (ECMA-262 with the `u` flag, as JSON Schema's
/// `pattern`) for every spelling of one of `names` that the matching rule
/// accepts, so that an editor checking a record agrees with `validate`.
pub fn pattern<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    fn push_escaped(out: &mut String, c: char) {
        if "^$\\.*+?()[]{}|/-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    let mut alternatives = Vec::new();
    for name in names {
        let mut out = String::new();
        for c in key(name).chars() {
            if c == ' ' {
                out.push_str("\\s+");
                continue;
            }
            let mut forms = vec![c];
            let mut upper = c.to_uppercase();
            if let (Some(u), None) = (upper.next(), upper.next()) {
                forms.push(u);
            }
            for f in forms.clone() {
                if ('!'..='~').contains(&f) {
                    forms.extend(char::from_u32(f as u32 + 0xFEE0));
                }
            }
            forms.dedup();
            if forms.len() == 1 {
                push_escaped(&mut out, c);
            } else {
                out.push('[');
                forms.iter().for_each(|&f| push_escaped(&mut out, f));
                out.push(']');
            }
        }
        if !out.is_empty() && !alternatives.contains(&out) {
            alternatives.push(out);
        }
    }
    format!("^\\s*(?:{})\\s*$", alternatives.join("|"))
}

/// Whether `a` and `b` are the same name by the matching rule.
pub fn same_name(a: &str, b: &str) -> bool {
    key(a) == key(b)
}

/// What a name means in the directory ([`Directory::lookup`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named<'a> {
    /// A person, by their place in [`Directory::people`].
    Person(usize),
    /// A department, by its members' places.
    Department(&'a [usize]),
    Neither,
}

/// The people directory, with its lookup tables.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    people: Vec<Person>,
    /// [`key`] of each name and alias → index into `people` (the first
    /// person listed wins; the configuration refuses duplicates).
    index: FxHashMap<String, usize>,
    /// [`key`] of each department → the places in `people` of its
    /// members, in the order listed.
    departments: FxHashMap<String, Vec<usize>>,
    /// [`key`] of each role (`role` and `roles`) of each person, in the
    /// order of `people`.
    role_keys: Vec<Vec<String>>,
}

impl Directory {
    pub fn new(people: Vec<Person>) -> Directory {
        let mut index = FxHashMap::default();
        let mut departments: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, p) in people.iter().enumerate() {
            for n in p.names() {
                index.entry(key(n).into_owned()).or_insert(i);
            }
            if let Some(d) = &p.department {
                departments.entry(key(d).into_owned()).or_default().push(i);
            }
        }
        let role_keys =
            people.iter().map(|p| p.role.iter().chain(&p.roles).map(|r| key(r).into_owned()).collect()).collect();
        Directory { people, index, departments, role_keys }
    }

    /// What `name` means, its key made once: the place of the person it
    /// names ([`Directory::place`]), else the places of the members of
    /// the department it names ([`Directory::members`]), else neither.
    pub fn lookup(&self, name: &str) -> Named<'_> {
        let k = key(name);
        if let Some(i) = self.index.get(k.as_ref()).copied().filter(|&i| i < self.people.len()) {
            return Named::Person(i);
        }
        match self.members_by_key(&k) {
            [] => Named::Neither,
            members => Named::Department(members),
        }
    }

    /// Whether the person at `place` holds `role`, given as its [`key`]
    /// ([`Person::has_role`] without keying the person's roles again).
    pub fn holds(&self, place: usize, role_key: &str) -> bool {
        !role_key.is_empty() && self.role_keys.get(place).is_some_and(|roles| roles.iter().any(|r| r == role_key))
    }

    /// The people, in the order listed.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The person a name or alias means.
    pub fn resolve(&self, name: &str) -> Option<&Person> {
        self.place(name).map(|i| &self.people[i])
    }

    /// The place in [`Directory::people`] of the person a name or alias
    /// means.
    pub fn place(&self, name: &str) -> Option<usize> {
        self.index.get(key(name).as_ref()).copied().filter(|&i| i < self.people.len())
    }

    /// The name to show for `name`: the directory's, when it means someone
    /// listed; else `name` trimmed.
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.resolve(name).map_or_else(|| name.trim(), |p| p.name.as_str())
    }

    /// Whether `a` and `b` mean the same person: both name one person of
    /// the directory, or neither is listed and they are the same name.
    pub fn same_person(&self, a: &str, b: &str) -> bool {
        match (self.resolve(a), self.resolve(b)) {
            (Some(x), Some(y)) => std::ptr::eq(x, y),
            (None, None) => same_name(a, b),
            _ => false,
        }
    }

    /// Every spelling that means the same person as `name`: `name` itself
    /// (trimmed), then, when the directory lists it, the person's name and
    /// aliases.
    pub fn names_of(&self, name: &str) -> Vec<String> {
        let name = name.trim();
        let mut out = vec![name.to_string()];
        if let Some(p) = self.resolve(name) {
            for n in p.names() {
                if !out.iter().any(|o| o == n) {
                    out.push(n.to_string());
                }
            }
        }
        out
    }

    /// The places in [`Directory::people`] of the people of `department`,
    /// in the order listed; none for an empty name (as
    /// [`Directory::is_department`]).
    pub fn members(&self, department: &str) -> &[usize] {
        self.members_by_key(&key(department))
    }

    /// [`Directory::members`] of a department given by its [`key`]. Every
    /// department listed has at least one member.
    fn members_by_key(&self, k: &str) -> &[usize] {
        if k.is_empty() {
            return &[];
        }
        self.departments.get(k).map_or(&[], Vec::as_slice)
    }

    /// Whether `name` is a department of the directory.
    pub fn is_department(&self, name: &str) -> bool {
        !self.members(name).is_empty()
    }

    /// Whether anyone holds `role` (as `role` or one of `roles`).
    pub fn has_role(&self, role: &str) -> bool {
        self.people.iter().any(|p| p.has_role(role))
    }

    /// Who holds `role` for an item owned by `owner` (the department's
    /// head, for `部门负责人`): the holders in the owner's department,
    /// someone other than the owner when there is such a person; else
    /// everyone who holds it.
    pub fn role_holders(&self, role: &str, owner: Option<&Person>) -> Vec<&Person> {
        let holders: Vec<&Person> = self.people.iter().filter(|p| p.has_role(role)).collect();
        let department = owner.and_then(|p| p.department.as_deref()).map(key);
        let same: Vec<&Person> = holders
            .iter()
            .copied()
            .filter(|p| department.is_some() && p.department.as_deref().map(key) == department)
            .collect();
        let others: Vec<&Person> =
            same.iter().copied().filter(|p| !owner.is_some_and(|o| std::ptr::eq(o, *p))).collect();
        if !others.is_empty() {
            others
        } else if !same.is_empty() {
            same
        } else {
            holders
        }
    }
}

impl std::ops::Deref for Directory {
    type Target = [Person];

    fn deref(&self) -> &[Person] {
        &self.people
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> Directory {
        Directory::new(vec![
            Person {
                name: "张伟".into(),
                department: Some("技术部".into()),
                aliases: vec!["Zhang Wei".into()],
                ..Person::default()
            },
            Person {
                name: "王强".into(),
                department: Some("技术部".into()),
                roles: vec!["部门负责人".into()],
                ..Person::default()
            },
            Person { name: "Li Na".into(), department: Some("Sales Dept".into()), ..Person::default() },
        ])
    }

    #[test]
    fn the_key_trims_folds_spaces_width_and_case() {
        assert_eq!(key("  Zhang\u{3000}Wei "), "zhang wei");
        assert_eq!(key("ZHANG \t  WEI"), "zhang wei");
        assert_eq!(key("Ｚｈａｎｇ　Ｗｅｉ"), "zhang wei");
        assert_eq!(key("\u{00A0}张伟\u{3000}"), "张伟");
        assert_eq!(key("Σοφία"), "σοφία");
        assert!(matches!(key(" 张伟 "), Cow::Borrowed("张伟")));
        assert!(matches!(key("li na"), Cow::Borrowed("li na")));
        assert!(matches!(key("li  na"), Cow::Owned(_)));
        assert!(same_name("Li Na", "li\u{3000}na"));
        assert!(!same_name("Li Na", "Lina"), "a space between words still counts");
        assert!(!same_name("张伟", "张 伟"));
    }

    #[test]
    fn the_key_of_every_character_in_the_basic_plane_is_its_folded_form() {
        // What the fast paths of `key` must agree with: white space
        // dropped at the ends, full-width forms narrowed, lowercase.
        for c in (0..=0xFFFF_u32).filter_map(char::from_u32) {
            let name = format!("a{c}b");
            let c = if is_fullwidth_ascii(c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c };
            let want: String = if c.is_whitespace() { "a b".into() } else { format!("a{}b", c.to_lowercase()) };
            assert_eq!(key(&name), want, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn the_pattern_accepts_what_the_rule_does() {
        let names = ["张伟", "Zhang Wei", "A.B-C (QA)", "Σοφία"];
        let p = pattern(names);
        assert_eq!(pattern(["Li  Na"]), "^\\s*(?:[lLｌＬ][iIｉＩ]\\s+[nNｎＮ][aAａＡ])\\s*$");
        let re = regex::Regex::new(&p).unwrap();
        for spelling in [
            "张伟",
            " 张伟　",
            "zhang wei",
            "ZHANG\u{3000}\u{3000}WEI",
            "Ｚｈａｎｇ Ｗｅｉ",
            "a.b-c (qa)",
            "Ａ．Ｂ－Ｃ （ＱＡ）",
            "ΣΟΦΊΑ",
            "zhangwei",
            "张 伟",
            "张伟伟",
            "axb-c (qa)",
            "李娜",
            "",
        ] {
            let known = names.iter().any(|n| same_name(n, spelling));
            assert_eq!(re.is_match(spelling), known, "{spelling:?} against {p}");
        }
    }

    #[test]
    fn names_and_aliases_resolve_to_the_person() {
        let d = dir();
        for spelling in ["张伟", " 张伟　", "Zhang Wei", "zhang wei", "ZHANG\u{3000}WEI", "Ｚｈａｎｇ Ｗｅｉ"]
        {
            assert_eq!(d.resolve(spelling).map(|p| p.name.as_str()), Some("张伟"), "{spelling:?}");
            assert_eq!(d.canonical(spelling), "张伟");
        }
        assert!(d.resolve("zhangwei").is_none() && d.resolve("张三").is_none() && d.resolve("").is_none());
        assert_eq!(d.canonical("  张三 "), "张三", "unknown names stay as written, trimmed");
        assert!(d.same_person("zhang wei", "张伟") && d.same_person("张三", " 张三"));
        assert!(!d.same_person("张伟", "王强") && !d.same_person("张伟", "张三"));
        assert_eq!(d.names_of("zhang wei"), ["zhang wei", "张伟", "Zhang Wei"]);
        assert_eq!(d.names_of("张三"), ["张三"]);
    }

    #[test]
    fn lookup_names_a_person_before_a_department_and_holds_matches_has_role() {
        let d = dir();
        assert_eq!(d.lookup(" zhang　wei "), Named::Person(0));
        assert_eq!(d.lookup("技术部"), Named::Department(&[0, 1]));
        assert_eq!(d.lookup("sales dept"), Named::Department(&[2]));
        assert_eq!((d.lookup("生产部"), d.lookup("")), (Named::Neither, Named::Neither));
        assert_eq!((d.members("技术部"), d.members(" ")), (&[0, 1][..], &[][..]));
        for (i, p) in d.people().iter().enumerate() {
            for role in ["部门负责人", " 部门负责人 ", "管理层", ""] {
                assert_eq!(d.holds(i, &key(role)), p.has_role(role), "{} {role}", p.name);
            }
        }
    }

    #[test]
    fn departments_and_roles_match_by_the_same_rule() {
        let d = dir();
        assert!(d.is_department("技术部") && d.is_department("sales\u{3000}dept") && !d.is_department("生产部"));
        assert!(d.has_role(" 部门负责人 ") && !d.has_role("管理层") && !d.has_role(""));
        let zhang = d.resolve("zhang wei");
        let heads: Vec<&str> = d.role_holders("部门负责人", zhang).iter().map(|p| p.name.as_str()).collect();
        assert_eq!(heads, ["王强"]);
        let wang = d.resolve("王强");
        let heads: Vec<&str> = d.role_holders("部门负责人", wang).iter().map(|p| p.name.as_str()).collect();
        assert_eq!(heads, ["王强"], "the only holder, even when the owner");
    }
}
