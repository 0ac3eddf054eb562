//! The `comms` binary: everything is in the library (`comms::run`).
//!
//! The system allocator: measured against mimalloc at 100,000 records, it
//! holds 10–17 MB less at the peak for the same time within the noise
//! (docs/decisions/0005-allocator.md).

fn main() -> std::process::ExitCode {
    comms::run(std::env::args_os())
}
