//! State: the record of what baseline manages, written after every completed action to its
//! store (a local JSON file written atomically, with a backup of the version before the run,
//! or an S3 object, `s3.rs`), with a lock naming its holder, a lineage (identity of this
//! state's history) and a serial (bumped on each change).

pub mod backend;
pub mod conformance;
pub mod journal;
mod local;
mod lock;
pub mod s3;
mod store;
pub mod tfstate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::addr::{Address, Mode};
use crate::resources::Obj;
pub use local::LocalStore;
pub use lock::{current_user, Lock, LockInfo};
pub use store::{StateLock, StateStore, StateWriter};
pub use AccountRecord as Account;

/// The local file store of the state at `path`. The commands choose the store of a run:
/// this one, or the S3 store when the `backend` block says so (`commands::store_of`).
pub fn open_store(path: &Path) -> Box<dyn StateStore> {
    Box::new(LocalStore::new(path))
}

/// The on-disk format version: Terraform's (see `tfstate.rs`).
pub const FORMAT_VERSION: u32 = tfstate::VERSION as u32;

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
    /// Attributes holding a sensitive variable's value when last applied: `show` and
    /// `state show` print them as `(sensitive value)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive: Vec<String>,
    /// What Terraform's state records of the instance beyond its attributes, kept as read
    /// so a state Terraform wrote is written back whole.
    #[serde(default, skip_serializing_if = "TfInstance::is_default")]
    pub terraform: TfInstance,
}

/// An instance's fields of Terraform's state that baseline does not use but keeps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TfInstance {
    /// The provider's schema version of the attributes (`None`: the type's current one).
    pub schema_version: Option<u64>,
    /// The provider's private data (base64), passed back to it untouched.
    pub private: Option<String>,
    /// `tainted`, when Terraform marked the object so.
    pub status: Option<String>,
    pub create_before_destroy: bool,
    /// The `sensitive_attributes` paths as read (they may reach inside attributes).
    pub sensitive_attributes: Option<Json>,
    /// The provider configuration address as read, when it says more than `provider` (a
    /// module's own configuration, another registry host).
    pub provider: Option<String>,
    /// The resource identity (Terraform 1.12+), and its schema version (Terraform 1.12+
    /// writes the version, 0, even where there is no identity; kept as read).
    pub identity: Option<Json>,
    pub identity_schema_version: Option<u64>,
    /// The keys of the deposed objects, in the order of `deposed`, and each one's own
    /// `create_before_destroy`.
    pub deposed_keys: Vec<String>,
    pub deposed_create_before_destroy: Vec<bool>,
    /// Terraform 0.11's flat attributes (`tags.%`, `tags.Name`), as an upgraded state holds
    /// them until the provider next writes the object: written back as `attributes_flat` for
    /// as long as the object's attributes are still these.
    pub attributes_flat: Option<Obj>,
}

impl TfInstance {
    fn is_default(&self) -> bool {
        *self == TfInstance::default()
    }
}

/// The bytes a store writes for `state`: Terraform's state format (`tfstate.rs`); equal states
/// give equal bytes (resources are kept sorted by address).
pub fn to_bytes(state: &State) -> Result<Vec<u8>, serde_json::Error> {
    tfstate::encode(state)
}

/// Reads the bytes of a state file at `path` (Terraform's format, or baseline's earlier one).
pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<State, StateError> {
    tfstate::decode(bytes).map_err(|e| match e {
        tfstate::DecodeError::Corrupt(source) => StateError::Corrupt { path: path.to_path_buf(), source },
        tfstate::DecodeError::Version(found) => StateError::Version { path: path.to_path_buf(), found },
    })
}

impl ResourceState {
    /// This resource holding `attributes` instead of its own (which are not copied).
    pub fn with_attributes(&self, attributes: Obj) -> ResourceState {
        ResourceState {
            address: self.address.clone(),
            mode: self.mode,
            type_name: self.type_name.clone(),
            name: self.name.clone(),
            provider: self.provider.clone(),
            region: self.region.clone(),
            attributes,
            dependencies: self.dependencies.clone(),
            terraform: self.terraform.clone(),
            deposed: self.deposed.clone(),
            sensitive: self.sensitive.clone(),
        }
    }
}

/// An output value as last applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputState {
    pub value: Json,
    /// The value's type in Terraform's JSON notation (`["list","string"]`), as Terraform's
    /// state records it; absent in states written before types were kept.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<Json>,
    #[serde(default)]
    pub sensitive: bool,
}

impl OutputState {
    /// The recorded type, or the one the JSON value implies.
    pub fn type_json(&self) -> Json {
        self.ty.clone().unwrap_or_else(|| crate::render::json::implied_type(&self.value))
    }

    /// The value with the kinds its recorded type gives (a list, not a tuple).
    pub fn typed_value(&self) -> crate::lang::Value {
        crate::lang::unify::from_json_typed(&self.value, &self.type_json())
    }
}

/// The account a provider configuration's objects live in, as the state records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecord {
    pub account_id: String,
    /// True for an account of the embedded sandbox.
    pub sandbox: bool,
}

/// A create whose outcome an interrupted run never learnt (from the journal): the object may
/// exist under the identity `planned` names.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub address: Address,
    pub provider: String,
    pub region: String,
    pub planned: Obj,
    /// When the create was about to call AWS (RFC 3339).
    pub at: String,
}

/// A whole state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// The version of this struct's own JSON shape (baseline's format 1, in which saved plans
    /// and tests see a state); a state file is written in Terraform's format (`tfstate.rs`).
    pub version: u32,
    pub baseline_version: String,
    /// The `terraform_version` of a state Terraform wrote, kept when baseline writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terraform_version: Option<String>,
    pub lineage: String,
    pub serial: u64,
    /// Terraform's `check_results`, kept as read.
    #[serde(default, skip_serializing_if = "Json::is_null")]
    pub check_results: Json,
    /// Per provider configuration (`aws`, `aws.ALIAS`), the account its objects are in: a
    /// state is never used against another account, nor a sandbox state against AWS.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub accounts: BTreeMap<String, AccountRecord>,
    /// Sorted by address (kept so by [`State::put`] and on reading), so look-ups are binary
    /// searches and equal states serialise to equal bytes.
    #[serde(deserialize_with = "sorted_resources")]
    pub resources: Vec<ResourceState>,
    #[serde(default)]
    pub outputs: BTreeMap<String, OutputState>,
    /// Creates of an interrupted run whose outcome is unknown (from its journal; never
    /// written to the state file).
    #[serde(skip)]
    pub pending: Vec<Pending>,
}

impl State {
    /// A new, empty state with a fresh lineage.
    pub fn new() -> State {
        State {
            version: tfstate::LEGACY_VERSION as u32,
            baseline_version: env!("CARGO_PKG_VERSION").to_string(),
            terraform_version: None,
            lineage: uuid::Uuid::new_v4().to_string(),
            serial: 0,
            check_results: Json::Null,
            accounts: BTreeMap::new(),
            resources: Vec::new(),
            outputs: BTreeMap::new(),
            pending: Vec::new(),
        }
    }

    /// The same state without its resources (identity, accounts, outputs, pending creates).
    pub fn without_resources(&self) -> State {
        State {
            version: self.version,
            baseline_version: self.baseline_version.clone(),
            terraform_version: self.terraform_version.clone(),
            lineage: self.lineage.clone(),
            serial: self.serial,
            check_results: self.check_results.clone(),
            accounts: self.accounts.clone(),
            resources: Vec::new(),
            outputs: self.outputs.clone(),
            pending: self.pending.clone(),
        }
    }

    /// The resource at `addr`.
    pub fn get(&self, addr: &Address) -> Option<&ResourceState> {
        let i = self.resources.binary_search_by(|r| r.address.cmp(addr)).ok()?;
        self.resources.get(i)
    }

    /// The resource at `addr`, to change in place (its address must stay).
    pub fn get_mut(&mut self, addr: &Address) -> Option<&mut ResourceState> {
        let i = self.resources.binary_search_by(|r| r.address.cmp(addr)).ok()?;
        self.resources.get_mut(i)
    }

    /// Inserts or replaces a resource, keeping resources sorted so equal states serialise to
    /// equal bytes.
    pub fn put(&mut self, r: ResourceState) {
        match self.resources.binary_search_by(|x| x.address.cmp(&r.address)) {
            Ok(i) => self.resources[i] = r,
            Err(i) => self.resources.insert(i, r),
        }
    }

    /// Removes a resource; returns it if it was there.
    pub fn remove(&mut self, addr: &Address) -> Option<ResourceState> {
        let i = self.resources.binary_search_by(|r| r.address.cmp(addr)).ok()?;
        Some(self.resources.remove(i))
    }

    /// The objects an address names: every instance for a resource address (`aws_x.y`),
    /// the one object for an instance address (`aws_x.y["k"]`, or `aws_x.y` without count).
    pub fn matching(&self, addr: &Address) -> Vec<Address> {
        self.targeted(&crate::addr::Target::Resource(addr.clone()))
    }

    /// The objects a target names: a module's (and its child modules'), a resource's, one
    /// instance; a module step written without a key names every instance of the call.
    pub fn targeted(&self, target: &crate::addr::Target) -> Vec<Address> {
        self.resources.iter().map(|r| &r.address).filter(|a| target.matches(a)).cloned().collect()
    }

    /// Moves the objects at `from` to `to`, as `moved` blocks and `state mv` do: a resource
    /// address moves every instance (keeping its key) to the resource `to`; an instance
    /// address moves one object to the instance `to`. Returns the `(old, new)` pairs; on
    /// `Err` (types differ, or a destination is taken) nothing is changed.
    pub fn move_objects(&mut self, from: &Address, to: &Address) -> Result<Vec<(Address, Address)>, String> {
        if from.type_name != to.type_name || from.mode != to.mode {
            return Err(format!("cannot move `{from}` to `{to}`: an object keeps its resource type"));
        }
        let whole = from.key.is_none() && to.key.is_none();
        let pairs: Vec<(Address, Address)> = self
            .matching(from)
            .into_iter()
            .map(|old| {
                let new = if whole { to.instance(old.key.clone()) } else { to.clone() };
                (old, new)
            })
            .collect();
        if !whole && pairs.len() > 1 {
            return Err(format!("`{from}` has {} instances; move them by resource address or one by one", pairs.len()));
        }
        for (old, new) in &pairs {
            if old != new && self.get(new).is_some() {
                return Err(format!("cannot move `{old}` to `{new}`: `{new}` is already in the state"));
            }
        }
        for (old, new) in &pairs {
            if let Some(mut r) = self.remove(old) {
                r.address = new.clone();
                r.type_name = new.type_name.clone();
                r.name = new.name.clone();
                self.put(r);
            }
        }
        if whole && !pairs.is_empty() {
            for r in &mut self.resources {
                for d in &mut r.dependencies {
                    if d == from {
                        *d = to.clone();
                    }
                }
            }
        }
        Ok(pairs)
    }

    /// Moves every object of the module (instance) `from` into `to`: `module.a` to `module.b`
    /// keeps each object's instance key of `a`; a keyed step moves that instance only.
    /// Returns the `(old, new)` pairs; on `Err` (a destination is taken) nothing changes.
    pub fn move_module(
        &mut self,
        from: &[crate::addr::ModuleStep],
        to: &[crate::addr::ModuleStep],
    ) -> Result<Vec<(Address, Address)>, String> {
        let within = |m: &[crate::addr::ModuleStep]| {
            m.len() >= from.len()
                && m.iter().zip(from).all(|(a, f)| a.name == f.name && (f.key.is_none() || a.key == f.key))
        };
        let pairs: Vec<(Address, Address)> = self
            .resources
            .iter()
            .filter(|r| within(&r.address.module))
            .map(|r| {
                let old = r.address.clone();
                let mut module = to.to_vec();
                // An unkeyed move keeps the key of each instance of the module.
                if let (Some(last), Some(f)) = (module.last_mut(), from.last()) {
                    if last.key.is_none() && f.key.is_none() {
                        last.key = old.module[from.len() - 1].key.clone();
                    }
                }
                module.extend(old.module[from.len()..].iter().cloned());
                let new = Address { module, ..old.clone() };
                (old, new)
            })
            .collect();
        for (old, new) in &pairs {
            if old != new && self.get(new).is_some() {
                return Err(format!("cannot move `{old}` to `{new}`: `{new}` is already in the state"));
            }
        }
        for (old, new) in &pairs {
            if let Some(mut r) = self.remove(old) {
                r.address = new.clone();
                self.put(r);
            }
        }
        let renames: Vec<(Address, Address)> = pairs.iter().map(|(o, n)| (o.config(), n.config())).collect();
        for r in &mut self.resources {
            for d in &mut r.dependencies {
                if let Some((_, n)) = renames.iter().find(|(o, _)| o == d) {
                    *d = n.clone();
                }
            }
        }
        Ok(pairs)
    }

    /// Removes every object `addr` names (see [`State::matching`]) and returns them.
    pub fn remove_objects(&mut self, addr: &Address) -> Vec<ResourceState> {
        self.matching(addr).iter().filter_map(|a| self.remove(a)).collect()
    }

    /// True when both hold the same resources, outputs and accounts (ignoring serial and
    /// version).
    pub fn same_content(&self, other: &State) -> bool {
        self.lineage == other.lineage
            && self.resources == other.resources
            && self.outputs == other.outputs
            && self.accounts == other.accounts
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
    #[error("state file {} has format version {found}; baseline reads Terraform's versions 2 to {FORMAT_VERSION} (and its own earlier format)", path.display())]
    #[diagnostic(
        code(baseline::state::version),
        help("a state written by a newer Terraform needs a newer baseline; one older than Terraform 0.7 is upgraded by any Terraform 0.12+ (`terraform state pull` writes it anew)")
    )]
    Version { path: PathBuf, found: u64 },
    #[error("cannot write state file {}: {source}", path.display())]
    #[diagnostic(
        code(baseline::state::write),
        help("the previous state is intact; fix the cause and run apply again")
    )]
    Write { path: PathBuf, source: std::io::Error },
    #[error("the state {} is locked by another run: {holder}", path.display())]
    #[diagnostic(
        code(baseline::state::locked),
        help("wait for that run to finish (or pass --lock-timeout); a local lock is released when its holder dies, a lock in S3 left by a dead run is removed with `baseline force-unlock LOCK_ID`")
    )]
    Locked { path: PathBuf, holder: String },
    #[error("cannot lock state {}: {source}", path.display())]
    #[diagnostic(code(baseline::state::lock))]
    Lock { path: PathBuf, source: std::io::Error },
    /// The stored state is no longer the one this run started from: another lineage (a
    /// different state put in its place) or a newer serial (written by someone else).
    #[error("the state at {where_} changed under this run: {why}; nothing was written")]
    #[diagnostic(
        code(baseline::state::changed),
        help(
            "run plan again against the state as it is now; if it was replaced by mistake, restore it from its backup"
        )
    )]
    Changed { where_: String, why: String },
    /// A remote store's call failed.
    #[error("state at {where_}: {message}")]
    #[diagnostic(code(baseline::state::remote))]
    Remote { where_: String, message: String },
}

/// `p` with `suffix` appended to its file name (`state.json` → `state.json.lock`).
pub(crate) fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Reads a state's resources into address order (files written by hand or by other tools
/// may list them in any order). An address listed twice is refused: which entry is true cannot
/// be known, and dropping one would lose an object.
fn sorted_resources<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<ResourceState>, D::Error> {
    let mut v: Vec<ResourceState> = serde::Deserialize::deserialize(d)?;
    v.sort_by(|a, b| a.address.cmp(&b.address));
    if let Some(w) = v.windows(2).find(|w| w[0].address == w[1].address) {
        return Err(serde::de::Error::custom(format!("the state lists `{}` twice", w[0].address)));
    }
    Ok(v)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(super) fn res(name: &str) -> ResourceState {
        super::conformance::resource(name)
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
    fn a_state_read_in_any_order_is_sorted_and_a_repeated_address_is_refused() {
        let mut s = State::new();
        s.put(res("a"));
        s.put(res("b"));
        let mut json = serde_json::to_value(&s).unwrap();
        json["resources"].as_array_mut().unwrap().reverse();
        let back: State = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back.resources, s.resources);
        assert!(back.get(&res("a").address).is_some() && back.get(&res("b").address).is_some());
        let first = json["resources"][0].clone();
        json["resources"].as_array_mut().unwrap().push(first);
        let err = serde_json::from_value::<State>(json).unwrap_err().to_string();
        assert!(err.contains("twice"), "{err}");
    }
}
