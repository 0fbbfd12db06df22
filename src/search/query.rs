//! The ranking of search.js, in Rust: exact terms, the last word as a prefix, all words
//! required with a fallback to any word, fields weighted title > follow-ups > answer > tags,
//! ties in book order. search.js adds typo and keyboard-layout tolerance on top; this
//! version keeps the ranking testable from Rust.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::tokenize::{is_plain_word, is_stop_word, term_keys, tokenize};
use super::{SearchIndex, WEIGHTS};

/// What a query found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Question indexes (book order), best first.
    pub docs: Vec<usize>,
    /// True when no question had every word and any word was enough.
    pub fallback: bool,
}

/// The score of a posting's field mask: the weights of the fields it occurs in.
pub fn field_score(mask: u8) -> u32 {
    (0..4)
        .filter(|bit| mask & (1 << bit) != 0)
        .map(|bit| WEIGHTS[bit])
        .sum()
}

/// Runs `query` against `index`; the last word is a prefix unless the query ends in a space.
pub fn search(index: &SearchIndex, query: &str) -> Outcome {
    let words = query_words(query);
    let prefix_last = !query.ends_with(char::is_whitespace);
    let scores: Vec<HashMap<usize, u32>> = words
        .iter()
        .enumerate()
        .map(|(i, w)| word_scores(index, w, prefix_last && i + 1 == words.len()))
        .collect();
    let all = combine(&scores, true);
    if !all.is_empty() || scores.len() < 2 {
        return Outcome {
            docs: all,
            fallback: false,
        };
    }
    Outcome {
        docs: combine(&scores, false),
        fallback: true,
    }
}

/// The query's tokens without stop words (unless there is nothing else).
fn query_words(query: &str) -> Vec<String> {
    let tokens: Vec<String> = tokenize(query)
        .into_iter()
        .filter(|t| !term_keys(t).is_empty())
        .collect();
    let content: Vec<String> = tokens
        .iter()
        .filter(|t| !(is_plain_word(t) && is_stop_word(t)))
        .cloned()
        .collect();
    if content.is_empty() {
        tokens
    } else {
        content
    }
}

/// Best score per question for one word: exact term (x2) or, as a prefix, any term it starts.
fn word_scores(index: &SearchIndex, word: &str, prefix: bool) -> HashMap<usize, u32> {
    let key = &term_keys(word)[0];
    let cmp = |t: &String| t.encode_utf16().cmp(key.encode_utf16());
    let start = index
        .terms
        .partition_point(|(t, _)| cmp(t) == Ordering::Less);
    let mut scores: HashMap<usize, u32> = HashMap::new();
    for (term, postings) in &index.terms[start..] {
        let quality = if term == key { 2 } else { 1 };
        if quality == 1 && !(prefix && term.starts_with(key.as_str())) {
            break;
        }
        for &(doc, mask) in postings {
            let s = scores.entry(doc as usize).or_default();
            *s = (*s).max(field_score(mask) * quality);
        }
    }
    scores
}

/// Questions in every map (`all`) or in any, by summed score then book order.
fn combine(scores: &[HashMap<usize, u32>], all: bool) -> Vec<usize> {
    let mut total: HashMap<usize, (u32, usize)> = HashMap::new();
    for map in scores {
        for (&doc, &s) in map {
            let e = total.entry(doc).or_default();
            *e = (e.0 + s, e.1 + 1);
        }
    }
    let mut docs: Vec<(usize, u32)> = total
        .into_iter()
        .filter(|(_, (_, n))| !all || *n == scores.len())
        .map(|(doc, (s, _))| (doc, s))
        .collect();
    docs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    docs.into_iter().map(|(doc, _)| doc).collect()
}
