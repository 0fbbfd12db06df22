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

/// Words that carry no meaning in a query ("как", "what"); kept only inside code.
pub const STOP_WORDS: &[&str] = &[
    "и",
    "в",
    "во",
    "не",
    "что",
    "он",
    "на",
    "я",
    "с",
    "со",
    "как",
    "а",
    "то",
    "все",
    "она",
    "так",
    "его",
    "но",
    "да",
    "ты",
    "к",
    "у",
    "же",
    "вы",
    "за",
    "бы",
    "по",
    "только",
    "ее",
    "мне",
    "было",
    "вот",
    "от",
    "меня",
    "еще",
    "о",
    "из",
    "ему",
    "когда",
    "даже",
    "ну",
    "ли",
    "если",
    "уже",
    "или",
    "ни",
    "быть",
    "был",
    "него",
    "до",
    "вас",
    "нибудь",
    "уж",
    "вам",
    "ведь",
    "там",
    "потом",
    "себя",
    "ей",
    "может",
    "они",
    "тут",
    "где",
    "есть",
    "надо",
    "ней",
    "для",
    "мы",
    "тебя",
    "их",
    "чем",
    "была",
    "сам",
    "чтоб",
    "без",
    "будто",
    "чего",
    "раз",
    "тоже",
    "себе",
    "под",
    "будет",
    "ж",
    "тогда",
    "кто",
    "этот",
    "того",
    "потому",
    "этого",
    "какой",
    "какие",
    "какая",
    "каких",
    "ним",
    "здесь",
    "этом",
    "почти",
    "мой",
    "тем",
    "чтобы",
    "нее",
    "были",
    "куда",
    "зачем",
    "всех",
    "можно",
    "при",
    "об",
    "хоть",
    "после",
    "над",
    "тот",
    "через",
    "эти",
    "нас",
    "про",
    "всего",
    "них",
    "много",
    "разве",
    "эту",
    "моя",
    "свою",
    "этой",
    "перед",
    "том",
    "такой",
    "такое",
    "такие",
    "им",
    "это",
    "между",
    "ваш",
    "вашем",
    "ваши",
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "what",
    "how",
    "why",
    "when",
    "which",
    "does",
    "do",
    "is",
    "are",
    "be",
    "it",
    "its",
    "you",
    "your",
    "by",
    "as",
    "at",
    "this",
    "that",
    "from",
    "vs",
    "versus",
];

/// Lowercase with `ё` folded into `е`: the form every rule works on.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ё' | 'Ё' => out.push('е'),
            'А'..='Я' => out.push(char::from_u32(c as u32 + 32).unwrap_or(c)),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A letter, digit or `_`: what words are made of.
pub fn is_word_char(c: char) -> bool {
    is_letter(c) || c.is_ascii_digit() || c == '_' || (!c.is_ascii() && c.is_numeric())
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
    let chars: Vec<char> = normalize(text).chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (end, keep) = if is_word_char(chars[i]) {
            (word_end(&chars, i), true)
        } else if SYMBOLS.contains(&chars[i]) {
            let end = run_end(&chars, i, |c| SYMBOLS.contains(&c));
            (end, end - i > 1 || LONE_SYMBOLS.contains(&chars[i]))
        } else {
            (i + 1, false)
        };
        if keep && end - i <= MAX_TOKEN_CHARS {
            tokens.push(chars[i..end].iter().collect());
        }
        i = end;
    }
    tokens
}

/// The end of the run of chars from `start` that satisfy `pred`.
fn run_end(chars: &[char], start: usize, pred: impl Fn(char) -> bool) -> usize {
    let mut end = start;
    while end < chars.len() && pred(chars[end]) {
        end += 1;
    }
    end
}

/// The end of a word token starting at `start`: word runs joined by joiners, then `+`/`#`.
fn word_end(chars: &[char], start: usize) -> usize {
    let mut end = run_end(chars, start, is_word_char);
    while end + 1 < chars.len() && JOINERS.contains(&chars[end]) && is_word_char(chars[end + 1]) {
        end = run_end(chars, end + 1, is_word_char);
    }
    let tail = run_end(chars, end, |c| c == '+' || c == '#');
    let next_is_word = chars.get(tail).is_some_and(|c| is_word_char(*c));
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
