//! Classifies each line of a seed document by its shape, before any context is known.

/// What a line looks like on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Line<'a> {
    /// Only whitespace.
    Blank,
    /// `#`..`###` heading: its depth and the text after the hashes, with that text's byte
    /// offset in the line.
    Heading(usize, &'a str, usize),
    /// `N. rest`: the digits, the rest and the rest's byte offset in the line.
    Question(&'a str, &'a str, usize),
    /// A `-`/`*`/`+` list item: whether it is indented, and its text.
    Bullet(bool, &'a str),
    /// `[^label]: url`.
    Footnote(&'a str, &'a str),
    /// The export's logo: a line that is one `<img …>` tag.
    Logo,
    /// The export's divider: `⁂` alone or inside HTML tags.
    Divider,
    /// A line that is all bold (`**…**`), such as the label before follow-ups.
    Bold,
    /// Anything else; whether it is indented.
    Text(bool),
}

/// Classifies one line (without its line ending).
pub(super) fn classify(line: &str) -> Line<'_> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Line::Blank;
    }
    if let Some(line) = heading(line).or_else(|| question(line)) {
        return line;
    }
    if let Some(line) = bullet(line).or_else(|| footnote(line)) {
        return line;
    }
    leftover(trimmed).unwrap_or_else(|| {
        if trimmed.len() >= 4 && trimmed.starts_with("**") && trimmed.ends_with("**") {
            Line::Bold
        } else {
            Line::Text(line.starts_with([' ', '\t']))
        }
    })
}

/// Up to three spaces of indentation, as CommonMark allows before a block.
fn after_indent(line: &str) -> Option<(&str, usize)> {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    (spaces <= 3).then(|| (&line[spaces..], spaces))
}

fn heading(line: &str) -> Option<Line<'_>> {
    let (rest, indent) = after_indent(line)?;
    let depth = rest.len() - rest.trim_start_matches('#').len();
    let text = &rest[depth..];
    let spaced = text.is_empty() || text.starts_with([' ', '\t']);
    ((1..=3).contains(&depth) && spaced).then_some(Line::Heading(depth, text, indent + depth))
}

fn question(line: &str) -> Option<Line<'_>> {
    let (rest, indent) = after_indent(line)?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = rest[digits..].strip_prefix('.')?;
    let spaced = after.is_empty() || after.starts_with([' ', '\t']);
    (digits > 0 && spaced).then_some(Line::Question(&rest[..digits], after, indent + digits + 1))
}

fn bullet(line: &str) -> Option<Line<'_>> {
    let rest = line.trim_start_matches([' ', '\t']);
    let mut chars = rest.chars();
    let marker = chars.next()?;
    let after = chars.as_str();
    let spaced = after.is_empty() || after.starts_with([' ', '\t']);
    (matches!(marker, '-' | '*' | '+') && spaced)
        .then(|| Line::Bullet(rest.len() < line.len(), after.trim()))
}

fn footnote(line: &str) -> Option<Line<'_>> {
    let rest = line.strip_prefix("[^")?;
    let (label, after) = rest.split_once(']')?;
    let url = after.strip_prefix(':')?;
    let valid = !label.is_empty() && !label.contains(char::is_whitespace);
    valid.then(|| Line::Footnote(label, url.trim()))
}

fn leftover(trimmed: &str) -> Option<Line<'static>> {
    let lower = trimmed.get(..4).map(str::to_ascii_lowercase);
    if lower.as_deref() == Some("<img") && trimmed.ends_with('>') {
        return Some(Line::Logo);
    }
    (strip_tags(trimmed).trim() == "⁂").then_some(Line::Divider)
}

/// The text of a line with its `<…>` tags removed.
fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_lines() {
        let cases = [
            ("", Line::Blank),
            (" \t", Line::Blank),
            ("# Book", Line::Heading(1, " Book", 1)),
            ("## **L (1-2)**", Line::Heading(2, " **L (1-2)**", 2)),
            ("### S", Line::Heading(3, " S", 3)),
            ("###", Line::Heading(3, "", 3)),
            ("#### deep", Line::Text(false)),
            ("#hashtag", Line::Text(false)),
            ("12. **Q**", Line::Question("12", " **Q**", 3)),
            ("5.", Line::Question("5", "", 2)),
            ("3.8 is a version", Line::Text(false)),
            ("    - follow", Line::Bullet(true, "follow")),
            ("\t* tab", Line::Bullet(true, "tab")),
            ("- top", Line::Bullet(false, "top")),
            ("  -", Line::Bullet(true, "")),
            ("---", Line::Text(false)),
            (
                "[^12]: https://x.org",
                Line::Footnote("12", "https://x.org"),
            ),
            ("[^a b]: x", Line::Text(false)),
            ("<img src=\"x.png\" class=\"logo\"/>", Line::Logo),
            ("<div style=\"text-align: center\">⁂</div>", Line::Divider),
            ("⁂", Line::Divider),
            ("**Связанные вопросы:**", Line::Bold),
            ("**", Line::Text(false)),
            ("  text", Line::Text(true)),
        ];
        for (line, want) in cases {
            assert_eq!(classify(line), want, "{line:?}");
        }
    }
}
