//! Splits a Markdown file into its YAML front matter and body, and finds where keys stand.
//!
//! Positions are counted in the whole file (not in the front-matter block), so an error
//! points at the line an editor shows.

mod advice;

use serde::de::DeserializeOwned;

use crate::model::Pos;

pub use advice::Advice;
use advice::{advise_block, blocks, lossy_advice, Block};

/// A file split at its `---` fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// The 1-based line of the file where `yaml` starts.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// The 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// Where the problem is.
    pub pos: Pos,
    /// What is wrong and what to do.
    pub message: String,
}

/// Splits `text` (BOM and CRLF allowed) into front matter and body.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError {
            pos: Pos::new(1, 1),
            message: "missing front matter; start the file with a line `---`, the YAML keys, and another `---`".into(),
        });
    }
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == "---" {
            return Ok(Split {
                yaml: &text[first_end..offset],
                yaml_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(SplitError {
        pos: Pos::new(1, 1),
        message: "front matter is not closed; add a line `---` after the YAML keys".into(),
    })
}

/// A top-level key of the front matter and where it and its values stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpan {
    /// The key's name.
    pub key: String,
    /// Where the key starts.
    pub key_pos: Pos,
    /// Where its scalar value starts (or the key's position for a block value).
    pub value_pos: Pos,
    /// Where each item of a list value starts (block `- x` or flow `[x, y]`).
    pub items: Vec<Pos>,
}

/// Finds the top-level keys of `yaml`, which starts at line `first_line` of its file.
pub fn scan_keys(yaml: &str, first_line: usize) -> Vec<KeySpan> {
    let mut keys: Vec<KeySpan> = Vec::new();
    for (i, raw) in yaml.lines().enumerate() {
        let line_no = first_line + i;
        let line = raw.trim_end_matches('\r');
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indent == 0 && !trimmed.starts_with('-') {
            if let Some(span) = scan_key_line(line, line_no) {
                keys.push(span);
            }
        } else if let (Some(last), Some(rest)) = (keys.last_mut(), trimmed.strip_prefix('-')) {
            let col = char_col(line, indent + 1 + (rest.len() - rest.trim_start().len()));
            last.items.push(Pos::new(line_no, col));
        }
    }
    keys
}

fn scan_key_line(line: &str, line_no: usize) -> Option<KeySpan> {
    let colon = line.find(':')?;
    let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
    let after = &line[colon + 1..];
    let value_off = colon + 1 + (after.len() - after.trim_start().len());
    let value = after.trim();
    let mut span = KeySpan {
        key: key.to_string(),
        key_pos: Pos::new(line_no, 1),
        value_pos: Pos::new(line_no, char_col(line, value_off)),
        items: Vec::new(),
    };
    if value.starts_with('[') {
        span.items = flow_items(line, value_off + 1, line_no);
    }
    Some(span)
}

/// Positions of the items of a one-line flow list starting after byte `start` of `line`.
fn flow_items(line: &str, start: usize, line_no: usize) -> Vec<Pos> {
    let mut items = Vec::new();
    let mut item_start = true;
    for (off, c) in line[start..].char_indices() {
        match c {
            ']' => break,
            ',' => item_start = true,
            c if c.is_whitespace() => {}
            _ if item_start => {
                items.push(Pos::new(line_no, char_col(line, start + off)));
                item_start = false;
            }
            _ => {}
        }
    }
    items
}

/// The 1-based character column of byte offset `byte` in `line`.
fn char_col(line: &str, byte: usize) -> usize {
    line[..byte.min(line.len())].chars().count() + 1
}

/// A YAML error turned into a message and a position in the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Where, when the parser knows.
    pub pos: Option<Pos>,
    /// The parser's message, without its own "at line" suffix.
    pub message: String,
}

/// Parses front matter `yaml` (starting at line `first_line`) into `T`.
pub fn parse_yaml<T: DeserializeOwned>(yaml: &str, first_line: usize) -> Result<T, YamlError> {
    serde_yaml::from_str(yaml).map_err(|err| {
        let pos = err
            .location()
            .map(|loc| Pos::new(loc.line() + first_line - 1, loc.column()));
        let text = err.to_string();
        let message = match text.find(" at line ") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        YamlError { pos, message }
    })
}

/// Front matter parsed into `T` as far as it goes, and every problem found in it.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The value; when some keys are broken, the value of the others (`None` when even
    /// they do not make a `T`).
    pub value: Option<T>,
    /// Each problem at its place, with what to do.
    pub problems: Vec<Advice>,
}

/// Parses front matter `yaml` (starting at line `first_line`, with `keys` found by
/// [`scan_keys`]) into `T`. When the parser rejects it, each top-level key is parsed on its
/// own, so that one broken key does not hide another's problem; a rejected key gets the
/// advice of [`advice`] (or the parser's message, explained), and the value is made of the
/// keys that parse.
pub fn parse_front_matter<T: DeserializeOwned>(
    yaml: &str,
    first_line: usize,
    keys: &[KeySpan],
) -> Parsed<T> {
    let lines: Vec<&str> = yaml.lines().collect();
    let whole = match parse_yaml::<T>(yaml, first_line) {
        Ok(value) => {
            let problems = blocks(&lines)
                .iter()
                .flat_map(|block| lossy_advice(&lines, block, first_line))
                .collect();
            return Parsed {
                value: Some(value),
                problems,
            };
        }
        Err(err) => err,
    };
    let mut kept = lines.clone();
    let mut problems = Vec::new();
    for block in blocks(&lines) {
        // Padded with empty lines, so that the parser's line numbers stay the file's.
        let mut text = "\n".repeat(block.start);
        text.push_str(&lines[block.start..block.end].join("\n"));
        let Err(err) = parse_yaml::<T>(&text, first_line) else {
            problems.extend(lossy_advice(&lines, &block, first_line));
            continue;
        };
        kept[block.start..block.end].fill("");
        // A misspelled key with a broken value would otherwise wait for the next run.
        let unknown = unknown_key::<T>(&block, keys);
        let mut advice = advise_block(&lines, &block, first_line);
        if advice.is_empty() {
            advice = follow_up_problems(&text, keys);
        }
        if advice.is_empty() && unknown.is_none() {
            advice.push(explain_yaml_error(keys, err));
        }
        problems.extend(unknown);
        problems.extend(advice);
    }
    if problems.is_empty() {
        problems.push(explain_yaml_error(keys, whole));
        return Parsed {
            value: None,
            problems,
        };
    }
    Parsed {
        value: parse_yaml::<T>(&kept.join("\n"), first_line).ok(),
        problems,
    }
}

/// The unknown-field advice for `block`'s key, if `T` has no such field (tried with an
/// empty value, so that the key is judged apart from its broken value).
fn unknown_key<T: DeserializeOwned>(block: &Block, keys: &[KeySpan]) -> Option<Advice> {
    let key = block.key.as_deref()?;
    keys.iter().find(|k| k.key == key)?;
    let yaml = format!("{}: null", crate::content::write::yaml_quote(key));
    let err = parse_yaml::<T>(&yaml, 1).err()?;
    err.message
        .starts_with("unknown field `")
        .then(|| explain_yaml_error(keys, err))
}

/// A parser's error as advice: an unknown key at the key, a value of the wrong type at the
/// value (or list item) with what to write instead, anything else at the parser's place.
fn explain_yaml_error(keys: &[KeySpan], err: YamlError) -> Advice {
    let unknown = err
        .message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
        .and_then(|name| keys.iter().find(|k| k.key == name));
    if let Some(key) = unknown {
        let fix = match closest_field(&key.key, &err.message) {
            Some(field) => format!("; did you mean `{field}`? rename the key"),
            None => "; rename the key to one of these, or delete its line".into(),
        };
        return Advice {
            pos: key.key_pos,
            message: format!("{}{fix}", err.message),
        };
    }
    if let Some(advice) = explain_type_error(keys, &err.message) {
        return advice;
    }
    Advice {
        pos: err.pos.unwrap_or(Pos::new(1, 1)),
        message: format!(
            "{}; YAML cannot read this: check the line's quotes and indentation, or wrap the value in double quotes",
            err.message
        ),
    }
}

/// The expected field of serde's "unknown field" `message` that `key` is a typo of: the
/// same in lowercase, or at most two letters away.
fn closest_field(key: &str, message: &str) -> Option<String> {
    let (_, expected) = message.split_once("expected ")?;
    let key = key.to_lowercase();
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|field| (edit_distance(&key, field), field))
        .filter(|&(d, _)| d <= 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, field)| field.to_string())
}

/// Levenshtein distance between `a` and `b`, in characters (for "did you mean" advice).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// `follow_ups[1]: invalid type: map, expected …` as advice at that follow-up.
fn explain_type_error(keys: &[KeySpan], message: &str) -> Option<Advice> {
    let (path, rest) = message.split_once(": invalid type: ")?;
    let (found, _) = rest.rsplit_once(", expected ")?;
    let (name, index) = match path.split_once('[') {
        Some((name, index)) => (name, index.trim_end_matches(']').parse::<usize>().ok()),
        None => (path, None),
    };
    let key = keys.iter().find(|k| k.key == name)?;
    let found = describe_found(found);
    let (pos, message) = match (name, index) {
        ("follow_ups", Some(i)) if found.is_empty() => (
            key.items.get(i).copied(),
            format!(
                "follow-up {} is empty; write the question after `- `, or delete the line",
                i + 1
            ),
        ),
        ("follow_ups", Some(i)) => (
            key.items.get(i).copied(),
            format!(
                "follow-up {} is {found}, not text; write the question in double quotes: - \"…\"",
                i + 1
            ),
        ),
        ("follow_ups", None) => (
            Some(key.value_pos),
            "`follow_ups` must be a list; write each follow-up on its own line as - \"…\"".into(),
        ),
        ("tags", None) => (
            Some(key.value_pos),
            "`tags` must be a list: tags: [one, two]".into(),
        ),
        ("title", _) => (
            Some(key.value_pos),
            format!(
                "the title is {found}, not text; write the question in double quotes: title: \"…\""
            ),
        ),
        _ => (
            Some(key.value_pos),
            format!("`{name}` is {found}; write it as text in double quotes: {name}: \"…\""),
        ),
    };
    Some(Advice {
        pos: pos.unwrap_or(key.value_pos),
        message,
    })
}

/// Every follow-up of a block `text` that is not text (serde stops at the first).
fn follow_up_problems(text: &str, keys: &[KeySpan]) -> Vec<Advice> {
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str(text) else {
        return Vec::new();
    };
    let (Some(serde_yaml::Value::Sequence(items)), Some(key)) = (
        map.get("follow_ups"),
        keys.iter().find(|k| k.key == "follow_ups"),
    ) else {
        return Vec::new();
    };
    let found = |item: &serde_yaml::Value| -> Option<String> {
        Some(match item {
            serde_yaml::Value::String(_) => return None,
            serde_yaml::Value::Null => "unit".into(),
            serde_yaml::Value::Bool(b) => format!("boolean `{b}`"),
            serde_yaml::Value::Number(n) => format!("integer `{n}`"),
            serde_yaml::Value::Sequence(_) => "sequence".into(),
            serde_yaml::Value::Mapping(_) => "map".into(),
            serde_yaml::Value::Tagged(_) => "tagged value".into(),
        })
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let message = format!(
                "follow_ups[{i}]: invalid type: {}, expected text",
                found(item)?
            );
            explain_type_error(keys, &message).filter(|_| key.items.len() == items.len())
        })
        .collect()
}

/// serde's name of what it found (`integer \`42\``), in words; empty for no value.
fn describe_found(found: &str) -> String {
    let literal = found.split('`').nth(1).unwrap_or("");
    match found.split(' ').next().unwrap_or("") {
        "map" => "a key and a value (a `: ` inside it)".into(),
        "sequence" => "a list".into(),
        "integer" | "floating" => format!("the number {literal}"),
        "boolean" => format!("the yes/no value {literal}"),
        "unit" => String::new(),
        "string" => "text".into(),
        _ => found.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let split = split_front_matter("---\ntitle: x\n---\nBody\n").unwrap();
        assert_eq!(split.yaml, "title: x\n");
        assert_eq!(split.body, "Body\n");
        assert_eq!((split.yaml_line, split.body_line), (2, 4));
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let split = split_front_matter("\u{feff}---\r\ntitle: x\r\n---\r\nB").unwrap();
        assert_eq!(split.yaml, "title: x\r\n");
        assert_eq!(split.body, "B");
    }

    #[test]
    fn rejects_missing_and_unclosed_front_matter() {
        let cases = [
            ("title: x\n", "missing front matter"),
            ("---\ntitle: x\n", "front matter is not closed"),
            ("", "missing front matter"),
        ];
        for (text, expected) in cases {
            let err = split_front_matter(text).unwrap_err();
            assert!(
                err.message.starts_with(expected),
                "{text:?}: {}",
                err.message
            );
        }
    }

    #[test]
    fn finds_keys_values_and_items() {
        let yaml = "title: \"Что?\"\nfollow_ups:\n  - \"a\"\n  - b\ntags: [x, yy]\n";
        let keys = scan_keys(yaml, 2);
        assert_eq!(keys.len(), 3);
        assert_eq!(keys[0].value_pos, Pos::new(2, 8));
        assert_eq!(keys[1].items, vec![Pos::new(4, 5), Pos::new(5, 5)]);
        assert_eq!(keys[2].items, vec![Pos::new(6, 8), Pos::new(6, 11)]);
    }

    #[test]
    fn suggests_the_field_a_misspelled_key_means() {
        let message = "unknown field `x`, expected one of `title`, `follow_ups`, `tags`, `id`";
        let cases = [
            ("folow_ups", Some("follow_ups")),
            ("Title", Some("title")),
            ("tag", Some("tags")),
            ("answer", None),
        ];
        for (key, want) in cases {
            assert_eq!(closest_field(key, message).as_deref(), want, "{key}");
        }
    }

    #[test]
    fn reports_yaml_errors_in_file_lines() {
        let err = parse_yaml::<serde_yaml::Value>("a: 1\nb: [\n", 2).unwrap_err();
        assert_eq!(err.pos, Some(Pos::new(4, 1)), "{err:?}");
        assert!(!err.message.contains(" at line "));
    }
}
