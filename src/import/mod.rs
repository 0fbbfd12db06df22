//! Seed-format document → [`Book`] → content tree (`qbook import`).
//!
//! # The seed format
//!
//! The importer reads structure, never words, so a book in any language imports:
//!
//! ```text
//! # Book title                          the book's title; other text before the first level
//!                                       is the book's intro
//! ## **Level 1: Basics (1-25)**         a level; bold and a trailing (N-M) range dropped
//! Level intro text                      optional
//! ### Section                           a section
//! 1. **Question text with `code`?**     a question, numbered 1, 2, 3… across the book
//! **Related interview questions:**      a bold label line, skipped whatever its words
//!     - Follow-up?                      indented bullets (`-`, `*`, `+`): follow-ups
//! Text after the last question          the book's outro
//! [^1]: https://example.org             sources; `[^1]` references are kept as they are
//! ```
//!
//! A leading BOM and CRLF line endings are accepted. Follow-up bullets may be unindented or
//! separated by blank lines, and an indented line right under one continues it. Export
//! leftovers (a line that is one `<img …>` tag, the `⁂` divider alone or inside HTML tags)
//! are dropped with a note. Text between a level heading and its first section is the
//! level's intro; text anywhere else between questions is an error.
//!
//! Every problem is reported as an error at `file:line:col`, all of them in one run.
//! Empty levels and sections are errors, not warnings: an empty folder would make an empty
//! page, and the loader would reject it anyway.
//!
//! Slugs and ids are derived by rule (see `slug`), tags too (see `tags`).

mod build;
mod emit;
mod inline;
mod parse;
mod scan;
mod slug;
mod tags;
mod words;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::diagnostic::Diagnostics;
use crate::model::Book;
use crate::output::write_tree;

pub use emit::content_files;

/// What `qbook import` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The seed document to read.
    pub file: PathBuf,
    /// The content folder to write (usually `content`).
    pub into: PathBuf,
    /// Replace `into` even when it holds files.
    pub force: bool,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The book as imported.
    pub book: Book,
    /// Things dropped on the way, one per line: `seed.md:1: dropped the export's logo <img>`.
    pub notes: Vec<String>,
    /// The folder written.
    pub written: PathBuf,
}

/// Reads the seed `opts.file`, parses it and writes its content tree to `opts.into`.
///
/// Problems in the document come back as an error wrapping [`Diagnostics`] (all of them).
/// A non-empty `into` is refused unless `opts.force`, which replaces it whole, atomically.
pub fn run_import(opts: &ImportOptions) -> anyhow::Result<ImportReport> {
    let text = read_seed(&opts.file)?;
    let (book, notes) = parse_seed(&opts.file, &text)?;
    check_target(&opts.into, opts.force)?;
    write_tree(&opts.into, &content_files(&book))?;
    Ok(ImportReport {
        book: rooted(book, &opts.into),
        notes,
        written: opts.into.clone(),
    })
}

/// The book with each question's origin under `into` (parsing only knows paths inside it).
fn rooted(mut book: Book, into: &Path) -> Book {
    let sections = book.levels.iter_mut().flat_map(|l| l.sections.iter_mut());
    for question in sections.flat_map(|s| s.questions.iter_mut()) {
        question.origin.path = into.join(&question.origin.path);
    }
    book
}

fn read_seed(path: &Path) -> anyhow::Result<String> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        anyhow::anyhow!(
            "{} is not UTF-8 text (bad byte at offset {at}); save it as UTF-8",
            path.display()
        )
    })
}

/// Refuses to write anywhere but a content folder: never a file or a book's root, and a
/// folder with files in it only with `force` and only if it is a content folder (it has an
/// `_index.md`), so that `--force` can never delete anything else.
fn check_target(into: &Path, force: bool) -> anyhow::Result<()> {
    let shown = into.display();
    if fs::symlink_metadata(into).is_ok_and(|m| !m.is_dir()) {
        bail!("{shown} is not a folder; pass a content folder with --into");
    }
    if into.join(CONFIG_FILE).exists() {
        bail!(
            "{shown} is a book's root (it has {CONFIG_FILE}); import writes only its content \
             folder: pass --into {}",
            into.join(CONTENT_DIR).display()
        );
    }
    let has_entries = match fs::read_dir(into) {
        Ok(mut entries) => entries.next().is_some(),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => false,
        Err(err) => bail!("cannot read {shown}: {err}"),
    };
    if has_entries && !force {
        bail!(
            "{shown} already exists and is not empty; pass --force to replace it, or choose \
             another folder with --into"
        );
    }
    if has_entries && !into.join("_index.md").is_file() {
        bail!(
            "{shown} is not a book's content folder (it has no _index.md), so --force will not \
             replace it; choose an empty or new folder with --into"
        );
    }
    Ok(())
}

/// Parses a seed document (`path` is only used in messages) into a book and notes about
/// dropped export leftovers. Pure: reads and writes nothing. Question origins are paths
/// inside the content folder (`01-osnovy-python/01-bazovye-kontseptsii/010-gil.md`).
pub fn parse_seed(path: &Path, text: &str) -> Result<(Book, Vec<String>), Diagnostics> {
    let (outline, notes, diagnostics) = parse::read_outline(path, text);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok((build::build_book(outline), notes))
}

#[cfg(test)]
mod tests;
