//! The command line, all in one place. `///` comments become the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Default state file, under the repository's `state/` folder (relative to the working
/// directory).
pub const DEFAULT_STATE: &str = "state/baseline.state.json";
/// Default sandbox account file.
pub const DEFAULT_SANDBOX: &str = "state/sandbox.json";

/// Keep an AWS account's security baseline exactly as declared in HCL.
#[derive(Debug, Parser)]
#[command(name = "baseline", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Disable colour (also honoured: the NO_COLOR environment variable).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// List every AWS API call on stderr.
    #[arg(long, global = true)]
    pub debug: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the configuration for mistakes without contacting any account.
    Validate(ValidateArgs),
    /// Show what apply would change.
    Plan(PlanArgs),
    /// Make the account match the configuration, recording the result in the state.
    Apply(ApplyArgs),
    /// Destroy everything the state records.
    Destroy(ApplyArgs),
    /// Inspect the state.
    #[command(subcommand)]
    State(StateCommand),
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Directory holding the *.hcl files.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// Options shared by plan, apply and destroy.
#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    /// Directory holding the *.hcl files.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// State file.
    #[arg(long, value_name = "PATH", default_value = DEFAULT_STATE)]
    pub state: PathBuf,
    /// Run against the embedded sandbox account instead of AWS.
    #[arg(long)]
    pub sandbox: bool,
    /// The sandbox account's file.
    #[arg(long, value_name = "PATH", default_value = DEFAULT_SANDBOX)]
    pub sandbox_file: PathBuf,
    /// Set a variable: NAME=VALUE (strings literally, other types as HCL). Repeatable.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Read variables from an HCL file of `name = value` lines. Repeatable.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// How many cloud operations may run at once.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub parallelism: u16,
}

/// Arguments of `plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// Exit 2 when the plan has changes, 0 when it has none (1 stays an error).
    #[arg(long)]
    pub detailed_exitcode: bool,
}

/// Arguments of `apply` and `destroy`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub auto_approve: bool,
}

#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// List every resource address in the state, one a line.
    List {
        /// State file.
        #[arg(long, value_name = "PATH", default_value = DEFAULT_STATE)]
        state: PathBuf,
    },
    /// Show one resource's recorded attributes.
    Show {
        /// Resource address, e.g. aws_iam_role.events.
        address: String,
        /// State file.
        #[arg(long, value_name = "PATH", default_value = DEFAULT_STATE)]
        state: PathBuf,
    },
}
