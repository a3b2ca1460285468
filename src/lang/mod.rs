//! The expression language: values, evaluation, templates, functions and reference discovery.

pub mod eval;
pub mod functions;
pub mod number;
pub mod refs;
pub mod sensitive;
mod template;
pub mod types;
pub mod unify;
pub mod value;

pub use eval::{eval, eval_scoped, NoReferences, Resolver, Scope};
pub use refs::{references, references_bound, RefTarget, Reference};
pub use types::{Type, Typed};
pub use value::{Kind, Obj, Seq, Value};
