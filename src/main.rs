//! The `baseline` binary: parse the command line, run the command, exit with its status.

use clap::Parser;

fn main() {
    let cli = baseline::cli::Cli::parse();
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
