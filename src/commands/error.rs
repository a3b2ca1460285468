//! Why a command failed: each variant carries what must be printed about it, and
//! `commands::run` prints it once, through the run's [`Printer`].

use super::Printer;
use crate::cloud::aws::ConnectError;
use crate::diag::{Diags, SourceMap};
use crate::plan::saved::SavedPlanError;
use crate::services::connect::OpenError;
use crate::state::StateError;

/// A command's failure (exit status 1), with what to print about it.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Diagnostics of the configuration: its errors, and the warnings found with them.
    #[error("the configuration has errors")]
    Diags { sources: SourceMap, diags: Diags },
    /// An error without a source location: its code (`baseline::…`), message and hint.
    #[error("{message}")]
    Message { code: &'static str, message: String, help: Option<String> },
    /// Reading, writing or locking the state failed.
    #[error(transparent)]
    State(#[from] StateError),
    /// A saved plan cannot be read, written or used.
    #[error(transparent)]
    SavedPlan(#[from] SavedPlanError),
    /// The default provider could not connect to AWS.
    #[error(transparent)]
    Connect(#[from] ConnectError),
    /// Printed already, where it happened, because what the run printed next must follow it.
    #[error("reported already")]
    Reported,
}

impl CommandError {
    /// An error without a source location, with an optional hint.
    pub fn message(code: &'static str, message: impl Into<String>, help: Option<&str>) -> CommandError {
        CommandError::Message { code, message: message.into(), help: help.map(str::to_string) }
    }

    /// `diags` (some of them errors) against the configuration's `sources`.
    pub fn diags(sources: &SourceMap, diags: Diags) -> CommandError {
        CommandError::Diags { sources: sources.clone(), diags }
    }

    /// Prints this error to stderr (nothing when it was printed already).
    pub fn print(&self, p: &Printer) {
        match self {
            CommandError::Diags { sources, diags } => p.diags(sources, diags),
            CommandError::Message { code, message, help } => p.error(code, message, help.as_deref()),
            CommandError::State(e) => p.report(e),
            CommandError::SavedPlan(e) => p.report(e),
            CommandError::Connect(e) => p.report(e),
            CommandError::Reported => {}
        }
    }

    /// Prints this error now, for output that must come after it; returns [`CommandError::Reported`].
    pub fn printed(self, p: &Printer) -> CommandError {
        self.print(p);
        CommandError::Reported
    }
}

/// Opening the accounts failed: a sandbox file that cannot be loaded, or a provider that cannot
/// connect.
impl From<OpenError> for CommandError {
    fn from(e: OpenError) -> CommandError {
        match e {
            OpenError::Sandbox(e) => CommandError::message(
                "baseline::sandbox::open",
                e.to_string(),
                Some("fix or remove the sandbox file to start a fresh account"),
            ),
            OpenError::Connect(e) => CommandError::Connect(e),
            e @ OpenError::Alias { .. } => CommandError::message("baseline::aws::alias", e.to_string(), None),
        }
    }
}
