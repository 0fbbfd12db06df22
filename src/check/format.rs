//! `check`'s findings as text: rustc-like for people, JSON for tools, workflow commands for
//! GitHub Actions (so that findings appear on the pull request's diff).
//!
//! Every format lists errors first, then warnings, each in file and position order. The JSON
//! output is an array of objects, one per finding:
//!
//! ```json
//! [{"rule": "trailing-whitespace", "severity": "warning",
//!   "path": "content/01-osnovy/01-bazovye/010-gil.md", "line": 3, "column": 52,
//!   "message": "trailing whitespace; remove it"}]
//! ```
//!
//! `severity` is `"error"` or `"warning"`; `path` is relative to the book root, with `/`;
//! `line` and `column` are 1-based (columns in characters) and `null` when the finding is
//! about a whole file or folder.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::CheckReport;
use crate::cli::Format;
use crate::diagnostic::{Diagnostic, Excerpt, LineIndex, Severity};

/// How to print findings.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutputFormat<'a> {
    /// human, json or github.
    pub format: Format,
    /// The book's folder as given on the command line; GitHub paths are prefixed with it
    /// (they must be relative to the repository root, where the workflow runs).
    pub root: Option<&'a Path>,
}

/// The whole output of `check` in the chosen format.
pub fn format_diagnostics(report: &CheckReport, out: &OutputFormat<'_>) -> String {
    match out.format {
        Format::Human => human(report),
        Format::Json => json(report),
        Format::Github => github(report, out.root),
    }
}

fn slash_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// At most this many characters of a line are shown on each side of a finding's caret.
const SHOWN_CHARS: usize = 240;

/// rustc-like blocks, then one summary line.
fn human(report: &CheckReport) -> String {
    let texts: HashMap<&Path, &str> = report
        .files
        .iter()
        .map(|f| (f.path.as_path(), f.text.as_str()))
        .collect();
    let mut indexes: HashMap<&Path, LineIndex<'_>> = HashMap::new();
    let mut out = String::new();
    for d in &report.diagnostics.0 {
        let excerpt = d.pos.and_then(|pos| {
            let text = texts.get(d.path.as_path())?;
            let index = indexes
                .entry(d.path.as_path())
                .or_insert_with(|| LineIndex::new(text));
            index.excerpt(pos, SHOWN_CHARS)
        });
        out.push_str(&human_one(d, excerpt));
        out.push('\n');
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// `warning[rule]: message`, ` --> path:line:col`, and the line (or the piece of it around
/// the column) with a caret.
fn human_one(d: &Diagnostic, excerpt: Option<Excerpt<'_>>) -> String {
    let head = format!("{}[{}]: {}", d.severity.name(), d.rule, d.message);
    let Some(pos) = d.pos else {
        return format!("{head}\n --> {}\n", slash_path(&d.path));
    };
    let number = pos.line.to_string();
    let pad = " ".repeat(number.len());
    let mut out = format!(
        "{head}\n{pad}--> {}:{}:{}\n",
        slash_path(&d.path),
        pos.line,
        pos.col
    );
    if let Some(excerpt) = excerpt {
        let (mut shown, mut caret_at) = expand_tabs(excerpt.text, excerpt.col);
        if excerpt.cut_before {
            shown.insert(0, '…');
            caret_at += 1;
        }
        if excerpt.cut_after {
            shown.push('…');
        }
        out.push_str(&format!(
            "{pad} |\n{number} | {shown}\n{pad} | {}^\n",
            " ".repeat(caret_at)
        ));
    }
    out
}

/// The line with tabs as four spaces, and the caret's offset for 1-based column `col`.
fn expand_tabs(line: &str, col: usize) -> (String, usize) {
    let mut shown = String::new();
    let mut caret_at = None;
    for (i, c) in line.chars().enumerate() {
        if i + 1 == col {
            caret_at = Some(shown.chars().count());
        }
        match c {
            '\t' => shown.push_str("    "),
            c => shown.push(c),
        }
    }
    let caret_at = caret_at.unwrap_or_else(|| shown.chars().count());
    (shown, caret_at)
}

/// `error: 2 errors, 1 warning in 130 questions; …`, or `ok: …` when clean; with both
/// errors and warnings, a second line repeats where the errors are (they were printed first,
/// and may have scrolled away above the warnings).
fn summary(report: &CheckReport) -> String {
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let counts = format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(report.questions, "question")
    );
    let hint = "; `qbook check --explain RULE` says more about a rule";
    match (errors, warnings) {
        (0, 0) => format!("ok: {}, no problems", plural(report.questions, "question")),
        (0, _) => format!("warning: {counts}{hint}"),
        (_, 0) => format!("error: {counts}{hint}"),
        _ => format!("error: {counts}{hint}\n{}", error_places(report)),
    }
}

/// At most this many error places are repeated under the summary.
const REPEATED_PLACES: usize = 10;

/// `  errors at: path:line:col [rule], …` for the summary.
fn error_places(report: &CheckReport) -> String {
    let errors: Vec<&Diagnostic> = report
        .diagnostics
        .0
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut places: Vec<String> = errors
        .iter()
        .take(REPEATED_PLACES)
        .map(|d| match d.pos {
            Some(pos) => format!(
                "{}:{}:{} [{}]",
                slash_path(&d.path),
                pos.line,
                pos.col,
                d.rule
            ),
            None => format!("{} [{}]", slash_path(&d.path), d.rule),
        })
        .collect();
    if errors.len() > REPEATED_PLACES {
        places.push(format!("and {} more", errors.len() - REPEATED_PLACES));
    }
    format!("  errors at: {}", places.join(", "))
}

/// One finding of the JSON output.
#[derive(Debug, Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'static str,
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

fn json(report: &CheckReport) -> String {
    let findings: Vec<JsonFinding<'_>> = report
        .diagnostics
        .0
        .iter()
        .map(|d| JsonFinding {
            rule: d.rule.as_str(),
            severity: d.severity.name(),
            path: slash_path(&d.path),
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.col),
            message: &d.message,
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// `::error file=…,line=…,col=…,title=…::message`, one line per finding.
fn github(report: &CheckReport, root: Option<&Path>) -> String {
    let mut out = String::new();
    for d in &report.diagnostics.0 {
        let path = match root {
            Some(root) if root != Path::new(".") && root != Path::new("") => root.join(&d.path),
            _ => d.path.clone(),
        };
        let mut props = format!("file={}", escape_property(&slash_path(&path)));
        if let Some(pos) = d.pos {
            props.push_str(&format!(",line={},col={}", pos.line, pos.col));
        }
        let title = escape_property(&format!("qbook {}", d.rule));
        out.push_str(&format!(
            "::{} {props},title={title}::{}\n",
            d.severity.name(),
            escape_data(&d.message)
        ));
    }
    out
}

/// Escapes a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::RuleId;
    use crate::model::Pos;

    #[test]
    fn draws_a_caret_under_the_column() {
        let d = Diagnostic::warning(
            RuleId::LongTitle,
            Path::new("a.md"),
            Some(Pos::new(12, 3)),
            "m",
        );
        let line = Excerpt {
            text: "\tab ",
            col: 3,
            cut_before: false,
            cut_after: false,
        };
        assert_eq!(
            human_one(&d, Some(line.clone())),
            "warning[long-title]: m\n  --> a.md:12:3\n   |\n12 |     ab \n   |      ^\n"
        );
        let cut = Excerpt {
            cut_before: true,
            cut_after: true,
            ..line
        };
        assert_eq!(
            human_one(&d, Some(cut)),
            "warning[long-title]: m\n  --> a.md:12:3\n   |\n12 | …    ab …\n   |       ^\n"
        );
    }

    #[test]
    fn escapes_workflow_commands() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
    }
}
