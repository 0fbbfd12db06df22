//! qbook: a static site generator for question books.
//!
//! The pipeline, stage by stage (see [`pipeline`]):
//!
//! ```text
//! site.toml ──> config ──┐
//! content/  ──> content ─┴─> model::Book ──> check (diagnostics)
//!                             ├─> render (Tera, theme) ──> pages ─┐
//!                             ├─> search (index) ─────────────────┼─> output (temp dir, swap)
//!                             └─> theme (static assets) ──────────┘
//! ```
//!
//! `import` turns a seed document into a content tree; `commands` runs each CLI command.

pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod import;
pub mod init;
pub mod markdown;
pub mod model;
pub mod offline;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod sample;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod stopwords;
pub mod theme;
