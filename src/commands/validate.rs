//! `baseline validate`: every configuration mistake, without contacting any account.

use super::{load_with, CommandError, ExitStatus, Inputs, Printer};
use crate::cli::ValidateArgs;
use crate::diag::Diags;

/// Loads, checks references and the graph, and evaluates every value that is known
/// without an account (so bad schedules, names and policies are caught here). As
/// `terraform validate`, with every input variable unknown: a module is valid for any value
/// its callers may give, not only for its defaults.
pub fn run(p: &Printer, args: &ValidateArgs) -> Result<ExitStatus, CommandError> {
    let l = load_with(p, &args.dir, Inputs::Unknown, false)?;
    let mut diags = Diags::new();
    crate::plan::validate_values(&l.config, &l.graph, &mut diags);
    if diags.has_errors() {
        return Err(CommandError::Diags { sources: l.config.sources, diags });
    }
    p.diags(&l.config.sources, &diags);
    p.out("Success! The configuration is valid.\n");
    Ok(ExitStatus::Success)
}
