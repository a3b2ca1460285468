//! `baseline validate`: every configuration mistake, without contacting any account.

use super::{load, CommandError, ExitStatus, Printer};
use crate::cli::ValidateArgs;
use crate::diag::Diags;

/// Loads, checks references and the graph, and evaluates every value that is known
/// without an account (so bad schedules, names and policies are caught here).
pub fn run(p: &Printer, args: &ValidateArgs) -> Result<ExitStatus, CommandError> {
    let l = load(p, &args.dir, None, false)?;
    let mut diags = Diags::new();
    crate::plan::check_values(&l.config, &l.graph, &l.vars, &mut diags);
    if diags.has_errors() {
        return Err(CommandError::Diags { sources: l.config.sources, diags });
    }
    p.diags(&l.config.sources, &diags);
    p.out("Success! The configuration is valid.\n");
    Ok(ExitStatus::Success)
}
