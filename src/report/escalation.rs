//! Escalation ladders (催办升级): who must be chased about an overdue item,
//! and by whom, the longer it stays overdue.
//!
//! The seeds chase late work in steps — first the owner ("若未及时响应，需通过
//! 电话或线下催办"), then up the line ("涉及跨部门协作的待办事项，需抄送双方负责人，
//! 保证层级对等、推进有力"; urgent incidents go to "管理层"). `comms.yaml`
//! writes the steps per record type under `escalation:`, `default` for
//! types without their own ladder:
//!
//! ```yaml
//! escalation:
//!   urgent:
//!     - { after: 0h, chase: owner, by: 协调人 }
//!     - { after: 4h, chase: 部门负责人, by: 协调人 }
//!     - { after: 1d, chase: 管理层 }
//! ```
//!
//! An item (a record, or an action item with its record's type) that is
//! overdue has reached every step whose `after` has passed since its
//! deadline (`after` is a duration or working days); the **current step**
//! is the last of them. Before the first step's `after` it has none.
//!
//! `chase` and `by` each name, in this order of precedence:
//!
//! - `owner`: the item's owner;
//! - a person of the people directory, by name or alias;
//! - a role: the people whose `role` or `roles` has it — those in the
//!   owner's department first (someone other than the owner when there is
//!   such a person), else everyone who has it.
//!
//! `comms.yaml` is refused when a step names nobody, so a ladder always
//! resolves to someone (except `owner` on an item without one).
//!
//! Pure functions over the configuration and a "now".

use crate::model::config::{Config, DEFAULT_LADDER, OWNER, Person, Step};
use crate::model::time::Instant;
use crate::model::workdays::Span;

/// Someone a ladder step names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Who {
    /// The people directory's name, or the owner as written.
    pub name: String,
    pub department: Option<String>,
    /// The role they were found by: `owner`, a role name; `None` when the
    /// step names the person.
    pub role: Option<String>,
}

impl Who {
    fn of(p: &Person, role: Option<&str>) -> Who {
        Who { name: p.name.clone(), department: p.department.clone(), role: role.map(str::to_string) }
    }
}

/// The ladder for records of type `rtype`: its own, else `default`, else none.
pub fn ladder<'c>(config: &'c Config, rtype: &str) -> &'c [Step] {
    config.escalation.get(rtype).or_else(|| config.escalation.get(DEFAULT_LADDER)).map_or(&[], Vec::as_slice)
}

/// The people `who` (a step's `chase` or `by`) names for an item owned by `owner`.
pub fn resolve(config: &Config, who: &str, owner: &str) -> Vec<Who> {
    let w = who.trim();
    let owner_person = config.people.resolve(owner);
    if w == OWNER {
        let o = owner.trim();
        if o.is_empty() {
            return Vec::new();
        }
        return vec![Who {
            name: config.people.canonical(o).to_string(),
            department: owner_person.and_then(|p| p.department.clone()),
            role: Some(OWNER.to_string()),
        }];
    }
    if let Some(p) = config.people.resolve(w) {
        return vec![Who::of(p, None)];
    }
    config.people.role_holders(w, owner_person).into_iter().map(|p| Who::of(p, Some(w))).collect()
}

/// The step an overdue item has reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Current {
    /// From 1.
    pub step: usize,
    /// How many steps the ladder has.
    pub steps: usize,
    /// How long after the deadline this step starts.
    pub after: Span,
    pub chase: Vec<Who>,
    pub by: Vec<Who>,
}

/// The current step of an item of type `rtype` owned by `owner`, due at
/// `deadline`, at `now`: `None` when it is not overdue, its type has no
/// ladder, or it has not reached the first step yet.
pub fn current(config: &Config, rtype: &str, owner: &str, deadline: Instant, now: Instant) -> Option<Current> {
    if deadline >= now {
        return None;
    }
    let steps = ladder(config, rtype);
    let (i, step) = steps
        .iter()
        .enumerate()
        .rev()
        .find(|(_, s)| s.after.after(deadline, &config.workdays, config.timezone).is_some_and(|t| t <= now))?;
    Some(Current {
        step: i + 1,
        steps: steps.len(),
        after: step.after,
        chase: resolve(config, &step.chase, owner),
        by: step.by.as_deref().map(|b| resolve(config, b, owner)).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const SH: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

    fn at(s: &str) -> Instant {
        crate::model::time::parse(s, SH).unwrap()
    }

    const CONFIG: &str = "timezone: Asia/Shanghai
people:
  - { name: 周婷, department: 客服部, role: 主管, roles: [部门负责人] }
  - { name: 黄磊, department: 客服部, role: 经理, roles: [部门负责人] }
  - { name: 钱涛, department: 技术部, role: 工程师 }
  - { name: 王强, department: 技术部, role: 经理, roles: [部门负责人], aliases: [Wang Qiang] }
  - { name: 赵敏, department: 财务部, role: 经理, roles: [部门负责人] }
  - { name: 林晓, department: 行政部, roles: [协调人] }
  - { name: 何建国, department: 总经办, roles: [管理层] }
escalation:
  urgent:
    - { after: 0h, chase: owner, by: 协调人 }
    - { after: 4h, chase: 部门负责人, by: 协调人 }
    - { after: 1d, chase: 管理层 }
  default:
    - { after: 1h, chase: owner }
    - { after: 2wd, chase: Wang Qiang, by: owner }
";

    fn config() -> Config {
        Config::parse(Path::new("comms.yaml"), CONFIG.as_bytes().to_vec()).unwrap()
    }

    fn names(w: &[Who]) -> Vec<&str> {
        w.iter().map(|w| w.name.as_str()).collect()
    }

    #[test]
    fn roles_resolve_in_the_owners_department_first() {
        let c = config();
        assert_eq!(names(&resolve(&c, "部门负责人", "钱涛")), ["王强"]);
        // The owner's department has another head: not the owner.
        assert_eq!(names(&resolve(&c, "部门负责人", "周婷")), ["黄磊"]);
        // The owner is the department's only head: the owner.
        assert_eq!(names(&resolve(&c, "部门负责人", "赵敏")), ["赵敏"]);
        // Nobody in the department has it: everyone who does.
        assert_eq!(names(&resolve(&c, "管理层", "钱涛")), ["何建国"]);
        // An owner outside the directory: everyone who has it.
        assert_eq!(names(&resolve(&c, "部门负责人", "外人")), ["周婷", "黄磊", "王强", "赵敏"]);
        // `role` counts as well as `roles`.
        assert_eq!(names(&resolve(&c, "工程师", "王强")), ["钱涛"]);
    }

    #[test]
    fn owner_and_people_by_name() {
        let c = config();
        let o = resolve(&c, "owner", "Wang Qiang");
        assert_eq!(o, [Who { name: "王强".into(), department: Some("技术部".into()), role: Some("owner".into()) }]);
        assert_eq!(
            resolve(&c, "owner", "访客"),
            [Who { name: "访客".into(), department: None, role: Some("owner".into()) }]
        );
        assert!(resolve(&c, "owner", " ").is_empty());
        assert_eq!(resolve(&c, "Wang Qiang", "钱涛")[0].role, None);
    }

    #[test]
    fn the_current_step_is_the_last_one_reached() {
        let c = config();
        let deadline = at("2026-11-21 14:30");
        let step =
            |now: &str| current(&c, "urgent", "周婷", deadline, at(now)).map(|s| (s.step, names(&s.chase).join(",")));
        assert_eq!(step("2026-11-21 14:30"), None, "not overdue yet");
        assert_eq!(step("2026-11-21 14:31"), Some((1, "周婷".into())));
        assert_eq!(step("2026-11-21 18:30"), Some((2, "黄磊".into())));
        assert_eq!(step("2026-11-22 14:30"), Some((3, "何建国".into())));
        let s = current(&c, "urgent", "周婷", deadline, at("2026-11-21 15:00")).unwrap();
        assert_eq!((s.steps, names(&s.by)), (3, vec!["林晓"]));
    }

    #[test]
    fn working_day_steps_and_the_default_ladder() {
        let c = config();
        // Friday 10:15 + 2 working days is Tuesday 10:15.
        let deadline = at("2026-11-20 10:15");
        assert_eq!(current(&c, "internal", "钱涛", deadline, at("2026-11-20 11:00")), None, "before the first step");
        let s = current(&c, "internal", "钱涛", deadline, at("2026-11-24 10:00")).unwrap();
        assert_eq!(s.step, 1);
        let s = current(&c, "external", "钱涛", deadline, at("2026-11-24 10:15")).unwrap();
        assert_eq!((s.step, names(&s.chase), names(&s.by)), (2, vec!["王强"], vec!["钱涛"]));
    }

    #[test]
    fn no_ladder_no_step() {
        let c = Config::default();
        assert_eq!(current(&c, "urgent", "张伟", at("2026-11-20 10:00"), at("2026-11-22 10:00")), None);
        // An empty ladder keeps a type off `default`.
        let text = format!("{CONFIG}  knowledge: []\n");
        let c = Config::parse(Path::new("comms.yaml"), text.into_bytes()).unwrap();
        assert_eq!(current(&c, "knowledge", "钱涛", at("2026-11-20 10:00"), at("2026-11-30 10:00")), None);
        assert_eq!(current(&c, "internal", "钱涛", at("2026-11-20 10:00"), at("2026-11-30 10:00")).unwrap().step, 2);
    }
}
