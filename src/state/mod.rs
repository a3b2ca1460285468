//! State: the record of what baseline manages. A local JSON file written atomically after
//! every completed action, with a backup of the version before the run, a lock naming its
//! holder, a lineage (identity of this state's history) and a serial (bumped on each change).

mod lock;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::addr::{Address, Mode};
use crate::fsutil::write_atomic;
use crate::resources::Obj;
pub use lock::{Lock, LockInfo};

/// The on-disk format version.
pub const FORMAT_VERSION: u32 = 1;

/// One managed resource as last seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceState {
    pub address: Address,
    pub mode: Mode,
    #[serde(rename = "type")]
    pub type_name: String,
    pub name: String,
    /// `aws` or `aws.ALIAS`.
    pub provider: String,
    pub region: String,
    pub attributes: Obj,
    /// Resources this one depended on when last applied; destroy order uses them.
    #[serde(default)]
    pub dependencies: Vec<Address>,
    /// Objects replaced with `create_before_destroy` whose deletion has not completed yet
    /// (a failure or crash between the create and the delete): still in the account, so
    /// recorded here until the next apply deletes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deposed: Vec<Obj>,
}

/// An output value as last applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputState {
    pub value: Json,
    #[serde(default)]
    pub sensitive: bool,
}

/// A whole state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    pub baseline_version: String,
    pub lineage: String,
    pub serial: u64,
    pub resources: Vec<ResourceState>,
    #[serde(default)]
    pub outputs: BTreeMap<String, OutputState>,
}

impl State {
    /// A new, empty state with a fresh lineage.
    pub fn new() -> State {
        State {
            version: FORMAT_VERSION,
            baseline_version: env!("CARGO_PKG_VERSION").to_string(),
            lineage: uuid::Uuid::new_v4().to_string(),
            serial: 0,
            resources: Vec::new(),
            outputs: BTreeMap::new(),
        }
    }

    /// The resource at `addr`.
    pub fn get(&self, addr: &Address) -> Option<&ResourceState> {
        self.resources.iter().find(|r| &r.address == addr)
    }

    /// Inserts or replaces a resource, keeping resources sorted so equal states serialise to
    /// equal bytes.
    pub fn put(&mut self, r: ResourceState) {
        self.remove(&r.address);
        let pos = self.resources.partition_point(|x| x.address < r.address);
        self.resources.insert(pos, r);
    }

    /// Removes a resource; returns it if it was there.
    pub fn remove(&mut self, addr: &Address) -> Option<ResourceState> {
        let i = self.resources.iter().position(|r| &r.address == addr)?;
        Some(self.resources.remove(i))
    }

    /// True when both hold the same resources and outputs (ignoring serial and version).
    pub fn same_content(&self, other: &State) -> bool {
        self.lineage == other.lineage && self.resources == other.resources && self.outputs == other.outputs
    }
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

/// Failures reading, writing or locking state.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum StateError {
    #[error("cannot read state file {}: {source}", path.display())]
    #[diagnostic(code(baseline::state::read))]
    Read { path: PathBuf, source: std::io::Error },
    #[error("state file {} is not valid baseline state: {source}", path.display())]
    #[diagnostic(code(baseline::state::corrupt), help("restore it from {}.backup, or from version control", path.display()))]
    Corrupt { path: PathBuf, source: serde_json::Error },
    #[error("state file {} has format version {found}; this baseline reads version {FORMAT_VERSION}", path.display())]
    #[diagnostic(code(baseline::state::version), help("use a newer baseline"))]
    Version { path: PathBuf, found: u32 },
    #[error("cannot write state file {}: {source}", path.display())]
    #[diagnostic(
        code(baseline::state::write),
        help("the previous state is intact; fix the cause and run apply again")
    )]
    Write { path: PathBuf, source: std::io::Error },
    #[error("the state {} is locked by another run: {holder}", path.display())]
    #[diagnostic(
        code(baseline::state::locked),
        help("wait for that run to finish; if it died, its lock was released with it")
    )]
    Locked { path: PathBuf, holder: String },
    #[error("cannot lock state {}: {source}", path.display())]
    #[diagnostic(code(baseline::state::lock))]
    Lock { path: PathBuf, source: std::io::Error },
}

/// A state kept in a local file.
#[derive(Debug, Clone)]
pub struct LocalStore {
    path: PathBuf,
}

impl LocalStore {
    /// A store at `path` (the file need not exist yet).
    pub fn new(path: impl Into<PathBuf>) -> LocalStore {
        LocalStore { path: path.into() }
    }

    /// The state file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The backup file's path (`PATH.backup`).
    pub fn backup_path(&self) -> PathBuf {
        with_suffix(&self.path, ".backup")
    }

    /// Reads the state; `Ok(None)` when there is no state file yet.
    pub fn load(&self) -> Result<Option<State>, StateError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StateError::Read { path: self.path.clone(), source }),
        };
        #[derive(Deserialize)]
        struct Probe {
            version: u32,
        }
        let probe: Probe =
            serde_json::from_slice(&bytes).map_err(|source| StateError::Corrupt { path: self.path.clone(), source })?;
        if probe.version != FORMAT_VERSION {
            return Err(StateError::Version { path: self.path.clone(), found: probe.version });
        }
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|source| StateError::Corrupt { path: self.path.clone(), source })
    }

    /// Takes the state lock for `operation`; released when the returned guard drops.
    pub fn lock(&self, operation: &str) -> Result<Lock, StateError> {
        Lock::acquire(&with_suffix(&self.path, ".lock"), &self.path, operation)
    }

    /// Copies the current state file (if any) to the backup path, atomically.
    pub fn backup(&self) -> Result<(), StateError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => write_atomic(&self.backup_path(), &bytes)
                .map_err(|source| StateError::Write { path: self.backup_path(), source }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(StateError::Read { path: self.path.clone(), source }),
        }
    }

    /// Writes `state` atomically (temp file, fsync, rename).
    pub fn write(&self, state: &State) -> Result<(), StateError> {
        // Equal states serialise to equal bytes: resources are kept sorted, and every map's
        // keys are sorted here.
        let value = serde_json::to_value(state)
            .map_err(|e| StateError::Write { path: self.path.clone(), source: std::io::Error::other(e) })?;
        let mut bytes = serde_json::to_vec_pretty(&crate::policy::sorted(&value))
            .map_err(|e| StateError::Write { path: self.path.clone(), source: std::io::Error::other(e) })?;
        bytes.push(b'\n');
        write_atomic(&self.path, &bytes).map_err(|source| StateError::Write { path: self.path.clone(), source })
    }
}

/// Persists a run's state changes: backs up the pre-run file before the first write, bumps
/// the serial only when the content really changed, and writes atomically every time.
pub struct StateWriter {
    store: LocalStore,
    last: State,
    backed_up: bool,
}

impl StateWriter {
    /// Starts from `current`, the state as it is on disk (or a new one).
    pub fn new(store: LocalStore, current: State) -> StateWriter {
        StateWriter { store, last: current, backed_up: false }
    }

    /// Persists `state` if its content differs from the last persisted version. Returns the
    /// persisted state (with its serial).
    pub fn persist(&mut self, state: &State) -> Result<&State, StateError> {
        if state.same_content(&self.last) && self.store.path().exists() {
            return Ok(&self.last);
        }
        if !self.backed_up {
            self.store.backup()?;
            self.backed_up = true;
        }
        let mut next = state.clone();
        next.serial = self.last.serial + 1;
        next.baseline_version = env!("CARGO_PKG_VERSION").to_string();
        self.store.write(&next)?;
        self.last = next;
        Ok(&self.last)
    }

    /// The last persisted state.
    pub fn current(&self) -> &State {
        &self.last
    }
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(name: &str) -> ResourceState {
        ResourceState {
            address: Address::managed("aws_iam_role", name),
            mode: Mode::Managed,
            type_name: "aws_iam_role".into(),
            name: name.into(),
            provider: "aws".into(),
            region: "us-east-1".into(),
            attributes: Obj::new(),
            dependencies: vec![],
            deposed: vec![],
        }
    }

    #[test]
    fn resources_stay_sorted() {
        let mut s = State::new();
        s.put(res("b"));
        s.put(res("a"));
        s.put(res("b"));
        let names: Vec<_> = s.resources.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn writer_backs_up_once_and_bumps_serial_only_on_change() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path().join("s.json"));
        let mut st = State::new();
        store.write(&st).unwrap();
        let original = std::fs::read(store.path()).unwrap();
        let mut w = StateWriter::new(store.clone(), st.clone());
        st.put(res("a"));
        assert_eq!(w.persist(&st).unwrap().serial, 1);
        assert_eq!(w.persist(&st).unwrap().serial, 1);
        st.put(res("b"));
        assert_eq!(w.persist(&st).unwrap().serial, 2);
        assert_eq!(std::fs::read(store.backup_path()).unwrap(), original);
        let loaded = store.load().unwrap().unwrap();
        assert_eq!(loaded.serial, 2);
        assert_eq!(loaded.resources.len(), 2);
    }

    #[test]
    fn corrupt_and_future_states_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path().join("s.json"));
        std::fs::write(store.path(), "{").unwrap();
        assert!(matches!(store.load(), Err(StateError::Corrupt { .. })));
        std::fs::write(store.path(), r#"{"version": 99}"#).unwrap();
        assert!(matches!(store.load(), Err(StateError::Version { found: 99, .. })));
    }
}
