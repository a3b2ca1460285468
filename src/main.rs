//! The `baseline` binary: parse the command line, run the command, exit with its status.

use clap::Parser;

fn main() {
    // A usage mistake exits 1, as Terraform's do: 2 means "changes" under --detailed-exitcode.
    let args = baseline::cli::terraform_spellings(std::env::args_os().collect());
    let cli = match baseline::cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("Error: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let status = runtime.block_on(baseline::commands::run(cli));
    std::process::exit(status.code());
}
