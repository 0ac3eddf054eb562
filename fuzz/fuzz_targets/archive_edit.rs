//! `comms archive` against edits, outside writers and killed runs, in any
//! order: a record is always whole at its old place or its new one (or
//! both, after a kill), never neither; an edit that reported success is
//! never lost; no temporary file is ever left among the records. Uses the
//! store's own pieces (repository lock, compare-and-rename, archive moves)
//! on a real folder.
#![no_main]

use std::path::{Path, PathBuf};

use arbitrary::Arbitrary;
use comms::store::archive::Move;
use comms::store::lock::RepoLock;
use comms::store::{moves, write};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Op {
    /// An edit reads a record where it is now.
    Read { slot: u8, rec: u8 },
    /// That edit writes back what it read plus a line.
    Commit { slot: u8, line: u8 },
    /// `comms archive` moves a record.
    Archive { rec: u8 },
    /// `comms archive` killed between its link and its unlink.
    KilledArchive { rec: u8 },
    /// Someone else rewrites a record in place (a `git pull`, an editor).
    Outside { rec: u8 },
}

const RECORDS: u8 = 3;
const SLOTS: usize = 3;

fn active(r: u8) -> PathBuf {
    PathBuf::from(format!("records/r{r}.md"))
}

fn archived(r: u8) -> PathBuf {
    PathBuf::from(format!("archive/2026/Q4/_general/r{r}.md"))
}

fn copies(root: &Path, r: u8) -> Vec<String> {
    [active(r), archived(r)].iter().filter_map(|p| std::fs::read_to_string(root.join(p)).ok()).collect()
}

fuzz_target!(|ops: Vec<Op>| {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("records")).unwrap();
    for r in 0..RECORDS {
        std::fs::write(root.join(active(r)), format!("---\nid: r{r}\nstatus: done\n---\n## 反馈记录\n")).unwrap();
    }
    let mut slots: [Option<(PathBuf, Vec<u8>, u8)>; SLOTS] = Default::default();
    let mut kept: Vec<(u8, String)> = Vec::new();
    for (step, op) in ops.into_iter().take(24).enumerate() {
        match op {
            Op::Read { slot, rec } => {
                let rec = rec % RECORDS;
                let at = [active(rec), archived(rec)].into_iter().find(|p| root.join(p).exists());
                if let Some(at) = at {
                    let bytes = std::fs::read(root.join(&at)).unwrap();
                    slots[slot as usize % SLOTS] = Some((at, bytes, rec));
                }
            }
            Op::Commit { slot, line } => {
                let Some((at, bytes, rec)) = slots[slot as usize % SLOTS].take() else { continue };
                let line = format!("- 进展 {step}.{line}\n");
                let mut new = bytes.clone();
                new.extend_from_slice(line.as_bytes());
                let _lock = RepoLock::acquire(root).unwrap();
                let temp = write::temp_dir(root);
                match write::replace_if_unchanged(&root.join(&at), &bytes, &new, temp.as_deref()) {
                    Ok(()) => kept.push((rec, line)),
                    Err(write::WriteError::Changed) => {}
                    Err(e) => panic!("{e}"),
                }
            }
            Op::Archive { rec } => {
                let rec = rec % RECORDS;
                let m = Move { from: active(rec), to: archived(rec) };
                if !root.join(&m.from).exists() {
                    continue;
                }
                let _lock = RepoLock::acquire(root).unwrap();
                // As the command does: a move a killed run began (the same
                // bytes at both places) is finished; another file there is
                // a collision, left alone.
                let resume = match (std::fs::read(root.join(&m.from)), std::fs::read(root.join(&m.to))) {
                    (Ok(a), Ok(b)) if a == b => true,
                    (_, Ok(_)) => continue,
                    _ => false,
                };
                match moves::move_file(root, &m, resume) {
                    Ok(()) | Err(moves::MoveError::Taken) => {}
                    Err(e) => panic!("{e}"),
                }
            }
            Op::KilledArchive { rec } => {
                let rec = rec % RECORDS;
                let (from, to) = (root.join(active(rec)), root.join(archived(rec)));
                if from.exists() && !to.exists() {
                    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                    std::fs::hard_link(&from, &to).unwrap();
                }
            }
            Op::Outside { rec } => {
                let rec = rec % RECORDS;
                let at = [active(rec), archived(rec)].into_iter().find(|p| root.join(p).exists());
                if let Some(at) = at {
                    let mut text = std::fs::read_to_string(root.join(&at)).unwrap();
                    text.push_str("- 外部修改\n");
                    std::fs::write(root.join(&at), text).unwrap();
                }
            }
        }
        for r in 0..RECORDS {
            let found = copies(root, r);
            assert!(!found.is_empty(), "record r{r} is gone after step {step}");
            for (_, line) in kept.iter().filter(|(k, _)| *k == r) {
                assert!(found.iter().any(|c| c.contains(line.as_str())), "r{r} lost {line:?} after step {step}");
            }
        }
        for e in walkdir::WalkDir::new(root).into_iter().flatten() {
            let p = e.path().strip_prefix(root).unwrap();
            if e.file_type().is_file() && !p.starts_with(".git") {
                let name = p.file_name().unwrap().to_string_lossy();
                assert!(name.starts_with('r') && name.ends_with(".md"), "a stray file {p:?} after step {step}");
            }
        }
    }
});
