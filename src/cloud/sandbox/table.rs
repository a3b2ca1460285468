//! Keyed collections of the simulated account that remember what the call in progress
//! changed, so a call costs what it touches, not the size of the account: a failed call is
//! undone entry by entry, and a successful one is persisted as the entries it changed (see
//! `log.rs`).

use std::any::Any;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

thread_local! {
    /// Set while the "rest" of an account is serialised: every table then writes as empty.
    static WITHOUT_TABLES: Cell<bool> = const { Cell::new(false) };
}

/// The account's fields outside its tables, as JSON (small: ids, settings, region names).
pub(crate) fn rest<T: Serialize>(data: &T) -> Value {
    WITHOUT_TABLES.with(|f| f.set(true));
    // A map with string keys always serialises; Null would only stand for an impossible failure.
    let v = serde_json::to_value(data).unwrap_or(Value::Null);
    WITHOUT_TABLES.with(|f| f.set(false));
    v
}

/// A map from names or ARNs to objects. Reads go through `Deref` to the map; every change goes
/// through a method here, which first keeps the entry's value from before the call.
#[derive(Debug, Clone)]
pub(crate) struct Table<V> {
    map: BTreeMap<String, V>,
    /// What each key changed by the call in progress held before it (`None`: absent).
    before: BTreeMap<String, Option<V>>,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table { map: BTreeMap::new(), before: BTreeMap::new() }
    }
}

impl<V: PartialEq> PartialEq for Table<V> {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl<V> Deref for Table<V> {
    type Target = BTreeMap<String, V>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl<V: Serialize> Serialize for Table<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if WITHOUT_TABLES.with(Cell::get) {
            BTreeMap::<String, V>::new().serialize(s)
        } else {
            self.map.serialize(s)
        }
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Table<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Table { map: BTreeMap::deserialize(d)?, before: BTreeMap::new() })
    }
}

impl<V: Clone> FromIterator<(String, V)> for Table<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        Table { map: iter.into_iter().collect(), before: BTreeMap::new() }
    }
}

impl<V: Clone> Table<V> {
    fn keep(&mut self, key: &str) {
        if !self.before.contains_key(key) {
            self.before.insert(key.to_string(), self.map.get(key).cloned());
        }
    }

    /// The entry at `key`, to change.
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        if self.map.contains_key(key) {
            self.keep(key);
        }
        self.map.get_mut(key)
    }

    /// The entry at `key`, made with its default value when absent, to change.
    pub(crate) fn entry_or_default(&mut self, key: &str) -> &mut V
    where
        V: Default,
    {
        self.keep(key);
        self.map.entry(key.to_string()).or_default()
    }

    /// Sets `key` to `value`; returns what it held.
    pub(crate) fn insert(&mut self, key: String, value: V) -> Option<V> {
        self.keep(&key);
        self.map.insert(key, value)
    }

    /// Removes `key`; returns what it held.
    pub(crate) fn remove(&mut self, key: &str) -> Option<V> {
        if self.map.contains_key(key) {
            self.keep(key);
        }
        self.map.remove(key)
    }

    /// Keeps the entries `f` accepts.
    pub(crate) fn retain(&mut self, mut f: impl FnMut(&String, &V) -> bool) {
        let gone: Vec<String> = self.map.iter().filter(|(k, v)| !f(k, v)).map(|(k, _)| k.clone()).collect();
        for k in gone {
            self.remove(&k);
        }
    }

    /// Removes every entry.
    pub(crate) fn clear(&mut self) {
        self.retain(|_, _| false);
    }

    /// Every entry, to change (each may be).
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut V)> {
        let keys: Vec<String> = self.map.keys().cloned().collect();
        for k in &keys {
            self.keep(k);
        }
        self.map.iter_mut()
    }
}

/// What the account file's log and the undo of a failed call need of any table.
pub trait AnyTable {
    /// The entries the call changed, as they are now (`None`: removed).
    fn changed(&self) -> Vec<(String, Option<Value>)>;
    /// Forgets what the entries held before the call (it is committed).
    fn forget(&mut self);
    /// Puts back what the call changed.
    fn undo(&mut self);
    /// Stores another value than the call left at the field `path` (keys into the entry as
    /// the account file writes it; see [`mangled`]) of each entry the call made, and of each
    /// it changed at that field.
    /// How many entries it changed; an error when one cannot hold the value.
    fn mangle(&mut self, path: &[&str]) -> Result<usize, String>;
    /// Sets or removes one entry from its logged JSON (replaying the log).
    fn replay(&mut self, key: String, value: Option<Value>) -> Result<(), serde_json::Error>;
    /// True when the table has no entries.
    fn is_empty(&self) -> bool;
    /// Moves the entries out (to carry them across a reload of the rest of the account).
    fn take(&mut self) -> Box<dyn Any>;
    /// Puts entries taken by `take` back.
    fn put(&mut self, entries: Box<dyn Any>);
}

impl<V: Clone + PartialEq + Serialize + serde::de::DeserializeOwned + 'static> AnyTable for Table<V> {
    fn changed(&self) -> Vec<(String, Option<Value>)> {
        self.before
            .keys()
            .filter(|k| self.map.get(*k) != self.before.get(*k).and_then(Option::as_ref))
            .map(|k| {
                // The account's values are plain data with string keys: serialising cannot fail.
                let now = self.map.get(k).map(|v| serde_json::to_value(v).unwrap_or(Value::Null));
                (k.clone(), now)
            })
            .collect()
    }

    fn forget(&mut self) {
        self.before.clear();
    }

    fn undo(&mut self) {
        for (k, old) in std::mem::take(&mut self.before) {
            match old {
                Some(v) => self.map.insert(k, v),
                None => self.map.remove(&k),
            };
        }
    }

    fn mangle(&mut self, path: &[&str]) -> Result<usize, String> {
        let keys: Vec<String> = self.changed().into_iter().filter(|(_, now)| now.is_some()).map(|(k, _)| k).collect();
        let mut n = 0;
        for key in keys {
            let Some(now) = self.map.get(&key) else { continue };
            // Plain data with string keys: serialising cannot fail (as in `changed`).
            let mut json = serde_json::to_value(now).unwrap_or(Value::Null);
            // Only a value the call sent: in an entry it made, or a field it changed.
            if let Some(Some(old)) = self.before.get(&key) {
                let old = serde_json::to_value(old).unwrap_or(Value::Null);
                if at(&old, path) == at(&json, path) {
                    continue;
                }
            }
            if !mangled(&mut json, path) {
                continue;
            }
            let v: V =
                serde_json::from_value(json).map_err(|e| format!("`{key}` cannot hold another value there: {e}"))?;
            if v == *now {
                // A field the entry's type does not have: dropped when read back.
                return Err(format!("`{key}` has no such field"));
            }
            self.map.insert(key, v);
            n += 1;
        }
        Ok(n)
    }

    fn replay(&mut self, key: String, value: Option<Value>) -> Result<(), serde_json::Error> {
        match value {
            Some(v) => {
                self.map.insert(key, serde_json::from_value(v)?);
            }
            None => {
                self.map.remove(&key);
            }
        }
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    fn take(&mut self) -> Box<dyn Any> {
        Box::new(std::mem::take(&mut self.map))
    }

    fn put(&mut self, entries: Box<dyn Any>) {
        if let Ok(map) = entries.downcast::<BTreeMap<String, V>>() {
            self.map = *map;
        }
    }
}

/// The value at `path` in `entry`, if any.
fn at<'v>(entry: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(entry, |v, p| v.get(*p))
}

/// Changes the value at `path` in `entry` to another of the same kind, as a service that
/// stores something else than it was sent would: a string gets ` (mangled)` appended, a
/// number grows by one, a boolean flips, a list loses its last element (an empty one gains
/// `"mangled"`), a map gains the entry `"mangled": "mangled"`, and a null or missing field
/// becomes `"mangled"`. False when the entry has no object at the path's parent.
pub(crate) fn mangled(entry: &mut Value, path: &[&str]) -> bool {
    let Some((last, parents)) = path.split_last() else { return false };
    let mut at = entry;
    for p in parents {
        match at.get_mut(*p) {
            Some(v) => at = v,
            None => return false,
        }
    }
    let Some(obj) = at.as_object_mut() else { return false };
    let slot = obj.entry(last.to_string()).or_insert(Value::Null);
    *slot = match std::mem::take(slot) {
        Value::String(s) => Value::String(format!("{s} (mangled)")),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Value::from(i.saturating_add(1)),
            (None, Some(f)) => Value::from(f + 1.0),
            (None, None) => Value::Number(n),
        },
        Value::Bool(b) => Value::Bool(!b),
        Value::Array(mut a) => {
            if a.pop().is_none() {
                a.push(Value::from("mangled"));
            }
            Value::Array(a)
        }
        Value::Object(mut m) => {
            m.insert("mangled".into(), Value::from("mangled"));
            Value::Object(m)
        }
        Value::Null => Value::from("mangled"),
    };
    true
}

/// Visits every table of a part of the account, each with its path in the account file
/// (`iam/roles`, `regions/us-east-1/events/rules`).
pub trait Tables {
    fn tables(&mut self, path: &str, f: &mut dyn FnMut(&str, &mut dyn AnyTable));
}

/// Implements [`Tables`] for a struct by listing its table fields.
#[macro_export]
#[doc(hidden)]
macro_rules! sandbox_tables {
    ($ty:ty: $($field:ident),+ $(,)?) => {
        impl $crate::cloud::sandbox::table::Tables for $ty {
            fn tables(
                &mut self,
                path: &str,
                f: &mut dyn FnMut(&str, &mut dyn $crate::cloud::sandbox::table::AnyTable),
            ) {
                $( f(&format!("{path}/{}", stringify!($field)), &mut self.$field); )+
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_committed_as_what_it_changed_or_undone_entry_by_entry() {
        let mut t: Table<u32> = [("a".to_string(), 1), ("b".to_string(), 2)].into_iter().collect();
        *t.get_mut("a").unwrap() = 10;
        t.insert("c".into(), 3);
        t.remove("b");
        t.undo();
        assert_eq!(*t, BTreeMap::from([("a".to_string(), 1), ("b".to_string(), 2)]));
        *t.entry_or_default("a") += 1;
        t.remove("b");
        t.get_mut("missing");
        t.insert("c".into(), 3);
        t.remove("c");
        assert_eq!(t.changed(), [("a".to_string(), Some(Value::from(2))), ("b".to_string(), None)]);
        t.forget();
        assert!(t.changed().is_empty(), "committed");
        t.undo();
        assert_eq!(*t, BTreeMap::from([("a".to_string(), 2)]), "nothing left to undo");
    }

    #[test]
    fn a_mangled_value_is_another_of_the_same_kind() {
        let mut e = serde_json::json!({
            "s": "x", "n": 3, "f": 0.5, "b": true, "l": [1, 2], "e": [], "m": {"k": "v"}, "z": null,
            "nested": {"Name": "t"}
        });
        for f in ["s", "n", "f", "b", "l", "e", "m", "z", "absent"] {
            assert!(mangled(&mut e, &[f]), "{f}");
        }
        assert!(mangled(&mut e, &["nested", "Name"]));
        assert!(!mangled(&mut e, &["missing", "Name"]), "no object to put it in");
        assert!(!mangled(&mut e, &["s", "x"]), "a string holds no fields");
        assert_eq!(
            e,
            serde_json::json!({
                "s": "x (mangled)", "n": 4, "f": 1.5, "b": false, "l": [1], "e": ["mangled"],
                "m": {"k": "v", "mangled": "mangled"}, "z": "mangled", "absent": "mangled",
                "nested": {"Name": "t (mangled)"}
            })
        );
    }

    #[test]
    fn the_rest_of_an_account_leaves_tables_out() {
        #[derive(Serialize)]
        struct Part {
            id: u32,
            rows: Table<u32>,
        }
        let p = Part { id: 7, rows: [("a".to_string(), 1)].into_iter().collect() };
        assert_eq!(rest(&p), serde_json::json!({"id": 7, "rows": {}}));
        assert_eq!(serde_json::to_value(&p).unwrap(), serde_json::json!({"id": 7, "rows": {"a": 1}}));
    }
}
