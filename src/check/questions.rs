//! Rules on one question at a time: follow-ups, title length, tags from site.toml's list.

use std::collections::{HashMap, HashSet};

use super::Input;
use crate::content::split_front_matter;
use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex, RuleId};
use crate::model::{Pos, Question};

/// Titles longer than this many characters are flagged by `long-title`.
pub const MAX_TITLE_CHARS: usize = 150;

/// At most this many characters of a tag are read back from its line (a longer one is
/// not in any sensible list of allowed tags either).
const MAX_TAG_CHARS: usize = 200;

/// Characters that make text read differently from what it is: bidirectional overrides and
/// isolates (U+202A–U+202E, U+2066–U+2069) and zero-width ones (U+200B–U+200D, U+2060, U+FEFF).
pub fn is_hidden_character(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Flags each hidden character ([`is_hidden_character`]) in the front matter (titles,
/// follow-ups) of every Markdown file at its own position, and a title or follow-up that
/// holds one written as a YAML escape (`\u202E`) at the value.
pub(super) fn check_hidden_characters(input: &Input<'_>, diags: &mut Diagnostics) {
    for file in input
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|x| x == "md"))
    {
        let Ok(split) = split_front_matter(&file.text) else {
            continue;
        };
        let start = split.yaml.as_ptr() as usize - file.text.as_ptr() as usize;
        let index = LineIndex::new(&file.text);
        for (i, c) in split
            .yaml
            .char_indices()
            .filter(|(_, c)| is_hidden_character(*c))
        {
            diags.push(hidden_character(&file.path, c, Some(index.pos(start + i))));
        }
    }
    for q in input.book.questions().map(|r| r.question) {
        let index = LineIndex::new(input.text(&q.origin.path).unwrap_or_default());
        let follow_ups = q.follow_ups.iter().enumerate();
        let texts = std::iter::once((&q.title, Some(q.origin.title)))
            .chain(follow_ups.map(|(i, f)| (&f.text, q.origin.follow_ups.get(i).copied())));
        for (text, pos) in texts {
            let line = pos.and_then(|p| index.line(p.line)).unwrap_or_default();
            if let Some(c) = text
                .chars()
                .find(|&c| is_hidden_character(c) && !line.contains(c))
            {
                diags.push(hidden_character(&q.origin.path, c, pos));
            }
        }
    }
}

fn hidden_character(path: &std::path::Path, c: char, pos: Option<Pos>) -> Diagnostic {
    let kind = if matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}') {
        "an invisible zero-width character"
    } else {
        "a bidirectional control character, which reorders the text around it"
    };
    let msg = format!(
        "U+{:04X} is {kind}, so the text reads differently from what it is; delete it (most editors show it only with invisible characters made visible)",
        c as u32
    );
    Diagnostic::error(RuleId::HiddenCharacter, path, pos, msg)
}

/// Runs every per-question rule on every question that loaded.
pub(super) fn check_questions(input: &Input<'_>, diags: &mut Diagnostics) {
    let allowed = allowed_tags(input);
    for q in input.book.questions().map(|r| r.question) {
        check_follow_ups(q, diags);
        check_title_length(q, diags);
        if let Some(allowed) = &allowed {
            check_tags(input, q, allowed, diags);
        }
    }
}

fn allowed_tags(input: &Input<'_>) -> Option<HashSet<String>> {
    let tags = input.config.tags.as_ref()?;
    Some(tags.iter().map(|t| t.trim().to_lowercase()).collect())
}

fn check_follow_ups(q: &Question, diags: &mut Diagnostics) {
    let path = &q.origin.path;
    if q.follow_ups.is_empty() {
        let msg = "no follow-ups; add two or three under `follow_ups:`";
        diags.push(Diagnostic::warning(
            RuleId::MissingFollowUps,
            path,
            Some(q.origin.title),
            msg,
        ));
        return;
    }
    // Each normalized text and what first said it: 0 the title, n follow-up n.
    let mut seen: HashMap<String, usize> = HashMap::from([(normalize(&q.title), 0)]);
    for (i, fu) in q.follow_ups.iter().enumerate() {
        let pos = q.origin.follow_ups.get(i).copied();
        let key = normalize(&fu.text);
        if key.is_empty() {
            let msg = format!("follow-up {} is empty; write it or remove the item", i + 1);
            diags.push(Diagnostic::warning(
                RuleId::MissingFollowUps,
                path,
                pos,
                msg,
            ));
            continue;
        }
        match seen.get(&key) {
            Some(&first) => {
                let what = match first {
                    0 => "the title".to_string(),
                    n => format!("follow-up {n}"),
                };
                let msg = format!(
                    "follow-up {} repeats {what}; remove it or ask something else",
                    i + 1
                );
                diags.push(Diagnostic::warning(
                    RuleId::DuplicateFollowUp,
                    path,
                    pos,
                    msg,
                ));
            }
            None => {
                seen.insert(key, i + 1);
            }
        }
    }
}

/// Lowercase, single-spaced, without final punctuation: how two follow-ups are compared.
fn normalize(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .join(" ")
        .trim_end_matches(['?', '.', '!', '…', ' '])
        .to_lowercase()
}

fn check_title_length(q: &Question, diags: &mut Diagnostics) {
    let n = q.title.chars().count();
    if n > MAX_TITLE_CHARS {
        let msg = format!("title is {n} characters long (at most {MAX_TITLE_CHARS}); move details into a follow-up or the answer");
        diags.push(Diagnostic::warning(
            RuleId::LongTitle,
            &q.origin.path,
            Some(q.origin.title),
            msg,
        ));
    }
}

/// Reads each tag as written at its position, so duplicates and case keep their own places.
fn check_tags(input: &Input<'_>, q: &Question, allowed: &HashSet<String>, diags: &mut Diagnostics) {
    let index = LineIndex::new(input.text(&q.origin.path).unwrap_or_default());
    for pos in &q.origin.tags {
        let tag = tag_at(&index, *pos);
        if !tag.is_empty() && !allowed.contains(&tag) {
            let msg = format!(
                "tag `{tag}` is not in site.toml's `tags`; use one of them or add it there"
            );
            diags.push(Diagnostic::error(
                RuleId::UnknownTag,
                &q.origin.path,
                Some(*pos),
                msg,
            ));
        }
    }
}

/// The tag written at `pos` of the indexed text (up to `,`, `]`, `#` or the line's end),
/// unquoted, lowercased.
fn tag_at(index: &LineIndex<'_>, pos: Pos) -> String {
    let Some(excerpt) = index.excerpt(pos, MAX_TAG_CHARS) else {
        return String::new();
    };
    let rest: String = excerpt.text.chars().skip(excerpt.col - 1).collect();
    let end = rest.find([',', ']', '#']).unwrap_or(rest.len());
    rest[..end]
        .trim()
        .trim_matches(['"', '\''])
        .trim()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_at_positions() {
        let text = "---\ntags: [Web, \"data\" ]\n  - x # c\n";
        let index = LineIndex::new(text);
        assert_eq!(tag_at(&index, Pos::new(2, 8)), "web");
        assert_eq!(tag_at(&index, Pos::new(2, 13)), "data");
        assert_eq!(tag_at(&index, Pos::new(3, 5)), "x");
    }

    #[test]
    fn normalizes_follow_ups() {
        assert_eq!(normalize("  Why   `is`?  "), "why `is`");
        assert_eq!(normalize("А что?!"), "а что");
    }
}
