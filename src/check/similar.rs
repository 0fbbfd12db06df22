//! Near-duplicate questions: pairs whose titles and follow-ups ask nearly the same thing.
//!
//! Each sentence (a title or a follow-up) becomes a set of content terms ([`super::words`]);
//! a term weighs its IDF, `ln(N / df)` (a word in few questions says more than one in
//! many). Information is measured in units of `ln N` (1 = a word only one question has), so
//! the thresholds mean the same in a book of 100 questions and one of 10,000.
//!
//! A pair of questions scores the highest of:
//!
//! - **the two titles ask the same**: they share at least one rare term and
//!   [`SimilarityOptions::min_shared_info`] in all, and one of them adds little to what they
//!   share: `shared / (shared + the smaller of the two titles' own information)`. "CSRF
//!   attacks, prevention" and "XSS attacks, prevention" share two rare words, but each adds
//!   its own subject, so they score low; "data validation" and "principles of validating
//!   input data" score high; two titles that name the same technical subjects and no other
//!   (the same set of Latin-script terms: "Как защититься от CSRF?", "Объясните CSRF атаки и
//!   их предотвращение") score [`SimilarityOptions::same_subject_score`];
//! - **a follow-up of one asks the other's title**: the same, between a follow-up and the
//!   other question's title, where what the follow-up adds beyond that title and its own
//!   question's title counts against it ("creating a context manager for API rate limiting"
//!   is about context managers, not a second rate-limiting question), weighted by
//!   [`SimilarityOptions::follow_up_match_weight`];
//! - **the two questions as a whole**: the cosine of their term vectors (title terms weigh 1,
//!   follow-up terms [`SimilarityOptions::follow_up_weight`]), times
//!   [`SimilarityOptions::whole_weight`]: questions that share most of their rare words.
//!
//! Only pairs sharing a rare term (in at most [`SimilarityOptions::max_df_share`] of the
//! questions, and any term in at most twenty) are scored, through an inverted index: a book of
//! 10,000 questions does not compare 50 million pairs.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use super::words::terms;
use crate::model::Question;

/// Terms in at most this many questions always make candidates, whatever the book's size.
const MIN_CANDIDATE_DF: f64 = 20.0;

/// The knobs of near-duplicate detection, tuned on the shipped book (see tests/check.rs
/// and tests/fixtures/near-duplicates.txt).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimilarityOptions {
    /// Pairs scoring at least this are reported.
    pub threshold: f64,
    /// Weight of follow-up terms against title terms in the whole-question vector.
    pub follow_up_weight: f64,
    /// Weight of the whole-question cosine.
    pub whole_weight: f64,
    /// Weight of a follow-up that asks the other question's title.
    pub follow_up_match_weight: f64,
    /// Information (in `ln N` units) two sentences must share to match.
    pub min_shared_info: f64,
    /// Information one shared term must carry at least (a rare word), so that two sentences
    /// sharing only common words ("exceptions", "API") do not match.
    pub rare_term_info: f64,
    /// The score of two titles that name the same technical subjects (Latin-script terms,
    /// one of them rare) and no other, whatever else they say.
    pub same_subject_score: f64,
    /// Information (in `ln N` units) one of those subjects must carry: a term of a few
    /// questions (`csrf`), not one of many (`rest`, `api`).
    pub subject_info: f64,
    /// A term in more than this share of questions does not make two questions candidates.
    pub max_df_share: f64,
}

impl Default for SimilarityOptions {
    fn default() -> Self {
        SimilarityOptions {
            threshold: 0.65,
            follow_up_weight: 0.6,
            whole_weight: 1.4,
            follow_up_match_weight: 0.9,
            min_shared_info: 0.7,
            rare_term_info: 0.6,
            same_subject_score: 0.8,
            subject_info: 0.7,
            max_df_share: 0.02,
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

/// The questions as documents, with each term's IDF and `ln N`.
struct Corpus<'a> {
    docs: Vec<Doc>,
    idf: Vec<f64>,
    /// Whether each term is a Latin-script (technical) word: `gil`, `csrf`, `serverless`.
    latin: Vec<bool>,
    ln_n: f64,
    opts: &'a SimilarityOptions,
}

/// Every pair scoring at least `opts.threshold`, best first.
pub fn similar_pairs(questions: &[&Question], opts: &SimilarityOptions) -> Vec<SimilarPair> {
    let corpus = Corpus::new(questions, opts);
    let mut pairs: Vec<SimilarPair> = corpus
        .candidates()
        .into_par_iter()
        .map(|(first, second)| SimilarPair {
            first,
            second,
            score: corpus.score(first, second),
        })
        .filter(|p| p.score >= opts.threshold)
        .collect();
    pairs.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then((a.first, a.second).cmp(&(b.first, b.second)))
    });
    pairs
}

impl<'a> Corpus<'a> {
    fn new(questions: &[&Question], opts: &'a SimilarityOptions) -> Self {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut docs: Vec<Doc> = questions
            .iter()
            .map(|q| Doc {
                sentences: sentences(q)
                    .map(|text| {
                        let mut id_of = |term: String| {
                            let next = ids.len();
                            *ids.entry(term).or_insert(next)
                        };
                        terms(text).into_iter().map(&mut id_of).collect()
                    })
                    .collect(),
                ..Doc::default()
            })
            .collect();
        let idf = inverse_document_frequencies(&docs, ids.len());
        docs.iter_mut().for_each(|d| weigh(d, &idf, opts));
        let ln_n = (questions.len().max(2) as f64).ln();
        let mut latin = vec![false; ids.len()];
        for (term, &id) in &ids {
            latin[id] = term.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        }
        Corpus {
            docs,
            idf,
            latin,
            ln_n,
            opts,
        }
    }

    /// Pairs `(i, j)`, `i < j`, that share at least one rare term, each once.
    fn candidates(&self) -> Vec<(usize, usize)> {
        let n = self.docs.len() as f64;
        let min_idf = (n / (n * self.opts.max_df_share).max(MIN_CANDIDATE_DF)).ln();
        let mut postings: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, doc) in self.docs.iter().enumerate() {
            for &t in doc.vector.keys().filter(|&&t| self.idf[t] >= min_idf) {
                postings.entry(t).or_default().push(i);
            }
        }
        let mut pairs = Vec::new();
        for list in postings.values() {
            for (a, &i) in list.iter().enumerate() {
                pairs.extend(list[a + 1..].iter().map(|&j| (i.min(j), i.max(j))));
            }
        }
        pairs.par_sort_unstable();
        pairs.dedup();
        pairs
    }

    /// The highest of the title, follow-up and whole-question scores.
    fn score(&self, i: usize, j: usize) -> f64 {
        let (a, b) = (&self.docs[i], &self.docs[j]);
        let whole = cosine(&a.vector, a.norm, &b.vector, b.norm) * self.opts.whole_weight;
        whole
            .min(1.0)
            .max(self.title_match(a, b))
            .max(self.follow_up_match(a, b))
            .max(self.follow_up_match(b, a))
    }

    /// How far the two titles ask the same: what they share against the smaller of what
    /// each adds.
    fn title_match(&self, a: &Doc, b: &Doc) -> f64 {
        let (Some(s), Some(t)) = (a.sentences.first(), b.sentences.first()) else {
            return 0.0;
        };
        let Some(shared) = self.shared_info(s, t) else {
            return 0.0;
        };
        if self.same_subjects(s, t) {
            return self.opts.same_subject_score;
        }
        let own = self
            .information_of(s.difference(t))
            .min(self.information_of(t.difference(s)));
        shared / (shared + own)
    }

    /// Whether two titles name the same technical subjects and no other: the same non-empty
    /// set of Latin-script terms ("Как защититься от CSRF?", "Объясните CSRF атаки").
    fn same_subjects(&self, s: &BTreeSet<usize>, t: &BTreeSet<usize>) -> bool {
        let subjects = |set: &BTreeSet<usize>| -> BTreeSet<usize> {
            set.iter().copied().filter(|&x| self.latin[x]).collect()
        };
        let subject = subjects(s);
        let rare = subject
            .iter()
            .any(|&x| self.idf[x] / self.ln_n >= self.opts.subject_info);
        rare && subject == subjects(t)
    }

    /// How far a follow-up of `a` asks `b`'s title: what they share against what the
    /// follow-up adds beyond both titles, and what `b`'s title has that the follow-up lacks.
    fn follow_up_match(&self, a: &Doc, b: &Doc) -> f64 {
        let (Some(own_title), Some(title)) = (a.sentences.first(), b.sentences.first()) else {
            return 0.0;
        };
        let mut best: f64 = 0.0;
        for follow_up in a.sentences.iter().skip(1) {
            let Some(shared) = self.shared_info(follow_up, title) else {
                continue;
            };
            let added = follow_up
                .iter()
                .filter(|t| !title.contains(t) && !own_title.contains(t));
            let lacking = title.difference(follow_up);
            let against = self.information_of(added) + self.information_of(lacking);
            best = best.max(shared / (shared + against));
        }
        best * self.opts.follow_up_match_weight
    }

    /// The information two sentences share, if it is enough for a match: at least
    /// `min_shared_info`, with one rare term among them.
    fn shared_info(&self, a: &BTreeSet<usize>, b: &BTreeSet<usize>) -> Option<f64> {
        let shared: Vec<usize> = a.intersection(b).copied().collect();
        let rare = shared
            .iter()
            .any(|&t| self.idf[t] / self.ln_n >= self.opts.rare_term_info);
        let info = self.information(&shared);
        (rare && info >= self.opts.min_shared_info).then_some(info)
    }

    /// The information of the terms `terms` yields, in units of `ln N`.
    fn information_of<'t>(&self, terms: impl Iterator<Item = &'t usize>) -> f64 {
        terms.map(|&t| self.idf[t]).sum::<f64>() / self.ln_n
    }

    /// The information of some terms, in units of `ln N`.
    fn information(&self, terms: &[usize]) -> f64 {
        terms.iter().map(|&t| self.idf[t]).sum::<f64>() / self.ln_n
    }
}

/// A question's sentences: its title, then its follow-ups.
fn sentences(q: &Question) -> impl Iterator<Item = &str> {
    std::iter::once(q.title.as_str()).chain(q.follow_ups.iter().map(|f| f.text.as_str()))
}

/// `ln(N / df)` of each term id.
fn inverse_document_frequencies(docs: &[Doc], terms: usize) -> Vec<f64> {
    let mut df = vec![0usize; terms];
    for doc in docs {
        let all: BTreeSet<usize> = doc.sentences.iter().flatten().copied().collect();
        all.iter().for_each(|&t| df[t] += 1);
    }
    let n = docs.len().max(1) as f64;
    df.iter()
        .map(|&d| (n / d.max(1) as f64).ln().max(0.0))
        .collect()
}

/// Fills the document's vector (each term at its best sentence's weight) and its norm.
fn weigh(doc: &mut Doc, idf: &[f64], opts: &SimilarityOptions) {
    for (i, sentence) in doc.sentences.iter().enumerate() {
        let w = if i == 0 { 1.0 } else { opts.follow_up_weight };
        for &t in sentence {
            let v = doc.vector.entry(t).or_default();
            *v = v.max(w * idf[t]);
        }
    }
    doc.norm = doc.vector.values().map(|v| v * v).sum::<f64>().sqrt();
}

fn cosine(a: &HashMap<usize, f64>, na: f64, b: &HashMap<usize, f64>, nb: f64) -> f64 {
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let dot: f64 = a.iter().filter_map(|(t, v)| b.get(t).map(|w| v * w)).sum();
    dot / (na * nb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FollowUp;

    fn question(title: &str, follow_ups: &[&str]) -> Question {
        Question {
            title: title.into(),
            follow_ups: follow_ups
                .iter()
                .map(|t| FollowUp { text: (*t).into() })
                .collect(),
            ..Question::default()
        }
    }

    #[test]
    fn finds_a_follow_up_that_repeats_another_title() {
        let qs = [
            question(
                "Как оптимизировать работу с базой данных?",
                &[
                    "Индексы и их влияние на производительность",
                    "Batch операции",
                ],
            ),
            question(
                "Что такое индексы и как они влияют на производительность?",
                &[
                    "B-tree vs Hash vs GIN индексы",
                    "Как выбрать поля для индексации?",
                ],
            ),
            question(
                "Что такое GIL?",
                &["Как обойти GIL?", "Когда потоки полезны?"],
            ),
            question(
                "Объясните декораторы",
                &["Декоратор с параметрами", "functools.wraps"],
            ),
            question(
                "Что такое CORS?",
                &["Preflight requests", "CORS в production"],
            ),
            question(
                "Как хранить пароли?",
                &["bcrypt vs Argon2", "Секреты в production"],
            ),
            question(
                "Что такое метаклассы?",
                &[
                    "Как Django ORM использует метаклассы?",
                    "Декораторы классов",
                ],
            ),
        ];
        let refs: Vec<&Question> = qs.iter().collect();
        let pairs = similar_pairs(&refs, &SimilarityOptions::default());
        let found: Vec<(usize, usize)> = pairs.iter().map(|p| (p.first, p.second)).collect();
        assert_eq!(found, [(0, 1)], "{pairs:?}");
    }
}
