//! Slugs for levels and sections and ids for questions: short, readable, unique, stable.
//!
//! Everything is derived from titles by rule (no hand-made table), so re-importing the same
//! document gives the same names:
//!
//! - **Headings** (levels, sections): the part after the first `: ` if any
//!   (`Уровень 1: Основы Python` → `Основы Python`), stop words dropped, transliterated,
//!   at most [`MAX_WORDS`] words and [`MAX_CHARS`] characters (`osnovy-python`).
//! - **Questions**: the technical Latin words of the title win. Code spans first
//!   (`` `__slots__` `` → `slots`, `` `==` `` → `eq`), else Latin words (`GIL` → `gil`),
//!   leaving out English stop words and words common in the book's titles (more than 8 % of
//!   them, such as `Python`). A single Latin word is used alone only when no other title has
//!   it; otherwise the title's content words (transliterated, question words such as
//!   `что`/`как`/`объясните` dropped) are used in title order. When the title contrasts
//!   things (`разница`, `отличия`, `vs`, `difference`), the first two are joined with `-vs-`
//!   (`is-vs-eq`).
//! - **Uniqueness** (book-wide, in book order): on a clash the next word of the title is
//!   added, else `-2`, `-3`…

use std::collections::{HashMap, HashSet};

use super::words::{is_stop, join_limited, raw_words, slug_words, take_limited, tokens, Token};

/// The most words in a slug or id (`vs` not counted).
pub(super) const MAX_WORDS: usize = 3;
/// The most characters in a slug or id before a clash adds a word.
pub(super) const MAX_CHARS: usize = 30;
/// Share of titles (in percent) above which a Latin word is too common to name a question.
const COMMON_PERCENT: usize = 8;

/// The slug of a level or section title; `fallback` when nothing is left.
pub(super) fn heading_slug(title: &str, fallback: &str) -> String {
    let plain = title.replace("**", "");
    let topic = match plain.split_once(": ") {
        Some((_, rest)) if !rest.trim().is_empty() => rest,
        _ => &plain,
    };
    let all: Vec<String> = raw_words(topic)
        .into_iter()
        .map(str::to_lowercase)
        .collect();
    let kept: Vec<&String> = all.iter().filter(|w| !is_stop(w)).collect();
    let chosen: Vec<&String> = if kept.is_empty() {
        all.iter().collect()
    } else {
        kept
    };
    let words: Vec<String> = chosen.iter().flat_map(|w| slug_words(w)).collect();
    let slug = join_limited(&words, MAX_WORDS, MAX_CHARS);
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug
    }
}

/// How often each Latin word or code span occurs across the book's titles.
#[derive(Debug, Default)]
pub(super) struct TitleStats {
    counts: HashMap<String, usize>,
    titles: usize,
}

impl TitleStats {
    /// Counts, for each word, the titles it occurs in.
    pub(super) fn new<'a>(titles: impl IntoIterator<Item = &'a str>) -> Self {
        let mut stats = TitleStats::default();
        for title in titles {
            stats.titles += 1;
            let mut seen = HashSet::new();
            for token in tokens(title) {
                if !matches!(token, Token::Other(_)) && seen.insert(token.slug().to_string()) {
                    *stats.counts.entry(token.slug().to_string()).or_default() += 1;
                }
            }
        }
        stats
    }

    /// The number of titles with this word.
    pub(super) fn count(&self, word: &str) -> usize {
        self.counts.get(word).copied().unwrap_or(0)
    }

    /// Whether a word is in so many titles that it names nothing (`python`).
    pub(super) fn is_common(&self, word: &str) -> bool {
        let count = self.count(word);
        count >= 3 && count * 100 > COMMON_PERCENT * self.titles
    }
}

/// The words an id is made of: the first `base` form the id, the rest settle clashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IdWords {
    words: Vec<String>,
    base: usize,
}

/// The candidate words of a question's id (see the module documentation for the rule).
pub(super) fn id_words(title: &str, stats: &TitleStats) -> IdWords {
    let tokens = tokens(title);
    let code = dedup(
        tokens
            .iter()
            .filter(|t| matches!(t, Token::Code(_)))
            .map(Token::slug),
    );
    let latin = dedup(
        tokens
            .iter()
            .filter(|t| latin_topic(t, stats))
            .map(Token::slug),
    );
    let content = dedup(
        tokens
            .iter()
            .filter(|t| content_word(t, stats))
            .map(Token::slug),
    );
    let primary = if code.is_empty() { latin } else { code.clone() };
    let named = primary.len() >= 2
        || !code.is_empty()
        || primary.first().is_some_and(|w| stats.count(w) == 1);
    let (head, rest) = if named && !primary.is_empty() {
        let rest = content
            .into_iter()
            .filter(|w| !primary.contains(w))
            .collect();
        (primary, rest)
    } else {
        (content, Vec::new())
    };
    let head = if head.is_empty() {
        dedup(tokens.iter().map(Token::slug))
    } else {
        head
    };
    base_words(head, rest, is_contrast(title))
}

fn latin_topic(token: &Token, stats: &TitleStats) -> bool {
    matches!(token, Token::Latin(w) if !is_stop(w) && !stats.is_common(w))
}

fn content_word(token: &Token, stats: &TitleStats) -> bool {
    match token {
        Token::Code(_) => true,
        Token::Latin(w) => !is_stop(w) && !stats.is_common(w),
        Token::Other(_) => true,
    }
}

fn dedup<'a>(words: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in words {
        if !out.iter().any(|w| w == word) {
            out.push(word.to_string());
        }
    }
    out
}

/// Whether a title contrasts two things, so that an id reads `a-vs-b`.
fn is_contrast(title: &str) -> bool {
    let lower = title.to_lowercase();
    let stems = ["разниц", "отлич", "сравн", "differ", "compar", "versus"];
    stems.iter().any(|s| lower.contains(s)) || raw_words(&lower).contains(&"vs")
}

/// Picks the base words (at most [`MAX_WORDS`], [`MAX_CHARS`]) and keeps the others.
fn base_words(head: Vec<String>, rest: Vec<String>, contrast: bool) -> IdWords {
    let vs = [head.first(), head.get(1)];
    if let [Some(a), Some(b)] = vs {
        if contrast && a.len() + b.len() + 4 <= MAX_CHARS {
            let mut words = vec![a.clone(), "vs".to_string(), b.clone()];
            words.extend(head.into_iter().skip(2).chain(rest));
            return IdWords { words, base: 3 };
        }
    }
    let (base, used) = take_limited(&head, MAX_WORDS, MAX_CHARS);
    let mut words = vec![base];
    words.extend(head.into_iter().skip(used.max(1)).chain(rest));
    IdWords { words, base: 1 }
}

/// Hands out ids that are unique across the book, in the order asked.
#[derive(Debug, Default)]
pub(super) struct IdAllocator {
    used: HashSet<String>,
}

impl IdAllocator {
    /// The first free id among: the base words, the base plus one more word, numbered.
    pub(super) fn allocate(&mut self, candidate: &IdWords) -> String {
        let base = candidate.words[..candidate.base].join("-");
        let base = if base.is_empty() {
            "question".to_string()
        } else {
            base
        };
        let extended = candidate.words[candidate.base..]
            .iter()
            .map(|w| format!("{base}-{w}"));
        let numbered = (2..).map(|n| format!("{base}-{n}"));
        let id = std::iter::once(base.clone())
            .chain(extended.filter(|id| id.len() <= MAX_CHARS + 12))
            .chain(numbered)
            .find(|id| !self.used.contains(id))
            .unwrap_or(base);
        self.used.insert(id.clone());
        id
    }

    /// Hands out `slug` or, when taken, `slug-2`, `slug-3`…
    pub(super) fn allocate_slug(&mut self, slug: &str) -> String {
        self.allocate(&IdWords {
            words: vec![slug.to_string()],
            base: 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_headings() {
        let cases = [
            ("Уровень 1: Основы Python", "osnovy-python"),
            ("Базовые концепции", "bazovye-kontseptsii"),
            ("HTTP и REST API", "http-rest-api"),
            ("Django/Flask специфика", "django-flask-spetsifika"),
            ("**Level 2:** `async` and I/O", "async-i-o"),
            ("и", "i"),
            ("", "level"),
            ("!!!", "level"),
        ];
        for (title, want) in cases {
            assert_eq!(heading_slug(title, "level"), want, "{title:?}");
        }
    }

    /// Ids for `titles` in a book where, as in the seed, most titles name Python.
    fn ids(titles: &[&str]) -> Vec<String> {
        let fillers: Vec<String> = (0..40).map(|n| format!("Вопрос {n} про Python")).collect();
        let all = titles
            .iter()
            .copied()
            .chain(fillers.iter().map(String::as_str));
        let stats = TitleStats::new(all);
        let mut alloc = IdAllocator::default();
        titles
            .iter()
            .map(|t| alloc.allocate(&id_words(t, &stats)))
            .collect()
    }

    #[test]
    fn derives_question_ids() {
        let titles = [
            "Что такое GIL в Python и как он влияет на многопоточность?",
            "Объясните разницу между `is` и `==` с практическими примерами",
            "Что такое дескрипторы в Python? Приведите практический пример",
            "Объясните `*args` и `**kwargs` с примерами из REST API",
            "Что такое `__repr__` vs `__str__` и как их правильно реализовать?",
            "Что такое WSGI и ASGI? В чем разница?",
            "Объясните принципы REST и как их реализовать в Python",
            "Как правильно обрабатывать ошибки в REST API?",
            "Как реализовать пагинацию в REST API?",
            "Как работает Python?",
            "Как работает Python?",
            "",
            "<script>alert('x')</script>",
        ];
        let want = [
            "gil",
            "is-vs-eq",
            "deskriptory",
            "args-kwargs",
            "repr-vs-str",
            "wsgi-vs-asgi",
            "rest",
            "rest-api",
            "rest-api-paginatsiiu",
            "python",
            "python-2",
            "question",
            "script-alert-x",
        ];
        assert_eq!(ids(&titles), want);
    }

    #[test]
    fn ids_are_unique_and_short_for_odd_titles() {
        let long = "слово ".repeat(10_000);
        let titles = [
            long.as_str(),
            long.as_str(),
            "`` ` ``",
            "🦀 ✓",
            "\u{0}\u{feff}",
        ];
        let got = ids(&titles);
        let unique: HashSet<&String> = got.iter().collect();
        assert_eq!(unique.len(), got.len(), "{got:?}");
        assert!(
            got.iter()
                .all(|id| id.len() <= MAX_CHARS + 12 && !id.is_empty()),
            "{got:?}"
        );
    }
}
