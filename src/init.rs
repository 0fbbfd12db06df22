//! `qbook init DIR`: a new, empty book with one example question.

use std::path::Path;

use anyhow::{bail, Result};

use crate::output::{write_tree, OutputFile};

/// The files of a new book, relative to its folder.
pub fn new_book_files(title: &str, language: &str) -> Vec<OutputFile> {
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| "\"Questions\"".into());
    vec![
        OutputFile::new(
            "site.toml",
            format!("title = {quoted}\nlanguage = \"{language}\"\nbase_url = \"/\"\ntheme = \"default\"\n"),
        ),
        OutputFile::new("content/_index.md", format!("---\ntitle: {quoted}\n---\n\nWhat this book is for.\n")),
        OutputFile::new("content/sources.yaml", "[]\n"),
        OutputFile::new("content/01-basics/_level.md", "---\ntitle: \"Basics\"\n---\n"),
        OutputFile::new("content/01-basics/01-first-steps/_section.md", "---\ntitle: \"First steps\"\n---\n"),
        OutputFile::new(
            "content/01-basics/01-first-steps/010-example.md",
            "---\ntitle: \"What is an example question?\"\nfollow_ups:\n  - \"What would a follow-up ask?\"\n  - \"And a second one?\"\ntags: [example]\n---\n\nAn optional answer, in Markdown.\n",
        ),
        OutputFile::new(".gitignore", "/public\n"),
    ]
}

/// Creates a new book in `dir`, which must not exist or be empty.
pub fn init_book(dir: &Path, language: &str) -> Result<()> {
    if dir.exists()
        && dir
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!(
            "{} is not empty; pick a new folder for the book",
            dir.display()
        );
    }
    let title = dir
        .file_name()
        .map_or("Questions".into(), |n| n.to_string_lossy().into_owned());
    write_tree(dir, &new_book_files(&title, language))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_a_book_that_builds() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("my-book");
        init_book(&dir, "en").unwrap();
        let book = crate::content::load_book(&dir, &Default::default()).unwrap();
        assert_eq!(book.question_count(), 1);
        assert!(init_book(&dir, "en").is_err(), "refuses a non-empty folder");
    }
}
