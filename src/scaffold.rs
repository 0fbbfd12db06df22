//! `qbook new`: writes a new question file in the right folder, with the next free number
//! and front matter that always round-trips (every string double-quoted and escaped).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::content::{
    load_book_lenient, next_prefix, read_text_files, split_prefix, LoadOptions, CONTENT_DIR,
};
use crate::model::{Book, Section};

/// Question file numbers have at least this many digits (`010-gil.md`).
const PREFIX_DIGITS: usize = 3;
/// The most words and characters in an id derived from a title.
const ID_WORDS: usize = 3;
const ID_CHARS: usize = 30;

/// What `qbook new` is asked to write.
#[derive(Debug, Clone, Default)]
pub struct NewQuestion {
    /// The book's folder.
    pub root: PathBuf,
    /// The question (inline Markdown).
    pub title: String,
    /// The level: 1-based number or slug (`2`, `oop`, `02-oop`).
    pub level: String,
    /// The section in that level: 1-based number or slug.
    pub section: String,
    /// Follow-up questions.
    pub follow_ups: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// The id, instead of one derived from the title.
    pub id: Option<String>,
}

/// Writes the question file and returns its path (under `root`).
pub fn new_question(req: &NewQuestion) -> Result<PathBuf> {
    let title = req.title.trim();
    if title.is_empty() {
        bail!("the question is empty; write it in quotes: qbook new \"What is …?\" --level 1 --section 1");
    }
    let book = load_structure(&req.root)?;
    let level = book.find_level(&req.level).map_err(anyhow::Error::msg)?;
    let section = level
        .find_section(&req.section)
        .map_err(anyhow::Error::msg)?;
    let id = choose_id(req, title)?;
    let tags = check_tags(&req.tags)?;
    let dir = req
        .root
        .join(CONTENT_DIR)
        .join(&level.dir)
        .join(&section.dir);
    let file = dir.join(file_name(&dir, &id, section));
    let text = front_matter(title, &req.follow_ups, &tags);
    crate::output::create_file(&file, text.as_bytes())?;
    Ok(file)
}

/// The book's levels and sections (and whatever questions load).
fn load_structure(root: &Path) -> Result<Book> {
    if !root.join(CONTENT_DIR).is_dir() {
        bail!(
            "no content folder in {}; run qbook new in the book's folder, or pass --root",
            root.display()
        );
    }
    Ok(load_book_lenient(root, &LoadOptions::default()).0)
}

/// The id given or derived from the title, checked to be valid and unused.
fn choose_id(req: &NewQuestion, title: &str) -> Result<String> {
    let id = match &req.id {
        Some(id) => id.trim().to_string(),
        None => derive_id(title),
    };
    if id.is_empty() {
        bail!("cannot derive an id from the title; give one with --id");
    }
    if !crate::content::is_url_segment(&id) {
        bail!("id `{id}` may use only ASCII letters, digits, `-` and `_`");
    }
    if let Some(path) = existing_id(&req.root, &id) {
        bail!(
            "id `{id}` is already used by {}; pick another with --id",
            path.display()
        );
    }
    Ok(id)
}

/// The file that already has `id` (by its `id:` or its file name), if any.
fn existing_id(root: &Path, id: &str) -> Option<PathBuf> {
    let book = load_book_lenient(root, &LoadOptions::default()).0;
    if let Some(q) = book.questions().find(|r| r.question.id == id) {
        return Some(q.question.origin.path.clone());
    }
    read_text_files(root)
        .into_iter()
        .map(|f| f.path)
        .find(|p| is_question_path(p) && file_id(p) == id)
}

fn is_question_path(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    path.components().count() == 4 && name.ends_with(".md") && !name.starts_with('_')
}

fn file_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    split_prefix(&stem).1.to_string()
}

/// A short id from a title: its Latin (technical) words if it has any, else its other
/// content words transliterated; at most three words and 30 characters.
pub fn derive_id(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !crate::check::is_stop_word(w) && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let latin: Vec<&String> = words.iter().filter(|w| w.is_ascii()).collect();
    let chosen: Vec<&String> = if latin.is_empty() {
        words.iter().collect()
    } else {
        latin
    };
    let mut id = String::new();
    for word in chosen.iter().take(ID_WORDS) {
        let slug: String = deunicode::deunicode(word)
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if slug.is_empty() || id.len() + slug.len() + 1 > ID_CHARS && !id.is_empty() {
            continue;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&slug);
    }
    id.chars().take(ID_CHARS).collect()
}

/// Lowercased tags, checked like the loader checks them.
fn check_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().to_lowercase();
        if !crate::content::is_url_segment(&tag) {
            bail!("tag `{tag}` may use only ASCII letters, digits, `-` and `_`");
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    Ok(out)
}

/// `NNN-id.md` with the next free number of the section's folder.
fn file_name(dir: &Path, id: &str, section: &Section) -> String {
    let mut prefixes: HashSet<u32> = section
        .questions
        .iter()
        .filter_map(|q| q.origin.prefix)
        .collect();
    let mut width = PREFIX_DIGITS;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let (Some(n), _) = split_prefix(name.trim_end_matches(".md")) {
            prefixes.insert(n);
            width = width.max(name.chars().take_while(char::is_ascii_digit).count());
        }
    }
    let n = next_prefix(prefixes);
    format!("{n:0width$}-{id}.md")
}

/// The file's text: front matter as `import` writes it, and an empty body.
pub fn front_matter(title: &str, follow_ups: &[String], tags: &[String]) -> String {
    let follow_ups: Vec<&str> = follow_ups.iter().map(|f| f.trim()).collect();
    crate::content::question_file(title, &follow_ups, tags, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_next_prefix() {
        assert_eq!(next_prefix([]), 10);
        assert_eq!(next_prefix([10, 20]), 30);
        assert_eq!(next_prefix([10, 25]), 30);
        assert_eq!(next_prefix([30, 10]), 40);
    }

    #[test]
    fn derives_short_ids() {
        let cases = [
            ("Что такое GIL в Python?", "gil"),
            ("Объясните `__slots__` и когда их использовать", "slots"),
            ("Как работает сборщик мусора?", "sborshchik-musora"),
            (
                "What is a `dict` view: keys, values, items?",
                "dict-view-keys",
            ),
            ("???", ""),
        ];
        for (title, want) in cases {
            assert_eq!(derive_id(title), want, "{title}");
        }
    }

    #[test]
    fn front_matter_round_trips_through_the_loader() {
        let title = "`yield`: что это? \"кавычки\" и \\ слэш # не комментарий";
        let fus = vec![
            "- начинается с дефиса".to_string(),
            "[скобки]: {да}".to_string(),
        ];
        let text = front_matter(title, &fus, &["web".into()]);
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("010-x.md");
        std::fs::write(&file, &text).unwrap();
        let q = crate::content::read_question(tmp.path(), &file).unwrap();
        assert_eq!(q.title, title);
        assert_eq!(q.follow_ups[0].text, fus[0]);
        assert_eq!(q.follow_ups[1].text, fus[1]);
        assert_eq!(q.tags, ["web"]);
    }
}
