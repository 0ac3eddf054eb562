#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    return_freed_memory();
    comms::run(std::env::args_os())
}

/// mimalloc keeps the memory a thread frees for 10 ms before giving it
/// back, and commits its arenas ahead of use: at 100,000 records that held
/// half again as much memory as the records (docs/benchmarks.md,
/// "Memory"). Freed memory is given back at once, arenas committed as they
/// are used; the time is the same within the noise.
fn return_freed_memory() {
    // mimalloc v2's `mi_option_e` (mimalloc.h); libmimalloc-sys names only
    // some of them.
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: `mi_option_set` stores a number; it is not thread safe, and
    // no other thread exists yet.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}
