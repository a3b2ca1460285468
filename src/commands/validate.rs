//! `baseline validate`: every configuration mistake, without contacting any account.

use super::{load, ExitStatus, Printer};
use crate::cli::ValidateArgs;
use crate::diag::Diags;

/// Loads, checks references and the graph, and evaluates every value that is known
/// without an account (so bad schedules, names and policies are caught here).
pub fn run(p: &Printer, args: &ValidateArgs) -> ExitStatus {
    let Some(l) = load(p, &args.dir, None, false) else {
        return ExitStatus::Failure;
    };
    let mut diags = Diags::new();
    crate::plan::check_values(&l.config, &l.graph, &l.vars, &mut diags);
    p.diags(&l.config.sources, &diags);
    if diags.has_errors() {
        return ExitStatus::Failure;
    }
    p.out("Success! The configuration is valid.\n");
    ExitStatus::Success
}
