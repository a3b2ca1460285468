//! The journal beside a state: an append-only log, fsync'd line by line, of what an apply is
//! about to create and of objects that exist before the state snapshot records them.
//!
//! # Contract
//! - Before a create calls AWS, its intent is appended (address, placement, the planned
//!   object): if the run dies, the object may exist, and the next run looks for it by the
//!   identity the intent names instead of creating a second one or failing on "already exists".
//! - As soon as a create's first call has made something (a role whose inline policies are not
//!   put yet), the object is appended: a run killed mid-create still leaves a record.
//! - The state snapshot remains the record of completed actions; the journal only adds to it.
//!   On the next start, [`replay`] puts each journalled object whose address the snapshot
//!   lacks into the state, and each intent whose address it lacks into `State::pending`.
//! - A line torn by a crash (the last one) is ignored: it was never acknowledged.
//! - When an apply has written its final snapshot, the journal is removed, or rewritten with
//!   the intents whose outcome is still unknown.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{Pending, ResourceState, State, StateError};
use crate::addr::{Address, Mode};
use crate::resources::Obj;

/// One journal line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// A create is about to call AWS.
    Intent { address: Address, provider: String, region: String, planned: Obj, at: String },
    /// The object exists, maybe only partly created: what the verb knew of it.
    Exists { address: Address, provider: String, region: String, object: Obj },
    /// An action completed: the resource as the state records it now (snapshots are written
    /// only every few seconds; this line makes the action durable at once).
    Recorded { resource: Box<ResourceState> },
    /// A delete completed: the address is no longer in the state.
    Removed { address: Address },
}

impl Entry {
    /// The address the entry is about.
    pub fn address(&self) -> &Address {
        match self {
            Entry::Intent { address, .. } | Entry::Exists { address, .. } | Entry::Removed { address } => address,
            Entry::Recorded { resource } => &resource.address,
        }
    }
}

/// Where a journal's records are kept: one record per entry, in append order.
///
/// Contract: `append` returns once the record is durable (on disk, or stored remotely);
/// `records` returns every record appended and not reset, in order, of which only the last may
/// be torn; `reset` replaces them with `keep` so that a crash during it leaves either the old
/// records followed by `keep`, or `keep` alone (replaying a prefix again is harmless: the
/// snapshot already holds its effect, and later records follow it in order).
pub trait JournalLog: Send + Sync {
    /// Where the journal is, as the user would name it.
    fn name(&self) -> String;
    /// Appends one record and waits until it is durable.
    fn append(&self, record: Vec<u8>) -> Result<(), StateError>;
    /// Every record, in order; none when there is no journal.
    fn records(&self) -> Result<Vec<Vec<u8>>, StateError>;
    /// Replaces every record with `keep` (removes the journal when empty).
    fn reset(&self, keep: Vec<Vec<u8>>) -> Result<(), StateError>;
}

/// The journal of one state (a local file, or objects beside a remote state).
#[derive(Clone)]
pub struct Journal {
    log: std::sync::Arc<dyn JournalLog>,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Journal({})", self.log.name())
    }
}

impl Journal {
    /// The journal in the local file at `path`.
    pub fn at(path: impl Into<PathBuf>) -> Journal {
        Journal::in_log(FileLog { path: path.into() })
    }

    /// The journal kept in `log`.
    pub fn in_log(log: impl JournalLog + 'static) -> Journal {
        Journal { log: std::sync::Arc::new(log) }
    }

    /// Where the journal is, for messages.
    pub fn name(&self) -> String {
        self.log.name()
    }

    /// Appends `entry` and waits until it is durable.
    pub fn append(&self, entry: &Entry) -> Result<(), StateError> {
        self.log.append(encode(entry, &self.log.name())?)
    }

    /// Every whole entry, in order; none when there is no journal.
    pub fn read(&self) -> Result<Vec<Entry>, StateError> {
        let records = self.log.records()?;
        let mut out = Vec::with_capacity(records.len());
        for (i, r) in records.iter().enumerate() {
            match serde_json::from_slice(r) {
                Ok(e) => out.push(e),
                // Only the last record can be torn (appends are sequential and durable).
                Err(_) if i + 1 == records.len() => {}
                Err(source) => return Err(StateError::Corrupt { path: self.log.name().into(), source }),
            }
        }
        Ok(out)
    }

    /// Replaces the journal with `keep` (removes it when empty).
    pub fn reset(&self, keep: &[Entry]) -> Result<(), StateError> {
        let name = self.log.name();
        let records = keep.iter().map(|e| encode(e, &name)).collect::<Result<Vec<_>, _>>()?;
        self.log.reset(records)
    }
}

fn encode(entry: &Entry, name: &str) -> Result<Vec<u8>, StateError> {
    serde_json::to_vec(entry).map_err(|e| StateError::Write { path: name.into(), source: io::Error::other(e) })
}

/// A journal in a local file: one JSON line per record, fsync'd after each append.
#[derive(Debug, Clone)]
pub struct FileLog {
    path: PathBuf,
}

impl FileLog {
    fn err(&self, source: io::Error) -> StateError {
        StateError::Write { path: self.path.clone(), source }
    }
}

impl JournalLog for FileLog {
    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn append(&self, mut line: Vec<u8>) -> Result<(), StateError> {
        line.push(b'\n');
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| self.err(e))?;
        }
        let mut open = std::fs::OpenOptions::new();
        open.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut open, crate::fsutil::PRIVATE_MODE);
        let mut f = open.open(&self.path).map_err(|e| self.err(e))?;
        // One write of the whole line: a crash leaves it whole or torn at the end, never mixed.
        f.write_all(&line).map_err(|e| self.err(e))?;
        f.sync_data().map_err(|e| self.err(e))
    }

    fn records(&self) -> Result<Vec<Vec<u8>>, StateError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(vec![]),
            Err(source) => return Err(StateError::Read { path: self.path.clone(), source }),
        };
        Ok(bytes.split(|b| *b == b'\n').filter(|l| !l.trim_ascii().is_empty()).map(<[u8]>::to_vec).collect())
    }

    fn reset(&self, keep: Vec<Vec<u8>>) -> Result<(), StateError> {
        if keep.is_empty() {
            return match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(self.err(e)),
                _ => Ok(()),
            };
        }
        let mut bytes = Vec::new();
        for mut line in keep {
            line.push(b'\n');
            bytes.extend(line);
        }
        // Atomic: the old lines, or `keep` alone.
        crate::fsutil::write_atomic(&self.path, &bytes).map_err(|e| self.err(e))
    }
}

/// Puts leftover journal entries into `state`, in order: completed actions are applied
/// (`Recorded` replaces, `Removed` removes); objects of unfinished creates whose address the
/// state lacks are recorded (their dependencies unknown: empty); intents whose address the
/// state lacks and no object answers become `state.pending`. Returns how many entries changed
/// the state and how many intents were taken.
pub fn replay(state: &mut State, entries: Vec<Entry>) -> (usize, usize) {
    let (mut objects, mut intents) = (0, 0);
    let exists: Vec<Address> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Exists { address, .. } => Some(address.clone()),
            _ => None,
        })
        .collect();
    for e in entries {
        match e {
            Entry::Recorded { resource } => {
                state.put(*resource);
                objects += 1;
                continue;
            }
            Entry::Removed { address } => {
                objects += usize::from(state.remove(&address).is_some());
                continue;
            }
            _ => {}
        }
        if state.get(e.address()).is_some() {
            continue;
        }
        match e {
            Entry::Exists { address, provider, region, object } => {
                state.put(ResourceState {
                    mode: Mode::Managed,
                    type_name: address.type_name.clone(),
                    name: address.name.clone(),
                    address,
                    provider,
                    region,
                    attributes: object,
                    dependencies: vec![],
                    deposed: vec![],
                    sensitive: vec![],
                    terraform: Default::default(),
                });
                objects += 1;
            }
            Entry::Intent { address, provider, region, planned, at } => {
                if exists.contains(&address) || state.pending.iter().any(|p| p.address == address) {
                    continue;
                }
                state.pending.push(Pending { address, provider, region, planned, at });
                intents += 1;
            }
            Entry::Recorded { .. } | Entry::Removed { .. } => {}
        }
    }
    // An intent answered by a later completed action is no intent any more.
    state.pending.retain(|p| state.resources.iter().all(|r| r.address != p.address));
    (objects, intents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent(name: &str) -> Entry {
        Entry::Intent {
            address: Address::managed("aws_iam_role", name),
            provider: "aws".into(),
            region: "us-east-1".into(),
            planned: serde_json::json!({ "name": name }).as_object().unwrap().clone(),
            at: "2026-12-02T00:00:00Z".into(),
        }
    }

    fn exists(name: &str) -> Entry {
        Entry::Exists {
            address: Address::managed("aws_iam_role", name),
            provider: "aws".into(),
            region: "us-east-1".into(),
            object: serde_json::json!({ "name": name, "id": name }).as_object().unwrap().clone(),
        }
    }

    #[test]
    fn entries_survive_a_torn_last_line_and_replay_onto_what_the_state_lacks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.journal");
        let j = Journal::at(&path);
        for e in [intent("a"), exists("a"), intent("b"), intent("c")] {
            j.append(&e).unwrap();
        }
        // A crash mid-write leaves half a line.
        let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(br#"{"kind":"exists","addr"#).unwrap();
        let entries = j.read().unwrap();
        assert_eq!(entries.len(), 4);
        let mut state = State::new();
        state.put(ResourceState {
            address: Address::managed("aws_iam_role", "c"),
            mode: Mode::Managed,
            type_name: "aws_iam_role".into(),
            name: "c".into(),
            provider: "aws".into(),
            region: "us-east-1".into(),
            attributes: Obj::new(),
            dependencies: vec![],
            deposed: vec![],
            sensitive: vec![],
            terraform: Default::default(),
        });
        assert_eq!(replay(&mut state, entries), (1, 1));
        assert_eq!(state.get(&Address::managed("aws_iam_role", "a")).unwrap().attributes["id"], "a");
        assert_eq!(state.pending.len(), 1);
        assert_eq!(state.pending[0].address, Address::managed("aws_iam_role", "b"));
        j.reset(&[]).unwrap();
        assert!(!path.exists());
    }

    #[test]
    fn a_bad_line_before_the_last_is_corruption() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.journal");
        let j = Journal::at(&path);
        std::fs::write(&path, "not json\n{\"kind\":\"intent\"}\n").unwrap();
        assert!(matches!(j.read(), Err(StateError::Corrupt { .. })));
    }
}
