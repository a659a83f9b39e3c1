fn main() -> std::process::ExitCode {
    deftab::cli::main()
}
