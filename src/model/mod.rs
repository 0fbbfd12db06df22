//! The typed model of a question book: plain data, no I/O.
//!
//! A [`Book`] holds [`Level`]s, which hold [`Section`]s, which hold [`Question`]s.
//! Loading (`content`) builds it from files, importing (`import`) builds it from a seed
//! document, and rendering (`render`) turns it into pages. None of them knows the others.

use std::path::PathBuf;

use serde::Serialize;

/// A position in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Pos {
    /// 1-based line number, counted in the whole file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
}

impl Pos {
    /// A position from a 1-based line and column.
    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }
}

/// A whole book: its front page text, its levels in order and its sources.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Book {
    /// The book's title (from `_index.md`).
    pub title: String,
    /// A one-line description for the home page and `<meta name="description">`.
    pub description: String,
    /// Markdown shown on the home page before the levels.
    pub intro: String,
    /// Markdown shown on the home page after the levels.
    pub outro: String,
    /// The levels in display order.
    pub levels: Vec<Level>,
    /// The source links that footnotes `[^id]` point at, in file order.
    pub sources: Vec<Source>,
}

/// A level of difficulty: a folder `NN-slug/` with `_level.md`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Level {
    /// The slug used in URLs (`osnovy-python`): the folder name without its numeric prefix.
    pub slug: String,
    /// The folder name as on disk (`01-osnovy-python`).
    pub dir: String,
    /// The level's title (inline Markdown).
    pub title: String,
    /// Optional Markdown introduction.
    pub intro: String,
    /// The sections in display order.
    pub sections: Vec<Section>,
}

/// A topic inside a level: a folder `NN-slug/` with `_section.md`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Section {
    /// The slug used in anchors (`bazovye-koncepcii`).
    pub slug: String,
    /// The folder name as on disk (`01-bazovye-koncepcii`).
    pub dir: String,
    /// The section's title (inline Markdown).
    pub title: String,
    /// The questions in display order.
    pub questions: Vec<Question>,
}

/// One interview question with its follow-ups and optional answer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Question {
    /// The stable id used in URLs (`gil`): the file name without its numeric prefix,
    /// unless front matter says `id:`.
    pub id: String,
    /// The display number, 1..N in book order (level, section, file name).
    pub number: usize,
    /// The question (inline Markdown).
    pub title: String,
    /// The follow-up questions (inline Markdown each).
    pub follow_ups: Vec<FollowUp>,
    /// Tags, lowercase slugs.
    pub tags: Vec<String>,
    /// The answer (Markdown); empty when the book has none yet.
    pub answer: String,
    /// Where the question came from and where its parts are, for diagnostics and edit links.
    pub origin: Origin,
}

/// A follow-up question.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FollowUp {
    /// The follow-up (inline Markdown).
    pub text: String,
}

/// A source link that footnotes point at.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Source {
    /// The footnote label (`1` for `[^1]`).
    pub id: String,
    /// The URL.
    pub url: String,
}

/// Where a question's parts stand in its file (for `check`, edit links and errors).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Origin {
    /// The file, relative to the book root (`content/01-osnovy/01-bazovye/010-gil.md`).
    pub path: PathBuf,
    /// The file name's numeric prefix (`10` for `010-gil.md`), if any.
    pub prefix: Option<u32>,
    /// Position of the title's value.
    pub title: Pos,
    /// Position of each follow-up's value, in order.
    pub follow_ups: Vec<Pos>,
    /// Position of the `id:` value, or of the title when the id comes from the file name.
    pub id: Pos,
    /// Position of each tag's value, in order.
    pub tags: Vec<Pos>,
    /// The 1-based line where the answer body starts.
    pub body_line: usize,
}

/// A question together with where it stands in the book.
#[derive(Debug, Clone, Copy)]
pub struct QuestionRef<'a> {
    /// Index of the level in `Book::levels`.
    pub level: usize,
    /// Index of the section in `Level::sections`.
    pub section: usize,
    /// The question.
    pub question: &'a Question,
}

impl Book {
    /// Every question in book order, with its level and section indexes.
    pub fn questions(&self) -> impl Iterator<Item = QuestionRef<'_>> + '_ {
        self.levels.iter().enumerate().flat_map(|(li, level)| {
            level
                .sections
                .iter()
                .enumerate()
                .flat_map(move |(si, section)| {
                    section.questions.iter().map(move |question| QuestionRef {
                        level: li,
                        section: si,
                        question,
                    })
                })
        })
    }

    /// The number of questions in the book.
    pub fn question_count(&self) -> usize {
        self.levels.iter().map(Level::question_count).sum()
    }

    /// The number of follow-ups in the book.
    pub fn follow_up_count(&self) -> usize {
        self.questions().map(|q| q.question.follow_ups.len()).sum()
    }

    /// The level `wanted` names: its 1-based number, slug or folder name; else a message
    /// that lists the levels.
    pub fn find_level(&self, wanted: &str) -> Result<&Level, String> {
        let names: Vec<(&str, &str)> = self
            .levels
            .iter()
            .map(|l| (l.slug.as_str(), l.dir.as_str()))
            .collect();
        match pick(&names, wanted) {
            Some(i) => Ok(&self.levels[i]),
            None => Err(format!(
                "no level `{wanted}`; give its number or slug: {}",
                listing(&names)
            )),
        }
    }

    /// Gives every question its display number, 1..N in book order.
    pub fn number_questions(&mut self) {
        let mut number = 0;
        for level in &mut self.levels {
            for section in &mut level.sections {
                for question in &mut section.questions {
                    number += 1;
                    question.number = number;
                }
            }
        }
    }
}

impl Level {
    /// The number of questions in this level.
    pub fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }

    /// The section `wanted` names: its 1-based number, slug or folder name; else a message
    /// that lists the sections.
    pub fn find_section(&self, wanted: &str) -> Result<&Section, String> {
        let names: Vec<(&str, &str)> = self
            .sections
            .iter()
            .map(|s| (s.slug.as_str(), s.dir.as_str()))
            .collect();
        match pick(&names, wanted) {
            Some(i) => Ok(&self.sections[i]),
            None => Err(format!(
                "no section `{wanted}` in level `{}`; give its number or slug: {}",
                self.slug,
                listing(&names)
            )),
        }
    }
}

/// The index of the entry `wanted` names among `(slug, folder)` pairs: a 1-based number,
/// a slug or a folder name.
fn pick(names: &[(&str, &str)], wanted: &str) -> Option<usize> {
    let wanted = wanted.trim();
    if let Ok(n) = wanted.parse::<usize>() {
        return (1..=names.len()).contains(&n).then(|| n - 1);
    }
    names
        .iter()
        .position(|(slug, dir)| *slug == wanted || *dir == wanted)
}

/// `1 basics, 2 web`, for messages.
fn listing(names: &[(&str, &str)]) -> String {
    if names.is_empty() {
        return "there are none yet".into();
    }
    let items: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, (slug, _))| format!("{} {slug}", i + 1))
        .collect();
    items.join(", ")
}
