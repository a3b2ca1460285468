//! Terraform's types (cty's), as far as values carry them: a null or an unknown knows what it
//! stands for (`tobool(null)`, an unknown string) and an empty collection knows its element
//! type (`tomap({})` of `map(string)`). Types are interned: a value holds a 4-byte [`TyId`],
//! so carrying one costs no memory in the values that fill a plan.

use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroU32;
use std::sync::{Mutex, OnceLock};

/// A type. `Dynamic` is cty's `DynamicPseudoType`: the type of the `null` literal, of an
/// `any`, of what is not known.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Type {
    Dynamic,
    Bool,
    Number,
    String,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(BTreeMap<String, Type>),
}

impl Type {
    /// True for bool, number and string.
    pub fn is_primitive(&self) -> bool {
        matches!(self, Type::Bool | Type::Number | Type::String)
    }
}

/// An interned [`Type`]. Types come from a configuration's type constraints and the schema,
/// so there are few of them; each is stored once for the life of the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TyId(NonZeroU32);

struct Interner {
    ids: HashMap<&'static Type, TyId>,
    types: Vec<&'static Type>,
}

fn interner() -> &'static Mutex<Interner> {
    static I: OnceLock<Mutex<Interner>> = OnceLock::new();
    I.get_or_init(|| Mutex::new(Interner { ids: HashMap::new(), types: Vec::new() }))
}

impl TyId {
    /// The id of `ty`, storing it the first time it is seen.
    pub fn of(ty: &Type) -> TyId {
        // A poisoned lock only means another thread panicked while inserting; the table is
        // still consistent (insertions complete before the id is published).
        let mut i = interner().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(id) = i.ids.get(ty) {
            return *id;
        }
        let leaked: &'static Type = Box::leak(Box::new(ty.clone()));
        let n = u32::try_from(i.types.len() + 1).unwrap_or(u32::MAX);
        let id = TyId(NonZeroU32::new(n).unwrap_or(NonZeroU32::MAX));
        i.types.push(leaked);
        i.ids.insert(leaked, id);
        id
    }

    /// The type this id stands for.
    pub fn get(self) -> &'static Type {
        let i = interner().lock().unwrap_or_else(|p| p.into_inner());
        // Ids are only made by `of`, which pushed the type at index id - 1.
        i.types.get(self.0.get() as usize - 1).copied().unwrap_or(&Type::Dynamic)
    }
}

/// What a null or an unknown knows of its type: nothing (`None`, a value read from a state or
/// a provider, where the type was not tracked) or a type. Equal to any other `Typed`, so
/// comparisons outside the language (state, plan, diff) see only null and unknown.
/// An unknown may also be known not to be null (cty's `RefineNotNull`: a function's result, a
/// template, `terraform_data`'s `id`), so comparing it with `null` is already `false`.
#[derive(Clone, Copy, Default)]
pub struct Typed {
    id: Option<TyId>,
    not_null: bool,
}

impl Typed {
    /// No type tracked.
    pub const NONE: Typed = Typed { id: None, not_null: false };

    /// A type.
    pub fn of(ty: &Type) -> Typed {
        Typed { id: Some(TyId::of(ty)), not_null: false }
    }

    /// The same, known not to be null.
    pub fn not_null(self) -> Typed {
        Typed { not_null: true, ..self }
    }

    /// True when refined as not null.
    pub fn is_not_null(self) -> bool {
        self.not_null
    }

    /// The type, when one is tracked.
    pub fn ty(self) -> Option<&'static Type> {
        self.id.map(TyId::get)
    }

    /// The `null` literal's: `DynamicPseudoType`.
    pub fn dynamic() -> Typed {
        Typed::of(&Type::Dynamic)
    }

    /// True when the type is `DynamicPseudoType` (not merely untracked).
    pub fn is_dynamic(self) -> bool {
        self.ty() == Some(&Type::Dynamic)
    }
}

impl PartialEq for Typed {
    fn eq(&self, _: &Typed) -> bool {
        true
    }
}

impl std::fmt::Debug for Typed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.ty() {
            Some(t) => write!(f, "{t:?}"),
            None => f.write_str("_"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_gives_one_id_per_type_and_reads_it_back() {
        let a = TyId::of(&Type::List(Box::new(Type::String)));
        let b = TyId::of(&Type::List(Box::new(Type::String)));
        let c = TyId::of(&Type::Map(Box::new(Type::String)));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.get(), &Type::List(Box::new(Type::String)));
        assert_eq!(c.get(), &Type::Map(Box::new(Type::String)));
        assert!(Typed::dynamic().is_dynamic());
        assert!(!Typed::NONE.is_dynamic());
        assert!(!Typed::of(&Type::Bool).is_dynamic());
    }
}
