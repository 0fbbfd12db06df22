//! `questions.json`: the book's model for other tools.

use serde::Serialize;

use super::views::QuestionSummary;
use crate::markdown::plain_text;
use crate::model::Book;
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
    title: String,
    url: String,
    sections: Vec<SectionJson<'a>>,
}

#[derive(Serialize)]
struct SectionJson<'a> {
    slug: &'a str,
    title: String,
    questions: Vec<QuestionJson<'a>>,
}

#[derive(Serialize)]
struct QuestionJson<'a> {
    id: &'a str,
    number: usize,
    title: String,
    title_markdown: &'a str,
    follow_ups: Vec<String>,
    tags: &'a [String],
    answer_markdown: &'a str,
    url: &'a str,
}

/// Renders `questions.json` from the model (`summaries` give each question's URL).
pub fn questions_json(book: &Book, summaries: &[QuestionSummary]) -> OutputFile {
    let mut i = 0;
    let levels = book
        .levels
        .iter()
        .map(|l| LevelJson {
            slug: &l.slug,
            title: plain_text(&l.title),
            url: format!("{}/index.html", l.slug),
            sections: l
                .sections
                .iter()
                .map(|s| SectionJson {
                    slug: &s.slug,
                    title: plain_text(&s.title),
                    questions: s
                        .questions
                        .iter()
                        .map(|q| {
                            i += 1;
                            QuestionJson {
                                id: &q.id,
                                number: q.number,
                                title: summaries[i - 1].title.clone(),
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
        title: plain_text(&book.title),
        question_count: book.question_count(),
        levels,
        sources: &book.sources,
    };
    OutputFile::new(
        "questions.json",
        serde_json::to_vec(&json).unwrap_or_default(),
    )
}
