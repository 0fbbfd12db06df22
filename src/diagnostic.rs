//! Problems found in input files, each with the place it was found.
//!
//! Every stage that reads user input (import, load, check, theme) reports
//! [`Diagnostic`]s and collects all of them before failing, so one run shows every problem.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::Pos;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing; fails only `check --strict`.
    Warning,
    /// Stops the build.
    Error,
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// A stable rule id (`unknown-key`), for `check --explain` and machine output.
    pub rule: &'static str,
    /// The file, as the user would type it (relative to the book root where possible).
    pub path: PathBuf,
    /// Where in the file, when known.
    pub pos: Option<Pos>,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl Diagnostic {
    /// An error at `path:pos`.
    pub fn error(
        rule: &'static str,
        path: &Path,
        pos: Option<Pos>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            rule,
            path: path.to_path_buf(),
            pos,
            message: message.into(),
        }
    }

    /// A warning at `path:pos`.
    pub fn warning(
        rule: &'static str,
        path: &Path,
        pos: Option<Pos>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(rule, path, pos, message)
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: message` (or `path: message` when there is no position).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(pos) = self.pos {
            write!(f, ":{}:{}", pos.line, pos.col)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Several problems, reported together; an error type for stages that read input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Whether there is no problem at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts by file, then position, so output is stable.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| (&a.path, a.pos).cmp(&(&b.path, b.pos)));
    }
}

impl fmt::Display for Diagnostics {
    /// One problem a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}
