//! baseline: keeps an AWS account's security baseline exactly as declared.
//!
//! Data flows one way: files → parsed config (with spans) → evaluated config → resource graph →
//! plan (stored state × live state × desired config) → rendered plan / applied actions → new
//! state.

pub mod addr;
pub mod apply;
pub mod cli;
pub mod cloud;
pub mod commands;
pub mod config;
pub mod cron;
pub mod dag;
pub mod diag;
pub mod fmt;
pub mod fsutil;
pub mod graph;
pub mod interrupt;
pub mod lang;
pub mod plan;
pub mod policy;
pub mod render;
pub mod resources;
pub mod review;
pub mod schema;
pub mod services;
pub mod state;
