//! A [`Book`] as the files of a content tree, in the exact shapes DESIGN.md gives.
//!
//! Front matter is written by hand rather than through a YAML serializer, so that the
//! layout (key order, always double-quoted strings, flow-list tags) is fixed and the output
//! byte-identical from run to run.

use crate::model::{Book, Level, Question, Section};
use crate::output::OutputFile;

/// Every file of the content tree for `book`, in a stable order.
pub fn content_files(book: &Book) -> Vec<OutputFile> {
    let mut files = vec![index_file(book), sources_file(book)];
    for level in &book.levels {
        files.push(level_file(level));
        for section in &level.sections {
            files.push(section_file(level, section));
            for (i, question) in section.questions.iter().enumerate() {
                let path = format!(
                    "{}/{}/{}",
                    level.dir,
                    section.dir,
                    question_file_name(i, &question.id)
                );
                files.push(OutputFile::new(path, question_text(question)));
            }
        }
    }
    files
}

/// The file name of the question at `index` (0-based) of its section: `010-gil.md`.
pub(super) fn question_file_name(index: usize, id: &str) -> String {
    format!("{:03}-{id}.md", (index + 1) * 10)
}

fn index_file(book: &Book) -> OutputFile {
    let mut text = format!("---\ntitle: {}\n", quote(&book.title));
    if !book.description.is_empty() {
        text.push_str(&format!("description: {}\n", quote(&book.description)));
    }
    text.push_str("---\n");
    if !book.intro.is_empty() {
        text.push_str(&format!("\n{}\n", book.intro));
    }
    if !book.outro.is_empty() {
        text.push_str(&format!("\n<!-- outro -->\n\n{}\n", book.outro));
    }
    OutputFile::new("_index.md", text)
}

fn sources_file(book: &Book) -> OutputFile {
    let mut text = String::new();
    for source in &book.sources {
        text.push_str(&format!(
            "- id: {}\n  url: {}\n",
            quote(&source.id),
            quote(&source.url)
        ));
    }
    if text.is_empty() {
        text.push_str("[]\n");
    }
    OutputFile::new("sources.yaml", text)
}

fn level_file(level: &Level) -> OutputFile {
    OutputFile::new(
        format!("{}/_level.md", level.dir),
        titled(&level.title, &level.intro),
    )
}

fn section_file(level: &Level, section: &Section) -> OutputFile {
    OutputFile::new(
        format!("{}/{}/_section.md", level.dir, section.dir),
        titled(&section.title, ""),
    )
}

/// Front matter with only a title, then the body if there is one.
fn titled(title: &str, body: &str) -> String {
    let mut text = format!("---\ntitle: {}\n---\n", quote(title));
    if !body.is_empty() {
        text.push_str(&format!("\n{body}\n"));
    }
    text
}

/// A question file: title, follow-ups, tags, then the answer if any.
pub(super) fn question_text(question: &Question) -> String {
    let follow_ups: Vec<&str> = question
        .follow_ups
        .iter()
        .map(|f| f.text.as_str())
        .collect();
    crate::content::question_file(
        &question.title,
        &follow_ups,
        &question.tags,
        &question.answer,
    )
}

/// `text` as a YAML double-quoted string.
pub(super) fn quote(text: &str) -> String {
    crate::content::yaml_quote(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FollowUp;

    #[test]
    fn quoted_strings_survive_a_yaml_round_trip() {
        let cases = [
            "Что такое GIL?",
            "say \"hi\"",
            "back\\slash \\n",
            "key: value # not a comment",
            "`leading backtick",
            "<script>alert('x')</script>",
            "- dash, [flow], {map}, &anchor *alias !tag %dir @at",
            "tab\there\r\nline\u{0}nul\u{7}bell\u{85}nel\u{2028}ls\u{feff}bom\u{fffe}",
            "'single' and 🦀",
            "",
        ];
        for text in cases {
            let yaml = format!("v: {}\n", quote(text));
            let back: std::collections::HashMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(back["v"], text, "{yaml}");
        }
    }

    #[test]
    fn writes_question_files_in_the_design_shape() {
        let question = Question {
            id: "gil".into(),
            title: "Что такое \"GIL\"?".into(),
            follow_ups: vec![FollowUp {
                text: "Как обойти `GIL`?".into(),
            }],
            tags: vec!["concurrency".into(), "null".into()],
            ..Question::default()
        };
        let want =
            "---\ntitle: \"Что такое \\\"GIL\\\"?\"\nfollow_ups:\n  - \"Как обойти `GIL`?\"\n\
                    tags: [concurrency, \"null\"]\n---\n";
        assert_eq!(question_text(&question), want);
        let bare = Question {
            title: "Q".into(),
            ..Question::default()
        };
        assert_eq!(question_text(&bare), "---\ntitle: \"Q\"\n---\n");
    }

    #[test]
    fn front_matter_reads_back_as_yaml() {
        let question = Question {
            title: "a: b".into(),
            follow_ups: vec![FollowUp { text: "\\".into() }],
            tags: vec!["sql".into(), "yes".into()],
            ..Question::default()
        };
        let text = question_text(&question);
        let yaml = text.trim_start_matches("---\n").trim_end_matches("---\n");
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(value["title"].as_str(), Some("a: b"));
        assert_eq!(value["follow_ups"][0].as_str(), Some("\\"));
        assert_eq!(value["tags"][1].as_str(), Some("yes"));
    }

    #[test]
    fn numbers_question_files_by_tens() {
        assert_eq!(question_file_name(0, "gil"), "010-gil.md");
        assert_eq!(question_file_name(9, "x"), "100-x.md");
    }
}
