//! baseline: keeps an AWS account's security baseline exactly as declared.
//!
//! Data flows one way: files → parsed config (with spans) → evaluated config → resource graph →
//! plan (stored state × live state × desired config) → rendered plan / applied actions → new
//! state.

pub mod addr;
pub mod diag;
pub mod fsutil;
pub mod lang;
pub mod policy;
pub mod schema;
pub mod cron;
pub mod providers;
pub mod resources;
pub mod config;
pub mod graph;
pub mod state;
pub mod plan;
pub mod apply;
pub mod render;
pub mod cli;
pub mod commands;
