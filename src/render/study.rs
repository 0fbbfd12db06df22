//! Study mode and interview sets: two pages and the data they read in the browser.
//!
//! | file | what |
//! | --- | --- |
//! | `study/index.html` | `study.html` with `study` ([`StudyView`]): one card at a time |
//! | `interview/index.html` | `interview.html` with `study` ([`StudyView`]): seeded sets |
//! | `study/data.js` | the book once, compactly (see below), for both pages |
//! | `study/answers/<k>.js` | answers (HTML) of questions `k*CHUNK..(k+1)*CHUNK`, loaded on reveal |
//!
//! Data is shipped as scripts, not JSON, because `fetch` is blocked on `file://`.
//! `study/data.js` assigns `window.__qbookStudy`:
//!
//! ```text
//! { "v": 1, "chunk": 256,
//!   "levels": [{ "slug", "title", "short" (without "Level 3: "), "sections": [{ "slug", "title" }] }],
//!   "tags": ["django", …],
//!   "q": [[id, number, level index, section index, [tag indexes], has answer (0|1),
//!          title HTML, [follow-up HTML, …]], …] }          // book order
//! ```
//!
//! An answer chunk runs `(window.__qbookAnswers ||= {})[k] = { id: answer HTML, … }`; only
//! chunks holding at least one answer are written.

use rayon::prelude::*;
use serde::Serialize;

use super::Renderer;
use crate::diagnostic::Diagnostics;
use crate::markdown::plain_text;
use crate::output::{OutputFile, Sink};

/// Questions per answer chunk: small enough that revealing a card loads little.
pub const ANSWER_CHUNK: usize = 256;

/// The study and interview pages' own value, `study`: the choices their forms offer.
#[derive(Debug, Clone, Serialize)]
pub struct StudyView {
    /// The levels with their sections.
    pub levels: Vec<StudyLevel>,
    /// Every tag, sorted.
    pub tags: Vec<String>,
    /// Number of questions in the book.
    pub question_count: usize,
}

/// A level in the study and interview forms.
#[derive(Debug, Clone, Serialize)]
pub struct StudyLevel {
    /// The level's slug.
    pub slug: String,
    /// Title (plain text).
    pub title: String,
    /// Short title without "Level 3: " (plain text).
    pub short_title: String,
    /// Number of questions.
    pub question_count: usize,
    /// Its sections.
    pub sections: Vec<StudySection>,
}

/// A section in the study and interview forms.
#[derive(Debug, Clone, Serialize)]
pub struct StudySection {
    /// `level-slug/section-slug`: how URLs and `qbook pdf --sample` name a section.
    pub key: String,
    /// Title (plain text).
    pub title: String,
    /// Number of questions.
    pub question_count: usize,
}

#[derive(Serialize)]
struct DataJs<'a> {
    v: u32,
    chunk: usize,
    levels: Vec<DataLevel>,
    tags: &'a [String],
    q: Vec<DataQuestion<'a>>,
}

#[derive(Serialize)]
struct DataLevel {
    slug: String,
    title: String,
    short: String,
    sections: Vec<DataSection>,
}

#[derive(Serialize)]
struct DataSection {
    slug: String,
    title: String,
}

/// One question as a tuple, to keep the file small at 100,000 questions.
type DataQuestion<'a> = (
    &'a str,
    usize,
    usize,
    usize,
    Vec<usize>,
    u8,
    &'a str,
    &'a [String],
);

impl Renderer<'_> {
    /// The study page, the interview page, `study/data.js` and the answer chunks.
    pub fn render_study_pages(&self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        let view = self.study_view();
        let pages = [
            ("study/index.html", "study", "study.html", "study_title"),
            (
                "interview/index.html",
                "interview",
                "interview.html",
                "interview_title",
            ),
        ];
        let (pages, data) = rayon::join(
            || {
                pages
                    .par_iter()
                    .try_for_each(|(out, kind, template, title)| {
                        let path = out.replace("index.html", "");
                        let page = self.page(kind, self.site.t.text(title).into(), &path);
                        self.render(sink, out, template, page, |ctx| ctx.insert("study", &view))
                    })
            },
            || {
                sink.put(self.study_data(&view))?;
                self.answer_chunks()
                    .into_iter()
                    .try_for_each(|f| sink.put(f))
            },
        );
        pages.and(data)
    }

    fn study_view(&self) -> StudyView {
        let levels = self
            .book
            .levels
            .iter()
            .enumerate()
            .map(|(li, l)| StudyLevel {
                slug: l.slug.clone(),
                title: self.site.levels[li].title.clone(),
                short_title: plain_text(super::short_title(&l.title)),
                question_count: l.question_count(),
                sections: l
                    .sections
                    .iter()
                    .zip(&self.section_titles[li])
                    .map(|(s, title)| StudySection {
                        key: format!("{}/{}", l.slug, s.slug),
                        title: title.plain.clone(),
                        question_count: s.questions.len(),
                    })
                    .collect(),
            })
            .collect();
        let mut tags: Vec<String> = self
            .refs
            .iter()
            .flat_map(|r| r.question.tags.iter().cloned())
            .collect();
        tags.sort_unstable();
        tags.dedup();
        StudyView {
            levels,
            tags,
            question_count: self.refs.len(),
        }
    }

    /// `study/data.js`: what `view` shows, plus every question.
    fn study_data(&self, view: &StudyView) -> OutputFile {
        let tags = &view.tags;
        let levels = self
            .book
            .levels
            .iter()
            .zip(&view.levels)
            .map(|(l, shown)| DataLevel {
                slug: l.slug.clone(),
                title: shown.title.clone(),
                short: shown.short_title.clone(),
                sections: l
                    .sections
                    .iter()
                    .zip(&shown.sections)
                    .map(|(s, shown)| DataSection {
                        slug: s.slug.clone(),
                        title: shown.title.clone(),
                    })
                    .collect(),
            })
            .collect();
        let q = self
            .refs
            .iter()
            .zip(&self.summaries)
            .map(|(r, s)| {
                let tag_ids = r
                    .question
                    .tags
                    .iter()
                    .filter_map(|t| tags.binary_search(t).ok())
                    .collect();
                (
                    s.id.as_str(),
                    s.number,
                    r.level,
                    r.section,
                    tag_ids,
                    u8::from(s.has_answer),
                    s.title_html.as_str(),
                    s.follow_ups_html.as_slice(),
                )
            })
            .collect();
        let data = DataJs {
            v: 1,
            chunk: ANSWER_CHUNK,
            levels,
            tags,
            q,
        };
        let json = serde_json::to_string(&data).unwrap_or_else(|_| "null".into());
        OutputFile::new("study/data.js", format!("window.__qbookStudy = {json};\n"))
    }

    /// Answer chunks, rendered in parallel; the pages live at depth 1 (`root` is `../`).
    fn answer_chunks(&self) -> Vec<OutputFile> {
        self.refs
            .par_chunks(ANSWER_CHUNK)
            .enumerate()
            .filter(|(_, chunk)| chunk.iter().any(|r| !r.question.answer.is_empty()))
            .map(|(k, chunk)| {
                let answers: serde_json::Map<String, serde_json::Value> = chunk
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| !r.question.answer.is_empty())
                    .map(|(j, r)| {
                        let html = self.answers[k * ANSWER_CHUNK + j].site.clone();
                        (r.question.id.clone(), serde_json::Value::String(html))
                    })
                    .collect();
                let json = serde_json::to_string(&answers).unwrap_or_else(|_| "{}".into());
                OutputFile::new(
                    format!("study/answers/{k}.js"),
                    format!(
                        "(window.__qbookAnswers = window.__qbookAnswers || {{}})[{k}] = {json};\n"
                    ),
                )
            })
            .collect()
    }
}
