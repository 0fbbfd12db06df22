//! Inline Markdown the importer must see through: code spans and bold markers.
//!
//! Both scans are linear in the line's length, whatever the input (no backtracking on
//! unmatched backtick runs), so a hostile megabyte-long line costs a megabyte of work.

use std::collections::{HashMap, VecDeque};

/// A piece of a line: plain text or the content of a code span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Segment<'a> {
    /// Text outside code spans, with its byte offset in the line.
    Text(&'a str, usize),
    /// The content of a code span (between the backtick runs, trimmed).
    Code(&'a str),
}

/// Splits `text` into plain text and code spans, as CommonMark pairs backtick runs.
pub(super) fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    for (open, close, len) in code_spans(text) {
        if open > at {
            out.push(Segment::Text(&text[at..open], at));
        }
        out.push(Segment::Code(text[open + len..close - len].trim()));
        at = close;
    }
    if at < text.len() {
        out.push(Segment::Text(&text[at..], at));
    }
    out
}

/// Byte ranges `(open, close_end, run_len)` of the code spans of `text`.
fn code_spans(text: &str) -> Vec<(usize, usize, usize)> {
    let runs = backtick_runs(text);
    let mut by_len: HashMap<usize, VecDeque<usize>> = HashMap::new();
    for (i, &(_, len)) in runs.iter().enumerate() {
        by_len.entry(len).or_default().push_back(i);
    }
    let mut spans = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        let (start, len) = runs[i];
        let queue = by_len.entry(len).or_default();
        while queue.front().is_some_and(|&j| j <= i) {
            queue.pop_front();
        }
        match queue.front() {
            Some(&j) => {
                spans.push((start, runs[j].0 + len, len));
                i = j + 1;
            }
            None => i += 1,
        }
    }
    spans
}

/// Byte start and length of every run of backticks.
fn backtick_runs(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            runs.push((start, i - start));
        } else {
            i += 1;
        }
    }
    runs
}

/// Byte offsets of the `**` markers of `text`, outside code spans and escapes.
pub(super) fn bold_markers(text: &str) -> Vec<usize> {
    let mut markers = Vec::new();
    for segment in segments(text) {
        if let Segment::Text(part, offset) = segment {
            markers.extend(markers_in(part).into_iter().map(|m| m + offset));
        }
    }
    markers
}

fn markers_in(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut markers = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'*' if bytes.get(i + 1) == Some(&b'*') => {
                markers.push(i);
                i += 2;
            }
            _ => i += 1,
        }
    }
    markers
}

/// A heading's or question's title once its bold markers are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Title {
    /// The title text, inline Markdown.
    Text(String),
    /// Nothing but whitespace or empty bold.
    Empty,
    /// Does not start with `**` (only questions must be bold).
    NotBold,
    /// A `**` that is never closed, at this byte offset of the text.
    Unclosed(usize),
}

/// Reads a heading's text: bold around the whole of it is dropped, inner Markdown kept.
pub(super) fn heading_title(text: &str) -> Title {
    let markers = bold_markers(text);
    if markers.len() % 2 == 1 {
        return Title::Unclosed(markers[markers.len() - 1]);
    }
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    let wraps = markers.len() == 2
        && markers[0] == lead
        && markers[1] + 2 == lead + trimmed.len()
        && trimmed.len() >= 4;
    let title = if wraps {
        trimmed[2..trimmed.len() - 2].trim()
    } else {
        trimmed
    };
    if title.is_empty() {
        Title::Empty
    } else {
        Title::Text(title.to_string())
    }
}

/// Reads a question's text: it must open with `**`; the bold part is the title, and text
/// after the closing `**` is kept after it.
pub(super) fn question_title(text: &str) -> Title {
    let markers = bold_markers(text);
    if text.trim().is_empty() {
        return Title::Empty;
    }
    if markers.len() % 2 == 1 {
        return Title::Unclosed(markers[markers.len() - 1]);
    }
    let lead = text.len() - text.trim_start().len();
    if markers.first() != Some(&lead) {
        return Title::NotBold;
    }
    let inner = text[lead + 2..markers[1]].trim();
    let after = text[markers[1] + 2..].trim();
    match (inner.is_empty(), after.is_empty()) {
        (true, _) => Title::Empty,
        (false, true) => Title::Text(inner.to_string()),
        (false, false) => Title::Text(format!("{inner} {after}")),
    }
}

/// The 1-based character column of byte offset `at` in `line`.
pub(super) fn column(line: &str, at: usize) -> usize {
    let at = (0..=at.min(line.len()))
        .rev()
        .find(|&i| line.is_char_boundary(i))
        .unwrap_or(0);
    line[..at].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_code_spans_from_text() {
        let cases: &[(&str, Vec<Segment>)] = &[
            (
                "a `b` c",
                vec![
                    Segment::Text("a ", 0),
                    Segment::Code("b"),
                    Segment::Text(" c", 5),
                ],
            ),
            ("``a`b``", vec![Segment::Code("a`b")]),
            ("`open", vec![Segment::Text("`open", 0)]),
            ("` `` `", vec![Segment::Code("``")]),
            ("", vec![]),
        ];
        for (text, want) in cases {
            assert_eq!(&segments(text), want, "{text:?}");
        }
    }

    #[test]
    fn reads_heading_titles() {
        let cases = [
            (
                "**Уровень 1 (1-25)**",
                Title::Text("Уровень 1 (1-25)".into()),
            ),
            ("  Plain  ", Title::Text("Plain".into())),
            ("**A** and **B**", Title::Text("**A** and **B**".into())),
            ("****", Title::Empty),
            ("", Title::Empty),
            ("**Open", Title::Unclosed(0)),
            ("`**` ok", Title::Text("`**` ok".into())),
            ("\\** escaped", Title::Text("\\** escaped".into())),
        ];
        for (text, want) in cases {
            assert_eq!(heading_title(text), want, "{text:?}");
        }
    }

    #[test]
    fn reads_question_titles() {
        let cases = [
            (
                "**Что такое `**kwargs`?**",
                Title::Text("Что такое `**kwargs`?".into()),
            ),
            ("**Q?** (hard)", Title::Text("Q? (hard)".into())),
            ("****", Title::Empty),
            ("   ", Title::Empty),
            ("Not bold", Title::NotBold),
            ("**Open `x`", Title::Unclosed(0)),
            ("**A** b **c", Title::Unclosed(8)),
        ];
        for (text, want) in cases {
            assert_eq!(question_title(text), want, "{text:?}");
        }
    }

    #[test]
    fn counts_columns_in_characters() {
        assert_eq!(column("## **Тема", 3), 4);
        assert_eq!(column("ab", 99), 3);
        assert_eq!(column("ж", 1), 1);
    }

    #[test]
    fn survives_many_unmatched_backtick_runs() {
        let text: String = (1..2000).map(|n| "`".repeat(n) + " x ").collect();
        assert!(segments(&text).len() == 1);
        assert!(bold_markers(&"**".repeat(100_001)).len() == 100_001);
    }
}
