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

/// Declares [`RuleId`] with each rule's stable id.
macro_rules! rule_ids {
    ($($rule:ident => $id:literal,)*) => {
        /// Every rule a diagnostic can name. `check --explain` knows each (`check/rules.rs`
        /// has a test for that), so no finding can name a rule that is not explained.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $(
                #[doc = concat!("`", $id, "`")]
                $rule,
            )*
        }

        impl RuleId {
            /// Every rule, in the order `check --explain list` shows them.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$rule),*];

            /// The stable id (`trailing-whitespace`), as shown and in machine output.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$rule => $id,)*
                }
            }
        }
    };
}

rule_ids! {
    Io => "io",
    Encoding => "encoding",
    BadConfig => "bad-config",
    FrontMatter => "front-matter",
    DuplicateKey => "duplicate-key",
    MissingTitle => "missing-title",
    BadId => "bad-id",
    BadTag => "bad-tag",
    BadSources => "bad-sources",
    DuplicateId => "duplicate-id",
    BadSlug => "bad-slug",
    FileSize => "file-size",
    ReservedSlug => "reserved-slug",
    Template => "template",
    BadStrings => "bad-strings",
    BadSynonyms => "bad-synonyms",
    BadReviewed => "bad-reviewed",
    PrefixCollision => "prefix-collision",
    UnknownTag => "unknown-tag",
    BrokenLink => "broken-link",
    LocalLink => "local-link",
    MissingSource => "missing-source",
    HiddenCharacter => "hidden-character",
    UnusedSource => "unused-source",
    MissingFollowUps => "missing-follow-ups",
    DuplicateFollowUp => "duplicate-follow-up",
    LongTitle => "long-title",
    TrailingWhitespace => "trailing-whitespace",
    NearDuplicate => "near-duplicate",
    ImportEmpty => "import-empty",
    ImportEmptyTitle => "import-empty-title",
    ImportNumbering => "import-numbering",
    ImportQuestionTitle => "import-question-title",
    ImportSource => "import-source",
    ImportStrayText => "import-stray-text",
    ImportStructure => "import-structure",
    ImportUnclosedBold => "import-unclosed-bold",
}

impl Severity {
    /// `error` or `warning`, as every output format shows it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// The rule, for `check --explain` and machine output.
    pub rule: RuleId,
    /// The file, as the user would type it (relative to the book root where possible).
    pub path: PathBuf,
    /// Where in the file, when known.
    pub pos: Option<Pos>,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl Diagnostic {
    /// An error at `path:pos`.
    pub fn error(rule: RuleId, path: &Path, pos: Option<Pos>, message: impl Into<String>) -> Self {
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
        rule: RuleId,
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

/// The line and column (1-based, in characters) of byte `offset` in `text`, for a single
/// position; several positions in one text go through one [`LineIndex`].
pub fn pos_at(text: &str, offset: usize) -> Pos {
    LineIndex::new(text).pos(offset)
}

/// The path of `path` relative to `root`, as messages name it.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Where the lines of a text start, so that a byte offset becomes a [`Pos`] in time
/// independent of how far into the text it is: the one way qbook turns offsets into
/// positions. Scanning from the start for each finding made `check` quadratic (a 5 MB
/// answer with a link on each line took minutes).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset of each line's start; the first is 0.
    line_starts: Vec<usize>,
    /// The number of characters before each [`CHAR_BLOCK`]-byte block, so that a column on
    /// a long line is counted from the nearest block, not from the line's start.
    chars_before_block: Vec<usize>,
}

/// A piece of one line around a position, from [`LineIndex::excerpt`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt<'a> {
    /// The piece.
    pub text: &'a str,
    /// The position's 1-based column in the piece.
    pub col: usize,
    /// Whether the line goes on before the piece.
    pub cut_before: bool,
    /// Whether the line goes on after the piece.
    pub cut_after: bool,
}

/// Bytes per block of [`LineIndex::chars_before_block`].
const CHAR_BLOCK: usize = 1024;

impl<'a> LineIndex<'a> {
    /// Indexes `text` in one pass.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(newlines(bytes).map(|i| i + 1));
        let mut chars_before_block = Vec::with_capacity(bytes.len() / CHAR_BLOCK + 1);
        let mut chars = 0;
        for block in bytes.chunks(CHAR_BLOCK) {
            chars_before_block.push(chars);
            chars += char_starts(block);
        }
        chars_before_block.push(chars);
        LineIndex {
            text,
            line_starts,
            chars_before_block,
        }
    }

    /// The line and column (1-based, the column in characters) of byte `offset`; an offset
    /// past the end is the end, one inside a character is that character.
    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        Pos::new(
            line,
            self.chars_before(offset) - self.chars_before(start) + 1,
        )
    }

    /// The text of 1-based line `line`, without its line break (`\n` or `\r\n`).
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        let text = &self.text[start..end];
        Some(text.strip_suffix('\r').unwrap_or(text))
    }

    /// Line `pos.line` cut to at most `chars` characters on each side of column `pos.col`
    /// (clamped to the line's end), for showing a finding on a line of any length.
    pub fn excerpt(&self, pos: Pos, chars: usize) -> Option<Excerpt<'a>> {
        let line = self.line(pos.line)?;
        let line_start = self.line_starts[pos.line - 1];
        let line_end = line_start + line.len();
        let at = self.offset_of_char(self.chars_before(line_start) + pos.col.max(1) - 1);
        let at = at.min(line_end);
        let start = self.text[line_start..at]
            .char_indices()
            .rev()
            .take(chars)
            .last()
            .map_or(at, |(i, _)| line_start + i);
        let end = self.text[at..line_end]
            .char_indices()
            .nth(chars)
            .map_or(line_end, |(i, _)| at + i);
        Some(Excerpt {
            text: &self.text[start..end],
            col: self.text[start..at].chars().count() + 1,
            cut_before: start > line_start,
            cut_after: end < line_end,
        })
    }

    /// The byte offset of the character with 0-based index `n` in the text (the end when
    /// there are fewer).
    fn offset_of_char(&self, n: usize) -> usize {
        let block = self.chars_before_block.partition_point(|&c| c <= n) - 1;
        let from = block * CHAR_BLOCK;
        let mut seen = self.chars_before_block[block];
        for (i, &b) in self.text.as_bytes()[from.min(self.text.len())..]
            .iter()
            .enumerate()
        {
            if (b & 0xc0) != 0x80 {
                if seen == n {
                    return from + i;
                }
                seen += 1;
            }
        }
        self.text.len()
    }

    /// The number of characters before byte `offset` (a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        self.chars_before_block[block] + char_starts(&self.text.as_bytes()[from..offset])
    }
}

/// The offsets of the `\n` bytes of `bytes`.
fn newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .map(|(i, _)| i)
}

/// The number of characters starting in `bytes` (bytes that are not UTF-8 continuations).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xc0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The obvious way, from the start of the text, for comparison.
    fn pos_by_scanning(text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos::new(
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }

    #[test]
    fn positions_are_the_scanned_ones_at_every_offset() {
        let long_line = "я".repeat(CHAR_BLOCK) + "x\r\nab";
        for text in ["", "\n", "ab\nвгд", "a\r\n\r\nб\n", long_line.as_str()] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.pos(offset),
                    pos_by_scanning(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn gives_lines_without_their_breaks() {
        let index = LineIndex::new("a\r\nбв\n\nlast");
        let lines: Vec<_> = (0..=5).map(|n| index.line(n)).collect();
        assert_eq!(
            lines,
            [None, Some("a"), Some("бв"), Some(""), Some("last"), None]
        );
        assert_eq!(LineIndex::new("x\n").line(2), Some(""));
    }

    #[test]
    fn cuts_long_lines_around_the_position() {
        let text = format!("x\n{}{}\n", "а".repeat(2000), "b".repeat(2000));
        let index = LineIndex::new(&text);
        let excerpt = index.excerpt(Pos::new(2, 2001), 3).unwrap();
        assert_eq!(
            excerpt,
            Excerpt {
                text: "аааbbb",
                col: 4,
                cut_before: true,
                cut_after: true
            }
        );
        let short = index.excerpt(Pos::new(1, 1), 3).unwrap();
        assert_eq!(
            (short.text, short.col, short.cut_before, short.cut_after),
            ("x", 1, false, false)
        );
        let past_end = index.excerpt(Pos::new(1, 9), 3).unwrap();
        assert_eq!((past_end.text, past_end.col), ("x", 2));
        assert_eq!(index.excerpt(Pos::new(4, 1), 3), None);
    }
}
