//! The expression language: values, evaluation, functions and reference discovery.

pub mod eval;
pub mod functions;
pub mod value;

pub use eval::{eval, references, NoReferences, RefTarget, Reference, Resolver};
pub use value::Value;
