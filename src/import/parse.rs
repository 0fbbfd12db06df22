//! Reads a seed document line by line into a raw outline, collecting every problem.
//!
//! The outline keeps the document's own order and line numbers; turning it into a
//! [`Book`](crate::model::Book) (ids, tags, numbers) happens in `build`.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics, RuleId};
use crate::model::{Pos, Source};

use super::inline::{column, heading_title, question_title, Title};
use super::scan::{classify, Line};

/// The document as read: titles and texts, no ids yet.
#[derive(Debug, Default)]
pub(super) struct Outline {
    /// The `# Title`, if any.
    pub title: Option<String>,
    /// Lines of the intro (before the first level).
    pub intro: Vec<String>,
    /// The levels in order.
    pub levels: Vec<RawLevel>,
    /// Lines of the outro (after the last question).
    pub outro: Vec<String>,
    /// The `[^N]: url` definitions in order.
    pub sources: Vec<Source>,
}

/// A `## ` level as read.
#[derive(Debug, Default)]
pub(super) struct RawLevel {
    pub title: String,
    pub line: usize,
    pub intro: Vec<String>,
    pub sections: Vec<RawSection>,
    /// Made up to hold content found before any level; already reported.
    pub placeholder: bool,
}

/// A `### ` section as read.
#[derive(Debug, Default)]
pub(super) struct RawSection {
    pub title: String,
    pub line: usize,
    pub questions: Vec<RawQuestion>,
    /// Made up to hold questions found before any section; already reported.
    pub placeholder: bool,
}

/// A numbered question as read.
#[derive(Debug, Default)]
pub(super) struct RawQuestion {
    pub title: String,
    pub follow_ups: Vec<String>,
}

/// Where the reader stands, which decides what a text line or a bullet means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first level: text is the book's intro.
    Intro,
    /// After a `## ` heading: text is the level's intro.
    LevelIntro,
    /// After a `### ` heading, before its first question.
    SectionStart,
    /// Right after a question line: a bold line here is the follow-ups' label.
    Question,
    /// Reading follow-up bullets.
    FollowUps,
    /// Text after a question: the outro if no question follows, else an error.
    Trailing,
}

/// The line-by-line reader.
struct Reader<'p> {
    path: &'p Path,
    diags: Diagnostics,
    notes: Vec<String>,
    doc: Outline,
    state: State,
    /// Lines of text after the current question: `(line number, text)`.
    trailing: Vec<(usize, String)>,
    last_number: Option<u64>,
    numbers: HashMap<u64, usize>,
    sources: HashMap<String, usize>,
    prev_bullet: bool,
    orphan_reported: bool,
    stray_reported: bool,
}

/// Reads `text` (the document at `path`) into an outline, notes about dropped export
/// leftovers, and every problem found.
pub(super) fn read_outline(path: &Path, text: &str) -> (Outline, Vec<String>, Diagnostics) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::new(path);
    for (i, line) in text.split('\n').enumerate() {
        reader.read_line(i + 1, line.strip_suffix('\r').unwrap_or(line));
    }
    reader.finish();
    (reader.doc, reader.notes, reader.diags)
}

impl<'p> Reader<'p> {
    fn new(path: &'p Path) -> Self {
        Reader {
            path,
            diags: Diagnostics::default(),
            notes: Vec::new(),
            doc: Outline::default(),
            state: State::Intro,
            trailing: Vec::new(),
            last_number: None,
            numbers: HashMap::new(),
            sources: HashMap::new(),
            prev_bullet: false,
            orphan_reported: false,
            stray_reported: false,
        }
    }

    fn error(&mut self, rule: RuleId, line: usize, col: usize, message: String) {
        let pos = Some(Pos::new(line, col));
        self.diags
            .push(Diagnostic::error(rule, self.path, pos, message));
    }

    fn note(&mut self, line: usize, what: &str) {
        self.notes
            .push(format!("{}:{line}: dropped {what}", self.path.display()));
    }

    fn read_line(&mut self, n: usize, line: &str) {
        let kind = classify(line);
        let was_bullet = std::mem::replace(&mut self.prev_bullet, false);
        if !matches!(kind, Line::Bullet(..)) {
            self.orphan_reported = false;
        }
        match kind {
            Line::Blank => self.read_blank(),
            Line::Heading(depth, text, at) => self.read_heading(n, line, depth, text, at),
            Line::Question(digits, rest, at) => self.read_question(n, line, digits, rest, at),
            Line::Bullet(indented, text) => self.read_bullet(n, line, indented, text),
            Line::Footnote(label, url) => self.read_footnote(n, label, url),
            Line::Logo => self.note(n, "the export's logo <img>"),
            Line::Divider => self.note(n, "the export's ⁂ divider"),
            Line::Text(true) if was_bullet && self.state == State::FollowUps => {
                self.continue_follow_up(line)
            }
            Line::Bold if self.state == State::Question => self.state = State::FollowUps,
            Line::Bold | Line::Text(_) => self.read_text(n, line),
        }
    }

    fn read_blank(&mut self) {
        match self.state {
            State::Intro => self.doc.intro.push(String::new()),
            State::LevelIntro => self.current_level().intro.push(String::new()),
            State::Trailing => self.trailing.push((0, String::new())),
            _ => {}
        }
    }

    fn read_text(&mut self, n: usize, line: &str) {
        match self.state {
            State::Intro => self.doc.intro.push(line.to_string()),
            State::LevelIntro => self.current_level().intro.push(line.to_string()),
            State::SectionStart => self.report_stray(n),
            State::Question | State::FollowUps | State::Trailing => {
                self.state = State::Trailing;
                self.trailing.push((n, line.to_string()));
            }
        }
    }

    fn report_stray(&mut self, n: usize) {
        if !std::mem::replace(&mut self.stray_reported, true) {
            let msg = "text between a section heading and its first question belongs to no \
                       question; move it to the level's intro (right under `## …`) or remove it";
            self.error(RuleId::ImportStrayText, n, 1, msg.to_string());
        }
    }

    fn current_level(&mut self) -> &mut RawLevel {
        if self.doc.levels.is_empty() {
            self.doc.levels.push(RawLevel {
                placeholder: true,
                ..RawLevel::default()
            });
        }
        let last = self.doc.levels.len() - 1;
        &mut self.doc.levels[last]
    }

    fn current_section(&mut self) -> &mut RawSection {
        let level = self.current_level();
        if level.sections.is_empty() {
            level.sections.push(RawSection {
                placeholder: true,
                ..RawSection::default()
            });
        }
        let last = level.sections.len() - 1;
        &mut level.sections[last]
    }

    /// Ends the text after a question: it belongs to no question when more structure follows.
    fn flush_trailing(&mut self) {
        let trailing = std::mem::take(&mut self.trailing);
        if let Some((n, _)) = trailing.iter().find(|(_, t)| !t.trim().is_empty()) {
            let msg = "text after a question's follow-ups belongs to no question; indent it as \
                       a follow-up (`    - …`), or move it to the intro (before the first level) \
                       or the outro (after the last question)";
            self.error(RuleId::ImportStrayText, *n, 1, msg.to_string());
        }
        self.stray_reported = false;
    }

    fn read_heading(&mut self, n: usize, line: &str, depth: usize, text: &str, at: usize) {
        let what = ["title", "level heading", "section heading"][depth - 1];
        let title = match heading_title(text) {
            Title::Text(title) => title,
            Title::Unclosed(pos) => {
                self.report_unclosed(n, line, at + pos, what);
                text.replace("**", "").trim().to_string()
            }
            _ => {
                let msg = format!(
                    "the {what} has no text; write it after the `{}`",
                    "#".repeat(depth)
                );
                self.error(RuleId::ImportEmptyTitle, n, 1, msg);
                String::new()
            }
        };
        match depth {
            1 => self.read_book_title(n, title),
            2 => self.start_level(n, title),
            _ => self.start_section(n, title),
        }
    }

    fn report_unclosed(&mut self, n: usize, line: &str, at: usize, what: &str) {
        let msg = format!("unclosed `**` in the {what}; close the bold with `**` or remove it");
        self.error(RuleId::ImportUnclosedBold, n, column(line, at), msg);
    }

    fn read_book_title(&mut self, n: usize, title: String) {
        if self.state != State::Intro || self.doc.title.is_some() {
            let msg = "a second `# ` title; keep one `# Book title` line at the top and make \
                       this a `## ` level or `### ` section heading";
            self.error(RuleId::ImportStructure, n, 1, msg.to_string());
            return;
        }
        self.doc.title = Some(title);
    }

    fn start_level(&mut self, n: usize, title: String) {
        self.flush_trailing();
        let title = strip_range(&title).to_string();
        self.doc.levels.push(RawLevel {
            title,
            line: n,
            ..RawLevel::default()
        });
        self.state = State::LevelIntro;
    }

    fn start_section(&mut self, n: usize, title: String) {
        self.flush_trailing();
        if self.doc.levels.iter().all(|l| l.placeholder) {
            let msg = format!(
                "section \"{title}\" comes before any level; add a level heading \
                 `## Level title` above it"
            );
            self.error(RuleId::ImportStructure, n, 1, msg);
        }
        let section = RawSection {
            title,
            line: n,
            ..RawSection::default()
        };
        self.current_level().sections.push(section);
        self.state = State::SectionStart;
    }

    fn read_question(&mut self, n: usize, line: &str, digits: &str, rest: &str, at: usize) {
        self.flush_trailing();
        self.check_number(n, digits);
        self.check_placement(n, digits);
        let title = self.question_text(n, line, digits, rest, at);
        let question = RawQuestion {
            title,
            follow_ups: Vec::new(),
        };
        self.current_section().questions.push(question);
        self.state = State::Question;
    }

    fn question_text(
        &mut self,
        n: usize,
        line: &str,
        digits: &str,
        rest: &str,
        at: usize,
    ) -> String {
        let fix = format!("write it in bold after the number: `{digits}. **Question?**`");
        match question_title(rest) {
            Title::Text(title) => return title,
            Title::Unclosed(pos) => self.report_unclosed(n, line, at + pos, "question"),
            Title::Empty => {
                let msg = format!("question {digits} has no title; {fix}");
                self.error(RuleId::ImportQuestionTitle, n, 1, msg);
            }
            Title::NotBold => {
                let msg = format!("question {digits}'s title is not bold; {fix}");
                self.error(RuleId::ImportQuestionTitle, n, column(line, at) + 1, msg);
            }
        }
        rest.replace("**", "").trim().to_string()
    }

    fn check_placement(&mut self, n: usize, digits: &str) {
        let Some(level) = self.doc.levels.last() else {
            let msg = format!(
                "question {digits} comes before any level; add a `## Level title` and a \
                 `### Section title` heading above it"
            );
            return self.error(RuleId::ImportStructure, n, 1, msg);
        };
        if level.sections.is_empty() && !level.placeholder {
            let msg = format!(
                "question {digits} comes before any section of level \"{}\"; add a \
                 `### Section title` heading above it",
                level.title
            );
            self.error(RuleId::ImportStructure, n, 1, msg);
        }
    }

    fn check_number(&mut self, n: usize, digits: &str) {
        let number = digits.parse::<u64>().ok();
        let fix = "number questions 1, 2, 3… in order";
        if let Some(first) = number.and_then(|k| self.numbers.get(&k).copied()) {
            let msg =
                format!("question number {digits} is used twice (first on line {first}); {fix}");
            self.error(RuleId::ImportNumbering, n, 1, msg);
        } else if number != Some(self.last_number.unwrap_or(0) + 1) {
            let msg = match self.last_number {
                Some(last) => format!("question numbered {digits} follows question {last}; {fix}"),
                None => format!("the first question is numbered {digits}; {fix}"),
            };
            self.error(RuleId::ImportNumbering, n, 1, msg);
        }
        if let Some(k) = number {
            self.numbers.entry(k).or_insert(n);
            self.last_number = Some(k);
        }
    }

    fn read_bullet(&mut self, n: usize, line: &str, indented: bool, text: &str) {
        match self.state {
            State::Question | State::FollowUps => self.add_follow_up(n, line, text),
            State::LevelIntro | State::SectionStart if indented => self.report_orphan(n),
            _ => self.read_text(n, line),
        }
    }

    fn add_follow_up(&mut self, n: usize, line: &str, text: &str) {
        self.state = State::FollowUps;
        self.prev_bullet = true;
        if text.is_empty() {
            let msg =
                "empty follow-up; write the follow-up question after the dash or delete the line";
            let col = column(line, line.len() - line.trim_start().len());
            self.error(RuleId::ImportEmptyTitle, n, col, msg.to_string());
            return;
        }
        if let Some(question) = self.current_section().questions.last_mut() {
            question.follow_ups.push(text.to_string());
        }
    }

    fn continue_follow_up(&mut self, line: &str) {
        self.prev_bullet = true;
        let question = self.current_section().questions.last_mut();
        if let Some(last) = question.and_then(|q| q.follow_ups.last_mut()) {
            last.push(' ');
            last.push_str(line.trim());
        }
    }

    fn report_orphan(&mut self, n: usize) {
        if !std::mem::replace(&mut self.orphan_reported, true) {
            let msg = "follow-up bullet with no question before it; put follow-ups under a \
                       numbered question `N. **Question?**`";
            self.error(RuleId::ImportStructure, n, 1, msg.to_string());
        }
        self.prev_bullet = false;
    }

    fn read_footnote(&mut self, n: usize, label: &str, url: &str) {
        if let Some(first) = self.sources.get(label) {
            let msg = format!(
                "footnote [^{label}] is defined twice (first on line {first}); keep one definition"
            );
            return self.error(RuleId::ImportSource, n, 1, msg);
        }
        if url.is_empty() {
            let msg = format!("footnote [^{label}] has no URL; write `[^{label}]: https://…`");
            return self.error(RuleId::ImportSource, n, label.chars().count() + 5, msg);
        }
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            let msg = format!("footnote [^{label}] points at `{url}`; a source URL must start with https:// or http://");
            return self.error(RuleId::ImportSource, n, label.chars().count() + 5, msg);
        }
        self.sources.insert(label.to_string(), n);
        self.doc.sources.push(Source {
            id: label.to_string(),
            url: url.to_string(),
        });
    }

    /// Ends the document: trailing text becomes the outro; empty parts are reported.
    fn finish(&mut self) {
        let trailing = std::mem::take(&mut self.trailing);
        self.doc.outro = trailing.into_iter().map(|(_, t)| t).collect();
        if self.doc.title.is_none() {
            let msg = "the document has no title; start it with a line `# Book title`";
            self.error(RuleId::ImportStructure, 1, 1, msg.to_string());
        }
        if self.doc.levels.is_empty() {
            let msg = "the document has no levels; add `## Level` and `### Section` headings \
                       with numbered questions `1. **Question?**` under them";
            self.error(RuleId::ImportStructure, 1, 1, msg.to_string());
        }
        self.check_empty_parts();
        self.diags.sort();
    }

    fn check_empty_parts(&mut self) {
        let mut found = Vec::new();
        for level in self.doc.levels.iter().filter(|l| !l.placeholder) {
            if level.sections.is_empty() {
                let msg = format!(
                    "level \"{}\" has no sections; add a `### Section title` heading with \
                     questions under it, or remove the level",
                    level.title
                );
                found.push((level.line, msg));
            }
            for section in level
                .sections
                .iter()
                .filter(|s| s.questions.is_empty() && !s.placeholder)
            {
                let msg = format!(
                    "section \"{}\" has no questions; add numbered questions `N. **Question?**` \
                     under it, or remove the section",
                    section.title
                );
                found.push((section.line, msg));
            }
        }
        for (line, msg) in found {
            self.error(RuleId::ImportEmpty, line, 1, msg);
        }
    }
}

/// Drops a trailing question range such as `(1-25)` from a level title.
pub(super) fn strip_range(title: &str) -> &str {
    let Some(head) = title.strip_suffix(')') else {
        return title;
    };
    let Some((before, range)) = head.rsplit_once('(') else {
        return title;
    };
    let parts: Vec<&str> = range.split(['-', '–', '—']).map(str::trim).collect();
    let numeric = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    if parts.len() == 2 && parts.iter().all(numeric) {
        before.trim_end()
    } else {
        title
    }
}
