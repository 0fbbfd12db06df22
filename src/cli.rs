//! The command line: clap derive types only.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// qbook: a static site generator for question books.
#[derive(Debug, Parser)]
#[command(name = "qbook", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder (atomically: a failed build leaves the old one).
    Build(BuildArgs),
    /// Turn a seed-format Markdown document into a content tree.
    Import(ImportArgs),
    /// Create a new, empty book.
    Init(InitArgs),
    /// Print the book (or a level) to PDF with a headless Chromium.
    Pdf(PdfArgs),
}

/// `qbook pdf`.
#[derive(Debug, clap::Args)]
pub struct PdfArgs {
    /// The book's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Only this level: its number (1-based) or slug.
    #[arg(long)]
    pub level: Option<String>,
    /// The interviewer's variant: answers, a 0–3 score box and lines for notes.
    #[arg(long, visible_alias = "answers")]
    pub interviewer: bool,
    /// Paper size.
    #[arg(long, default_value = "a4", value_parser = ["a4", "letter"])]
    pub paper: String,
    /// The PDF to write (default: book.pdf, <level>.pdf, with -interviewer for that variant).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `qbook init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The new book's folder (must not exist or be empty).
    pub dir: PathBuf,
    /// The book's language: `en` or `ru`.
    #[arg(long, default_value = "en", value_parser = ["en", "ru"])]
    pub language: String,
}

/// `qbook build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The book's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: public/ under the root).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Override site.toml's base_url (for example for a local preview).
    #[arg(long)]
    pub base_url: Option<String>,
}

/// `qbook import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The seed-format document.
    pub file: PathBuf,
    /// The content folder to write.
    #[arg(long, default_value = "content")]
    pub into: PathBuf,
    /// Replace an existing content folder.
    #[arg(long)]
    pub force: bool,
}

/// Output formats of `check` (kept here for the CLI's sake).
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-like diagnostics.
    #[default]
    Human,
    /// A JSON array.
    Json,
    /// GitHub workflow commands.
    Github,
}
