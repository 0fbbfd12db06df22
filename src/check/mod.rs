//! `qbook check`: everything `build` would reject, plus lint rules, as diagnostics.
//!
//! Loading is lenient here: a file that fails to parse is reported and left out, and the
//! rules run on everything else, so one run shows every problem. Each finding carries a
//! stable rule id ([`rules::RULES`]) and, where it has one, its exact `path:line:col`.

mod changes;
mod format;
mod layout;
mod links;
mod questions;
pub mod reviewed;
pub mod rules;
mod similar;
mod words;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use changes::{changed_since, Changes};
pub use format::{format_diagnostics, OutputFormat};
pub use questions::is_hidden_character;
pub use similar::{similar_pairs, SimilarPair, SimilarityOptions};

use crate::config::read_config;
use crate::config::{RuleLevel, SiteConfig};
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
    /// What the rules that compare across the book (near-duplicate, unused-source) look at.
    pub scope: Scope,
}

/// What `check` reports on: the book as it is, a pull request's changes, or everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// Plain `check`: every rule on every file, except the two that compare across the book
    /// (the book's own near-duplicate pairs and uncited sources were reviewed already),
    /// unless site.toml's `[check] rules` sets their level.
    #[default]
    Book,
    /// `--changed-since REV`: warnings only on the changed files; near-duplicates between a
    /// changed question and any other; uncited sources added since REV. Errors anywhere.
    Changed(Changes),
    /// `--whole-book`: plain `check` plus every near-duplicate pair and every uncited source.
    WholeBook,
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
    /// What the rules that compare across the book look at.
    pub scope: &'a Scope,
}

impl<'a> Input<'a> {
    /// Whether a rule that compares across the book (near-duplicate, unused-source) runs on
    /// the whole book: with `--whole-book`, or in plain `check` when site.toml sets its level
    /// (a book that wants it every time).
    pub fn whole_book(&self, rule: RuleId) -> bool {
        match self.scope {
            Scope::WholeBook => true,
            Scope::Changed(_) => false,
            Scope::Book => self
                .config
                .check
                .level(rule)
                .is_some_and(|level| level != RuleLevel::Off),
        }
    }

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
        scope: &opts.scope,
    };
    lint(&input, &opts.similarity, &mut diags);
    apply_levels(&config, &mut diags);
    if let Scope::Changed(changes) = &opts.scope {
        diags
            .0
            .retain(|d| d.severity == Severity::Error || changes.files.contains(&d.path));
    }
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
    check_near_duplicates(input, similarity, diags);
}

/// Warns about near-duplicate pairs in scope, at one question's title, naming the other;
/// pairs recorded in content/reviewed.toml are left out.
fn check_near_duplicates(input: &Input<'_>, opts: &SimilarityOptions, diags: &mut Diagnostics) {
    let questions: Vec<&Question> = input.book.questions().map(|r| r.question).collect();
    let ids: HashSet<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    let text = input.text(Path::new(reviewed::REVIEWED_FILE));
    let reviewed = reviewed::reviewed_pairs(text, &ids, diags);
    let whole_book = input.whole_book(RuleId::NearDuplicate);
    let changed = |q: &Question| match input.scope {
        Scope::Changed(changes) => changes.files.contains(&q.origin.path),
        _ => whole_book,
    };
    if !whole_book && !matches!(input.scope, Scope::Changed(_)) {
        return;
    }
    for pair in similar_pairs(&questions, opts) {
        let (a, b) = (questions[pair.first], questions[pair.second]);
        if reviewed.contains(&reviewed::sorted_pair(&a.id, &b.id)) {
            continue;
        }
        let (other, at) = match (changed(a), changed(b)) {
            (_, true) => (a, b),
            (true, false) => (b, a),
            (false, false) => continue,
        };
        diags.push(near_duplicate(other, at, pair.score));
    }
}

/// The warning on question `at` that it may ask what `other` asks.
fn near_duplicate(other: &Question, at: &Question, score: f64) -> Diagnostic {
    let msg = format!(
        "may ask the same as question {} “{}” ({}:{}); merge them or make the difference clear in the titles, or, if a maintainer agrees they differ, record the pair in content/reviewed.toml (similarity {:.2})",
        other.number,
        other.title,
        other.origin.path.to_string_lossy().replace('\\', "/"),
        other.origin.title.line,
        score
    );
    Diagnostic::warning(
        RuleId::NearDuplicate,
        &at.origin.path,
        Some(at.origin.title),
        msg,
    )
}

/// Turns each finding of a rule the book sets in site.toml to its level (or drops it).
fn apply_levels(config: &SiteConfig, diags: &mut Diagnostics) {
    if config.check.rules.is_empty() {
        return;
    }
    diags.0.retain_mut(|d| match config.check.level(d.rule) {
        None => true,
        Some(RuleLevel::Off) => d.severity == Severity::Error,
        Some(RuleLevel::Warning) => {
            d.severity = d.severity.max(Severity::Warning);
            true
        }
        Some(RuleLevel::Error) => {
            d.severity = Severity::Error;
            true
        }
    });
}

/// Errors first, then warnings, each sorted by file and position, each finding once.
fn finish(diags: &mut Diagnostics) {
    diags.0.sort_by(|a, b| {
        (b.severity, &a.path, a.pos, a.rule, &a.message)
            .cmp(&(a.severity, &b.path, b.pos, b.rule, &b.message))
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
