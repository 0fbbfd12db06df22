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

use rayon::prelude::*;
use serde::Serialize;

use super::views::{LevelLink, QuestionSummary, SourceView};
use super::Renderer;
use crate::diagnostic::Diagnostics;
use crate::output::{OutputFile, Sink};

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
    pub title_html: String,
    /// Title (plain).
    pub title: String,
    /// The section's questions, each rendered once by `partials/print-question.html` (with
    /// `pq`, a [`PrintQuestion`], and `variant`) and shared by the book and level pages.
    pub questions_html: String,
    /// Number of questions in the section.
    pub question_count: usize,
}

/// A question on a print page, as `partials/print-question.html` gets it (`pq`).
#[derive(Debug, Clone, Serialize)]
pub struct PrintQuestion<'a> {
    /// The question as listed elsewhere.
    pub summary: &'a QuestionSummary,
    /// The answer (HTML), only in the interviewer variant.
    pub answer_html: String,
}

/// Each question's print block: (candidate, interviewer), in book order.
type PrintBlocks = (Vec<String>, Vec<String>);

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
            sink.put(self.render_print(*scope, *interviewer, &blocks)?)
        })
    }

    /// Every question's print block, candidate and interviewer variant, rendered once.
    fn print_blocks(&self) -> Result<PrintBlocks, Diagnostics> {
        let pairs: Result<Vec<(String, String)>, Diagnostics> = (0..self.refs.len())
            .into_par_iter()
            .map(|i| Ok((self.print_block(i, false)?, self.print_block(i, true)?)))
            .collect();
        Ok(pairs?.into_iter().unzip())
    }

    fn print_block(&self, i: usize, interviewer: bool) -> Result<String, Diagnostics> {
        let pq = self.print_question(i, interviewer);
        let variant = if interviewer {
            "interviewer"
        } else {
            "candidate"
        };
        self.render_fragment("partials/print-question.html", |ctx| {
            ctx.insert("pq", &pq);
            ctx.insert("variant", variant);
        })
    }

    fn render_print(
        &self,
        scope: Option<usize>,
        interviewer: bool,
        blocks: &PrintBlocks,
    ) -> Result<OutputFile, Diagnostics> {
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
        let view = self.print_view(scope, interviewer, other, blocks);
        let mut page = self.page("print", String::new(), out.trim_end_matches("index.html"));
        // The PDF's document title: the book, then the level.
        page.title = match &view.level {
            Some(level) => format!("{} — {}", self.site.title, level.title),
            None => self.site.title.clone(),
        };
        if let Some(level) = &view.level {
            page.level = level.slug.clone();
        }
        self.render(&out, "print.html", page, |ctx| ctx.insert("print", &view))
    }

    fn print_view(
        &self,
        scope: Option<usize>,
        interviewer: bool,
        other_variant_url: String,
        blocks: &[String],
    ) -> PrintView {
        let mut index = 0;
        let mut levels = Vec::new();
        for (li, level) in self.book.levels.iter().enumerate() {
            let count = level.question_count();
            if scope.is_some_and(|s| s != li) {
                index += count;
                continue;
            }
            let sections = level
                .sections
                .iter()
                .zip(&self.section_titles[li])
                .map(|(s, title)| {
                    let questions_html = blocks[index..index + s.questions.len()].concat();
                    index += s.questions.len();
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

    fn print_question(&self, i: usize, interviewer: bool) -> PrintQuestion<'_> {
        let answer_html = if interviewer {
            // Footnotes point at the sources list at the end of the print page itself.
            self.answer_html(i, "")
        } else {
            String::new()
        };
        PrintQuestion {
            summary: &self.summaries[i],
            answer_html,
        }
    }
}
