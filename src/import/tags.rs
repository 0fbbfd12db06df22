//! Tags derived from the technical terms that recur across questions.
//!
//! The seed has no tags, but the site has tag pages. The rule, deterministic and free of
//! hand-made tables:
//!
//! 1. A question's **terms** are the Latin words and code-span words of its title and
//!    follow-ups, lowercased and split at anything not a letter or digit
//!    (`` `pytest-asyncio` `` → `pytest`, `asyncio`), without English stop words, words
//!    shorter than two letters, numbers, and words common in the book's titles (in more
//!    than 8 % of them, such as `python`).
//! 2. A term is a **tag** when it occurs in at least [`MIN_QUESTIONS`] questions and in at
//!    most [`MAX_PERCENT`] % of them (never fewer than [`MIN_QUESTIONS`]): recurring, yet
//!    specific enough for a tag page to mean something.
//! 3. Two Latin words that stand next to each other also form a term (`rate-limiting`);
//!    such a phrase is a tag only when one of its words occurs nowhere else, and then that
//!    word is no tag of its own (`rate-limiting`, not `rate` and `limiting`).
//! 4. A question gets at most [`MAX_TAGS`] of its tags, the ones shared by the most
//!    questions first (ties in alphabetical order).

use std::collections::{BTreeSet, HashMap};

use super::slug::TitleStats;
use super::words::{is_stop, tokens, Token};

/// The fewest questions a term must occur in to become a tag.
pub(super) const MIN_QUESTIONS: usize = 3;
/// The largest share of questions (percent) a tag may cover.
pub(super) const MAX_PERCENT: usize = 15;
/// The most tags a question gets.
pub(super) const MAX_TAGS: usize = 3;

/// Generic words that recur in technical titles but name no topic.
const GENERIC: &[&str] = &[
    "based", "best", "custom", "data", "driven", "level", "multi", "native", "new", "real", "side",
    "simple", "time", "vs",
];

/// One question's text, as tag derivation sees it.
pub(super) struct TagSource<'a> {
    /// The title (inline Markdown).
    pub title: &'a str,
    /// The follow-ups (inline Markdown each).
    pub follow_ups: Vec<&'a str>,
}

/// The tags of each question, in the order given (see the module documentation).
pub(super) fn derive_tags(questions: &[TagSource<'_>], stats: &TitleStats) -> Vec<Vec<String>> {
    let terms: Vec<BTreeSet<String>> = questions.iter().map(|q| question_terms(q, stats)).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for term in terms.iter().flatten() {
        *counts.entry(term).or_default() += 1;
    }
    let limit = (questions.len() * MAX_PERCENT / 100).max(MIN_QUESTIONS);
    let subsumed = subsumed_words(&counts);
    let is_tag = |t: &&String| {
        let phrase_ok = !t.contains('-') || t.split('-').any(|w| subsumed.contains(w));
        phrase_ok
            && !subsumed.contains(t.as_str())
            && (MIN_QUESTIONS..=limit).contains(&counts[t.as_str()])
    };
    terms
        .iter()
        .map(|set| pick_tags(set.iter().filter(is_tag).collect(), &counts))
        .collect()
}

/// The question's tags, those shared by the most questions first, at most [`MAX_TAGS`].
fn pick_tags(mut tags: Vec<&String>, counts: &HashMap<&str, usize>) -> Vec<String> {
    tags.sort_by_key(|t| std::cmp::Reverse(counts[t.as_str()]));
    tags.into_iter().take(MAX_TAGS).cloned().collect()
}

/// Words that occur only inside one recurring two-word phrase (`rate` in `rate limiting`):
/// the phrase is the tag, not its words.
fn subsumed_words<'a>(counts: &HashMap<&'a str, usize>) -> BTreeSet<&'a str> {
    let mut subsumed = BTreeSet::new();
    for (&phrase, &count) in counts
        .iter()
        .filter(|(t, &c)| t.contains('-') && c >= MIN_QUESTIONS)
    {
        let words = phrase.split('-').filter(|w| counts.get(w) == Some(&count));
        subsumed.extend(words);
    }
    subsumed
}

/// The distinct terms of one question (title and follow-ups): words, and pairs of Latin
/// words that stand next to each other (`rate-limiting`).
fn question_terms(question: &TagSource<'_>, stats: &TitleStats) -> BTreeSet<String> {
    let texts = std::iter::once(question.title).chain(question.follow_ups.iter().copied());
    let mut terms = BTreeSet::new();
    for text in texts {
        let mut prev: Option<String> = None;
        for token in tokens(text) {
            let Token::Latin(slug) = &token else {
                prev = None;
                if let Token::Code(slug) = &token {
                    terms.extend(
                        slug.split('-')
                            .filter(|w| is_term(w, stats))
                            .map(str::to_string),
                    );
                }
                continue;
            };
            for word in slug.split('-') {
                prev = add_word(&mut terms, prev, word, stats);
            }
        }
    }
    terms
}

/// Adds a Latin word and, with the word before it, a pair; returns what comes next's `prev`.
fn add_word(
    terms: &mut BTreeSet<String>,
    prev: Option<String>,
    word: &str,
    stats: &TitleStats,
) -> Option<String> {
    if !is_term(word, stats) {
        return None;
    }
    if let Some(prev) = prev {
        terms.insert(format!("{prev}-{word}"));
    }
    terms.insert(word.to_string());
    Some(word.to_string())
}

fn is_term(word: &str, stats: &TitleStats) -> bool {
    word.len() >= 2
        && word.chars().any(|c| c.is_ascii_alphabetic())
        && !is_stop(word)
        && !GENERIC.contains(&word)
        && !stats.is_common(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_recurring_specific_terms() {
        let mut texts: Vec<(String, Vec<String>)> = vec![
            (
                "Django ORM?".into(),
                vec!["`select_related` in Django".into()],
            ),
            ("Django signals?".into(), vec!["Python and Django".into()]),
            ("Django REST?".into(), vec!["REST vs gRPC".into()]),
            ("Python GIL?".into(), vec!["threading".into()]),
            ("Python asyncio?".into(), vec!["asyncio in Python".into()]),
            ("Python memory?".into(), vec!["gc".into()]),
        ];
        texts.push((
            "API rate limiting?".into(),
            vec!["Rate limiting в API".into()],
        ));
        texts.push(("Rate limiting in nginx?".into(), vec![]));
        texts.push(("Distributed rate limiting?".into(), vec![]));
        texts.extend((0..34).map(|n| (format!("Python filler {n}?"), Vec::new())));
        let sources: Vec<TagSource> = texts
            .iter()
            .map(|(t, f)| TagSource {
                title: t,
                follow_ups: f.iter().map(String::as_str).collect(),
            })
            .collect();
        let stats = TitleStats::new(texts.iter().map(|(t, _)| t.as_str()));
        let tags = derive_tags(&sources, &stats);
        assert_eq!(tags[0], ["django"]);
        assert_eq!(tags[2], ["django"]);
        assert!(
            tags[3..6].iter().all(Vec::is_empty),
            "python is too common: {tags:?}"
        );
        assert_eq!(tags[6], ["rate-limiting"]);
    }
}
