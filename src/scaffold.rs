//! `qbook new`: writes a new question file in the right folder, with the next free number,
//! front matter that always round-trips (every string double-quoted and escaped) and a
//! comment saying where the answer goes. It suggests a free id when the one asked for is
//! taken, and names the existing questions the new one looks like (by `check`'s
//! near-duplicate similarity).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::check::{similar_pairs, SimilarityOptions};
use crate::content::{
    load_book_lenient, next_prefix, read_text_files, split_prefix, LoadOptions, CONTENT_DIR,
};
use crate::model::{Book, FollowUp, Question, Section};

/// Question file numbers have at least this many digits (`010-gil.md`).
const PREFIX_DIGITS: usize = 3;
/// The most words and characters in an id derived from a title.
const ID_WORDS: usize = 3;
const ID_CHARS: usize = 30;
/// The most words in the longer id suggested when the short one is taken.
const LONG_ID_WORDS: usize = 5;

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

/// What `qbook new` wrote and found.
#[derive(Debug, Clone)]
pub struct NewReport {
    /// The new file (under `root`).
    pub file: PathBuf,
    /// The new question's id (its page is `q/<id>.html`).
    pub id: String,
    /// Existing questions the new one looks like, most alike first.
    pub similar: Vec<SimilarQuestion>,
}

/// An existing question that a new one looks like.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarQuestion {
    /// Its display number.
    pub number: usize,
    /// Its title.
    pub title: String,
    /// Its file, relative to the book root.
    pub path: PathBuf,
    /// How alike, as `check`'s near-duplicate rule scores it.
    pub score: f64,
}

/// Writes the question file and says what it wrote and what the question looks like.
pub fn new_question(req: &NewQuestion) -> Result<NewReport> {
    let title = one_line(&req.title);
    if title.is_empty() {
        bail!("the question is empty; write it in quotes: qbook new \"What is …?\" --level 1 --section 1");
    }
    let title = title.as_str();
    let follow_ups = clean_follow_ups(title, &req.follow_ups)?;
    let req = &NewQuestion {
        follow_ups,
        ..req.clone()
    };
    let book = load_structure(&req.root)?;
    let level = book.find_level(&req.level).map_err(anyhow::Error::msg)?;
    let section = level
        .find_section(&req.section)
        .map_err(anyhow::Error::msg)?;
    let used = used_ids(&req.root, &book);
    let similar = similar_questions(&book, title, &req.follow_ups);
    let id = choose_id(req, title, &used).map_err(|err| with_similar_notes(err, &similar))?;
    let tags = check_tags(&req.tags)?;
    let dir = req
        .root
        .join(CONTENT_DIR)
        .join(&level.dir)
        .join(&section.dir);
    let file = dir.join(file_name(&dir, &id, section));
    let mut text = front_matter(title, &req.follow_ups, &tags);
    text.push_str(&answer_comment(&req.root, &book));
    crate::output::create_file(&file, text.as_bytes())?;
    Ok(NewReport { file, id, similar })
}

/// `text` on one line: a line break or a run of spaces (from a pasted question) becomes one
/// space, as the site would show it anyway.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The follow-ups on one line each; an empty one, or text with a character that `check`
/// rejects (an invisible or reordering one, usually pasted along), is refused before any
/// file is written.
fn clean_follow_ups(title: &str, follow_ups: &[String]) -> Result<Vec<String>> {
    reject_hidden("the question", title)?;
    let mut out = Vec::with_capacity(follow_ups.len());
    for (i, follow_up) in follow_ups.iter().enumerate() {
        let text = one_line(follow_up);
        if text.is_empty() {
            bail!(
                "follow-up {} is empty; write the question after --follow-up, or leave that option out",
                i + 1
            );
        }
        reject_hidden(&format!("follow-up {}", i + 1), &text)?;
        out.push(text);
    }
    Ok(out)
}

fn reject_hidden(what: &str, text: &str) -> Result<()> {
    if let Some((at, c)) = text
        .chars()
        .enumerate()
        .find(|&(_, c)| crate::check::is_hidden_character(c))
    {
        bail!(
            "{what} holds U+{:04X} at character {}, an invisible or text-reordering character (often pasted along); retype the text without it",
            c as u32,
            at + 1
        );
    }
    Ok(())
}

/// `err` followed by a note for each question the new one looks like: when the id is taken,
/// the question may well be there already.
fn with_similar_notes(err: anyhow::Error, similar: &[SimilarQuestion]) -> anyhow::Error {
    if similar.is_empty() {
        return err;
    }
    let mut text = err.to_string();
    for q in similar {
        text.push_str(&format!(
            "\nnote: the question looks like question {} “{}” in {} (similarity {:.2}); if it asks the same, improve that file instead",
            q.number,
            q.title,
            q.path.display(),
            q.score
        ));
    }
    anyhow::Error::msg(text)
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

/// The id given or derived from the title, checked to be valid and unused; a taken one
/// gets a free one suggested.
fn choose_id(req: &NewQuestion, title: &str, used: &HashMap<String, PathBuf>) -> Result<String> {
    let id = match &req.id {
        Some(id) => id.trim().to_string(),
        None => derive_id(title),
    };
    if id.is_empty() {
        bail!("cannot derive an id from the title; give one with --id: a few Latin words joined by `-`, such as --id my-question (the page will be q/<id>.html)");
    }
    if !crate::content::is_url_segment(&id) {
        bail!("id `{id}` may use only ASCII letters, digits, `-` and `_`");
    }
    if let Some(path) = used.get(&id) {
        bail!(
            "id `{id}` is already used by {}; pick another with --id, for example --id {}",
            path.display(),
            free_id(&id, title, used)
        );
    }
    Ok(id)
}

/// A free id for a question titled `title` whose id `taken` is used: the title's longer
/// slug, else `taken-2`, `taken-3`, …
pub fn free_id(taken: &str, title: &str, used: &HashMap<String, PathBuf>) -> String {
    let long = slug_of(&content_words(title), LONG_ID_WORDS);
    if !long.is_empty() && long != taken && !used.contains_key(&long) {
        return long;
    }
    (2..)
        .map(|n| format!("{taken}-{n}"))
        .find(|id| !used.contains_key(id))
        .unwrap_or_default()
}

/// Every id in use and the file that uses it: the questions that load, and the file names
/// of those that do not.
fn used_ids(root: &Path, book: &Book) -> HashMap<String, PathBuf> {
    let mut used: HashMap<String, PathBuf> = read_text_files(root)
        .into_iter()
        .map(|f| f.path)
        .filter(|p| is_question_path(p))
        .map(|p| (file_id(&p), p))
        .collect();
    for r in book.questions() {
        used.insert(r.question.id.clone(), r.question.origin.path.clone());
    }
    used
}

/// The book's questions that a question with `title` and `follow_ups` looks like, by the
/// similarity of `check`'s near-duplicate rule.
fn similar_questions(book: &Book, title: &str, follow_ups: &[String]) -> Vec<SimilarQuestion> {
    let new = Question {
        title: title.to_string(),
        follow_ups: follow_ups
            .iter()
            .map(|f| FollowUp {
                text: f.trim().to_string(),
            })
            .collect(),
        ..Question::default()
    };
    let mut questions: Vec<&Question> = book.questions().map(|r| r.question).collect();
    let new_index = questions.len();
    questions.push(&new);
    similar_pairs(&questions, &SimilarityOptions::default())
        .into_iter()
        .filter_map(|pair| {
            let other = match (pair.first, pair.second) {
                (a, b) if b == new_index => a,
                (a, b) if a == new_index => b,
                _ => return None,
            };
            let q = questions[other];
            Some(SimilarQuestion {
                number: q.number,
                title: q.title.clone(),
                path: q.origin.path.clone(),
                score: pair.score,
            })
        })
        .collect()
}

/// The comment after the front matter saying where the answer goes and how to cite a
/// source, in the book's language. The loader drops it (it is never shown on the site), and
/// `check` sees no footnote in it (an HTML comment is not Markdown).
fn answer_comment(root: &Path, book: &Book) -> String {
    let next_source = book
        .sources
        .iter()
        .filter_map(|s| s.id.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let russian = crate::config::read_config(root).is_ok_and(|c| c.language == "ru");
    let text = if russian {
        ANSWER_COMMENT_RU
    } else {
        ANSWER_COMMENT_EN
    };
    format!("\n{}", text.replace("{n}", &next_source.to_string()))
}

const ANSWER_COMMENT_EN: &str =
    "<!-- The answer (optional) goes below this comment, in Markdown: paragraphs, lists,
code blocks (```python). To cite a source, add it to content/sources.yaml
(- id: \"{n}\" and url: \"https://…\") and write [^{n}] after the sentence it supports.
This comment is not shown on the site; you may delete it. -->
";

const ANSWER_COMMENT_RU: &str =
    "<!-- Ответ (необязательно) пишите под этим комментарием, в Markdown: абзацы, списки,
блоки кода (```python). Чтобы сослаться на источник, добавьте его в content/sources.yaml
(- id: \"{n}\" и url: \"https://…\") и поставьте [^{n}] после фразы, которую он подтверждает.
Этот комментарий не виден на сайте; его можно удалить. -->
";

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
    let mut words = content_words(title);
    if words.is_empty() {
        // Only common words (`Чем отличается is от ==?`): better those than no id.
        words = title_words(title).collect();
    }
    let latin: Vec<String> = words.iter().filter(|w| w.is_ascii()).cloned().collect();
    if latin.is_empty() {
        slug_of(&words, ID_WORDS)
    } else {
        slug_of(&latin, ID_WORDS)
    }
}

/// The title's words, lowercase, without stop words and numbers.
fn content_words(title: &str) -> Vec<String> {
    title_words(title)
        .filter(|w| !crate::check::is_stop_word(w))
        .collect()
}

/// The title's words, lowercase, without numbers.
fn title_words(title: &str) -> impl Iterator<Item = String> + '_ {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
}

/// The first `max_words` of `words`, transliterated and joined by `-`, at most
/// [`ID_CHARS`] characters.
fn slug_of(words: &[String], max_words: usize) -> String {
    let mut id = String::new();
    for word in words.iter().take(max_words) {
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
            ("Чем отличается `is` от `==`?", "is"),
            ("Что это такое?", "chto-eto-takoe"),
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
