//! Text -> search terms: normalising, tokenising, stop words and Snowball stemming.
//!
//! `themes/default/static/search.js` mirrors every rule here for queries (it ports the same
//! Snowball stemmers); change both together. The rules:
//!
//! - lowercase, `ё` = `е`;
//! - a token is a run of letters, digits and `_`, joined by `.` `/` `+` `-` when a letter or
//!   digit follows (`os.path`, `async/await`, `n+1`), with trailing `+`/`#` kept (`c++`,
//!   `3.10+`); or a run of operator characters (`==`, `|`, `->`, `**`);
//! - a plain word's term is its Snowball stem (Russian for Cyrillic, English for Latin);
//!   a technical token's terms are the token itself, the token without a trailing `+`, and
//!   the stems of its parts (`select_related` -> `select_related`, `select`, `relat`).

use rust_stemmers::{Algorithm, Stemmer};

/// Characters that join two word runs into one technical token.
const JOINERS: &[char] = &['.', '/', '+', '-'];
/// Characters that form operator tokens.
const SYMBOLS: &[char] = &[
    '=', '<', '>', '!', '|', '&', '*', '%', '^', '~', '@', ':', '+', '-',
];
/// Single operator characters worth a token (a lone `:` or `-` is punctuation).
const LONE_SYMBOLS: &[char] = &['|', '=', '<', '>', '*', '@', '%', '&', '^', '~'];
/// Longer tokens are hashes or URLs: not worth indexing.
pub const MAX_TOKEN_CHARS: usize = 40;

/// Words that carry no meaning in a query ("как", "what"); kept only inside code. The
/// shared list of [`crate::stopwords`].
pub use crate::stopwords::FUNCTION_WORDS as STOP_WORDS;

/// Lowercase with `ё` folded into `е`: the form every rule works on.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize`] appending to `out`, so a caller can reuse one buffer for many texts.
pub fn normalize_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.push_str(text);
        let start = out.len() - text.len();
        out[start..].make_ascii_lowercase();
        return;
    }
    out.reserve(text.len());
    for c in text.chars() {
        match c {
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            'а'..='я' => out.push(c),
            'ё' | 'Ё' => out.push('е'),
            'А'..='Я' => out.push(char::from_u32(c as u32 + 32).unwrap_or(c)),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// A letter, digit or `_`: what words are made of.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        is_letter(c) || c.is_numeric()
    }
}

/// A letter. Latin and Cyrillic are answered without the general Unicode table, which is
/// slow and was a fifth of the index build's time.
pub fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')
        || (!c.is_ascii() && c.is_alphabetic())
}

/// The tokens of `text`, normalised, in order.
pub fn tokenize(text: &str) -> Vec<String> {
    let normalized = normalize(text);
    let mut tokens = Vec::new();
    for_each_token(&normalized, |t| tokens.push(t.to_string()));
    tokens
}

/// Calls `f` with each token of the already normalised `text`, in order, as slices of it
/// (no allocation). [`tokenize`] is this after [`normalize`].
pub fn for_each_token<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        let (end, keep) = if is_word_char(c) {
            (word_end(text, i), true)
        } else if SYMBOLS.contains(&c) {
            // Symbols are ASCII: byte counts are char counts.
            let end = run_end(text, i, |c| SYMBOLS.contains(&c));
            (end, end - i > 1 || LONE_SYMBOLS.contains(&c))
        } else {
            (i + c.len_utf8(), false)
        };
        let token = &text[i..end];
        if keep && (token.len() <= MAX_TOKEN_CHARS || token.chars().count() <= MAX_TOKEN_CHARS) {
            f(token);
        }
        i = end;
    }
}

/// The char starting at byte `i` of `text`, if any.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

/// The byte end of the run of chars from byte `start` that satisfy `pred`.
fn run_end(text: &str, start: usize, pred: impl Fn(char) -> bool) -> usize {
    text[start..]
        .char_indices()
        .find(|&(_, c)| !pred(c))
        .map_or(text.len(), |(j, _)| start + j)
}

/// The byte end of a word token starting at `start`: word runs joined by joiners, then
/// `+`/`#` (all ASCII, so byte steps are char steps).
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = run_end(text, start, is_word_char);
    while end + 1 < bytes.len()
        && JOINERS.contains(&char::from(bytes[end]))
        && char_at(text, end + 1).is_some_and(is_word_char)
    {
        end = run_end(text, end + 1, is_word_char);
    }
    let tail = run_end(text, end, |c| c == '+' || c == '#');
    let next_is_word = char_at(text, tail).is_some_and(is_word_char);
    if tail - end <= 2 && !next_is_word {
        tail
    } else {
        end
    }
}

/// True for a token made of letters only.
pub fn is_plain_word(token: &str) -> bool {
    token.chars().all(is_letter)
}

/// True when `token` is a stop word (only plain words can be).
pub fn is_stop_word(token: &str) -> bool {
    STOP_WORDS.contains(&token)
}

/// The index terms of a normalised token: its main term first, then its parts' terms.
/// Empty for single letters.
pub fn term_keys(token: &str) -> Vec<String> {
    if is_plain_word(token) {
        return match token.chars().count() {
            0 | 1 => Vec::new(),
            _ => vec![stem(token)],
        };
    }
    let mut keys = vec![token.to_string()];
    if token.chars().all(|c| c.is_numeric()) {
        return keys;
    }
    let bare = token.trim_end_matches(['+', '#']);
    if !bare.is_empty() && bare != token {
        keys.push(bare.to_string());
    }
    for part in token.split(|c: char| !(is_letter(c) || c.is_numeric())) {
        if part.chars().count() >= 2 && part != token {
            keys.extend(term_keys(part));
        }
    }
    let mut seen = std::collections::HashSet::new();
    keys.retain(|k| seen.insert(k.clone()));
    keys
}

/// The Snowball stem of a normalised plain word: Russian for Cyrillic, English for Latin
/// a–z; other words stay as they are.
pub fn stem(word: &str) -> String {
    thread_local! {
        // Words repeat a lot in a book: each thread stems each word once.
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
    }
    CACHE.with(|cache| {
        if let Some(stem) = cache.borrow().get(word) {
            return stem.clone();
        }
        let stem = stem_uncached(word);
        cache.borrow_mut().insert(word.to_string(), stem.clone());
        stem
    })
}

fn stem_uncached(word: &str) -> String {
    thread_local! {
        static RU: Stemmer = Stemmer::create(Algorithm::Russian);
        static EN: Stemmer = Stemmer::create(Algorithm::English);
    }
    if word.chars().all(|c| c.is_ascii_lowercase()) {
        EN.with(|s| s.stem(word).into_owned())
    } else if word.chars().all(|c| ('а'..='я').contains(&c)) {
        RU.with(|s| s.stem(word).into_owned())
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_technical_tokens() {
        let cases: &[(&str, &[&str])] = &[
            ("Что такое GIL?", &["что", "такое", "gil"]),
            ("`__slots__` и N+1", &["__slots__", "и", "n+1"]),
            (
                "async/await, select_related",
                &["async/await", "select_related"],
            ),
            (
                "Python 3.10+ и str | None",
                &["python", "3.10+", "и", "str", "|", "none"],
            ),
            (
                "`is` и `==`: C++ и C#",
                &["is", "и", "==", "c++", "и", "c#"],
            ),
            ("Ёлка — os.path.join().", &["елка", "os.path.join"]),
            ("a -> b: x", &["a", "->", "b", "x"]),
        ];
        for (text, expected) in cases {
            assert_eq!(tokenize(text), *expected, "{text}");
        }
    }

    #[test]
    fn stems_russian_and_english_words() {
        for word in ["генератор", "генераторы", "генераторами", "генератора"]
        {
            assert_eq!(stem(word), "генератор", "{word}");
        }
        assert_eq!(stem("транзакция"), stem("транзакции"));
        assert_eq!(stem("decorator"), stem("decorators"));
        assert_eq!(stem("gil"), "gil");
        assert_eq!(stem("mixedсlass"), "mixedсlass");
    }

    #[test]
    fn keys_technical_tokens_with_their_parts() {
        assert_eq!(
            term_keys("select_related"),
            ["select_related", "select", "relat"]
        );
        assert_eq!(term_keys("__slots__"), ["__slots__", "slot"]);
        assert_eq!(term_keys("3.10+"), ["3.10+", "3.10", "10"]);
        assert_eq!(term_keys("n+1"), ["n+1"]);
        assert_eq!(term_keys("=="), ["=="]);
        assert_eq!(term_keys("x"), Vec::<String>::new());
        assert_eq!(term_keys("256"), ["256"]);
    }

    #[test]
    fn knows_stop_words() {
        assert!(is_stop_word("как"));
        assert!(is_stop_word("what"));
        assert!(!is_stop_word("gil"));
    }
}
