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

/// The types every plan uses (an unknown computed string, a comparison's bool) have fixed ids
/// 1 to 4, made and read without the interner's lock.
static PRIMITIVES: [Type; 4] = [Type::Dynamic, Type::Bool, Type::Number, Type::String];

impl TyId {
    /// The id of `ty`, storing it the first time it is seen.
    pub fn of(ty: &Type) -> TyId {
        let id = |n: usize| TyId(NonZeroU32::new(u32::try_from(n).unwrap_or(u32::MAX)).unwrap_or(NonZeroU32::MAX));
        if let Some(i) = PRIMITIVES.iter().position(|p| p == ty) {
            return id(i + 1);
        }
        // A poisoned lock only means another thread panicked while inserting; the table is
        // still consistent (insertions complete before the id is published).
        let mut i = interner().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(id) = i.ids.get(ty) {
            return *id;
        }
        let leaked: &'static Type = Box::leak(Box::new(ty.clone()));
        let new = id(PRIMITIVES.len() + i.types.len() + 1);
        i.types.push(leaked);
        i.ids.insert(leaked, new);
        new
    }

    /// The type this id stands for.
    pub fn get(self) -> &'static Type {
        let n = self.0.get() as usize;
        if let Some(t) = PRIMITIVES.get(n - 1) {
            return t;
        }
        let i = interner().lock().unwrap_or_else(|p| p.into_inner());
        // Other ids are only made by `of`, which pushed the type after the primitives.
        i.types.get(n - 1 - PRIMITIVES.len()).copied().unwrap_or(&Type::Dynamic)
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
        // Primitives take their fixed ids, whatever was interned before.
        assert_eq!(TyId::of(&Type::String).get(), &Type::String);
        assert_eq!(TyId::of(&Type::Dynamic), TyId::of(&Type::Dynamic));
        assert!(Typed::dynamic().is_dynamic());
        assert!(!Typed::NONE.is_dynamic());
        assert!(!Typed::of(&Type::Bool).is_dynamic());
    }
}
