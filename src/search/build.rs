//! The parallel half of [`build_index`](super::build_index): each worker indexes a
//! contiguous run of questions into a [`Chunk`] with its own term ids, and the chunks are
//! then merged in book order, so every term's postings stay sorted by question.
//!
//! Words repeat a lot, so a chunk resolves each distinct token once (stop word? which
//! terms?) and afterwards works on small term ids instead of strings.

use super::tokenize::{for_each_token, is_plain_word, is_stop_word, normalize_into, term_keys};
use super::{
    display_text, for_each_segment, question_texts, DocText, ANSWER, FOLLOW_UP, META, TITLE,
};
use crate::model::{Question, QuestionRef};
use rustc_hash::FxHashMap;

/// What a token contributes: whether it is a stop word, and its terms (a range of
/// [`Chunk::token_terms`]).
#[derive(Debug, Clone, Copy)]
struct TokenTerms {
    stop: bool,
    start: u32,
    end: u32,
}

/// The index of a run of questions, with term ids local to it.
#[derive(Debug, Default)]
pub struct Chunk {
    /// The text of all terms, back to back.
    text: String,
    /// Byte range of each term in `text`, by local id.
    spans: Vec<(u32, u32)>,
    /// Postings by local term id: (question index in the book, field mask), ascending.
    pub postings: Vec<Vec<(u32, u8)>>,
    /// Display titles of the chunk's questions, in order.
    pub titles: Vec<String>,
    /// Follow-ups and answer passages of the chunk's questions, in order.
    pub texts: Vec<DocText>,
    /// Local id of each term.
    ids: FxHashMap<String, u32>,
    /// Normalised token -> its terms.
    tokens: FxHashMap<String, TokenTerms>,
    /// Term ids of all tokens, back to back.
    token_terms: Vec<u32>,
    /// Level and section term ids per (level, section): a range of `token_terms`.
    meta: FxHashMap<(usize, usize), (u32, u32)>,
    /// Scratch: a normalised text.
    normalized: String,
    /// Scratch: (term id, field) of the current question, duplicates included.
    hits: Vec<(u32, u8)>,
}

impl Chunk {
    /// Indexes `refs`, the questions from index `first` on; `meta` gives a section's level
    /// and section title terms.
    pub fn build<'a>(
        first: usize,
        refs: &[QuestionRef<'_>],
        meta: impl Fn(usize, usize) -> &'a [String],
    ) -> Chunk {
        let mut chunk = Chunk::default();
        for (i, r) in refs.iter().enumerate() {
            let meta_ids = chunk.meta_ids(r.level, r.section, &meta);
            chunk.add_question(first + i, r.question, meta_ids);
            chunk.titles.push(display_text(&r.question.title));
            chunk.texts.push(question_texts(r.question));
        }
        // Free the caches here, on the worker, rather than in the sequential merge.
        chunk.ids = FxHashMap::default();
        chunk.tokens = FxHashMap::default();
        chunk
    }

    /// The terms, by local id.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.spans
            .iter()
            .map(|&(from, to)| &self.text[from as usize..to as usize])
    }

    /// The range of [`Chunk::token_terms`] holding a section's meta term ids, interned on
    /// first use.
    fn meta_ids<'a>(
        &mut self,
        level: usize,
        section: usize,
        meta: impl Fn(usize, usize) -> &'a [String],
    ) -> (u32, u32) {
        if let Some(&range) = self.meta.get(&(level, section)) {
            return range;
        }
        let start = self.token_terms.len() as u32;
        for term in meta(level, section) {
            let id = self.intern(term);
            self.token_terms.push(id);
        }
        let range = (start, self.token_terms.len() as u32);
        self.meta.insert((level, section), range);
        range
    }

    /// Adds the postings of question `doc`: every term once, with the fields it occurs in.
    fn add_question(&mut self, doc: usize, q: &Question, (from, to): (u32, u32)) {
        self.hits.clear();
        self.add_field(&q.title, false, TITLE);
        for f in &q.follow_ups {
            self.add_field(&f.text, false, FOLLOW_UP);
        }
        self.add_field(&q.answer, true, ANSWER);
        self.add_field(&q.tags.join(" "), false, META);
        let meta = &self.token_terms[from as usize..to as usize];
        self.hits.extend(meta.iter().map(|&id| (id, META)));
        self.hits.sort_unstable_by_key(|&(id, _)| id);
        let mut hits = self.hits.iter().peekable();
        while let Some(&(id, mut mask)) = hits.next() {
            while let Some(&(_, field)) = hits.next_if(|(next, _)| *next == id) {
                mask |= field;
            }
            self.postings[id as usize].push((doc as u32, mask));
        }
    }

    /// Records the terms of Markdown `md` as found in `field`; stop words are dropped,
    /// except inside code.
    fn add_field(&mut self, md: &str, block: bool, field: u8) {
        for_each_segment(md, block, |text, code| {
            let mut normalized = std::mem::take(&mut self.normalized);
            normalized.clear();
            normalize_into(text, &mut normalized);
            for_each_token(&normalized, |token| {
                let terms = self.token(token);
                if code || !terms.stop {
                    for k in terms.start..terms.end {
                        self.hits.push((self.token_terms[k as usize], field));
                    }
                }
            });
            self.normalized = normalized;
        });
    }

    /// What normalised `token` contributes, resolved on first sight.
    fn token(&mut self, token: &str) -> TokenTerms {
        if let Some(&terms) = self.tokens.get(token) {
            return terms;
        }
        let start = self.token_terms.len() as u32;
        for key in term_keys(token) {
            let id = self.intern(&key);
            self.token_terms.push(id);
        }
        let terms = TokenTerms {
            stop: is_plain_word(token) && is_stop_word(token),
            start,
            end: self.token_terms.len() as u32,
        };
        self.tokens.insert(token.to_string(), terms);
        terms
    }

    /// The local id of `term`, added with empty postings if new.
    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.spans.len() as u32;
        self.ids.insert(term.to_string(), id);
        let from = self.text.len() as u32;
        self.text.push_str(term);
        self.spans.push((from, self.text.len() as u32));
        self.postings.push(Vec::new());
        id
    }
}
