//! The search index: built from the typed model at build time, shipped as JavaScript files
//! that `static/search.js` loads with `<script>` tags (so search works from `file://`).
//!
//! Layout of the output (all under `search/`):
//!
//! | file | content | loaded |
//! | --- | --- | --- |
//! | `index.js` | meta: levels, sections, stop words, field weights, every term (front-coded), shard bounds | on the first keystroke |
//! | `p<i>.js` | postings of a contiguous range of terms (varints of `doc delta << 4 \| fields`) | when a query needs one of its terms |
//! | `d<i>.js` | display data of [`DOC_SHARD`] questions: id, title, section | when a result from it is shown |
//!
//! A small book (all shards under [`INLINE_LIMIT`] bytes) gets everything in `index.js`.
//! Every file is one or more calls `__qbookSearch({...})`, `k` saying what it holds.

pub mod encode;
pub mod query;
pub mod tokenize;

use std::collections::HashMap;

use rayon::prelude::*;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_json::{json, Value};

use crate::model::{Book, QuestionRef};
use crate::output::OutputFile;
use encode::{encode_postings, fnv1a, front_code};
use tokenize::{is_plain_word, is_stop_word, term_keys, tokenize, STOP_WORDS};

/// Field bits of a posting, in ranking order.
pub const TITLE: u8 = 1;
/// A follow-up question.
pub const FOLLOW_UP: u8 = 2;
/// The answer.
pub const ANSWER: u8 = 4;
/// Tags, level and section names.
pub const META: u8 = 8;
/// Score of a word found in each field (title, follow-up, answer, meta). Each weight beats
/// the sum of all lower ones, so the best field decides and the others only break ties.
pub const WEIGHTS: [u32; 4] = [100, 40, 15, 5];
/// Format version, checked by search.js.
pub const VERSION: u32 = 1;
/// Raw bytes of all shards under which they are inlined into `index.js`.
pub const INLINE_LIMIT: usize = 64 * 1024;
/// Target raw size of one postings shard.
pub const POSTINGS_SHARD_BYTES: usize = 12 * 1024;
/// Questions per display-data shard.
pub const DOC_SHARD: usize = 32;

/// The index in memory: what the files encode.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Per question, in book order: id, display title (code in backticks), global section.
    pub docs: Vec<(String, String, usize)>,
    /// Sorted terms (UTF-16 order, as JavaScript compares) with their postings.
    pub terms: Vec<(String, Vec<(u32, u8)>)>,
    /// Level slugs and plain titles.
    pub levels: Vec<(String, String)>,
    /// Sections: level index, plain title, first question.
    pub sections: Vec<(usize, String, usize)>,
}

/// Step "index" of the pipeline: the search files of `book`.
pub fn search_files(book: &Book) -> Vec<OutputFile> {
    index_files(&build_index(book))
}

/// Builds the in-memory index of `book`: each question's terms in parallel, then merged.
pub fn build_index(book: &Book) -> SearchIndex {
    let mut index = SearchIndex::default();
    for level in &book.levels {
        index.levels.push((level.slug.clone(), plain(&level.title)));
    }
    let refs: Vec<QuestionRef<'_>> = book.questions().collect();
    let meta = section_terms(book);
    let per_question: Vec<Vec<(String, u8)>> = refs
        .par_iter()
        .map(|r| question_terms(r.question, &meta[&(r.level, r.section)]))
        .collect();
    let mut postings: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
    let mut section_ids = HashMap::new();
    for (r, terms) in refs.iter().zip(per_question) {
        let next = index.sections.len();
        let section = *section_ids.entry((r.level, r.section)).or_insert_with(|| {
            let title = plain(&book.levels[r.level].sections[r.section].title);
            index.sections.push((r.level, title, index.docs.len()));
            next
        });
        let doc = index.docs.len() as u32;
        for (term, mask) in terms {
            postings.entry(term).or_default().push((doc, mask));
        }
        let q = r.question;
        index.docs.push((q.id.clone(), display_text(&q.title), section));
    }
    index.terms = postings.into_iter().collect();
    index.terms.par_sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    index
}

/// The level and section title terms of every section, computed once per section.
fn section_terms(book: &Book) -> HashMap<(usize, usize), Vec<String>> {
    let mut out = HashMap::new();
    for (li, level) in book.levels.iter().enumerate() {
        let level_terms = field_terms(&level.title, false);
        for (si, section) in level.sections.iter().enumerate() {
            let mut terms = level_terms.clone();
            terms.extend(field_terms(&section.title, false));
            out.insert((li, si), terms);
        }
    }
    out
}

/// Every term of one question with the fields it occurs in; `meta` are its level and
/// section terms.
fn question_terms(q: &crate::model::Question, meta: &[String]) -> Vec<(String, u8)> {
    let mut masks: HashMap<String, u8> = HashMap::new();
    let mut add = |md: &str, block: bool, field: u8| {
        for term in field_terms(md, block) {
            *masks.entry(term).or_default() |= field;
        }
    };
    add(&q.title, false, TITLE);
    for f in &q.follow_ups {
        add(&f.text, false, FOLLOW_UP);
    }
    add(&q.answer, true, ANSWER);
    add(&q.tags.join(" "), false, META);
    for term in meta {
        *masks.entry(term.clone()).or_default() |= META;
    }
    let mut terms: Vec<(String, u8)> = masks.into_iter().collect();
    terms.sort();
    terms
}

/// The terms of a Markdown text: stop words dropped, except inside code.
fn field_terms(md: &str, block: bool) -> Vec<String> {
    let mut terms = Vec::new();
    for (text, code) in segments(md, block) {
        for token in tokenize(&text) {
            if !code && is_plain_word(&token) && is_stop_word(&token) {
                continue;
            }
            terms.extend(term_keys(&token));
        }
    }
    terms
}

/// The text of Markdown as (text, is code) pieces, with a space at every block boundary.
fn segments(md: &str, block: bool) -> Vec<(String, bool)> {
    // Most titles and follow-ups are plain text: no need to run the Markdown parser.
    if !md.contains(['`', '*', '_', '[', '<', '&', '\\', '~', '\n', '#', '|', '!']) {
        return vec![(md.to_string(), false)];
    }
    let mut out = Vec::new();
    let mut in_code = false;
    let md = if block {
        md.to_string()
    } else {
        md.replace('\n', " ")
    };
    for event in Parser::new(&md) {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push((t.to_string(), in_code))
            }
            Event::Code(t) => out.push((t.to_string(), true)),
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(end) => {
                in_code &= end != TagEnd::CodeBlock;
                out.push((" ".into(), false));
            }
            Event::SoftBreak | Event::HardBreak => out.push((" ".into(), false)),
            _ => {}
        }
    }
    out
}

/// Inline Markdown as plain text with code spans kept in backticks (search.js shows them
/// as `<code>`).
pub fn display_text(md: &str) -> String {
    let mut out = String::new();
    for (text, code) in segments(md, false) {
        if code {
            out.push('`');
            out.push_str(&text.replace('`', "'"));
            out.push('`');
        } else {
            out.push_str(&text.replace('`', "'"));
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Inline Markdown as plain text.
fn plain(md: &str) -> String {
    display_text(md).replace('`', "")
}

/// The files of the index: inlined into `index.js` when small, sharded otherwise.
pub fn index_files(index: &SearchIndex) -> Vec<OutputFile> {
    let encoded: Vec<String> = index
        .terms
        .iter()
        .map(|(_, p)| encode_postings(p))
        .collect();
    let bounds = shard_bounds(&encoded);
    let postings = postings_shards(&encoded, &bounds);
    let docs = doc_shards(index);
    let total: usize = postings.iter().chain(&docs).map(String::len).sum();
    let inline = total <= INLINE_LIMIT;
    let hash = postings
        .iter()
        .chain(&docs)
        .fold(0, |h, s| h ^ fnv1a(s.as_bytes()));
    let mut meta = meta_json(index, &bounds, hash);
    meta["inline"] = json!(inline);
    let mut main = call(&meta);
    let mut files = Vec::new();
    for (kind, shards) in [("p", &postings), ("d", &docs)] {
        for (i, shard) in shards.iter().enumerate() {
            if inline {
                main.push_str(shard);
            } else {
                files.push(OutputFile::new(
                    format!("search/{kind}{i}.js"),
                    shard.clone(),
                ));
            }
        }
    }
    files.push(OutputFile::new("search/index.js", main));
    files
}

/// `__qbookSearch(value);` and a newline.
fn call(value: &Value) -> String {
    format!("__qbookSearch({value});\n")
}

/// The meta record: everything search.js needs before it loads a shard.
fn meta_json(index: &SearchIndex, bounds: &[usize], hash: u32) -> Value {
    let terms: Vec<&str> = index.terms.iter().map(|(t, _)| t.as_str()).collect();
    json!({
        "k": "m", "v": VERSION, "h": format!("{hash:08x}"), "n": index.docs.len(),
        "levels": index.levels, "sections": index.sections, "w": WEIGHTS,
        "stop": STOP_WORDS.join(" "), "terms": front_code(&terms), "ps": bounds,
        "ds": DOC_SHARD,
    })
}

/// The first term of each postings shard: contiguous ranges of about
/// [`POSTINGS_SHARD_BYTES`] of encoded postings.
fn shard_bounds(encoded: &[String]) -> Vec<usize> {
    let mut bounds = vec![0];
    let mut acc = 0;
    for (i, p) in encoded.iter().enumerate() {
        acc += p.len() + 3;
        if acc > POSTINGS_SHARD_BYTES && i + 1 < encoded.len() {
            bounds.push(i + 1);
            acc = 0;
        }
    }
    bounds
}

/// Postings shards, one per range of `bounds`.
fn postings_shards(encoded: &[String], bounds: &[usize]) -> Vec<String> {
    let ends = bounds.iter().skip(1).copied().chain([encoded.len()]);
    bounds
        .iter()
        .zip(ends)
        .enumerate()
        .map(|(i, (&from, to))| call(&json!({"k": "p", "i": i, "p": &encoded[from..to]})))
        .collect()
}

/// Display-data shards of [`DOC_SHARD`] questions each.
fn doc_shards(index: &SearchIndex) -> Vec<String> {
    index
        .docs
        .chunks(DOC_SHARD)
        .enumerate()
        .map(|(i, docs)| call(&json!({"k": "d", "i": i, "d": docs})))
        .collect()
}

#[cfg(test)]
mod tests;
