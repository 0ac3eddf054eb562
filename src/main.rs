fn main() -> std::process::ExitCode {
    comms::run(std::env::args_os())
}
