//! The search index: built from the typed model at build time, shipped as JavaScript files
//! that `static/search.js` (the theme's `static/search/*.js`, bundled) loads with `<script>`
//! tags (so search works from `file://`).
//!
//! Layout of the output (all under `search/`):
//!
//! | file | content | loaded |
//! | --- | --- | --- |
//! | `index.js` | meta: levels, sections, stop words, phrasing words, field weights, every term (front-coded), shard bounds | on the first keystroke |
//! | `p<i>.js` | postings of a contiguous range of terms (varints of `doc delta << 4 \| fields`) | when a query needs one of its terms |
//! | `d<i>.js` | display data of [`DOC_SHARD`] questions: id, title, section | when a result from it is shown |
//! | `t<i>.js` | texts of [`DOC_SHARD`] questions: follow-ups, answer passages | when a result from it matched outside its title |
//!
//! A small book (all `p` and `d` shards under [`INLINE_LIMIT`] bytes) gets those in
//! `index.js`; the texts, needed only to show why a result matched, always stay apart.
//! Every file is one or more calls `__qbookSearch({...})`, `k` saying what it holds.

mod build;
pub mod encode;
pub mod glossary;
#[cfg(test)]
mod query;
pub mod tokenize;

use std::collections::HashMap;

use rayon::prelude::*;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_json::{json, Value};

use crate::markdown::simple_inline;
use crate::model::{Book, QuestionRef};
use crate::output::OutputFile;
use crate::sample::fnv1a;
use build::Chunk;
use encode::{encode_postings, front_code};
use glossary::Glossary;
use rustc_hash::FxHashMap;
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
/// Characters of an answer kept to show why it matched (a long answer is found by all its
/// words, but shown by its first passages).
pub const ANSWER_TEXT_CHARS: usize = 1_500;

/// What a result can show besides its title: follow-ups (display text, code in backticks)
/// and answer passages (one per paragraph, list item or code block).
pub type DocText = (Vec<String>, Vec<String>);

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
    /// Per question, in book order: its follow-ups and answer passages.
    pub texts: Vec<DocText>,
    /// The theme's and the book's synonyms and spellings.
    pub glossary: Glossary,
}

/// The theme's search scripts (under `static/`), in the order they run. The build writes
/// them as one `static/search.js`: one request, and one gzip stream that shares its
/// dictionary across them, without their whole-line `//` comments (together 6 kB of gzip
/// less than the seven files as they are).
pub const SCRIPTS: &[&str] = &[
    "search/stem-ru.js",
    "search/stem-en.js",
    "search/tokenize.js",
    "search/index.js",
    "search/query.js",
    "search/rank.js",
    "search/ui.js",
];

/// `static/search.js`: the theme's [`SCRIPTS`] (from `statics`, the theme's static files by
/// path), one after the other. Each is a function that runs at once, so the order is theirs.
/// Lines that are only a `//` comment, and empty lines, are left out: a line cannot start a
/// comment inside code, so no code changes (a multi-line template literal would; the
/// scripts have none, and a theme that needs one can write the line without `//` at its start).
pub fn script_bundle(statics: &std::collections::BTreeMap<String, Vec<u8>>) -> OutputFile {
    let mut out = String::new();
    for name in SCRIPTS {
        if let Some(bytes) = statics.get(*name) {
            for line in String::from_utf8_lossy(bytes).lines() {
                let code = line.trim_start();
                if !code.is_empty() && !code.starts_with("//") {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    OutputFile::new("static/search.js", out)
}

/// Step "index" of the pipeline: the search files of `book`, with the part of `glossary`
/// its words reach.
pub fn search_files(book: &Book, glossary: &Glossary) -> Vec<OutputFile> {
    let mut index = build_index(book);
    index.glossary = glossary.clone();
    index_files(&index)
}

/// Parallel work items per thread: a few, so that a slow one does not stall the others,
/// but not many, as each resolves its tokens anew and adds to the merge.
const CHUNKS_PER_THREAD: usize = 4;

/// Builds the in-memory index of `book`: chunks of questions in parallel, then merged.
pub fn build_index(book: &Book) -> SearchIndex {
    let mut index = SearchIndex::default();
    for level in &book.levels {
        index.levels.push((level.slug.clone(), plain(&level.title)));
    }
    let refs: Vec<QuestionRef<'_>> = book.questions().collect();
    let meta = section_terms(book);
    let size = refs
        .len()
        .div_ceil(rayon::current_num_threads() * CHUNKS_PER_THREAD)
        .max(1);
    let mut chunks: Vec<Chunk> = refs
        .par_chunks(size)
        .enumerate()
        .map(|(i, chunk)| Chunk::build(i * size, chunk, |l, s| meta[&(l, s)].as_slice()))
        .collect();
    index.texts = chunks
        .iter_mut()
        .flat_map(|c| std::mem::take(&mut c.texts))
        .collect();
    let mut section_ids = HashMap::new();
    let titles = chunks
        .iter_mut()
        .flat_map(|c| std::mem::take(&mut c.titles));
    for (r, title) in refs.iter().zip(titles) {
        let next = index.sections.len();
        let section = *section_ids.entry((r.level, r.section)).or_insert_with(|| {
            let title = plain(&book.levels[r.level].sections[r.section].title);
            index.sections.push((r.level, title, index.docs.len()));
            next
        });
        index.docs.push((r.question.id.clone(), title, section));
    }
    index.terms = merge_chunks(&mut chunks);
    sort_terms(&mut index.terms);
    index
}

/// The terms of all chunks with their postings, in no particular order.
fn merge_chunks(chunks: &mut [Chunk]) -> Vec<(String, Vec<(u32, u8)>)> {
    let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
    let mut terms: Vec<(String, Vec<(u32, u8)>)> = Vec::new();
    for chunk in chunks.iter_mut() {
        let postings = std::mem::take(&mut chunk.postings);
        for (term, postings) in chunk.terms().zip(postings) {
            if postings.is_empty() {
                continue;
            }
            match ids.get(term) {
                Some(&id) => terms[id].1.extend(postings),
                None => {
                    ids.insert(term, terms.len());
                    terms.push((term.to_string(), postings));
                }
            }
        }
    }
    terms
}

/// Sorts unique terms in UTF-16 order, as JavaScript compares. That is byte order unless a
/// term has a char from U+E000 on (UTF-8 lead byte 0xEE and up), where the two can differ.
fn sort_terms(terms: &mut [(String, Vec<(u32, u8)>)]) {
    if terms.iter().any(|(t, _)| t.bytes().any(|b| b >= 0xEE)) {
        terms.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    } else {
        terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
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

/// The terms of a Markdown text: stop words dropped, except inside code.
fn field_terms(md: &str, block: bool) -> Vec<String> {
    let mut terms = Vec::new();
    for_each_segment(md, block, |text, code| {
        for token in tokenize(text) {
            if !code && is_plain_word(&token) && is_stop_word(&token) {
                continue;
            }
            terms.extend(term_keys(&token));
        }
    });
    terms
}

/// Characters without which a text is plain: Markdown would return it as it is.
const MARKDOWN_BYTES: &[u8] = b"`*_[<&\\~\n#|!";

/// [`MARKDOWN_BYTES`] as a table by byte: one look-up a byte instead of a search.
const IS_MARKDOWN_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < MARKDOWN_BYTES.len() {
        table[MARKDOWN_BYTES[i] as usize] = true;
        i += 1;
    }
    table
};

/// Calls `f` with the text of Markdown as (text, is code) pieces, with a space at every
/// block boundary.
fn for_each_segment(md: &str, block: bool, mut f: impl FnMut(&str, bool)) {
    // Most titles and follow-ups are plain text: no need to run the Markdown parser.
    if !md.bytes().any(|b| IS_MARKDOWN_BYTE[b as usize]) {
        return f(md, false);
    }
    if let Some(pieces) = (!block).then(|| simple_inline(md)).flatten() {
        return pieces.for_each(|(piece, code)| f(piece, code));
    }
    for_each_segment_parsed(md, block, f)
}

/// [`for_each_segment`] by the Markdown parser.
fn for_each_segment_parsed(md: &str, block: bool, mut f: impl FnMut(&str, bool)) {
    let mut in_code = false;
    let md = if block {
        std::borrow::Cow::Borrowed(md)
    } else {
        std::borrow::Cow::Owned(md.replace('\n', " "))
    };
    for event in Parser::new(&md) {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => f(&t, in_code),
            Event::Code(t) => f(&t, true),
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(end) => {
                in_code &= end != TagEnd::CodeBlock;
                f(" ", false);
            }
            Event::SoftBreak | Event::HardBreak => f(" ", false),
            _ => {}
        }
    }
}

/// Inline Markdown as plain text with code spans kept in backticks (search.js shows them
/// as `<code>`).
pub fn display_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for_each_segment(md, false, |text, code| {
        let quoted = text.chars().map(|c| if c == '`' { '\'' } else { c });
        if code {
            out.push('`');
            out.extend(quoted);
            out.push('`');
        } else {
            out.extend(quoted);
        }
    });
    let mut words = String::with_capacity(out.len());
    for word in out.split_whitespace() {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
    }
    words
}

/// The follow-ups and answer passages of `q`, as a search result shows them.
fn question_texts(q: &crate::model::Question) -> DocText {
    let follow_ups = q.follow_ups.iter().map(|f| display_text(&f.text)).collect();
    (follow_ups, answer_passages(&q.answer, ANSWER_TEXT_CHARS))
}

/// The blocks of a Markdown answer (paragraphs, list items, headings, code blocks) as
/// plain text with code in backticks, until about `limit` characters.
fn answer_passages(md: &str, limit: usize) -> Vec<String> {
    let mut passages: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    let mut left = limit;
    for event in Parser::new(md) {
        match event {
            Event::Text(t) if in_code => push_code(&mut current, &t),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => current.push_str(&t),
            Event::Code(t) => push_code(&mut current, &t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(
                end @ (TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::CodeBlock),
            ) => {
                in_code &= end != TagEnd::CodeBlock;
                let passage = current.split_whitespace().collect::<Vec<_>>().join(" ");
                current.clear();
                if !passage.is_empty() {
                    left = left.saturating_sub(passage.chars().count());
                    passages.push(passage);
                }
                if left == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
    passages
}

/// Appends code `text` in backticks (its own backticks made quotes, the block's last line
/// break dropped).
fn push_code(out: &mut String, text: &str) {
    out.push('`');
    out.extend(text.trim().chars().map(|c| if c == '`' { '\'' } else { c }));
    out.push('`');
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
    for (i, texts) in index.texts.chunks(DOC_SHARD).enumerate() {
        let shard = call(&json!({"k": "t", "i": i, "t": texts}));
        files.push(OutputFile::new(format!("search/t{i}.js"), shard));
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
    let words = index.glossary.for_index(&terms);
    json!({
        "k": "m", "v": VERSION, "h": format!("{hash:08x}"), "n": index.docs.len(),
        "levels": index.levels, "sections": index.sections, "w": WEIGHTS,
        "stop": STOP_WORDS.join(" "), "terms": front_code(&terms), "ps": bounds,
        "ds": DOC_SHARD, "syn": words["syn"], "sp": words["sp"], "soft": soft_terms().join(" "),
    })
}

/// The terms of the words that phrase a question rather than name its topic ("разница",
/// "работает", "difference"): a query needs them only when it has no other word, so
/// "how does garbage collection work" finds the question without the word "work".
fn soft_terms() -> Vec<String> {
    let mut terms: Vec<String> = crate::stopwords::TITLE_WORDS
        .iter()
        .filter(|w| is_plain_word(w))
        .filter_map(|w| term_keys(&tokenize::normalize(w)).into_iter().next())
        .collect();
    terms.sort();
    terms.dedup();
    terms
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
