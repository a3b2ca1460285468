//! The command line, all in one place. `///` comments become the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The state file's name in the configuration directory, as Terraform names it: each
/// configuration directory has its own state by default.
pub const STATE_FILE: &str = "terraform.tfstate";
/// Where an earlier baseline kept every configuration's state by default (one for all).
pub const LEGACY_STATE: &str = "state/baseline.state.json";
/// Default sandbox account file.
pub const DEFAULT_SANDBOX: &str = "state/sandbox.json";

/// The sandbox file when `--sandbox-file` is not given: one simulated account per user, in the
/// user's data directory (`$XDG_DATA_HOME/baseline/sandbox.json`, else
/// `~/.local/share/baseline/sandbox.json`), the same whatever directory a run starts in.
/// Without a home, `state/sandbox.json` under the working directory.
pub fn default_sandbox_file() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| PathBuf::from(h).join(".local/share")));
    match data {
        Some(d) => d.join("baseline").join("sandbox.json"),
        None => PathBuf::from(DEFAULT_SANDBOX),
    }
}

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
    /// Prepare a directory as `terraform init` does: check the configuration and record the
    /// backend settings (`--backend-config`) the later runs use; there are no providers to
    /// install.
    Init(InitArgs),
    /// Rewrite configuration files in Terraform's canonical style, as `terraform fmt` does
    /// (exit 3 with --check when a file is not formatted, 2 when one does not parse).
    Fmt(FmtArgs),
    /// Check the configuration for mistakes without contacting any account.
    Validate(ValidateArgs),
    /// Show what apply would change.
    Plan(PlanArgs),
    /// Make the account match the configuration, recording the result in the state
    /// (`apply PLANFILE`: exactly a plan saved by `plan --out`).
    Apply(ApplyArgs),
    /// Destroy everything the state records.
    Destroy(DestroyArgs),
    /// Adopt an existing object into the state at ADDRESS, as `terraform import` does: the
    /// resource must be declared; nothing else is planned or changed.
    Import(ImportArgs),
    /// Show a saved plan, or (without FILE) the current state.
    Show(ShowArgs),
    /// Print the outputs recorded by the last apply (one by NAME).
    Output(OutputArgs),
    /// Evaluate expressions against the configuration and the state, one per line of
    /// standard input, as `terraform console`.
    Console(RunArgs),
    /// Inspect the state.
    #[command(subcommand)]
    State(StateCommand),
    /// Remove a lock left by a run that died (S3 backend; a local lock dies with its holder).
    ForceUnlock(ForceUnlockArgs),
    /// Workspaces: one state per account or region with the S3 backend.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// The embedded sandbox: where it is and what it holds, or start it afresh.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
}

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Set the sandbox's organization up: how many member accounts it has and which account
    /// is each service's delegated administrator (so modules written for that account apply).
    /// Keeps what the accounts hold; run it again to change the set-up.
    Init {
        /// The sandbox account's file (the organization's management account).
        #[arg(long, value_name = "PATH", env = "BASELINE_SANDBOX_FILE", default_value_os_t = default_sandbox_file())]
        sandbox_file: PathBuf,
        /// How many member accounts the organization has, besides the management account.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10_000))]
        member_accounts: Option<u32>,
        /// SERVICE=ACCOUNT: make ACCOUNT the delegated administrator of SERVICE (`inspector2`,
        /// `guardduty`, `securityhub`, `access-analyzer`, …; Inspector's and GuardDuty's in every
        /// region).
        /// Repeatable.
        #[arg(long = "delegated-admin", value_name = "SERVICE=ACCOUNT")]
        delegated_admin: Vec<String>,
    },
    /// Where the sandbox is, its accounts and who is using it.
    Show {
        /// The sandbox account's file.
        #[arg(long, value_name = "PATH", env = "BASELINE_SANDBOX_FILE", default_value_os_t = default_sandbox_file())]
        sandbox_file: PathBuf,
    },
    /// Delete the sandbox's accounts (waiting for a run using it), so the next run starts
    /// from empty accounts. States that recorded its objects then plan them as deleted.
    Reset {
        /// The sandbox account's file.
        #[arg(long, value_name = "PATH", env = "BASELINE_SANDBOX_FILE", default_value_os_t = default_sandbox_file())]
        sandbox_file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorkspaceCommand {
    /// List the workspaces, the selected one marked with `*`.
    List {
        #[command(flatten)]
        run: RunArgs,
    },
    /// Print the selected workspace.
    Show {
        #[command(flatten)]
        run: RunArgs,
    },
    /// Create a workspace (an empty state) and select it.
    New {
        name: String,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Select a workspace for the configuration directory (`DIR/.terraform/environment`).
    Select {
        name: String,
        #[command(flatten)]
        run: RunArgs,
    },
}

/// The workspace `workspace select` recorded for `dir`, or `default`.
pub fn selected_workspace(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join(".terraform/environment"))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "default".to_string())
}

/// Arguments of `force-unlock`.
#[derive(Debug, Args)]
pub struct ForceUnlockArgs {
    /// The lock id, as the error naming the holder shows it.
    pub lock_id: String,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

/// How `plan` and `show` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Terraform-style text.
    Text,
    /// Terraform's JSON plan format (`terraform show -json`), for policy tools.
    Json,
    /// A pull-request comment body.
    Markdown,
}

/// Masking of sensitive identifiers in everything printed.
#[derive(Debug, Args, Clone, Default)]
pub struct MaskArgs {
    /// Replace 12-digit AWS account ids with asterisks in all output.
    #[arg(long)]
    pub mask_account_ids: bool,
    /// Replace matches of REGEX with *** in all output. Repeatable.
    #[arg(long = "mask", value_name = "REGEX")]
    pub masks: Vec<String>,
}

/// Arguments of `output`.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// One output; without it, every output (sensitive ones as `<sensitive>`).
    pub name: Option<String>,
    /// As JSON: the value, or every output with its `sensitive` flag and `value`.
    #[arg(long, conflicts_with = "raw")]
    pub json: bool,
    /// The value alone, unquoted (a string, number or bool), for scripts.
    #[arg(long, requires = "name")]
    pub raw: bool,
    /// State file.
    #[arg(long, value_name = "PATH", default_value = STATE_FILE)]
    pub state: PathBuf,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A plan file written by `plan --out`; without it, the current state is shown.
    pub file: Option<PathBuf>,
    /// State file (when showing the state).
    #[arg(long, value_name = "PATH", default_value = STATE_FILE)]
    pub state: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub mask: MaskArgs,
}

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory holding the *.tf or *.hcl files.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// A backend setting kept out of the configuration: KEY=VALUE, or a file of `key = value`
    /// lines. Recorded: plan and apply use it without repeating it.
    #[arg(long = "backend-config", value_name = "KEY=VALUE|FILE")]
    pub backend_config: Vec<String>,
    /// Forget the backend recorded before and record this one, moving no state.
    #[arg(long)]
    pub reconfigure: bool,
    /// Copy the state from the backend recorded before to this one (local file to S3, or S3
    /// to the local file).
    #[arg(long = "migrate-state")]
    pub migrate_state: bool,
    /// `--backend=false`: skip the backend.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL")]
    pub backend: bool,
    /// Accepted for Terraform's workflows (`-input=false`); baseline never prompts here.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL")]
    pub input: bool,
    /// Accepted for Terraform's workflows; there are no providers or modules to download.
    #[arg(long)]
    pub upgrade: bool,
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Directory holding the *.tf or *.hcl files.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// Options shared by plan, apply and destroy.
#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    /// Directory holding the *.tf or *.hcl files.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// State file [default: DIR/terraform.tfstate].
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
    /// Run against the embedded sandbox account instead of AWS.
    #[arg(long)]
    pub sandbox: bool,
    /// A backend setting kept out of the configuration: KEY=VALUE, or a file of `key = value`
    /// lines. Repeatable; later ones win.
    #[arg(long = "backend-config", value_name = "KEY=VALUE|FILE")]
    pub backend_config: Vec<String>,
    /// The most one AWS API operation may take, retries included (e.g. `30s`): a stalled
    /// endpoint fails the resource in bounded time.
    #[arg(long, value_name = "DURATION", default_value = "2m")]
    pub aws_timeout: String,
    /// How long to wait for the state lock held by another run (e.g. `5m`); at once by default.
    #[arg(long, value_name = "DURATION", default_value = "0s")]
    pub lock_timeout: String,
    /// The workspace: with the S3 backend, its state is `workspace_key_prefix/NAME/KEY`
    /// [default: the one `workspace select` chose, else `default`].
    #[arg(long, env = "TF_WORKSPACE", value_name = "NAME")]
    pub workspace: Option<String>,
    /// The sandbox account's file (created on first use; runs on one file take turns).
    #[arg(long, value_name = "PATH", env = "BASELINE_SANDBOX_FILE", default_value_os_t = default_sandbox_file())]
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
    /// Plan only this resource or instance and what it depends on (for exceptions, not
    /// routine use). Repeatable.
    #[arg(long = "target", value_name = "ADDRESS")]
    pub targets: Vec<String>,
    /// Replace this instance even if nothing changed. Repeatable.
    #[arg(long, value_name = "ADDRESS")]
    pub replace: Vec<String>,
}

impl RunArgs {
    /// The workspace: `--workspace` / `TF_WORKSPACE`, else the one recorded by `workspace
    /// select` in `DIR/.terraform/environment` (Terraform's file), else `default`.
    pub fn workspace_name(&self) -> String {
        self.workspace.clone().unwrap_or_else(|| selected_workspace(&self.dir))
    }

    /// The state file: `--state`, else `terraform.tfstate` in the configuration directory.
    pub fn state_path(&self) -> PathBuf {
        self.state.clone().unwrap_or_else(|| self.dir.join(STATE_FILE))
    }
}

/// Arguments of `fmt`: Terraform's, with its defaults.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files and directories to format [default: the current directory]; `-` formats standard
    /// input to standard output.
    pub targets: Vec<PathBuf>,
    /// Print the names of the files that change (`--list=false`: do not).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL")]
    pub list: bool,
    /// Write the result to the files (`--write=false`: do not; with `--list=false` too, print
    /// the results instead).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL")]
    pub write: bool,
    /// Print the differences as a unified diff.
    #[arg(long)]
    pub diff: bool,
    /// Write nothing; exit 3 when any file is not formatted (listing them unless
    /// `--list=false`), 0 when all are.
    #[arg(long)]
    pub check: bool,
    /// Also format the files of subdirectories.
    #[arg(long)]
    pub recursive: bool,
}

/// Arguments of `import`: `baseline import [options] ADDRESS ID [DIR]`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The resource instance to import into, as declared (e.g. `aws_sns_topic.alerts` or
    /// `module.region["us-east-1"].aws_inspector2_enabler.this`).
    pub address: String,
    /// The object's import id, as the resource type takes it (an ARN, a name, …).
    pub id: String,
    #[command(flatten)]
    pub run: RunArgs,
}

/// Arguments of `plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// Exit 2 when the plan has changes (or, with --refresh-only, drift), 0 when none.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Save the plan to FILE, for `baseline apply FILE`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only show changes made outside baseline; plan nothing.
    #[arg(long, conflicts_with = "destroy")]
    pub refresh_only: bool,
    /// Plan to destroy everything the state records (save it with --out, apply it as any plan).
    #[arg(long)]
    pub destroy: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub mask: MaskArgs,
}

/// Arguments of `apply` and `destroy`. For apply, DIR may instead be a plan file saved by
/// `plan --out`: exactly that plan is applied, without planning again.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// Do not ask for confirmation (a saved plan never asks: it was reviewed already).
    #[arg(long)]
    pub auto_approve: bool,
    /// Accept the changes made outside baseline into the state; change nothing in the account.
    #[arg(long)]
    pub refresh_only: bool,
    #[command(flatten)]
    pub mask: MaskArgs,
}

/// Arguments of `destroy`.
#[derive(Debug, Args)]
pub struct DestroyArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub auto_approve: bool,
    #[command(flatten)]
    pub mask: MaskArgs,
}

impl From<DestroyArgs> for ApplyArgs {
    fn from(d: DestroyArgs) -> ApplyArgs {
        ApplyArgs { run: d.run, auto_approve: d.auto_approve, refresh_only: false, mask: d.mask }
    }
}

#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// List the resource addresses in the state, one a line (only those under the ADDRESSes
    /// given: a resource's instances, or a module's resources).
    List {
        addresses: Vec<String>,
        /// State file.
        #[arg(long, value_name = "PATH", default_value = STATE_FILE)]
        state: PathBuf,
    },
    /// Show one resource's recorded attributes.
    Show {
        /// Resource address, e.g. aws_iam_role.events.
        address: String,
        /// State file.
        #[arg(long, value_name = "PATH", default_value = STATE_FILE)]
        state: PathBuf,
    },
    /// Record that objects now belong to another address (a rename), without touching the
    /// account: a resource address moves every instance, an instance address one object.
    Mv {
        /// Where the objects are recorded now, e.g. aws_iam_role.old or aws_iam_role.r[0].
        source: String,
        /// Where they belong, e.g. aws_iam_role.new or aws_iam_role.r["a"].
        destination: String,
        /// Show what would move without writing the state.
        #[arg(long)]
        dry_run: bool,
        /// State file.
        #[arg(long, value_name = "PATH", default_value = STATE_FILE)]
        state: PathBuf,
    },
    /// Print the configuration's state (local or in its backend) as JSON on stdout.
    Pull {
        #[command(flatten)]
        run: RunArgs,
    },
    /// Replace the configuration's state (local or in its backend) with the state in FILE:
    /// the way to move a local state into S3 after adding a backend block.
    Push {
        /// A state file, e.g. DIR/terraform.tfstate.
        file: PathBuf,
        /// Push even over a state of another lineage or a newer serial.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Stop managing objects: remove them from the state and leave them in the account.
    Rm {
        /// Resource or instance addresses.
        #[arg(required = true)]
        addresses: Vec<String>,
        /// Show what would be removed without writing the state.
        #[arg(long)]
        dry_run: bool,
        /// State file.
        #[arg(long, value_name = "PATH", default_value = STATE_FILE)]
        state: PathBuf,
    },
}

/// The command line with Terraform's single-dash spellings (`-out=plan.bin`, `-auto-approve`,
/// `-var 'a=b'`, `-no-color`) written as the long options they are, so a Terraform user's
/// habits and scripts work. Only a word naming a long option of the command given (or a
/// global one) is rewritten; a value such as `-1`, a short option (`-h`) and everything after
/// `--` stay as they are.
pub fn terraform_spellings(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    use clap::CommandFactory;
    let root = Cli::command();
    let mut longs: Vec<String> = root.get_arguments().filter_map(|a| a.get_long().map(String::from)).collect();
    // The subcommand path: each word naming a subcommand of the one before.
    let mut cmd = &root;
    for a in args.iter().skip(1) {
        let Some(word) = a.to_str() else { break };
        match cmd.find_subcommand(word) {
            Some(sub) => {
                cmd = sub;
                longs.extend(sub.get_arguments().filter_map(|a| a.get_long().map(String::from)));
            }
            None if word.starts_with('-') => continue,
            None => break,
        }
    }
    let mut out = Vec::with_capacity(args.len());
    let mut rest = false;
    for a in args {
        let rewritten = match a.to_str() {
            Some("--") => {
                rest = true;
                None
            }
            Some(word) if !rest && word.starts_with('-') && !word.starts_with("--") => {
                let name = word[1..].split('=').next().unwrap_or_default();
                (name.len() > 1 && longs.iter().any(|l| l == name)).then(|| format!("-{word}").into())
            }
            _ => None,
        };
        out.push(rewritten.unwrap_or(a));
    }
    out
}

#[cfg(test)]
mod spelling_tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        let args = line.split(' ').map(std::ffi::OsString::from).collect();
        terraform_spellings(args).into_iter().map(|a| a.to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn terraforms_single_dash_spellings_are_the_long_options() {
        assert_eq!(
            words("baseline plan -no-color -out=plan.bin -var a=b -detailed-exitcode -target=x.y dir"),
            [
                "baseline",
                "plan",
                "--no-color",
                "--out=plan.bin",
                "--var",
                "a=b",
                "--detailed-exitcode",
                "--target=x.y",
                "dir"
            ]
        );
        assert_eq!(words("baseline apply -auto-approve plan.bin"), ["baseline", "apply", "--auto-approve", "plan.bin"]);
        assert_eq!(words("baseline output -json name"), ["baseline", "output", "--json", "name"]);
        // Values, short options, unknown words and what follows `--` stay.
        assert_eq!(
            words("baseline plan --var x=-1 -h -nosuch"),
            ["baseline", "plan", "--var", "x=-1", "-h", "-nosuch"]
        );
        assert_eq!(words("baseline state rm -- -out"), ["baseline", "state", "rm", "--", "-out"]);
        // The parsed result is the same as with the long spelling.
        let cli = Cli::try_parse_from(terraform_spellings(
            ["baseline", "plan", "-out=p.bin", "-var", "a=b"].into_iter().map(Into::into).collect(),
        ));
        assert!(cli.is_ok(), "{:?}", cli.err());
    }
}
