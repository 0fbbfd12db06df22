//! Turns the outline read from a seed into a [`Book`]: slugs, ids, tags, numbers, origins.

use std::path::PathBuf;

use pulldown_cmark::{Event, Parser, TagEnd};

use crate::model::{Book, FollowUp, Level, Origin, Pos, Question, Section};

use super::emit::question_file_name;
use super::parse::{Outline, RawLevel, RawQuestion, RawSection};
use super::slug::{heading_slug, id_words, IdAllocator, TitleStats};
use super::tags::{derive_tags, TagSource};

/// The longest description, in characters, before it is cut at a word.
const MAX_DESCRIPTION: usize = 200;

/// Names every part of `outline` and returns the book.
pub(super) fn build_book(outline: Outline) -> Book {
    let titles: Vec<&str> = raw_questions(&outline).map(|q| q.title.as_str()).collect();
    let stats = TitleStats::new(titles);
    let mut names = Names::default();
    let levels = outline
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| names.level(i, l, &stats))
        .collect();
    let intro = text_block(&outline.intro);
    let outro = text_block(&outline.outro);
    let description = first_sentence(if intro.is_empty() { &outro } else { &intro });
    let mut book = Book {
        title: outline.title.clone().unwrap_or_default(),
        description,
        intro,
        outro,
        levels,
        sources: outline.sources,
    };
    book.number_questions();
    add_tags(&mut book, &stats);
    book
}

fn raw_questions(outline: &Outline) -> impl Iterator<Item = &RawQuestion> {
    outline
        .levels
        .iter()
        .flat_map(|l| l.sections.iter().flat_map(|s| s.questions.iter()))
}

/// The allocators that keep slugs and ids unique across the book.
#[derive(Default)]
struct Names {
    levels: IdAllocator,
    sections: IdAllocator,
    questions: IdAllocator,
}

impl Names {
    fn level(&mut self, index: usize, raw: &RawLevel, stats: &TitleStats) -> Level {
        let slug = self
            .levels
            .allocate_slug(&heading_slug(&raw.title, "level"));
        let dir = format!("{:02}-{slug}", index + 1);
        let sections = raw.sections.iter().enumerate();
        let sections = sections
            .map(|(i, s)| self.section(&dir, i, s, stats))
            .collect();
        let intro = text_block(&raw.intro);
        Level {
            slug,
            dir,
            title: raw.title.clone(),
            intro,
            sections,
        }
    }

    fn section(
        &mut self,
        level_dir: &str,
        index: usize,
        raw: &RawSection,
        stats: &TitleStats,
    ) -> Section {
        let slug = self
            .sections
            .allocate_slug(&heading_slug(&raw.title, "section"));
        let dir = format!("{:02}-{slug}", index + 1);
        let folder = format!("{level_dir}/{dir}");
        let questions = raw.questions.iter().enumerate();
        let questions = questions
            .map(|(i, q)| self.question(&folder, i, q, stats))
            .collect();
        Section {
            slug,
            dir,
            title: raw.title.clone(),
            questions,
        }
    }

    fn question(
        &mut self,
        folder: &str,
        index: usize,
        raw: &RawQuestion,
        stats: &TitleStats,
    ) -> Question {
        let id = self.questions.allocate(&id_words(&raw.title, stats));
        let path = PathBuf::from(format!("{folder}/{}", question_file_name(index, &id)));
        let follow_ups = raw
            .follow_ups
            .iter()
            .map(|t| FollowUp { text: t.clone() })
            .collect();
        let origin = Origin {
            path,
            prefix: Some((index as u32 + 1) * 10),
            ..Origin::default()
        };
        Question {
            id,
            title: raw.title.clone(),
            follow_ups,
            origin,
            ..Question::default()
        }
    }
}

/// Gives every question its derived tags and the positions its file will have.
fn add_tags(book: &mut Book, stats: &TitleStats) {
    let tags = {
        let sources: Vec<TagSource> = book.questions().map(|r| tag_source(r.question)).collect();
        derive_tags(&sources, stats)
    };
    let questions = book
        .levels
        .iter_mut()
        .flat_map(|l| l.sections.iter_mut())
        .flat_map(|s| s.questions.iter_mut());
    for (question, tags) in questions.zip(tags) {
        question.tags = tags;
        set_positions(question);
    }
}

fn tag_source(question: &Question) -> TagSource<'_> {
    let follow_ups = question
        .follow_ups
        .iter()
        .map(|f| f.text.as_str())
        .collect();
    TagSource {
        title: &question.title,
        follow_ups,
    }
}

/// Where each value stands in the file `emit` writes (front matter from line 1).
fn set_positions(question: &mut Question) {
    let value_col = "title: \"".len();
    let origin = &mut question.origin;
    origin.title = Pos::new(2, value_col);
    origin.id = origin.title;
    let first_follow_up = 4;
    origin.follow_ups = (0..question.follow_ups.len())
        .map(|i| Pos::new(first_follow_up + i, 5))
        .collect();
    let mut line = 3 + if question.follow_ups.is_empty() {
        0
    } else {
        1 + question.follow_ups.len()
    };
    let mut col = "tags: [".len() + 1;
    origin.tags = question
        .tags
        .iter()
        .map(|t| {
            let pos = Pos::new(line, col);
            col += t.len() + 2;
            pos
        })
        .collect();
    line += usize::from(!question.tags.is_empty());
    origin.body_line = line + 1;
}

/// Joins lines into a Markdown block: outer blank lines dropped, inner runs of blank lines
/// squeezed to one (dropped export leftovers leave such runs).
pub(super) fn text_block(lines: &[String]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in lines {
        let blank = line.trim().is_empty();
        if blank && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(if blank { "" } else { line });
    }
    while out.last() == Some(&"") {
        out.pop();
    }
    out.join("\n")
}

/// The first sentence of Markdown `text` as plain text, for `<meta name="description">`.
pub(super) fn first_sentence(text: &str) -> String {
    let plain = first_paragraph_text(&strip_footnote_refs(text));
    let plain: String = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = plain.chars().collect();
    let end = (0..chars.len())
        .find(|&i| {
            matches!(chars[i], '.' | '?' | '!' | '…')
                && chars.get(i + 1).is_none_or(|c| c.is_whitespace())
        })
        .map_or(chars.len(), |i| i + 1);
    if end <= MAX_DESCRIPTION {
        return chars[..end].iter().collect();
    }
    let cut: String = chars[..MAX_DESCRIPTION].iter().collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The text of the first paragraph or heading of Markdown `text`.
fn first_paragraph_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(text) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) if !out.trim().is_empty() => break,
            _ => {}
        }
    }
    out
}

/// `text` without footnote references `[^N]`, which mean nothing in a description.
fn strip_footnote_refs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("[^") {
        out.push_str(&rest[..at]);
        match rest[at..].find(']') {
            Some(close) if !rest[at..at + close].contains(char::is_whitespace) => {
                rest = &rest[at + close + 1..]
            }
            _ => {
                out.push_str("[^");
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_first_sentence_as_plain_text() {
        let long = "word ".repeat(100);
        let cases = [
            (
                "Этот список содержит **более 130 вопросов** с `кодом`[^1][^2]. Второе.",
                "Этот список содержит более 130 вопросов с кодом.",
            ),
            (
                "Версия 3.8+ и [ссылка](http://x). Дальше",
                "Версия 3.8+ и ссылка.",
            ),
            ("Без точки", "Без точки"),
            ("<div>html</div>\n\nText here!", "Text here!"),
            ("[^broken text", "[^broken text"),
            ("", ""),
        ];
        for (text, want) in cases {
            assert_eq!(first_sentence(text), want, "{text:?}");
        }
        let cut = first_sentence(&long);
        assert!(
            cut.ends_with('…') && cut.chars().count() <= MAX_DESCRIPTION + 1,
            "{cut}"
        );
    }

    #[test]
    fn squeezes_blank_lines() {
        let lines: Vec<String> = ["", "a", "", "", "b", " ", ""].map(String::from).to_vec();
        assert_eq!(text_block(&lines), "a\n\nb");
        assert_eq!(text_block(&[]), "");
    }
}
