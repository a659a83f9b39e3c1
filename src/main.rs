// mimalloc: deftab allocates many small, short-lived objects on every thread; glibc's
// per-thread arenas grow a page at a time (thousands of mprotect calls) and cost more
// instructions per allocation.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    deftab::cli::main()
}
