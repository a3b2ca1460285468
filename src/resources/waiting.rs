//! Waiting for AWS to finish what a call only started (Inspector enabling scans, a delegated
//! administrator, a member association), as the Terraform provider's waiters do: bounded by the
//! resource's `timeouts` block, saying what it waits for.

use std::future::Future;
use std::time::{Duration, Instant};

use super::Ctx;
use crate::cloud::{CloudError, CloudResult, ErrorKind};

/// How long a wait lasts without a `timeouts` block. The Terraform provider's Inspector waits
/// are 5 minutes, which large organisations find too short.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(15 * 60);

/// Calls `pending` until it answers `None` (done); while it answers `Some(what)` (what has not
/// finished, with its status), says so about every 30 s and polls again (every 250 ms at first,
/// backing off to 10 s). Fails after `ctx.timeout` (default [`DEFAULT_WAIT`]) with what had
/// not finished; `block` names the `timeouts` argument that would allow longer.
pub async fn until_done<F, Fut>(ctx: &Ctx<'_>, doing: &str, block: &str, pending: F) -> CloudResult<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = CloudResult<Option<String>>>,
{
    until_service_done(ctx, ("inspector2", "Inspector"), doing, block, pending).await
}

/// [`until_done`] for another service: `service` is its API name and its name in words.
pub async fn until_service_done<F, Fut>(
    ctx: &Ctx<'_>,
    service: (&'static str, &str),
    doing: &str,
    block: &str,
    mut pending: F,
) -> CloudResult<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = CloudResult<Option<String>>>,
{
    let (api, name) = service;
    let limit = ctx.timeout.unwrap_or(DEFAULT_WAIT);
    let started = Instant::now();
    let mut pause = Duration::from_millis(250);
    let mut told: Option<Instant> = None;
    loop {
        let Some(what) = pending().await? else { return Ok(()) };
        let waited = started.elapsed();
        if waited >= limit {
            return Err(CloudError::new(
                api,
                "Wait",
                ErrorKind::Other,
                "Timeout",
                format!(
                    "{name} was still {doing} {what} after {}s; raise `timeouts {{ {block} = \"30m\" }}` if it needs longer",
                    waited.as_secs()
                ),
            ));
        }
        if told.is_none_or(|t| t.elapsed() >= Duration::from_secs(30)) {
            (ctx.log)(&format!(
                "waiting for {name} to finish {doing} {what} in {} (up to {}s)",
                ctx.region,
                limit.as_secs()
            ));
            told = Some(Instant::now());
        }
        tokio::time::sleep(pause.min(limit - waited)).await;
        pause = (pause * 2).min(Duration::from_secs(10));
    }
}
