//! The floor of a never-stale cache: see Cargo.toml and docs/benchmarks.md.

use std::ffi::CString;
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::time::Instant;

fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, CString)>) {
    let mut subs = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            subs.push(e.path());
        } else {
            out.push((dir.to_path_buf(), CString::new(e.file_name().as_bytes()).unwrap()));
        }
    }
    for s in subs {
        walk(&s, out);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap();
    let t = Instant::now();
    let mut files = vec![];
    walk("records".as_ref(), &mut files);
    walk("archive".as_ref(), &mut files);
    let tw = t.elapsed();
    let t = Instant::now();
    let mut sum = 0u64;
    if mode == "std" {
        for (d, n) in &files {
            let m = std::fs::symlink_metadata(d.join(std::ffi::OsStr::from_bytes(n.as_bytes()))).unwrap();
            sum += std::os::unix::fs::MetadataExt::size(&m);
        }
    } else if mode == "std2" {
        let (a, b) = files.split_at(files.len() / 2);
        let f = |part: &[(std::path::PathBuf, CString)]| {
            let mut s = 0;
            for (d, n) in part {
                s += std::os::unix::fs::MetadataExt::size(
                    &std::fs::symlink_metadata(d.join(std::ffi::OsStr::from_bytes(n.as_bytes()))).unwrap(),
                );
            }
            s
        };
        std::thread::scope(|sc| {
            let h = sc.spawn(|| f(a));
            sum = f(b) + h.join().unwrap();
        });
    } else {
        // io_uring: open each dir once, statx by dirfd + name
        let mut dirs: std::collections::HashMap<std::path::PathBuf, std::fs::File> = Default::default();
        for (d, _) in &files {
            dirs.entry(d.clone()).or_insert_with(|| std::fs::File::open(d).unwrap());
        }
        let batch: usize = mode.parse().unwrap();
        let mut ring = io_uring::IoUring::new(batch as u32).unwrap();
        let mut bufs: Vec<libc::statx> = vec![unsafe { std::mem::zeroed() }; files.len()];
        let mut i = 0;
        while i < files.len() {
            let end = (i + batch).min(files.len());
            for k in i..end {
                let (d, n) = &files[k];
                let fd = dirs[d].as_raw_fd();
                let e = io_uring::opcode::Statx::new(
                    io_uring::types::Fd(fd),
                    n.as_ptr(),
                    &mut bufs[k] as *mut libc::statx as *mut _,
                )
                .flags(libc::AT_SYMLINK_NOFOLLOW)
                .mask(libc::STATX_BASIC_STATS)
                .build()
                .user_data(k as u64);
                unsafe {
                    ring.submission().push(&e).unwrap();
                }
            }
            ring.submit_and_wait(end - i).unwrap();
            for c in ring.completion() {
                assert!(c.result() >= 0, "{}", c.result());
            }
            i = end;
        }
        for b in &bufs {
            sum += b.stx_size;
        }
    }
    eprintln!("{mode}: walk {:?} stat {:?} files {} sum {sum}", tw, t.elapsed(), files.len());
}
