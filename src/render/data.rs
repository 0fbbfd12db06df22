//! `questions.json`: the book's model for other tools.

use serde::Serialize;

use super::Renderer;
use crate::markdown::plain_text;
use crate::output::OutputFile;

/// The whole book as JSON: levels, sections, questions (plain text and Markdown), sources.
#[derive(Serialize)]
struct BookJson<'a> {
    title: String,
    question_count: usize,
    levels: Vec<LevelJson<'a>>,
    sources: &'a [crate::model::Source],
}

#[derive(Serialize)]
struct LevelJson<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    sections: Vec<SectionJson<'a>>,
}

#[derive(Serialize)]
struct SectionJson<'a> {
    slug: &'a str,
    title: &'a str,
    questions: Vec<QuestionJson<'a>>,
}

#[derive(Serialize)]
struct QuestionJson<'a> {
    id: &'a str,
    number: usize,
    title: &'a str,
    title_markdown: &'a str,
    follow_ups: Vec<String>,
    tags: &'a [String],
    answer_markdown: &'a str,
    url: &'a str,
}

impl Renderer<'_> {
    /// Renders `questions.json` from the model, with the titles and URLs the pages show.
    pub(super) fn questions_json(&self) -> OutputFile {
        let summaries = &self.summaries;
        let mut i = 0;
        let levels = self
            .book
            .levels
            .iter()
            .enumerate()
            .map(|(li, l)| LevelJson {
                slug: &l.slug,
                title: &self.site.levels[li].title,
                url: format!("{}/index.html", l.slug),
                sections: l
                    .sections
                    .iter()
                    .zip(&self.section_titles[li])
                    .map(|(s, title)| SectionJson {
                        slug: &s.slug,
                        title: &title.plain,
                        questions: s
                            .questions
                            .iter()
                            .map(|q| {
                                i += 1;
                                QuestionJson {
                                    id: &q.id,
                                    number: q.number,
                                    title: &summaries[i - 1].title,
                                    title_markdown: &q.title,
                                    follow_ups: q
                                        .follow_ups
                                        .iter()
                                        .map(|f| plain_text(&f.text))
                                        .collect(),
                                    tags: &q.tags,
                                    answer_markdown: &q.answer,
                                    url: &summaries[i - 1].url,
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        let json = BookJson {
            title: plain_text(&self.book.title),
            question_count: self.book.question_count(),
            levels,
            sources: &self.book.sources,
        };
        OutputFile::new(
            "questions.json",
            serde_json::to_vec(&json).unwrap_or_default(),
        )
    }
}
