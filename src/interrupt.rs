//! SIGINT and SIGTERM (Ctrl-C; CI cancelling a job) for commands that hold a state lock.
//!
//! # Contract
//! - The first signal asks the run to stop: a plan stops at once (it has changed nothing); an
//!   apply starts no new action and lets those in progress finish and be recorded.
//! - The second signal asks the run to stop at once: an apply abandons what is in progress
//!   (the journal already holds each abandoned create's intent, so the next run looks for what
//!   it made), writes the state it knows, and exits.
//! - Either way the run returns through its callers, so the state lock is released: an S3
//!   lock left behind would need `force-unlock` before the next run.
//!
//! The handlers only count signals (an atomic add, safe in a signal handler); the run polls.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How many SIGINT/SIGTERM the process has received.
static SIGNALS: AtomicUsize = AtomicUsize::new(0);
static LISTENING: std::sync::Once = std::sync::Once::new();

/// Takes over SIGINT and SIGTERM from here on (idempotent).
pub fn listen() {
    LISTENING.call_once(|| {
        for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            // SAFETY: the handler does one atomic add: no allocation, no lock, nothing a signal
            // handler may not do.
            let _ = unsafe {
                signal_hook::low_level::register(sig, || {
                    SIGNALS.fetch_add(1, Ordering::SeqCst);
                })
            };
        }
    });
}

/// The first signal has come: start nothing new.
pub fn stop_requested() -> bool {
    SIGNALS.load(Ordering::SeqCst) >= 1
}

/// The second signal has come: stop at once.
pub fn abandon_requested() -> bool {
    SIGNALS.load(Ordering::SeqCst) >= 2
}

/// Returns once `asked` is true (checked every 50 ms): for racing a long await against a signal.
pub async fn until(asked: impl Fn() -> bool) {
    while !asked() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
