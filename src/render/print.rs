//! Print pages: the whole book and each level, for candidates and for interviewers.
//!
//! | file | what |
//! | --- | --- |
//! | `print/index.html` | the whole book, questions and follow-ups |
//! | `print/interviewer/index.html` | the same with answers, score boxes and note lines |
//! | `print/<level>/index.html` | one level |
//! | `print/<level>/interviewer/index.html` | one level, interviewer variant |
//!
//! Each is rendered by `print.html` with `print` ([`PrintView`]); the theme's `print.js`
//! lays the page out as numbered sheets.

use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use tera::Value;

use super::views::{html_value, value_map, LevelLink, SourceView};
use super::{root_of, Renderer, ROOT_URL};
use crate::diagnostic::Diagnostics;
use crate::output::Sink;

/// A print page's own value, `print`.
#[derive(Debug, Clone, Serialize)]
pub struct PrintView {
    /// `candidate` or `interviewer`.
    pub variant: &'static str,
    /// The level printed, or none for the whole book.
    pub level: Option<LevelLink>,
    /// The levels on the page.
    pub levels: Vec<PrintLevel>,
    /// The book's sources, printed with their URLs at the end.
    pub sources: Vec<SourceView>,
    /// The other variant of the same page, relative to the site root.
    pub other_variant_url: String,
    /// Number of questions on the page.
    pub question_count: usize,
}

/// A level on a print page.
#[derive(Debug, Clone, Serialize)]
pub struct PrintLevel {
    /// The level as in navigation.
    pub link: LevelLink,
    /// Its sections.
    pub sections: Vec<PrintSection>,
}

/// A section on a print page.
#[derive(Debug, Clone, Serialize)]
pub struct PrintSection {
    /// Anchor: `<level>--<section>`.
    pub anchor: String,
    /// Title (inline HTML).
    #[serde(serialize_with = "crate::render::safe_html")]
    pub title_html: String,
    /// Title (plain).
    pub title: String,
    /// The section's questions, each rendered once by `partials/print-question.html` (with
    /// `pq`, a [`PrintQuestion`], and `variant`) and shared by the book and level pages.
    /// (The template gets a marker, which the blocks replace in the rendered page.)
    #[serde(serialize_with = "crate::render::safe_html")]
    pub questions_html: String,
    /// Number of questions in the section.
    pub question_count: usize,
}

/// A question on a print page, as `partials/print-question.html` gets it (`pq`).
#[derive(Debug, Clone, Serialize)]
pub struct PrintQuestion<'a> {
    /// The question as listed elsewhere (a [`QuestionSummary`](super::QuestionSummary)).
    pub summary: &'a Value,
    /// The answer (HTML), only in the interviewer variant.
    #[serde(serialize_with = "crate::render::safe_html")]
    pub answer_html: String,
}

impl PrintQuestion<'_> {
    /// The template value, with the fields' names as keys.
    pub fn into_value(self) -> Value {
        value_map([
            ("summary", self.summary.clone()),
            ("answer_html", html_value(&self.answer_html)),
        ])
    }
}

/// Each section's question blocks, (candidate, interviewer), in book order.
type PrintBlocks = (Vec<String>, Vec<String>);

/// Renders one section's question blocks in one go: the theme's partial once per question.
pub const SECTION_TEMPLATE: (&str, &str) = (
    "qbook/print-section.html",
    r#"{% for pq in questions %}{% include "partials/print-question.html" %}{% endfor %}"#,
);

/// Stands for a section's question blocks in a rendered print page (`<!--qbook:blocks:K-->`,
/// K the section's index in the book) until [`spliced`] puts them in: the whole book's
/// blocks go through the template as short markers instead of being copied into its context.
/// Content cannot forge one, since all of it is escaped (`<` becomes `&lt;`).
const BLOCKS_MARK: &[u8] = b"<!--qbook:blocks:";

impl Renderer<'_> {
    /// Every print page: book and levels, both variants.
    pub fn render_print_pages(&self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        let blocks = self.print_blocks()?;
        let mut scopes: Vec<Option<usize>> = vec![None];
        scopes.extend((0..self.book.levels.len()).map(Some));
        let jobs: Vec<(Option<usize>, bool)> = scopes
            .iter()
            .flat_map(|s| [(*s, false), (*s, true)])
            .collect();
        jobs.par_iter().try_for_each(|(scope, interviewer)| {
            self.render_print(*scope, *interviewer, &blocks, sink)
        })
    }

    /// Every section's question blocks, candidate and interviewer variant, rendered once
    /// (one template call a section, not a question: the call is most of a block's cost).
    fn print_blocks(&self) -> Result<PrintBlocks, Diagnostics> {
        let mut sections = Vec::new();
        let mut first = 0;
        for level in &self.book.levels {
            for section in &level.sections {
                sections.push(first..first + section.questions.len());
                first += section.questions.len();
            }
        }
        let pairs: Result<Vec<(String, String)>, Diagnostics> = sections
            .into_par_iter()
            .map(|questions| {
                let (candidate, interviewer) = rayon::join(
                    || self.print_section(questions.clone(), false),
                    || self.print_section(questions.clone(), true),
                );
                Ok((candidate?, interviewer?))
            })
            .collect();
        Ok(pairs?.into_iter().unzip())
    }

    /// The print blocks of questions `questions` (a section's).
    fn print_section(
        &self,
        questions: Range<usize>,
        interviewer: bool,
    ) -> Result<String, Diagnostics> {
        let questions: Vec<Value> = questions
            .map(|i| self.print_question(i, interviewer).into_value())
            .collect();
        let variant = if interviewer {
            "interviewer"
        } else {
            "candidate"
        };
        self.render_fragment(SECTION_TEMPLATE.0, |ctx| {
            ctx.insert_value("questions", questions.into());
            ctx.insert("variant", variant);
        })
    }

    fn render_print(
        &self,
        scope: Option<usize>,
        interviewer: bool,
        blocks: &PrintBlocks,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostics> {
        let base = match scope {
            Some(i) => format!("print/{}/", self.book.levels[i].slug),
            None => "print/".to_string(),
        };
        let (out, other) = if interviewer {
            (
                format!("{base}interviewer/index.html"),
                format!("{base}index.html"),
            )
        } else {
            (
                format!("{base}index.html"),
                format!("{base}interviewer/index.html"),
            )
        };
        let blocks = if interviewer { &blocks.1 } else { &blocks.0 };
        let rooted: Vec<String>;
        let blocks = if self.print_root() == ROOT_URL {
            let root = root_of(&out);
            rooted = blocks.iter().map(|b| b.replace(ROOT_URL, &root)).collect();
            &rooted
        } else {
            blocks
        };
        let view = self.print_view(scope, interviewer, other);
        let mut page = self.page("print", String::new(), out.trim_end_matches("index.html"));
        // The PDF's document title: the book, then the level.
        page.title = match &view.level {
            Some(level) => format!("{} — {}", self.site.title, level.title),
            None => self.site.title.clone(),
        };
        if let Some(level) = &view.level {
            page.level = level.slug.clone();
        }
        let page = self.render(&out, "print.html", page, |ctx| ctx.insert("print", &view))?;
        sink.put_parts(page.path, &spliced(&page.bytes, blocks))
    }

    fn print_view(
        &self,
        scope: Option<usize>,
        interviewer: bool,
        other_variant_url: String,
    ) -> PrintView {
        let mut index = 0;
        let mut levels = Vec::new();
        for (li, level) in self.book.levels.iter().enumerate() {
            if scope.is_some_and(|s| s != li) {
                index += level.sections.len();
                continue;
            }
            let sections = level
                .sections
                .iter()
                .zip(&self.section_titles[li])
                .map(|(s, title)| {
                    let questions_html =
                        format!("{}{index}-->", String::from_utf8_lossy(BLOCKS_MARK));
                    index += 1;
                    PrintSection {
                        anchor: format!("{}--{}", level.slug, s.slug),
                        title_html: title.html.clone(),
                        title: title.plain.clone(),
                        questions_html,
                        question_count: s.questions.len(),
                    }
                })
                .collect();
            levels.push(PrintLevel {
                link: self.site.levels[li].clone(),
                sections,
            });
        }
        PrintView {
            variant: if interviewer {
                "interviewer"
            } else {
                "candidate"
            },
            level: scope.map(|i| self.site.levels[i].clone()),
            question_count: levels
                .iter()
                .flat_map(|l| &l.sections)
                .map(|s| s.question_count)
                .sum(),
            levels,
            sources: self.source_views(),
            other_variant_url,
        }
    }

    /// What answers' links to other pages start from on print pages. A section's blocks
    /// are on print pages at two depths, so with a web address as `base_url` the links are
    /// absolute (they then also work from the PDF); otherwise each page puts in its own
    /// relative path to the root (`../../`): a path from the disk's root such as
    /// `/q/gil.html` would name a local file in a PDF printed from a file.
    fn print_root(&self) -> &str {
        let base = self.site.base_url.to_ascii_lowercase();
        if base.starts_with("https://") || base.starts_with("http://") {
            &self.site.base_url
        } else {
            ROOT_URL
        }
    }

    fn print_question(&self, i: usize, interviewer: bool) -> PrintQuestion<'_> {
        let answer_html = if interviewer {
            // Footnotes point at the sources list at the end of the print page itself.
            self.answer_html(i, "", self.print_root())
        } else {
            String::new()
        };
        PrintQuestion {
            summary: &self.summary_values[i],
            answer_html,
        }
    }
}

/// The rendered print `page` as pieces, each section's marker replaced by its question
/// blocks (`blocks`, by section in book order).
fn spliced<'a>(page: &'a [u8], blocks: &'a [String]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(at) = find(rest, BLOCKS_MARK) {
        let after = &rest[at + BLOCKS_MARK.len()..];
        let Some(end) = find(after, b"-->") else {
            break;
        };
        let section = std::str::from_utf8(&after[..end])
            .ok()
            .and_then(|k| k.parse::<usize>().ok())
            .and_then(|k| blocks.get(k));
        match section {
            Some(section) => {
                out.push(&rest[..at]);
                out.push(section.as_bytes());
            }
            None => out.push(&rest[..at + BLOCKS_MARK.len() + end + 3]),
        }
        rest = &after[end + 3..];
    }
    out.push(rest);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_print_question_value_is_the_serialized_struct() {
        let summary = value_map([("id", "gil".into()), ("number", 1usize.into())]);
        let pq = PrintQuestion {
            summary: &summary,
            answer_html: "<p>a</p>".into(),
        };
        assert_eq!(pq.clone().into_value(), Value::from_serializable(&pq));
    }

    #[test]
    fn splices_each_sections_blocks_in_place_of_its_marker() {
        let blocks: Vec<String> = ["<p>a</p><p>b</p>", "<p>c</p>"].map(String::from).to_vec();
        let page = b"<h3>one</h3><!--qbook:blocks:0--><h3>two</h3><!--qbook:blocks:1--> <!--qbook:blocks:9--> <!--qbook:blocks:x-->";
        let out = spliced(page, &blocks).concat();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<h3>one</h3><p>a</p><p>b</p><h3>two</h3><p>c</p> <!--qbook:blocks:9--> <!--qbook:blocks:x-->"
        );
    }
}
