//! Benchmark of YAML crates on realistic `comms` front matters.
//!
//! Usage:
//!   cargo run --release -- [N]        # benchmark (default N = 100000)
//!   cargo run --release -- --spans    # dump saphyr-parser 0.3.3 event spans
//!   cargo test --release              # span facts as assertions (src/spans.rs)

mod corpus;
mod spans;
mod tree;
mod typed;

use std::hint::black_box;
use std::time::{Duration, Instant};

const ROUNDS: usize = 3;
const DEFAULT_N: usize = 100_000;

struct Candidate {
    /// Label in the result table.
    label: &'static str,
    /// Package name in Cargo.lock (for the version column).
    package: &'static str,
    positions: &'static str,
    maintained: &'static str,
    /// Parse every text, returning a checksum so the work cannot be elided.
    run: fn(&[String]) -> usize,
}

fn run_serde_yaml(texts: &[String]) -> usize {
    let mut sum = 0;
    for text in texts {
        let value: serde_yaml::Value = serde_yaml::from_str(black_box(text)).unwrap();
        sum += black_box(&value).as_mapping().map_or(0, |m| m.len());
    }
    sum
}

fn run_serde_norway(texts: &[String]) -> usize {
    let mut sum = 0;
    for text in texts {
        let value: serde_norway::Value = serde_norway::from_str(black_box(text)).unwrap();
        sum += black_box(&value).as_mapping().map_or(0, |m| m.len());
    }
    sum
}

fn run_serde_yaml_ng(texts: &[String]) -> usize {
    let mut sum = 0;
    for text in texts {
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(black_box(text)).unwrap();
        sum += black_box(&value).as_mapping().map_or(0, |m| m.len());
    }
    sum
}

fn run_serde_saphyr(texts: &[String]) -> usize {
    let mut sum = 0;
    for text in texts {
        let fm: typed::FrontMatter = serde_saphyr::from_str(black_box(text)).unwrap();
        sum += black_box(&fm).key_count();
    }
    sum
}

fn run_saphyr_parser(texts: &[String]) -> usize {
    let mut sum = 0;
    for text in texts {
        let root = tree::saphyr(black_box(text)).unwrap().unwrap();
        sum += black_box(&root).map_len().unwrap_or(0);
    }
    sum
}

fn run_yaml_rust2(texts: &[String]) -> usize {
    let mut sum = 0;
    for text in texts {
        let root = tree::yaml_rust2(black_box(text)).unwrap().unwrap();
        sum += black_box(&root).map_len().unwrap_or(0);
    }
    sum
}

const SERDE_POSITIONS: &str = "no (error positions only)";
const FORK_MAINTAINED: &str = "fork of serde_yaml over unsafe-libyaml";

const CANDIDATES: &[Candidate] = &[
    Candidate {
        label: "serde_yaml → Value",
        package: "serde_yaml",
        positions: SERDE_POSITIONS,
        maintained: "no: archived upstream 2024, version tagged +deprecated",
        run: run_serde_yaml,
    },
    Candidate {
        label: "serde_norway → Value",
        package: "serde_norway",
        positions: SERDE_POSITIONS,
        maintained: "fork of serde_yaml over unsafe-libyaml-norway",
        run: run_serde_norway,
    },
    Candidate {
        label: "serde_yaml_ng → Value",
        package: "serde_yaml_ng",
        positions: SERDE_POSITIONS,
        maintained: FORK_MAINTAINED,
        run: run_serde_yaml_ng,
    },
    Candidate {
        label: "serde-saphyr → typed struct",
        package: "serde-saphyr",
        positions: "no in this run (error positions; opt-in `Spanned<T>` for values)",
        maintained: "yes: active, pure Rust (built on granit-parser, a saphyr-parser fork)",
        run: run_serde_saphyr,
    },
    Candidate {
        label: "saphyr-parser events → tree",
        package: "saphyr-parser",
        positions: "yes (start+end Span per event)",
        maintained: "yes: active, pure Rust",
        run: run_saphyr_parser,
    },
    Candidate {
        label: "yaml-rust2 events → tree",
        package: "yaml-rust2",
        positions: "partly (one Marker per event: no scalar end; block MappingStart at first `:`)",
        maintained: "yes: active, pure Rust",
        run: run_yaml_rust2,
    },
];

/// Version of `package` as locked in this crate's Cargo.lock.
fn locked_version(package: &str) -> String {
    let lock = include_str!("../Cargo.lock");
    let needle = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == needle
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = "))
        {
            return version.trim_matches('"').to_owned();
        }
    }
    "?".to_owned()
}

fn nproc() -> String {
    std::process::Command::new("nproc")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            std::thread::available_parallelism().map_or("?".to_owned(), |n| n.to_string())
        })
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "?".to_owned())
}

/// Every candidate must accept every record and agree on the top-level key count.
fn validate(texts: &[String]) {
    for (i, text) in texts.iter().enumerate() {
        let reference = run_serde_yaml(std::slice::from_ref(text));
        for candidate in CANDIDATES {
            let got = (candidate.run)(std::slice::from_ref(text));
            assert_eq!(
                got, reference,
                "record {i}: {} disagrees on key count\n{text}",
                candidate.label
            );
        }
    }
}

fn micros_per_record(d: Duration, n: usize) -> f64 {
    d.as_secs_f64() * 1e6 / n as f64
}

fn bench(n: usize) {
    let texts = corpus::corpus(n);
    let bytes: usize = texts.iter().map(String::len).sum();
    let share = |pred: &dyn Fn(&str) -> bool| {
        let hits = texts.iter().filter(|t| pred(t)).count();
        format!("{:.1}%", hits as f64 * 100.0 / n as f64)
    };

    println!("# yaml-choice benchmark\n");
    println!("- records: {n}");
    println!(
        "- mix: meetings {}, with comment line {}, with quoted string {}, \
         with flow list {}, with literal block {}",
        share(&|t| t.contains("type: meeting")),
        share(&|t| t.lines().any(|l| l.starts_with('#'))),
        share(&|t| t.contains(": \"") || t.contains(": '")),
        share(&|t| t.contains(": [")),
        share(&|t| t.contains(": |")),
    );
    println!(
        "- total bytes parsed per pass: {bytes} ({:.1} bytes/record)",
        bytes as f64 / n as f64
    );
    println!("- nproc: {}", nproc());
    println!("- cpu: {}", cpu_model());
    println!(
        "- single-threaded, {ROUNDS} rounds, candidates alternate within each round; \
         build profile: {}",
        if cfg!(debug_assertions) {
            "DEBUG (numbers are meaningless)"
        } else {
            "release"
        }
    );
    println!("\nSample record (#0):\n\n```yaml\n{}```\n", texts[0]);
    if let Some(meeting) = texts.iter().find(|t| t.contains("type: meeting")) {
        println!("Sample meeting record:\n\n```yaml\n{meeting}```\n");
    }

    validate(&texts);
    println!(
        "Validation: all {n} records parsed by all 6 candidates with equal top-level key counts.\n"
    );

    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(ROUNDS); CANDIDATES.len()];
    for _ in 0..ROUNDS {
        for (i, candidate) in CANDIDATES.iter().enumerate() {
            let start = Instant::now();
            black_box((candidate.run)(black_box(&texts)));
            times[i].push(start.elapsed());
        }
    }

    println!("Raw timings (ms per full pass over all records):\n");
    println!("| candidate | run 1 | run 2 | run 3 |");
    println!("|---|---:|---:|---:|");
    for (candidate, runs) in CANDIDATES.iter().zip(&times) {
        let cells: Vec<String> = runs
            .iter()
            .map(|d| format!("{:.1}", d.as_secs_f64() * 1e3))
            .collect();
        println!("| {} | {} |", candidate.label, cells.join(" | "));
    }

    let stats: Vec<(f64, f64)> = times
        .iter()
        .map(|runs| {
            let mut sorted = runs.clone();
            sorted.sort();
            (
                micros_per_record(sorted[0], n),
                micros_per_record(sorted[sorted.len() / 2], n),
            )
        })
        .collect();
    let fastest = stats.iter().map(|s| s.0).fold(f64::INFINITY, f64::min);

    println!("\nResults (relative = best / fastest best):\n");
    println!(
        "| crate | version | µs/record best | µs/record median | relative to fastest \
         | positions of keys and values available? | maintained? |"
    );
    println!("|---|---|---:|---:|---:|---|---|");
    for (candidate, (best, median)) in CANDIDATES.iter().zip(&stats) {
        println!(
            "| {} | {} | {best:.2} | {median:.2} | {:.2}× | {} | {} |",
            candidate.label,
            locked_version(candidate.package),
            best / fastest,
            candidate.positions,
            candidate.maintained,
        );
    }
    println!("\nThroughput at best time:\n");
    for (candidate, (best, _)) in CANDIDATES.iter().zip(&stats) {
        let mb_per_s = bytes as f64 / (best * n as f64);
        println!("- {}: {mb_per_s:.1} MB/s", candidate.label);
    }
}

fn main() {
    let arg = std::env::args().nth(1);
    match arg.as_deref() {
        Some("--spans") => spans::dump_all(),
        Some(n) => bench(n.parse().expect("first argument must be N (record count)")),
        None => bench(DEFAULT_N),
    }
}
