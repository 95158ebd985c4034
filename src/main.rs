fn main() -> std::process::ExitCode {
    dockfix::cli::main()
}
