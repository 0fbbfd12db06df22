//! Advice for the YAML mistakes people make in front matter, found line by line.
//!
//! The YAML parser stops at its first error and words it for YAML's authors ("mapping
//! values are not allowed in this context"), often at a later line than the mistake (an
//! unclosed quote is reported at the end of the block). These patterns name the mistake
//! where it is and the fix: a `: ` or a leading backtick in an unquoted value, a quote that
//! is not closed or is closed too early, a tab in the indentation, a list item without
//! `- `. They are only consulted for a block the parser rejected, so a line that merely
//! looks odd in valid YAML is never reported.

use crate::content::write::yaml_quote;
use crate::model::Pos;

/// A mistake, where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// Where the fix goes.
    pub pos: Pos,
    /// What is wrong and what to do.
    pub message: String,
}

/// A top-level key's lines: the key line and the indented or list lines under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The key, or `None` for lines before the first key.
    pub key: Option<String>,
    /// The index of the block's first line in the front matter.
    pub start: usize,
    /// One past the index of its last line.
    pub end: usize,
}

/// The front matter's `lines` grouped by top-level key.
pub fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let starts_key = !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty();
        let key = starts_key.then(|| line_key(line)).flatten();
        match out.last_mut() {
            Some(last) if key.is_none() => last.end = i + 1,
            _ => out.push(Block {
                key,
                start: i,
                end: i + 1,
            }),
        }
    }
    out
}

/// The key of a top-level `key: value` line.
fn line_key(line: &str) -> Option<String> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

/// What a value is called in advice: "the title", "the follow-up", "the `description` value".
fn what(key: Option<&str>) -> String {
    match key {
        Some("title") => "the title".into(),
        Some("follow_ups") => "the follow-up".into(),
        Some("tags") => "the tag".into(),
        Some(key) => format!("the `{key}` value"),
        None => "the value".into(),
    }
}

/// Whether the values of `key` are lists.
fn is_list_key(key: Option<&str>) -> bool {
    matches!(key, Some("follow_ups" | "tags"))
}

/// Every mistake found in `block` of `lines`; the front matter starts at line `first_line`.
pub fn advise_block(lines: &[&str], block: &Block, first_line: usize) -> Vec<Advice> {
    let key = block.key.as_deref();
    let mut out = Vec::new();
    let mut dash_indent: Option<usize> = None;
    let mut items = 0;
    let mut after_text_item = false;
    for (i, line) in lines.iter().enumerate().take(block.end).skip(block.start) {
        let line = line.trim_end_matches('\r');
        let line_no = first_line + i;
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let body = &line[indent..];
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some(tab) = line[..indent].find('\t') {
            out.push(tab_advice(line, line_no, tab));
        } else if i == block.start && key.is_some() {
            out.extend(key_line_advice(line, line_no, key));
        } else if let Some(item) = body.strip_prefix('-') {
            let d = *dash_indent.get_or_insert(indent);
            if indent < d || (indent > d && after_text_item) {
                out.push(misaligned_item_advice(line, line_no, indent, d, key));
                continue;
            }
            if indent == d {
                items += 1;
            }
            let advice = item_advice(line, line_no, indent, item, key);
            let value = item.trim();
            after_text_item = !value.is_empty()
                && !value.starts_with('-')
                && !value.ends_with(':')
                && !value.contains(": ");
            let start = indent + 1 + (item.len() - item.trim_start().len());
            out.extend(advice.or_else(|| not_text_advice(line, line_no, start, key, items)));
        } else if is_list_key(key) && dash_indent.is_none_or(|d| indent <= d) {
            let (bullet, text) = markdown_bullet(body);
            let message = match bullet {
                Some(bullet) => format!(
                    "YAML lists take `- `, not Markdown's `{bullet}`; write {} as - {}",
                    what(key),
                    yaml_quote(unquote(text))
                ),
                None => format!(
                    "{} has no `- ` before it; write each on its own line as - {}",
                    what(key),
                    yaml_quote(unquote(text))
                ),
            };
            out.push(Advice {
                pos: Pos::new(line_no, col(line, indent)),
                message,
            });
        }
    }
    out
}

/// A list item indented deeper or less than the first item (the first item sets the
/// column), which YAML cannot read as a sibling (nor as a child of a text item).
fn misaligned_item_advice(
    line: &str,
    line_no: usize,
    indent: usize,
    d: usize,
    key: Option<&str>,
) -> Advice {
    let how = if indent > d { "deeper" } else { "less" };
    Advice {
        pos: Pos::new(line_no, col(line, indent)),
        message: format!(
            "this `- ` is indented {how} than the one above it; start {} at column {}, under the other `- `",
            what(key),
            d + 1
        ),
    }
}

/// A follow-up that YAML reads as a number or a yes/no value (`- 42`), when the block has
/// other mistakes too (serde would stop at the first of them).
fn not_text_advice(
    line: &str,
    line_no: usize,
    start: usize,
    key: Option<&str>,
    n: usize,
) -> Option<Advice> {
    if key != Some("follow_ups") {
        return None;
    }
    let value = line[start..].trim_end();
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    if value.is_empty() {
        return Some(Advice {
            pos: Pos::new(line_no, col(line, start)),
            message: format!(
                "follow-up {n} is empty; write the question after `- `, or delete the line"
            ),
        });
    }
    let found = if value.starts_with('[') && value.ends_with(']') {
        "a list".to_string()
    } else if value.starts_with('{') && value.ends_with('}') {
        "a map (`{…}`)".to_string()
    } else if matches!(value, "true" | "false") {
        format!("the yes/no value {value}")
    } else if value.parse::<f64>().is_ok() && value.contains(|c: char| c.is_ascii_digit()) {
        format!("the number {value}")
    } else {
        return None;
    };
    Some(Advice {
        pos: Pos::new(line_no, col(line, start)),
        message: format!(
            "follow-up {n} is {found}, not text; write the question in double quotes: - \"…\""
        ),
    })
}

/// A Markdown list marker at the start of `body` (`* `, `+ `, `1. `, `1) `) and the text
/// after it; no marker, the whole `body`.
fn markdown_bullet(body: &str) -> (Option<&str>, &str) {
    for bullet in ["* ", "+ ", "• "] {
        if let Some(text) = body.strip_prefix(bullet) {
            return (Some(bullet.trim_end()), text.trim_start());
        }
    }
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &body[digits..];
    if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")) {
        return (Some(&body[..digits + 1]), rest[2..].trim_start());
    }
    (None, body)
}

fn tab_advice(line: &str, line_no: usize, tab: usize) -> Advice {
    Advice {
        pos: Pos::new(line_no, col(line, tab)),
        message: "a tab indents this line, and YAML allows only spaces there; replace the tab with two spaces".into(),
    }
}

/// The value after `key:` on the key's own line.
fn key_line_advice(line: &str, line_no: usize, key: Option<&str>) -> Option<Advice> {
    let colon = line.find(':')?;
    let after = &line[colon + 1..];
    let start = colon + 1 + (after.len() - after.trim_start().len());
    let prefix = format!("{}: ", key.unwrap_or_default());
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return Some(Advice {
            pos: Pos::new(line_no, col(line, colon + 1)),
            message: format!(
                "put a space after `{}:`; without it YAML reads the whole line as text, not a key and a value: {prefix}{}",
                key.unwrap_or_default(),
                after.trim()
            ),
        });
    }
    value_advice(line, line_no, start, key, &prefix)
}

/// A list item `- value` whose `-` is at byte `indent`.
fn item_advice(
    line: &str,
    line_no: usize,
    indent: usize,
    item: &str,
    key: Option<&str>,
) -> Option<Advice> {
    if item.is_empty() || item.starts_with([' ', '\t']) {
        let start = indent + 1 + (item.len() - item.trim_start().len());
        return value_advice(line, line_no, start, key, "- ");
    }
    if item.starts_with('-') {
        return None;
    }
    Some(Advice {
        pos: Pos::new(line_no, col(line, indent)),
        message: format!(
            "put a space after `-` to make {} a list item: - {}",
            what(key),
            yaml_quote(unquote(item))
        ),
    })
}

/// Mistakes in a value starting at byte `start` of `line`; `prefix` (`title: `, `- `) starts
/// the corrected line shown in the advice.
fn value_advice(
    line: &str,
    line_no: usize,
    start: usize,
    key: Option<&str>,
    prefix: &str,
) -> Option<Advice> {
    let value = line[start..].trim_end();
    let what = what(key);
    let at = |byte: usize| Pos::new(line_no, col(line, byte));
    let quote = value.chars().next()?;
    if quote == '"' || quote == '\'' {
        return quoted_advice(value, quote, &what, prefix).map(|(off, message)| Advice {
            pos: at(start + off),
            message,
        });
    }
    let flow_list = is_list_key(key) && !prefix.starts_with('-');
    if quote == '[' && flow_list {
        return (!value.contains(']')).then(|| Advice {
            pos: at(start),
            message: "the list opened with `[` is not closed; end it with `]` on the same line"
                .into(),
        });
    }
    if matches!(quote, '|' | '>') && is_block_header(&value[1..]) {
        return None;
    }
    let curly = value.starts_with('“') && value.ends_with('”') && value.chars().count() > 1;
    let text = if curly {
        value.trim_start_matches('“').trim_end_matches('”')
    } else {
        value
    };
    let fixed = format!("{prefix}{}", yaml_quote(text));
    let text_value = matches!(key, Some("title" | "description" | "id"))
        || (prefix == "- " && key == Some("follow_ups"));
    let whole_collection = (value.starts_with('[') && value.ends_with(']'))
        || (value.starts_with('{') && value.ends_with('}'));
    let reads_as = indicator(value).filter(|_| text_value && !whole_collection);
    let message = if prefix == "- " && (value == "-" || value.starts_with("- ")) {
        format!(
            "a `- ` inside {what} makes a list in the list; write each follow-up on its own line as {prefix}{}",
            yaml_quote(unquote(value[1..].trim()))
        )
    } else if let Some(reads_as) = reads_as {
        format!("{what} starts with `{quote}`, which YAML reads as {reads_as}; wrap {what} in double quotes: {fixed}")
    } else if curly && (value.contains(": ") || value.ends_with(':')) {
        format!("the curly quotes “ ” around {what} are text to YAML, not quotes, so the `: ` inside makes it read a key; use straight double quotes: {fixed}")
    } else if value.contains(": ") || value.ends_with(':') {
        format!(
            "`: ` inside {what} makes YAML read a key there; wrap {what} in double quotes: {fixed}"
        )
    } else if matches!(quote, '`' | '@') {
        let name = if quote == '`' { "a backtick" } else { "`@`" };
        format!("{what} starts with {name}, which YAML does not allow unquoted; wrap {what} in double quotes: {fixed}")
    } else {
        return None;
    };
    Some(Advice {
        pos: at(start),
        message,
    })
}

/// What YAML reads an unquoted value starting with one of its indicators as, if it does.
fn indicator(value: &str) -> Option<&'static str> {
    Some(match value.chars().next()? {
        '*' => "a reference to an anchor (`*name`)",
        '&' => "an anchor (`&name`), and drops the word",
        '!' => "a type tag (`!name`)",
        '%' => "a directive",
        '|' | '>' => "the start of a multi-line text block",
        '{' => "a map (`{key: value}`)",
        '[' => "a list (`[a, b]`)",
        ']' | '}' | ',' => "punctuation of a list or a map",
        '-' if value.starts_with("- ") || value == "-" => "a list item",
        '?' if value.starts_with("? ") => "a complex key",
        _ => return None,
    })
}

/// Whether `rest` (after `|` or `>`) is a block scalar header: chomping, indentation, a
/// comment, nothing else.
fn is_block_header(rest: &str) -> bool {
    let rest = rest.trim_start_matches(['-', '+', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with('#')
}

/// Mistakes YAML accepts but that lose text, in `block` of front matter that parsed: in an
/// unquoted title or follow-up, ` #` starts a comment (the rest is dropped) and a leading
/// `&name ` is an anchor (the word is dropped).
pub fn lossy_advice(lines: &[&str], block: &Block, first_line: usize) -> Vec<Advice> {
    let key = block.key.as_deref();
    if !matches!(key, Some("title" | "follow_ups" | "description")) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate().take(block.end).skip(block.start) {
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim_start();
        let (start, prefix) = if i == block.start {
            if key == Some("follow_ups") {
                continue;
            }
            let Some(colon) = line.find(':') else {
                continue;
            };
            (colon + 1, format!("{}: ", key.unwrap_or_default()))
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            (line.len() - item.len(), "- ".to_string())
        } else {
            continue;
        };
        let after = &line[start..];
        let start = start + (after.len() - after.trim_start().len());
        let value = line[start..].trim_end();
        if value.is_empty() || value.starts_with(['"', '\'']) {
            continue;
        }
        let what = what(key);
        let at = |byte: usize| Pos::new(first_line + i, col(line, byte));
        if value.starts_with('&') {
            let fixed = format!("{prefix}{}", yaml_quote(value));
            out.push(Advice {
                pos: at(start),
                message: format!("{what} starts with `&`, which YAML reads as an anchor (`&name`), and drops the word; wrap {what} in double quotes: {fixed}"),
            });
        } else if let Some(hash) = value
            .find(" #")
            .map(|h| h + 1)
            .or(value.starts_with('#').then_some(0))
        {
            let fixed = format!("{prefix}{}", yaml_quote(value));
            let kept = value[..hash].trim_end();
            out.push(Advice {
                pos: at(start + hash),
                message: format!("`#` after a space starts a YAML comment, so {what} ends before it (\"{kept}\"); wrap {what} in double quotes: {fixed}"),
            });
        }
    }
    out
}

/// A quoted value that is not closed, or closed before its end: the byte offset to point at
/// (in `value`) and the advice.
fn quoted_advice(value: &str, quote: char, what: &str, prefix: &str) -> Option<(usize, String)> {
    let kind = if quote == '"' { "double" } else { "single" };
    let Some(close) = closing_quote(value, quote) else {
        let fixed = format!("{prefix}{}", yaml_quote(unquote(value)));
        return Some((
            0,
            format!("the {kind} quote that opens {what} is not closed; end {what} with `{quote}` on the same line: {fixed}"),
        ));
    };
    if quote == '"' {
        if let Some((at, message)) = escape_advice(&value[..close], what, prefix) {
            return Some((at, message));
        }
    }
    let rest = value[close + 1..].trim_start();
    if rest.is_empty() || rest.starts_with('#') {
        return None;
    }
    // `"a "b" c"`: the quotes around were meant; `"a" b`: keep the text as it was typed.
    let text = if value.ends_with(quote) {
        unquote(value)
    } else {
        value
    };
    let fixed = format!("{prefix}{}", yaml_quote(text));
    let inner = if quote == '"' { "\\\"" } else { "''" };
    Some((
        close,
        format!(
            "this `{quote}` ends {what} early; write a quote inside {what} as `{inner}`: {fixed}"
        ),
    ))
}

/// A backslash in a double-quoted `value` (without its closing quote) that does not start
/// one of YAML's escapes (`\d` in a regex, `C:\Users`): the byte offset and the advice.
fn escape_advice(value: &str, what: &str, prefix: &str) -> Option<(usize, String)> {
    let mut chars = value.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        let rest = &value[i + 1..];
        let hex = |n: usize| {
            rest.chars()
                .skip(1)
                .take(n)
                .filter(char::is_ascii_hexdigit)
                .count()
                == n
        };
        let escape = rest.chars().next();
        let ok = match escape {
            Some('x') => hex(2),
            Some('u') => hex(4),
            Some('U') => hex(8),
            Some(e) => "0abtnvfre \"/\\N_LP\t".contains(e),
            None => false,
        };
        if ok {
            chars.next();
            continue;
        }
        let text = &value[1..];
        let fixed = if text.contains('\'') {
            format!("{prefix}\"{}\"", text.replace('\\', "\\\\"))
        } else {
            format!("{prefix}'{text}'")
        };
        let escape = escape.map(String::from).unwrap_or_default();
        return Some((
            i,
            format!("a backslash inside double quotes starts an escape such as `\\n`, and `\\{escape}` is none; write `\\\\` for a backslash, or put {what} in single quotes: {fixed}"),
        ));
    }
    None
}

/// The byte offset in `value` (which starts with `quote`) of the quote that closes it.
fn closing_quote(value: &str, quote: char) -> Option<usize> {
    let mut chars = value.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            c if c == quote => return Some(i),
            _ => {}
        }
    }
    None
}

/// `value` without the quotes around it (and a trailing comma of a flow list), for advice
/// that shows it quoted properly.
fn unquote(value: &str) -> &str {
    let value = value.trim();
    let value = value.strip_prefix(['"', '\'']).unwrap_or(value);
    value.strip_suffix(['"', '\'']).unwrap_or(value)
}

/// The 1-based character column of byte offset `byte` in `line`.
fn col(line: &str, byte: usize) -> usize {
    line[..byte.min(line.len())].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `rule` says of each block of `yaml` (starting at line 2), as `line:col: message`.
    fn said(yaml: &str, rule: fn(&[&str], &Block, usize) -> Vec<Advice>) -> Vec<String> {
        let lines: Vec<&str> = yaml.lines().collect();
        blocks(&lines)
            .iter()
            .flat_map(|b| rule(&lines, b, 2))
            .map(|a| format!("{}:{}: {}", a.pos.line, a.pos.col, a.message))
            .collect()
    }

    /// Every advice for broken `yaml`.
    fn advise(yaml: &str) -> Vec<String> {
        said(yaml, advise_block)
    }

    #[test]
    fn groups_lines_by_top_level_key() {
        let lines = ["title: x", "follow_ups:", "  - a", "", "tags: [x]"];
        let keys: Vec<(Option<String>, usize, usize)> = blocks(&lines)
            .into_iter()
            .map(|b| (b.key, b.start, b.end))
            .collect();
        assert_eq!(
            keys,
            [
                (Some("title".into()), 0, 1),
                (Some("follow_ups".into()), 1, 4),
                (Some("tags".into()), 4, 5)
            ]
        );
    }

    #[test]
    fn advises_on_each_mistake_at_its_place() {
        let cases = [
            (
                "title: Что такое X: пример?\n",
                "2:8: `: ` inside the title makes YAML read a key there; wrap the title in double quotes: title: \"Что такое X: пример?\"",
            ),
            (
                "title: \"x\n",
                "2:8: the double quote that opens the title is not closed; end the title with `\"` on the same line: title: \"x\"",
            ),
            (
                "title: 'x\n",
                "2:8: the single quote that opens the title is not closed; end the title with `'` on the same line: title: \"x\"",
            ),
            (
                "title: \"a \"b\" c\"\n",
                "2:11: this `\"` ends the title early; write a quote inside the title as `\\\"`: title: \"a \\\"b\\\" c\"",
            ),
            (
                "title: `yield` — что это?\n",
                "2:8: the title starts with a backtick, which YAML does not allow unquoted; wrap the title in double quotes: title: \"`yield` — что это?\"",
            ),
            (
                "follow_ups:\n\t- a\n",
                "3:1: a tab indents this line, and YAML allows only spaces there; replace the tab with two spaces",
            ),
            (
                "follow_ups:\n  - a\n  \"b\"\n",
                "4:3: the follow-up has no `- ` before it; write each on its own line as - \"b\"",
            ),
            (
                "follow_ups:\n  -\"b\"\n",
                "3:3: put a space after `-` to make the follow-up a list item: - \"b\"",
            ),
            (
                "follow_ups:\n  - Как: так?\n",
                "3:5: `: ` inside the follow-up makes YAML read a key there; wrap the follow-up in double quotes: - \"Как: так?\"",
            ),
            (
                "tags: [a, b\n",
                "2:7: the list opened with `[` is not closed; end it with `]` on the same line",
            ),
            (
                "title: *args и **kwargs?\n",
                "2:8: the title starts with `*`, which YAML reads as a reference to an anchor (`*name`); wrap the title in double quotes: title: \"*args и **kwargs?\"",
            ),
            (
                "title: %s?\n",
                "2:8: the title starts with `%`, which YAML reads as a directive; wrap the title in double quotes: title: \"%s?\"",
            ),
            (
                "title: | для словарей?\n",
                "2:8: the title starts with `|`, which YAML reads as the start of a multi-line text block; wrap the title in double quotes: title: \"| для словарей?\"",
            ),
            (
                "title: {} это dict?\n",
                "2:8: the title starts with `{`, which YAML reads as a map (`{key: value}`); wrap the title in double quotes: title: \"{} это dict?\"",
            ),
            (
                "follow_ups:\n  - [GIL](gil.html) и потоки?\n",
                "3:5: the follow-up starts with `[`, which YAML reads as a list (`[a, b]`); wrap the follow-up in double quotes: - \"[GIL](gil.html) и потоки?\"",
            ),
            (
                "title: “Что: это?”\n",
                "2:8: the curly quotes “ ” around the title are text to YAML, not quotes, so the `: ` inside makes it read a key; use straight double quotes: title: \"Что: это?\"",
            ),
            (
                "follow_ups:\n  - \"a\"\n    - \"b\"\n",
                "4:5: this `- ` is indented deeper than the one above it; start the follow-up at column 3, under the other `- `",
            ),
            (
                "title:\"x\"\n",
                "2:7: put a space after `title:`; without it YAML reads the whole line as text, not a key and a value: title: \"x\"",
            ),
            (
                "follow_ups:\n  * \"a\"\n",
                "3:3: YAML lists take `- `, not Markdown's `*`; write the follow-up as - \"a\"",
            ),
            (
                "follow_ups:\n  12) a\n",
                "3:3: YAML lists take `- `, not Markdown's `12)`; write the follow-up as - \"a\"",
            ),
            (
                "title: - x\n",
                "2:8: the title starts with `-`, which YAML reads as a list item; wrap the title in double quotes: title: \"- x\"",
            ),
            (
                "follow_ups:\n  - \"a\"\n- \"b\"\n",
                "4:1: this `- ` is indented less than the one above it; start the follow-up at column 3, under the other `- `",
            ),
            (
                "title: \"a\" b\n",
                "2:10: this `\"` ends the title early; write a quote inside the title as `\\\"`: title: \"\\\"a\\\" b\"",
            ),
            (
                "title: \"\\d \\n\"\n",
                "2:9: a backslash inside double quotes starts an escape such as `\\n`, and `\\d` is none; write `\\\\` for a backslash, or put the title in single quotes: title: '\\d \\n'",
            ),
            (
                "follow_ups:\n  - - \"a\"\n    - \"b\"\n",
                "3:5: a `- ` inside the follow-up makes a list in the list; write each follow-up on its own line as - \"a\"",
            ),
        ];
        for (yaml, want) in cases {
            assert_eq!(advise(yaml), [want], "{yaml:?}");
        }
    }

    #[test]
    fn reports_every_follow_up_that_is_not_text_with_other_mistakes() {
        let yaml = "follow_ups:\n  - А: б\n  - 7\n  -\n  - [a, b]\n  - true\n";
        assert_eq!(
            advise(yaml),
            [
                "3:5: `: ` inside the follow-up makes YAML read a key there; wrap the follow-up in double quotes: - \"А: б\"",
                "4:5: follow-up 2 is the number 7, not text; write the question in double quotes: - \"…\"",
                "5:4: follow-up 3 is empty; write the question after `- `, or delete the line",
                "6:5: follow-up 4 is a list, not text; write the question in double quotes: - \"…\"",
                "7:5: follow-up 5 is the yes/no value true, not text; write the question in double quotes: - \"…\"",
            ]
        );
    }

    /// Every lossy-advice for valid `yaml`.
    fn lossy(yaml: &str) -> Vec<String> {
        said(yaml, lossy_advice)
    }

    #[test]
    fn reports_text_that_valid_yaml_drops() {
        let yaml = "title: Что делает #pragma?\nfollow_ups:\n  - &x ссылка\n  - \"a\" # comment\n  - plain\n";
        assert_eq!(
            lossy(yaml),
            [
                "2:19: `#` after a space starts a YAML comment, so the title ends before it (\"Что делает\"); wrap the title in double quotes: title: \"Что делает #pragma?\"",
                "4:5: the follow-up starts with `&`, which YAML reads as an anchor (`&name`), and drops the word; wrap the follow-up in double quotes: - \"&x ссылка\"",
            ]
        );
        let fine = "title: \"a # b\"\nfollow_ups: # the list\n  - 'x' # y\ntags: [a] # z\ndescription: >-\n  text\n";
        assert_eq!(lossy(fine), Vec::<String>::new());
    }

    #[test]
    fn leaves_valid_lines_alone() {
        let yaml = "title: \"a: b\"\nfollow_ups:\n  - 'it''s'\n  - \"x\" # comment\n  - plain text\n    continued\ntags: [a, b]\ndescription: >\n  folded: text\nid: |-\n  x\n";
        assert_eq!(advise(yaml), Vec::<String>::new());
    }
}
