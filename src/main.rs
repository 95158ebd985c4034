// mimalloc: the parser and passes make many small, short-lived allocations; it runs the
// corpus about 10% faster than the system allocator (see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    dockfix::cli::main()
}
