//! The words of a title, sorted into code spans, Latin words and other words, in slug form.
//!
//! Ids and tags are derived from these; everything is lowercase ASCII (`deunicode` does the
//! transliteration), so the results are stable across platforms.

use super::inline::{segments, Segment};

/// One word of a title, already in slug form (lowercase ASCII, `-` between parts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    /// A code span (`` `__slots__` `` → `slots`, `` `==` `` → `eq`).
    Code(String),
    /// A word written in ASCII letters in the title (`GIL` → `gil`).
    Latin(String),
    /// Any other word, transliterated (`дескрипторы` → `deskriptory`).
    Other(String),
}

impl Token {
    /// The slug form of the word.
    pub(super) fn slug(&self) -> &str {
        match self {
            Token::Code(s) | Token::Latin(s) | Token::Other(s) => s,
        }
    }
}

/// Whether a lowercase word is skipped in ids: a function or title word
/// ([`crate::stopwords`]); the topic words stay.
pub(super) fn is_stop(word: &str) -> bool {
    crate::stopwords::is_title_filler(word)
}

/// The tokens of inline Markdown `text`, in order.
pub(super) fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for segment in segments(text) {
        match segment {
            Segment::Code(code) => out.extend(code_word(code).map(Token::Code)),
            Segment::Text(text, _) => {
                out.extend(raw_words(text).into_iter().filter_map(word_token))
            }
        }
    }
    out
}

/// The raw words of plain text: letters, digits and `_`, with `.` inside (`typing.Union`).
pub(super) fn raw_words(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut words = Vec::new();
    let mut start = None;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let dotted = c == '.'
            && start.is_some()
            && chars.get(i + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        match (is_word(c) || dotted, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                words.push(&text[s..at]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(&text[s..]);
    }
    words
}

/// A plain-text word as a token; `None` for numbers such as `3.8`.
fn word_token(word: &str) -> Option<Token> {
    if !word.is_ascii() {
        if is_stop(&word.to_lowercase()) {
            return None;
        }
        let slug = slug_words(word).join("-");
        return (!slug.is_empty()).then_some(Token::Other(slug));
    }
    let last = word
        .rsplit('.')
        .find(|s| s.chars().any(|c| c.is_ascii_alphabetic()))?;
    let slug = slug_words(last).join("-");
    (!slug.is_empty()).then_some(Token::Latin(slug))
}

/// A code span as one slug: symbols get names, decorations (`@`, `*`, `()`, `__`) go.
fn code_word(code: &str) -> Option<String> {
    if !code.chars().any(char::is_alphanumeric) {
        return symbol_name(code.trim()).map(str::to_string);
    }
    let code = code
        .trim()
        .trim_end_matches("()")
        .trim_start_matches(['@', '*']);
    let code = match code.contains(char::is_whitespace) {
        false => code.rsplit('.').find(|s| !s.is_empty()).unwrap_or(code),
        true => code,
    };
    let words = slug_words(code);
    let slug = words[..words.len().min(3)].join("-");
    (!slug.is_empty()).then_some(slug)
}

/// Names for operators written as code spans (`==` → `eq`).
fn symbol_name(symbol: &str) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        ("==", "eq"),
        ("!=", "ne"),
        ("<", "lt"),
        (">", "gt"),
        ("<=", "le"),
        (">=", "ge"),
        ("+", "plus"),
        ("-", "minus"),
        ("*", "star"),
        ("**", "pow"),
        ("/", "div"),
        ("//", "floordiv"),
        ("%", "mod"),
        ("@", "matmul"),
        (":=", "walrus"),
        ("->", "arrow"),
        ("...", "ellipsis"),
        ("&", "and"),
        ("|", "or"),
        ("^", "xor"),
        ("~", "invert"),
        ("<<", "lshift"),
        (">>", "rshift"),
        ("[]", "brackets"),
        ("{}", "braces"),
    ];
    NAMES
        .iter()
        .find(|(s, _)| *s == symbol)
        .map(|(_, name)| *name)
}

/// Transliterated, lowercased ASCII words of `text` (split at anything not a letter or digit).
pub(super) fn slug_words(text: &str) -> Vec<String> {
    // `ъ`/`ь` transliterate to an apostrophe, which must not split a word in two.
    deunicode::deunicode(text)
        .to_ascii_lowercase()
        .replace('\'', "")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Joins up to `max_words` words with `-`, stopping before `max_chars` would be passed (the
/// first word is cut to fit).
pub(super) fn join_limited(words: &[String], max_words: usize, max_chars: usize) -> String {
    take_limited(words, max_words, max_chars).0
}

/// Like [`join_limited`], also saying how many words were used.
pub(super) fn take_limited(
    words: &[String],
    max_words: usize,
    max_chars: usize,
) -> (String, usize) {
    let mut out = String::new();
    let mut used = 0;
    for word in words.iter().take(max_words) {
        if used == 0 {
            out = word.chars().take(max_chars).collect();
            out = out.trim_end_matches('-').to_string();
        } else if out.len() + 1 + word.len() <= max_chars {
            out.push('-');
            out.push_str(word);
        } else {
            break;
        }
        used += 1;
    }
    (out, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Token {
        Token::Code(s.into())
    }
    fn latin(s: &str) -> Token {
        Token::Latin(s.into())
    }
    fn other(s: &str) -> Token {
        Token::Other(s.into())
    }

    #[test]
    fn sorts_title_words() {
        let cases = [
            ("разницу между `is` и `==`", vec![code("is"), code("eq")]),
            ("`*args` и `**kwargs`", vec![code("args"), code("kwargs")]),
            (
                "typing.Union в Python 3.8+",
                vec![latin("union"), latin("python")],
            ),
            (
                "Базовые концепции",
                vec![other("bazovye"), other("kontseptsii")],
            ),
            ("`collections.defaultdict`", vec![code("defaultdict")]),
            (
                "`suppress()` `@property` `__slots__`",
                vec![code("suppress"), code("property"), code("slots")],
            ),
            ("`yield from`", vec![code("yield-from")]),
            ("SQL-инъекции", vec![latin("sql"), other("inektsii")]),
            ("read_csv", vec![latin("read-csv")]),
            ("`` `;` ``", vec![]),
        ];
        for (title, want) in cases {
            assert_eq!(tokens(title), want, "{title:?}");
        }
    }

    #[test]
    fn joins_within_limits() {
        let words: Vec<String> = ["alpha", "beta", "gamma", "delta"]
            .map(String::from)
            .to_vec();
        assert_eq!(join_limited(&words, 3, 30), "alpha-beta-gamma");
        assert_eq!(join_limited(&words, 3, 12), "alpha-beta");
        assert_eq!(join_limited(&["x".repeat(40)], 3, 30), "x".repeat(30));
        assert_eq!(join_limited(&[], 3, 30), "");
    }
}
