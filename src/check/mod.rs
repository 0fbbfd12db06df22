//! `qbook check`: everything `build` would reject, plus lint rules, as diagnostics.
//!
//! Loading is lenient here: a file that fails to parse is reported and left out, and the
//! rules run on everything else, so one run shows every problem. Each finding carries a
//! stable rule id ([`rules::RULES`]) and, where it has one, its exact `path:line:col`.

mod format;
mod layout;
mod links;
mod questions;
pub mod rules;
mod similar;
mod words;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use format::{format_diagnostics, OutputFormat};
pub use similar::{similar_pairs, SimilarPair, SimilarityOptions};

use crate::config::read_config;
use crate::config::SiteConfig;
use crate::content::{load_book_lenient, read_text_files, TextFile};
use crate::diagnostic::{Diagnostic, Diagnostics, RuleId, Severity};
use crate::model::{Book, Question};
use crate::pipeline::render_all;
use crate::theme::load_theme;

/// What `check` needs to know.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The book's folder (holding site.toml and content/).
    pub root: PathBuf,
    /// How near-duplicates are found.
    pub similarity: SimilarityOptions,
}

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every finding, sorted by file and position.
    pub diagnostics: Diagnostics,
    /// The book's text files as read, for source snippets.
    pub files: Vec<TextFile>,
    /// The number of questions that loaded.
    pub questions: usize,
}

impl CheckReport {
    /// The number of findings of this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .0
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// What the lint rules look at.
pub(crate) struct Input<'a> {
    /// The questions that loaded.
    pub book: &'a Book,
    /// The configuration (the default one when site.toml is broken).
    pub config: &'a SiteConfig,
    /// Every text file of the book.
    pub files: &'a [TextFile],
    /// The same files' texts by path.
    pub texts: HashMap<&'a Path, &'a str>,
    /// Whether sources.yaml loaded, so that footnotes can be checked against it.
    pub sources_ok: bool,
}

impl<'a> Input<'a> {
    /// The text of the file at `path` (relative to the book root), if it was read.
    pub fn text(&self, path: &Path) -> Option<&'a str> {
        self.texts.get(path).copied()
    }
}

/// Checks the book at `opts.root`: build's own checks, then every lint rule.
pub fn check_book(opts: &CheckOptions) -> CheckReport {
    let mut diags = Diagnostics::default();
    let config = read_config(&opts.root).unwrap_or_else(|mut d| {
        diags.0.append(&mut d.0);
        SiteConfig::default()
    });
    let (book, mut load) = load_book_lenient(&opts.root, &config.load_options());
    diags.0.append(&mut load.0);
    render_checks(&opts.root, &book, &config, &mut diags);
    let files = read_text_files(&opts.root);
    let input = Input {
        book: &book,
        config: &config,
        files: &files,
        texts: files
            .iter()
            .map(|f| (f.path.as_path(), f.text.as_str()))
            .collect(),
        sources_ok: !diags.0.iter().any(|d| d.rule == RuleId::BadSources),
    };
    lint(&input, &opts.similarity, &mut diags);
    finish(&mut diags);
    CheckReport {
        diagnostics: diags,
        files,
        questions: book.question_count(),
    }
}

/// What only theming and rendering find (template errors, reserved level slugs).
fn render_checks(root: &Path, book: &Book, config: &SiteConfig, diags: &mut Diagnostics) {
    match load_theme(root, &config.theme, &config.language) {
        Ok(theme) => {
            if let Err(mut d) = render_all(book, config, &theme, None) {
                diags.0.append(&mut d.0);
            }
        }
        Err(mut d) => diags.0.append(&mut d.0),
    }
}

/// Every lint rule, in turn.
fn lint(input: &Input<'_>, similarity: &SimilarityOptions, diags: &mut Diagnostics) {
    questions::check_questions(input, diags);
    questions::check_hidden_characters(input, diags);
    layout::check_trailing_whitespace(input, diags);
    layout::check_prefixes(input, diags);
    links::check_links(input, diags);
    check_near_duplicates(input.book, similarity, diags);
}

/// Warns about each near-duplicate pair at the later question's title, naming the earlier.
fn check_near_duplicates(book: &Book, opts: &SimilarityOptions, diags: &mut Diagnostics) {
    let questions: Vec<&Question> = book.questions().map(|r| r.question).collect();
    for pair in similar_pairs(&questions, opts) {
        let (a, b) = (questions[pair.first], questions[pair.second]);
        let msg = format!(
            "may ask the same as question {} ({}:{}:{} “{}”); merge them or make the difference clear (similarity {:.2})",
            a.number,
            a.origin.path.display(),
            a.origin.title.line,
            a.origin.title.col,
            a.title,
            pair.score
        );
        diags.push(Diagnostic::warning(
            RuleId::NearDuplicate,
            &b.origin.path,
            Some(b.origin.title),
            msg,
        ));
    }
}

/// Sorted by file and position, each finding once (errors first at one place).
fn finish(diags: &mut Diagnostics) {
    diags.0.sort_by(|a, b| {
        (&a.path, a.pos, b.severity, a.rule, &a.message)
            .cmp(&(&b.path, b.pos, a.severity, b.rule, &b.message))
    });
    diags.0.dedup();
}

/// The exit status `check` should end with: failure on errors, or on warnings when strict.
pub fn fails(report: &CheckReport, strict: bool) -> bool {
    report.count(Severity::Error) > 0 || (strict && report.count(Severity::Warning) > 0)
}

/// Whether `word` (lowercase) is a stop word of near-duplicate detection; `new` skips
/// these when it derives an id from a title.
pub fn is_stop_word(word: &str) -> bool {
    words::is_stop_word(word)
}
