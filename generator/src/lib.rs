//! Turns Bitrix24 REST method pages into typed Rust bindings.
//!
//! Data flows one way, one module per stage:
//!
//! 1. [`source`]: files decoded into a source map; positions for diagnostics.
//! 2. [`parse`]: each file read into a [`page::Page`] (front matter, Yandex-flavoured
//!    Markdown with includes expanded, or the legacy text export).
//! 3. [`extract`]: a page turned into an [`ir::Method`], or skipped with a reason.
//! 4. [`ir`]: the contract between reading and writing.
//! 5. [`emit`]: the IR turned into Rust source, Markdown docs and the crate manifest.
//! 6. [`write`](mod@write): output compared with, or swapped atomically into, the output folder.
//!
//! [`pipeline`] strings the stages together; [`diag`] carries problems found on the way;
//! [`provenance`] records what a generated crate was made from; [`surface`] records its API
//! and [`changes`] compares two APIs ([`changelog`] writes the result out).

pub mod changelog;
pub mod changes;
pub mod combine;
pub mod correct;
pub mod diag;
pub mod emit;
pub mod extract;
pub mod ir;
pub mod layout;
pub mod page;
pub mod par;
pub mod parse;
pub mod pipeline;
pub mod project;
pub mod provenance;
pub mod report;
pub mod snapshot;
pub mod source;
pub mod surface;
mod tsv;
pub mod walk;
pub mod write;
