//! Near-duplicate questions: pairs whose titles and follow-ups ask nearly the same thing.
//!
//! Each question is a bag of content terms ([`super::words`]) weighted by IDF (a word in
//! few questions says more than one in many). A pair scores the higher of
//!
//! - the cosine of the two questions' whole vectors (title terms count fully, follow-up
//!   terms [`SimilarityOptions::follow_up_weight`]), and
//! - the best cosine between one sentence of each (title or follow-up), when they share at
//!   least two terms: a follow-up of one question is often the title of another.
//!
//! Only pairs that share a rare term (in at most [`SimilarityOptions::max_df_share`] of the
//! questions, and never fewer than a handful) are scored, through an inverted index, so a
//! book of 10,000 questions does not compare 50 million pairs.

use std::collections::{BTreeSet, HashMap};

use super::words::terms;
use crate::model::Question;

/// The knobs of near-duplicate detection (tuned on the shipped book; see tests/check.rs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimilarityOptions {
    /// Pairs scoring at least this are reported.
    pub threshold: f64,
    /// Weight of follow-up terms against title terms in the whole-question vector.
    pub follow_up_weight: f64,
    /// Sentence-to-sentence matches count this much of their cosine.
    pub sentence_weight: f64,
    /// A term in more than this share of questions does not make two questions candidates.
    pub max_df_share: f64,
}

impl Default for SimilarityOptions {
    fn default() -> Self {
        SimilarityOptions {
            threshold: 0.42,
            follow_up_weight: 0.6,
            sentence_weight: 0.9,
            max_df_share: 0.05,
        }
    }
}

/// Two questions (indexes into the slice given) and how alike they are, `0..=1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimilarPair {
    /// The earlier question.
    pub first: usize,
    /// The later question.
    pub second: usize,
    /// The score.
    pub score: f64,
}

/// One question as term ids: per sentence (title first), and as a weighted vector.
#[derive(Debug, Default)]
struct Doc {
    sentences: Vec<BTreeSet<usize>>,
    vector: HashMap<usize, f64>,
    norm: f64,
}

/// Every pair scoring at least `opts.threshold`, best first.
pub fn similar_pairs(questions: &[&Question], opts: &SimilarityOptions) -> Vec<SimilarPair> {
    let (docs, idf) = index_docs(questions, opts);
    let mut pairs: Vec<SimilarPair> = candidates(&docs, &idf, opts)
        .into_iter()
        .map(|(first, second)| SimilarPair {
            first,
            second,
            score: score(&docs[first], &docs[second], &idf, opts),
        })
        .filter(|p| p.score >= opts.threshold)
        .collect();
    pairs.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.first.cmp(&b.first)));
    pairs
}

/// Term ids per sentence, IDF per term id, and the IDF-weighted vectors.
fn index_docs(questions: &[&Question], opts: &SimilarityOptions) -> (Vec<Doc>, Vec<f64>) {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut df: Vec<usize> = Vec::new();
    let mut docs: Vec<Doc> = questions
        .iter()
        .map(|q| {
            let texts = std::iter::once(q.title.as_str())
                .chain(q.follow_ups.iter().map(|f| f.text.as_str()));
            let sentences: Vec<BTreeSet<usize>> = texts
                .map(|t| {
                    terms(t)
                        .into_iter()
                        .map(|term| {
                            let next = ids.len();
                            *ids.entry(term).or_insert(next)
                        })
                        .collect()
                })
                .collect();
            Doc {
                sentences,
                ..Doc::default()
            }
        })
        .collect();
    df.resize(ids.len(), 0);
    for doc in &docs {
        let all: BTreeSet<usize> = doc.sentences.iter().flatten().copied().collect();
        all.iter().for_each(|&t| df[t] += 1);
    }
    let n = questions.len().max(1) as f64;
    let idf: Vec<f64> = df.iter().map(|&d| (n / d as f64).ln().max(0.0)).collect();
    docs.iter_mut().for_each(|doc| weigh(doc, &idf, opts));
    (docs, idf)
}

/// Fills the document's weighted vector and its norm.
fn weigh(doc: &mut Doc, idf: &[f64], opts: &SimilarityOptions) {
    for (i, sentence) in doc.sentences.iter().enumerate() {
        let w = if i == 0 { 1.0 } else { opts.follow_up_weight };
        for &t in sentence {
            *doc.vector.entry(t).or_default() += w * idf[t];
        }
    }
    doc.norm = doc.vector.values().map(|v| v * v).sum::<f64>().sqrt();
}

/// Pairs `(i, j)`, `i < j`, that share at least one rare term.
fn candidates(docs: &[Doc], idf: &[f64], opts: &SimilarityOptions) -> BTreeSet<(usize, usize)> {
    let n = docs.len() as f64;
    let max_df = (n * opts.max_df_share).max(6.0);
    let min_idf = (n / max_df).ln();
    let mut postings: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, doc) in docs.iter().enumerate() {
        for &t in doc.vector.keys().filter(|&&t| idf[t] >= min_idf) {
            postings.entry(t).or_default().push(i);
        }
    }
    let mut pairs = BTreeSet::new();
    for list in postings.values() {
        for (a, &i) in list.iter().enumerate() {
            pairs.extend(list[a + 1..].iter().map(|&j| (i.min(j), i.max(j))));
        }
    }
    pairs
}

/// The higher of the whole-question cosine and the best sentence-pair cosine.
fn score(a: &Doc, b: &Doc, idf: &[f64], opts: &SimilarityOptions) -> f64 {
    let whole = cosine(&a.vector, a.norm, &b.vector, b.norm);
    let best_sentence = a
        .sentences
        .iter()
        .flat_map(|s| b.sentences.iter().map(move |t| sentence_cosine(s, t, idf)))
        .fold(0.0, f64::max);
    whole.max(best_sentence * opts.sentence_weight)
}

fn cosine(a: &HashMap<usize, f64>, na: f64, b: &HashMap<usize, f64>, nb: f64) -> f64 {
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let dot: f64 = a.iter().filter_map(|(t, v)| b.get(t).map(|w| v * w)).sum();
    dot / (na * nb)
}

/// IDF-weighted cosine of two term sets; 0 unless they share two terms.
fn sentence_cosine(a: &BTreeSet<usize>, b: &BTreeSet<usize>, idf: &[f64]) -> f64 {
    let shared: Vec<usize> = a.intersection(b).copied().collect();
    if shared.len() < 2 {
        return 0.0;
    }
    let sq = |s: &mut dyn Iterator<Item = &usize>| s.map(|&t| idf[t] * idf[t]).sum::<f64>();
    let dot = sq(&mut shared.iter());
    let norm = (sq(&mut a.iter()) * sq(&mut b.iter())).sqrt();
    if norm == 0.0 {
        0.0
    } else {
        dot / norm
    }
}
