//! Print pages: the whole book and each level, for candidates and for interviewers.
//!
//! | file | what |
//! | --- | --- |
//! | `print/index.html` | the whole book, questions and follow-ups |
//! | `print/interviewer/index.html` | the same with answers, score boxes and note lines |
//! | `print/<level>/index.html` | one level |
//! | `print/<level>/interviewer/index.html` | one level, interviewer variant |
//!
//! Each is rendered by `print.html` with `print` ([`PrintView`]), which shows each question
//! with `partials/print-question.html`; the theme's `print.js` lays the page out as
//! numbered sheets.

use rayon::prelude::*;
use serde::Serialize;

use super::views::{safe_html, LevelLink, QuestionSummary, Shared, SourceView};
use super::Renderer;
use crate::diagnostic::Diagnostics;
use crate::output::Sink;

/// A print page's own value, `print`.
#[derive(Debug, Clone, Serialize)]
pub struct PrintView<'a> {
    /// `candidate` or `interviewer`.
    pub variant: &'static str,
    /// The level printed, or none for the whole book.
    pub level: Option<&'a Shared<LevelLink>>,
    /// The levels on the page.
    pub levels: Vec<PrintLevel<'a>>,
    /// The book's sources, printed with their URLs at the end.
    pub sources: &'a [SourceView],
    /// The other variant of the same page, relative to the site root.
    pub other_variant_url: String,
    /// Number of questions on the page.
    pub question_count: usize,
}

/// A level on a print page.
#[derive(Debug, Clone, Serialize)]
pub struct PrintLevel<'a> {
    /// The level as in navigation.
    pub link: &'a Shared<LevelLink>,
    /// Its sections.
    pub sections: Vec<PrintSection<'a>>,
}

/// A section on a print page.
#[derive(Debug, Clone, Serialize)]
pub struct PrintSection<'a> {
    /// Anchor: `<level>--<section>`.
    pub anchor: String,
    /// Title (inline HTML).
    #[serde(serialize_with = "safe_html")]
    pub title_html: &'a str,
    /// Title (plain).
    pub title: &'a str,
    /// The section's questions, each shown by `partials/print-question.html` (which gets
    /// it as `pq`, and `variant`).
    pub questions: &'a [Shared<PrintQuestion<'a>>],
    /// Number of questions in the section.
    pub question_count: usize,
}

/// A question on a print page, as `partials/print-question.html` gets it (`pq`).
#[derive(Debug, Clone, Serialize)]
pub struct PrintQuestion<'a> {
    /// The question as listed elsewhere.
    pub summary: &'a Shared<QuestionSummary>,
    /// The answer (HTML), only in the interviewer variant.
    #[serde(serialize_with = "safe_html")]
    pub answer_html: &'a str,
}

/// What the print pages show of the book, made once for all of them: a question is on the
/// book's page and its level's.
struct PrintBook<'a> {
    /// Each question in book order, as the candidate's pages show it.
    candidate: Vec<Shared<PrintQuestion<'a>>>,
    /// Each question in book order, as the interviewer's pages show it.
    interviewer: Vec<Shared<PrintQuestion<'a>>>,
    /// The same for the levels' interviewer pages, one folder deeper, when their links
    /// differ (see `AnswerHtml::print_level`).
    level_interviewer: Option<Vec<Shared<PrintQuestion<'a>>>>,
    sources: Vec<SourceView>,
}

impl<'a> Renderer<'a> {
    /// Every print page: book and levels, both variants.
    pub fn render_print_pages(&'a self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        let question = |i: usize, answer_html: &'a str| {
            Shared::new(PrintQuestion {
                summary: &self.summaries[i],
                answer_html,
            })
        };
        let questions = 0..self.refs.len();
        let level_answers: Option<Vec<&str>> = (self.answers.iter())
            .map(|a| a.print_level.as_deref())
            .collect();
        let book = PrintBook {
            candidate: questions.clone().map(|i| question(i, "")).collect(),
            interviewer: questions
                .into_par_iter()
                .map(|i| question(i, &self.answers[i].print))
                .collect(),
            level_interviewer: level_answers.map(|answers| {
                answers
                    .into_iter()
                    .enumerate()
                    .map(|(i, answer)| question(i, answer))
                    .collect()
            }),
            sources: self.source_views(),
        };
        let mut scopes: Vec<Option<usize>> = vec![None];
        scopes.extend((0..self.book.levels.len()).map(Some));
        let jobs: Vec<(Option<usize>, bool)> = scopes
            .iter()
            .flat_map(|s| [(*s, false), (*s, true)])
            .collect();
        jobs.par_iter().try_for_each(|(scope, interviewer)| {
            self.render_print(*scope, *interviewer, &book, sink)
        })
    }

    fn render_print(
        &self,
        scope: Option<usize>,
        interviewer: bool,
        book: &PrintBook<'_>,
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
        let view = self.print_view(scope, interviewer, book, other);
        let mut page = self.page("print", String::new(), out.trim_end_matches("index.html"));
        // The PDF's document title: the book, then the level.
        page.title = match view.level {
            Some(level) => format!("{} — {}", self.site.title, level.title),
            None => self.site.title.clone(),
        };
        if let Some(level) = view.level {
            page.level = level.slug.clone();
        }
        self.render(sink, &out, "print.html", page, |ctx| {
            ctx.insert("print", &view)
        })
    }

    fn print_view<'v>(
        &'v self,
        scope: Option<usize>,
        interviewer: bool,
        book: &'v PrintBook<'v>,
        other_variant_url: String,
    ) -> PrintView<'v> {
        let mut first = 0;
        let mut levels = Vec::new();
        for (li, level) in self.book.levels.iter().enumerate() {
            if scope.is_some_and(|s| s != li) {
                first += level.question_count();
                continue;
            }
            let sections = level
                .sections
                .iter()
                .zip(&self.section_titles[li])
                .map(|(s, title)| {
                    let shown = match (interviewer, scope, &book.level_interviewer) {
                        (false, _, _) => &book.candidate,
                        (true, Some(_), Some(deeper)) => deeper,
                        (true, _, _) => &book.interviewer,
                    };
                    let questions = &shown[first..first + s.questions.len()];
                    first += s.questions.len();
                    PrintSection {
                        anchor: format!("{}--{}", level.slug, s.slug),
                        title_html: &title.html,
                        title: &title.plain,
                        questions,
                        question_count: s.questions.len(),
                    }
                })
                .collect();
            levels.push(PrintLevel {
                link: &self.site.levels[li],
                sections,
            });
        }
        PrintView {
            variant: if interviewer {
                "interviewer"
            } else {
                "candidate"
            },
            level: scope.map(|i| &self.site.levels[i]),
            question_count: levels
                .iter()
                .flat_map(|l| &l.sections)
                .map(|s| s.question_count)
                .sum(),
            levels,
            sources: &book.sources,
            other_variant_url,
        }
    }
}
