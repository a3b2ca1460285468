//! The state store interface: where a state lives and how it is locked. The local file is one
//! implementation ([`super::LocalStore`]); a remote store goes behind the same trait and must
//! pass the same [`super::conformance`] test.

use async_trait::async_trait;

use super::journal::{Entry, Journal};
use super::{LockInfo, State, StateError};

/// A place that keeps one state.
///
/// Contract: `read` returns exactly what the last successful `write` stored (or `None` before
/// any); a `write` is whole or not at all, never a torn or mixed state; `lock` fails at once with
/// [`StateError::Locked`] naming the holder while another lock is held, and the lock is released
/// when the returned guard drops (or its holder dies); `backup` keeps a copy of the stored state
/// as it is now, for the user to restore by hand.
#[async_trait]
pub trait StateStore: Send + Sync {
    /// Where the state is, as the user would name it (a path, `s3://bucket/key`).
    fn name(&self) -> String;
    /// Reads the state; `Ok(None)` when there is none yet.
    async fn read(&self) -> Result<Option<State>, StateError>;
    /// Takes the state lock for `operation` (`plan`, `apply`, …) on behalf of `who`
    /// (`user@host`, recorded in the lock info).
    async fn lock(&self, operation: &str, who: &str) -> Result<Box<dyn StateLock>, StateError>;
    /// Replaces the stored state with `state`, atomically.
    async fn write(&self, state: &State) -> Result<(), StateError>;
    /// Keeps a copy of the stored state as it is now (nothing when there is none).
    async fn backup(&self) -> Result<(), StateError>;
    /// The journal kept beside the state (see [`super::journal`]), where the store has one.
    fn journal(&self) -> Option<Journal> {
        None
    }
    /// The workspaces that have a state here (`default` always).
    async fn workspaces(&self) -> Result<Vec<String>, StateError> {
        Ok(vec!["default".to_string()])
    }
    /// Removes the lock whose id is `id`, left by a run that died; false when no such lock
    /// is held (a store whose locks die with their holder has none to remove).
    async fn force_unlock(&self, _id: &str) -> Result<bool, StateError> {
        Ok(false)
    }
}

/// A held state lock; dropping it releases the lock.
pub trait StateLock: Send + Sync + std::fmt::Debug {
    /// Who holds the lock, for messages.
    fn info(&self) -> &LockInfo;
}

/// How often an apply writes the whole state snapshot; between snapshots, each completed action
/// is a journal line.
pub const SNAPSHOT_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Persists a run's state changes: backs up the pre-run state before the first write, bumps
/// the serial only when the content really changed, and writes the whole state every time.
pub struct StateWriter {
    store: Box<dyn StateStore>,
    last: State,
    backed_up: bool,
    /// When the last snapshot was written (see [`StateWriter::checkpoint`]).
    snapshot_at: std::time::Instant,
    snapshot_every: std::time::Duration,
    /// Whether the store holds `last` (a new, empty state is not written until it changes,
    /// unless asked to persist it as it is).
    stored: Option<bool>,
}

impl StateWriter {
    /// Starts from `current`, the state as the store holds it (or a new one).
    pub fn new(store: impl StateStore + 'static, current: State) -> StateWriter {
        StateWriter::boxed(Box::new(store), current)
    }

    /// [`StateWriter::new`] for a store chosen at run time.
    pub fn boxed(store: Box<dyn StateStore>, current: State) -> StateWriter {
        StateWriter {
            store,
            last: current,
            backed_up: false,
            stored: None,
            snapshot_at: std::time::Instant::now(),
            snapshot_every: SNAPSHOT_EVERY,
        }
    }

    /// Writes snapshots every `every` instead of [`SNAPSHOT_EVERY`] (tests use zero: a snapshot
    /// after every action, the journal reset as often as it can be).
    pub fn with_snapshot_every(mut self, every: std::time::Duration) -> StateWriter {
        self.snapshot_every = every;
        self
    }

    /// Persists `state` if its content differs from the last persisted version (or nothing is
    /// stored yet). Returns the persisted state (with its serial).
    pub async fn persist(&mut self, state: &State) -> Result<&State, StateError> {
        if state.same_content(&self.last) {
            // Whether the store holds `last` itself: not when `last` carries what a journal
            // replay added (those objects must reach the file before the journal goes).
            if self.stored.is_none() {
                let held = self.store.read().await?;
                self.stored = Some(held.is_some_and(|h| h.same_content(&self.last)));
            }
            if self.stored == Some(true) {
                return Ok(&self.last);
            }
        }
        if !self.backed_up {
            drop(self.check_unchanged().await?);
            self.store.backup().await?;
            self.backed_up = true;
        }
        // The previous record's objects are freed before the new copy is made (a state is a
        // run's largest thing). Should the write fail, `last` is what was meant to be stored
        // and `stored` says the store does not hold it: the next persist writes it again.
        let serial = self.last.serial + 1;
        self.last.resources = Vec::new();
        self.stored = Some(false);
        self.last = state.clone();
        self.last.serial = serial;
        self.last.baseline_version = env!("CARGO_PKG_VERSION").to_string();
        self.store.write(&self.last).await?;
        self.stored = Some(true);
        Ok(&self.last)
    }

    /// Proves, before anything in the account changes, that this run can write its state: the
    /// stored state is still the one read (see `persist`), it is backed up, and the state as
    /// read is written back (a new state is created). Its serial is kept, unless objects
    /// replayed from a journal make it another state than the one stored: then it is the next.
    pub async fn prove(&mut self) -> Result<(), StateError> {
        if self.backed_up {
            return Ok(());
        }
        let replayed = self.check_unchanged().await?.is_some_and(|held| !held.same_content(&self.last));
        self.store.backup().await?;
        self.backed_up = true;
        if replayed {
            self.last.serial += 1;
        }
        self.store.write(&self.last).await?;
        self.stored = Some(true);
        Ok(())
    }

    /// The stored state must still be the one this run read: the lock keeps other baseline
    /// runs out, not people or tools. Returns it (`None` when there is none yet).
    async fn check_unchanged(&self) -> Result<Option<State>, StateError> {
        let held = self.store.read().await?;
        if let Some(stored) = &held {
            let why = if stored.lineage != self.last.lineage {
                Some(format!("it now has lineage {}, not {}", stored.lineage, self.last.lineage))
            } else if stored.serial > self.last.serial {
                Some(format!("its serial went from {} to {}", self.last.serial, stored.serial))
            } else {
                None
            };
            if let Some(why) = why {
                return Err(StateError::Changed { where_: self.store.name(), why });
            }
        }
        Ok(held)
    }

    /// Makes one completed action durable: its `entries` are appended to the journal at once
    /// (O(1)), and the whole snapshot is written only when [`SNAPSHOT_EVERY`] has passed since
    /// the last one, after which the journal keeps only `keep` (the intents of creates still in
    /// progress). Without a journal, every call writes the snapshot.
    pub async fn checkpoint(&mut self, state: &State, entries: &[Entry], keep: &[Entry]) -> Result<(), StateError> {
        let Some(journal) = self.store.journal() else {
            self.persist(state).await?;
            return Ok(());
        };
        for e in entries {
            journal.append(e)?;
        }
        if self.snapshot_at.elapsed() >= self.snapshot_every {
            self.persist(state).await?;
            journal.reset(keep)?;
            self.snapshot_at = std::time::Instant::now();
        }
        Ok(())
    }

    /// The last persisted state (or, after a failed write, the state that write was for).
    pub fn current(&self) -> &State {
        &self.last
    }

    /// The store's journal, for an apply to log intents and objects in.
    pub fn journal(&self) -> Option<Journal> {
        self.store.journal()
    }

    /// After the final snapshot: the journal keeps only `unresolved` (creates whose outcome is
    /// still unknown), or goes.
    pub fn settle_journal(&self, unresolved: &[Entry]) -> Result<(), StateError> {
        match self.store.journal() {
            Some(j) => j.reset(unresolved),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::res;
    use super::super::LocalStore;
    use super::*;

    #[tokio::test]
    async fn writer_backs_up_once_and_bumps_serial_only_on_change() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path().join("s.json"));
        let mut st = State::new();
        store.write(&st).unwrap();
        let original = std::fs::read(store.path()).unwrap();
        let mut w = StateWriter::new(store.clone(), st.clone());
        st.put(res("a"));
        assert_eq!(w.persist(&st).await.unwrap().serial, 1);
        assert_eq!(w.persist(&st).await.unwrap().serial, 1);
        st.put(res("b"));
        assert_eq!(w.persist(&st).await.unwrap().serial, 2);
        assert_eq!(std::fs::read(store.backup_path()).unwrap(), original);
        let loaded = store.load().unwrap().unwrap();
        assert_eq!(loaded.serial, 2);
        assert_eq!(loaded.resources.len(), 2);
    }

    #[tokio::test]
    async fn a_state_replaced_or_written_meanwhile_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path().join("s.json"));
        let mut st = State::new();
        st.serial = 3;
        store.write(&st).unwrap();
        // Someone puts another state (another lineage) in its place.
        let mut w = StateWriter::new(store.clone(), st.clone());
        let mut other = State::new();
        other.serial = 9;
        store.write(&other).unwrap();
        st.put(res("a"));
        assert!(matches!(w.persist(&st).await, Err(StateError::Changed { .. })));
        assert_eq!(store.load().unwrap().unwrap().lineage, other.lineage, "untouched");
        // Or writes a newer serial of the same lineage.
        let mut newer = st.clone();
        newer.serial = 4;
        newer.resources.clear();
        store.write(&newer).unwrap();
        let started = State { serial: 3, resources: vec![], ..st.clone() };
        let mut w = StateWriter::new(store.clone(), started);
        assert!(matches!(w.persist(&st).await, Err(StateError::Changed { .. })));
        assert_eq!(store.load().unwrap().unwrap().serial, 4, "untouched");
    }

    /// A state that carries objects replayed from a journal is written even when this run
    /// changes nothing else (else the journal would go and the objects with it).
    #[tokio::test]
    async fn a_state_with_replayed_objects_is_written_even_without_changes() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path().join("s.json"));
        let stored = State::new();
        store.write(&stored).unwrap();
        let mut replayed = stored.clone();
        replayed.put(res("a"));
        let mut w = StateWriter::new(store.clone(), replayed.clone());
        w.persist(&replayed).await.unwrap();
        assert_eq!(store.load().unwrap().unwrap().resources.len(), 1);
    }

    /// A store whose next write fails when `fail` is set.
    struct Flaky {
        inner: LocalStore,
        fail: std::sync::Arc<std::sync::atomic::AtomicBool>,
    }

    #[async_trait]
    impl StateStore for Flaky {
        fn name(&self) -> String {
            self.inner.name()
        }
        async fn read(&self) -> Result<Option<State>, StateError> {
            self.inner.load()
        }
        async fn lock(&self, operation: &str, who: &str) -> Result<Box<dyn StateLock>, StateError> {
            StateStore::lock(&self.inner, operation, who).await
        }
        async fn write(&self, state: &State) -> Result<(), StateError> {
            if self.fail.swap(false, std::sync::atomic::Ordering::SeqCst) {
                return Err(StateError::Write {
                    path: self.inner.path().to_path_buf(),
                    source: std::io::Error::other("disk full"),
                });
            }
            self.inner.write(state)
        }
        async fn backup(&self) -> Result<(), StateError> {
            self.inner.backup()
        }
    }

    /// A write that fails is not taken for stored: persisting the same state again writes it.
    #[tokio::test]
    async fn a_failed_write_is_written_by_the_next_persist() {
        let dir = tempfile::tempdir().unwrap();
        let inner = LocalStore::new(dir.path().join("s.json"));
        let mut st = State::new();
        inner.write(&st).unwrap();
        let fail = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut w = StateWriter::new(Flaky { inner: inner.clone(), fail: fail.clone() }, st.clone());
        st.put(res("a"));
        w.persist(&st).await.unwrap();
        st.put(res("b"));
        fail.store(true, std::sync::atomic::Ordering::SeqCst);
        assert!(w.persist(&st).await.is_err());
        assert_eq!(inner.load().unwrap().unwrap().resources.len(), 1, "b was not written");
        w.persist(&st).await.unwrap();
        let loaded = inner.load().unwrap().unwrap();
        assert_eq!(loaded.resources.len(), 2);
        assert!(loaded.serial > 1);
    }

    /// Proving writes the state back with its serial, or with the next one when objects
    /// replayed from a journal make it differ from the stored state (one serial, one content).
    #[tokio::test]
    async fn proving_bumps_the_serial_only_for_replayed_objects() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path().join("s.json"));
        let mut stored = State::new();
        stored.serial = 3;
        store.write(&stored).unwrap();
        StateWriter::new(store.clone(), stored.clone()).prove().await.unwrap();
        assert_eq!(store.load().unwrap().unwrap().serial, 3, "unchanged");
        let mut replayed = stored.clone();
        replayed.put(res("a"));
        StateWriter::new(store.clone(), replayed).prove().await.unwrap();
        let held = store.load().unwrap().unwrap();
        assert_eq!((held.serial, held.resources.len()), (4, 1));
    }

    #[tokio::test]
    async fn an_unchanged_new_state_is_written_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path().join("s.json"));
        let fresh = State::new();
        let mut w = StateWriter::new(store.clone(), fresh.clone());
        assert_eq!(w.persist(&fresh).await.unwrap().serial, 1);
        assert_eq!(w.persist(&fresh).await.unwrap().serial, 1);
        assert_eq!(store.load().unwrap().unwrap().serial, 1);
    }
}
