//! The account file's change log: each successful mutating call appends one line (the table
//! entries it changed, and the rest of the account when that changed too) to `FILE.log`
//! beside the account file, so a call costs what it changed, not the size of the account.
//!
//! # Guarantees
//! - A call returns only after its line is written (`write(2)` on an append-only file): a
//!   process killed at any point leaves every completed call on record, as AWS would.
//! - Replaying is idempotent (lines hold values, not operations), so a crash between writing
//!   the whole file and removing the log loses nothing and doubles nothing.
//! - The whole file is rewritten (atomically) when the log outgrows it, when the sandbox is
//!   closed, and when an account is opened with a log left by a killed run; between runs the
//!   file alone is the account, so it can be edited by hand.
//!
//! # Caveats
//! - A last line cut short (killed mid-write) belonged to a call that never returned; it is
//!   ignored. Any other unreadable line makes the account unreadable (`SandboxError::Parse`).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::table::{self, AnyTable};
use super::{AccountFile, SandboxError};

/// Where the log of the account file `path` lives.
pub(crate) fn path_of(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".log");
    PathBuf::from(p)
}

/// One call's changes.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Record {
    /// `(table path, key, value now or null when removed)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) tables: Vec<(String, String, Option<Value>)>,
    /// The rest of the account (see [`table::rest`]) when the call changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) rest: Option<Value>,
}

impl Record {
    pub(crate) fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.rest.is_none()
    }
}

/// Calls `f` on every table of `data` with its path.
pub(crate) fn each_table<D: AccountFile>(data: &mut D, f: &mut dyn FnMut(&str, &mut dyn AnyTable)) {
    data.tables("", f);
}

/// Replaces everything but the tables with `rest` (a [`table::rest`] of the account), keeping
/// every table's entries.
pub(crate) fn reload_rest<D: AccountFile>(data: &mut D, rest: Value) -> Result<(), serde_json::Error> {
    let mut fresh: D = serde_json::from_value(rest)?;
    let mut kept = std::collections::BTreeMap::new();
    each_table(data, &mut |path, t| {
        if !t.is_empty() {
            kept.insert(path.to_string(), t.take());
        }
    });
    // A region the rest lacks but whose tables hold entries stays (its tables name it).
    for path in kept.keys() {
        fresh.make_room(path);
    }
    each_table(&mut fresh, &mut |path, t| {
        if let Some(entries) = kept.remove(path) {
            t.put(entries);
        }
    });
    *data = fresh;
    Ok(())
}

/// Applies one record to `data`.
pub(crate) fn replay<D: AccountFile>(data: &mut D, record: Record) -> Result<(), serde_json::Error> {
    if let Some(rest) = record.rest {
        reload_rest(data, rest)?;
    }
    let mut result = Ok(());
    for (path, key, value) in record.tables {
        data.make_room(&path);
        let mut slot = Some((key, value));
        each_table(data, &mut |p, t| {
            if p == path {
                if let Some((k, v)) = slot.take() {
                    if let Err(e) = t.replay(k, v) {
                        result = Err(e);
                    }
                }
            }
        });
    }
    result
}

/// Reads the account at `path`: the file, then its log if a run left one. Returns whether a
/// log was replayed. A missing file is an empty account.
pub(crate) fn load<D: AccountFile>(path: &Path) -> Result<(D, bool), SandboxError> {
    let parse = |source| SandboxError::Parse { path: path.to_path_buf(), source };
    let mut data = match std::fs::read_to_string(path) {
        Ok(text) if text.trim().is_empty() => D::default(),
        Ok(text) => serde_json::from_str(&text).map_err(parse)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => D::default(),
        Err(source) => return Err(SandboxError::Io { path: path.to_path_buf(), source }),
    };
    let log = path_of(path);
    let text = match std::fs::read(&log) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((data, false)),
        Err(source) => return Err(SandboxError::Io { path: log, source }),
    };
    let lines: Vec<&[u8]> = text.split(|b| *b == b'\n').filter(|l| !l.is_empty()).collect();
    let complete = text.ends_with(b"\n");
    for (i, line) in lines.iter().enumerate() {
        match serde_json::from_slice::<Record>(line) {
            Ok(record) => replay(&mut data, record).map_err(parse)?,
            // The call that was writing it never returned.
            Err(_) if i + 1 == lines.len() && !complete => {}
            Err(e) => return Err(SandboxError::Parse { path: log, source: e }),
        }
    }
    Ok((data, true))
}

/// The open log of an account: appends records and counts its size.
#[derive(Debug, Default)]
pub(crate) struct Log {
    file: Option<std::fs::File>,
    /// Bytes written since the whole file was last written.
    pub(crate) bytes: u64,
}

impl Log {
    /// Appends `record` as one line.
    pub(crate) fn append(&mut self, account: &Path, record: &Record) -> io::Result<()> {
        if self.file.is_none() {
            let mut o = std::fs::OpenOptions::new();
            o.create(true).append(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
            self.file = Some(o.open(path_of(account))?);
        }
        let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
        line.push(b'\n');
        if let Some(f) = &mut self.file {
            f.write_all(&line)?;
        }
        self.bytes += line.len() as u64;
        Ok(())
    }

    /// Forgets the log once the whole file holds everything in it.
    pub(crate) fn clear(&mut self, account: &Path) -> io::Result<()> {
        self.file = None;
        self.bytes = 0;
        match std::fs::remove_file(path_of(account)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// The changes the call in progress made, as a log record.
pub(crate) fn pending<D: AccountFile>(data: &mut D, rest_before: &Value) -> Record {
    let mut record = Record::default();
    each_table(data, &mut |path, t| {
        record.tables.extend(t.changed().into_iter().map(|(k, v)| (path.to_string(), k, v)));
    });
    let rest = table::rest(&*data);
    if rest != *rest_before {
        record.rest = Some(rest);
    }
    record
}
