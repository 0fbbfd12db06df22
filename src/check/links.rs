//! Rules on Markdown bodies: links to questions that do not exist, footnotes to sources
//! that do not exist, and sources nobody cites.
//!
//! Links between questions are relative URLs of the built site, resolved against the page
//! the Markdown is shown on: an answer is on `q/<id>.html` (so `gil.html` is question
//! `gil`), `_index.md` on the home page (`q/gil.html`), a level intro on `<level>/`
//! (`../q/gil.html`).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::{Input, Scope};
use crate::content::{
    source_id_positions, split_front_matter, split_prefix, TextFile, CONTENT_DIR,
};
use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex, RuleId};
use crate::markdown::{footnote_labels, local_target, resolve_relative, LocalTarget};
use crate::model::Pos;
use crate::render::QUESTION_DIR;

/// The sources file, relative to the book root.
const SOURCES_FILE: &str = "content/sources.yaml";

/// A link, image or footnote found in a body, with its place in the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    Link(String, Pos),
    Image(String, Pos),
    Footnote(String, Pos),
}

/// Runs the link and footnote rules on every Markdown file, then the unused-source rule.
pub(super) fn check_links(input: &Input<'_>, diags: &mut Diagnostics) {
    let ids = known_ids(input);
    let deleted = deleted_questions(input.scope);
    let sources: HashSet<&str> = input.book.sources.iter().map(|s| s.id.as_str()).collect();
    let mut cited: HashSet<String> = HashSet::new();
    for file in input.files.iter().filter(|f| is_markdown(&f.path)) {
        let page = page_dir(&file.path);
        for found in scan_file(file) {
            match found {
                Found::Link(dest, pos) if local_target(&dest, page.len()).is_some() => {
                    diags.push(local_link(&file.path, &dest, false, page.len(), pos));
                }
                Found::Image(dest, pos) if local_target(&dest, page.len()).is_some() => {
                    diags.push(local_link(&file.path, &dest, true, page.len(), pos));
                }
                Found::Image(..) => {}
                Found::Link(dest, pos) => {
                    let known = Known {
                        ids: &ids,
                        deleted: &deleted,
                    };
                    check_link(&file.path, &page, &dest, pos, &known, diags)
                }
                Found::Footnote(label, pos) => {
                    if input.sources_ok && !sources.contains(label.as_str()) {
                        diags.push(missing_source(&file.path, &label, pos));
                    }
                    cited.insert(label);
                }
            }
        }
    }
    if input.sources_ok {
        check_unused_sources(input, &cited, diags);
    }
    check_inline_targets(input, diags);
}

/// Flags links and images to the local disk in titles and follow-ups. These are shown on
/// pages at every depth, from the home page down, so no relative path in them may climb.
fn check_inline_targets(input: &Input<'_>, diags: &mut Diagnostics) {
    for q in input.book.questions().map(|r| r.question) {
        let index = LineIndex::new(input.text(&q.origin.path).unwrap_or_default());
        let texts = std::iter::once((&q.title, Some(q.origin.title)));
        let follow_ups = q.follow_ups.iter().enumerate();
        let texts =
            texts.chain(follow_ups.map(|(i, f)| (&f.text, q.origin.follow_ups.get(i).copied())));
        for (text, pos) in texts {
            for (dest, image) in inline_targets(text) {
                if local_target(&dest, 0).is_some() {
                    let pos = pos.map(|p| pos_of_text(&index, p, &dest));
                    diags.push(local_link(
                        &q.origin.path,
                        &dest,
                        image,
                        0,
                        pos.unwrap_or_default(),
                    ));
                }
            }
        }
    }
}

/// The targets of the links (`false`) and images (`true`) of inline Markdown.
fn inline_targets(md: &str) -> Vec<(String, bool)> {
    if !md.contains([']', '<']) {
        return Vec::new();
    }
    Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((dest_url.to_string(), false)),
            Event::Start(Tag::Image { dest_url, .. }) => Some((dest_url.to_string(), true)),
            _ => None,
        })
        .collect()
}

/// Where `needle` is written on the line of `pos`, at or after it (else `pos` itself): the
/// target of a link in a quoted YAML value.
fn pos_of_text(index: &LineIndex<'_>, pos: Pos, needle: &str) -> Pos {
    let Some(excerpt) = index.excerpt(pos, usize::MAX) else {
        return pos;
    };
    let from: usize = excerpt
        .text
        .chars()
        .take(excerpt.col - 1)
        .map(char::len_utf8)
        .sum();
    match excerpt.text[from..].find(needle) {
        Some(at) => Pos::new(
            pos.line,
            pos.col + excerpt.text[from..from + at].chars().count(),
        ),
        None => pos,
    }
}

fn local_link(path: &Path, dest: &str, image: bool, depth: usize, pos: Pos) -> Diagnostic {
    let what = if image { "image" } else { "link" };
    let why = local_target(dest, depth).map_or("", LocalTarget::describe);
    let msg = format!(
        "{what} `{dest}` is {why}, dropped from the site and the PDF; use a web address (https://…) or a relative path to a file of the built site (`gil.html` from an answer), or remove it"
    );
    Diagnostic::error(RuleId::LocalLink, path, Some(pos), msg)
}

fn is_markdown(path: &Path) -> bool {
    path.starts_with(CONTENT_DIR) && path.extension().is_some_and(|x| x == "md")
}

/// Ids of loaded questions, plus those of files that failed to load (named by their file).
fn known_ids(input: &Input<'_>) -> HashSet<String> {
    let mut ids: HashSet<String> = input
        .book
        .questions()
        .map(|r| r.question.id.clone())
        .collect();
    for file in input.files.iter().filter(|f| is_question_file(&f.path)) {
        if let Some(stem) = file.path.file_stem() {
            ids.insert(split_prefix(&stem.to_string_lossy()).1.to_string());
        }
    }
    ids
}

fn is_question_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    is_markdown(path) && path.components().count() == 4 && !name.starts_with('_')
}

/// The folders of the site URL where this file's Markdown is shown.
fn page_dir(path: &Path) -> Vec<String> {
    let parts: Vec<String> = path
        .iter()
        .skip(1)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [level, ..] if parts.len() >= 2 && !is_question_file(path) => {
            vec![split_prefix(level).1.to_string()]
        }
        [_, _, _] => vec![QUESTION_DIR.into()],
        _ => Vec::new(),
    }
}

/// Links and footnote references of a file's body, outside code, with file positions.
fn scan_file(file: &TextFile) -> Vec<Found> {
    let Ok(split) = split_front_matter(&file.text) else {
        return Vec::new();
    };
    let body = split.body;
    let offset = file.text.len() - body.len();
    let index = LineIndex::new(&file.text);
    let pos = |range: Range<usize>| index.pos(offset + range.start);
    let source = with_stand_in_definitions(body);
    let options =
        Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(&source, options).into_offset_iter() {
        if range.start >= body.len() {
            break;
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                found.push(Found::Link(dest_url.to_string(), pos(range)))
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                found.push(Found::Image(dest_url.to_string(), pos(range)))
            }
            Event::FootnoteReference(label) => {
                found.push(Found::Footnote(label.to_string(), pos(range)))
            }
            _ => {}
        }
    }
    found
}

/// As in rendering: a reference needs a definition to be parsed as one (they are appended,
/// so offsets in the body do not move).
fn with_stand_in_definitions(body: &str) -> String {
    let mut source = body.to_string();
    source.push_str("\n\n");
    for label in footnote_labels(body) {
        source.push_str(&format!("[^{label}]: -\n\n"));
    }
    source
}

/// The question ids a link may name, and those of question files a pull request deletes.
struct Known<'a> {
    ids: &'a HashSet<String>,
    deleted: &'a HashMap<String, &'a Path>,
}

/// In a pull request's check, the ids of the question files it deletes (the id their file
/// name gives), with their paths: a link to one of them can say why it broke.
fn deleted_questions(scope: &Scope) -> HashMap<String, &Path> {
    let Scope::Changed(changes) = scope else {
        return HashMap::new();
    };
    changes
        .deleted
        .iter()
        .filter(|p| p.starts_with(CONTENT_DIR) && p.extension().is_some_and(|e| e == "md"))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?;
            let (_, id) = split_prefix(stem);
            (!id.starts_with('_')).then(|| (id.to_string(), p.as_path()))
        })
        .collect()
}

fn check_link(
    path: &Path,
    page: &[String],
    dest: &str,
    pos: Pos,
    known: &Known<'_>,
    diags: &mut Diagnostics,
) {
    if let Some(id) = dest.strip_prefix('@') {
        let id = id.trim_start_matches('/').trim_end_matches('/');
        let msg = format!("link `{dest}` is not resolved by qbook; link to a question as `{id}.html` from an answer (`q/{id}.html` from _index.md)");
        diags.push(Diagnostic::error(RuleId::BrokenLink, path, Some(pos), msg));
        return;
    }
    if let Some(msg) = misdirected_link(page, dest) {
        diags.push(Diagnostic::error(RuleId::BrokenLink, path, Some(pos), msg));
        return;
    }
    let Some(target) = question_target(page, dest) else {
        return;
    };
    let id = match target {
        Target::Page(id) => id,
        Target::Folder(id) => {
            let msg = format!("link `{dest}` points at a folder `q/{id}/`, but a question's page is the file `q/{id}.html`; link to `{id}.html` from an answer (`q/{id}.html` from _index.md)");
            diags.push(Diagnostic::error(RuleId::BrokenLink, path, Some(pos), msg));
            return;
        }
    };
    if known.ids.contains(&id) {
        return;
    }
    let msg = match known.deleted.get(&id) {
        Some(file) => format!(
            "link `{dest}` points at question `{id}`, whose file {} this change deletes; remove or update the link, or keep the question",
            file.display()
        ),
        None => format!(
            "link `{dest}` points at question `{id}`, which does not exist; use the id of an existing question (its file name without the number, or its `id:`)"
        ),
    };
    diags.push(Diagnostic::error(RuleId::BrokenLink, path, Some(pos), msg));
}

/// Why a relative link written the way other tools want it leads nowhere on the site: to a
/// book's `.md` file (as on GitHub), or to `q/q/…` (a home-page link copied into an answer).
fn misdirected_link(page: &[String], dest: &str) -> Option<String> {
    let dir: Vec<&str> = page.iter().map(String::as_str).collect();
    let (segments, _) = resolve_relative(&dir, dest)?;
    let last = *segments.last()?;
    let from = if page.first().is_some_and(|d| d == QUESTION_DIR) {
        "from an answer"
    } else {
        "from here"
    };
    if let Some(stem) = last.strip_suffix(".md") {
        let id = split_prefix(stem).1;
        let href = relative_href(&dir, id);
        return Some(format!(
            "link `{dest}` points at a Markdown file of the book, which is not on the built site; link to the question's page instead: `{href}` {from}"
        ));
    }
    if let [QUESTION_DIR, QUESTION_DIR, .., file] = segments.as_slice() {
        let id = file.trim_end_matches(".html");
        return Some(format!(
            "link `{dest}` leads to `q/q/{file}`, which does not exist: an answer's page is already in `q/`, so link to `{id}.html`"
        ));
    }
    None
}

/// The link to question `id`'s page from a page in folder `dir`.
fn relative_href(dir: &[&str], id: &str) -> String {
    match dir {
        [] => format!("{QUESTION_DIR}/{id}.html"),
        [QUESTION_DIR] => format!("{id}.html"),
        _ => format!("{}{QUESTION_DIR}/{id}.html", "../".repeat(dir.len())),
    }
}

/// Where a relative link into `q/` resolves.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// `q/<id>.html`: question `id`'s page.
    Page(String),
    /// `q/<id>/` or `q/<id>/index.html`: a folder, as other generators make pages; no such
    /// page exists.
    Folder(String),
}

/// What a relative link resolves to in `q/`, if it points there.
fn question_target(page: &[String], dest: &str) -> Option<Target> {
    let dir: Vec<&str> = page.iter().map(String::as_str).collect();
    let (segments, _) = resolve_relative(&dir, dest)?;
    match segments.as_slice() {
        [QUESTION_DIR, file] if file.ends_with(".html") => {
            Some(Target::Page(file.trim_end_matches(".html").to_string()))
        }
        [QUESTION_DIR, id] if !id.contains('.') => Some(Target::Folder((*id).to_string())),
        [QUESTION_DIR, id, "index.html"] => Some(Target::Folder((*id).to_string())),
        _ => None,
    }
}

fn missing_source(path: &Path, label: &str, pos: Pos) -> Diagnostic {
    let msg = format!(
        "footnote `[^{label}]` cites source `{label}`, which is not in {SOURCES_FILE}; add `- id: \"{label}\"` with its `url:` there, or fix the number"
    );
    Diagnostic::error(RuleId::MissingSource, path, Some(pos), msg)
}

fn check_unused_sources(input: &Input<'_>, cited: &HashSet<String>, diags: &mut Diagnostics) {
    let text = input.text(Path::new(SOURCES_FILE)).unwrap_or_default();
    let mut positions: HashMap<String, Pos> = HashMap::new();
    for (id, pos) in source_id_positions(text) {
        positions.entry(id).or_insert(pos);
    }
    let whole_book = input.whole_book(RuleId::UnusedSource);
    let in_scope = |id: &str| match input.scope {
        Scope::Changed(changes) => !changes.old_source_ids.contains(id),
        _ => whole_book,
    };
    let uncited = input.book.sources.iter().filter(|s| !cited.contains(&s.id));
    for source in uncited.filter(|s| in_scope(&s.id)) {
        let pos = positions.get(&source.id).copied();
        let msg = format!(
            "source `{}` is never cited; cite it as `[^{}]` in an answer, or remove it",
            source.id, source.id
        );
        diags.push(Diagnostic::warning(
            RuleId::UnusedSource,
            Path::new(SOURCES_FILE),
            pos,
            msg,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn resolves_question_links_against_the_page() {
        let answer = dir(&["q"]);
        let home = dir(&[]);
        let level = dir(&["basics"]);
        let page = |id: &str| Some(Target::Page(id.into()));
        let folder = |id: &str| Some(Target::Folder(id.into()));
        let cases = [
            (&answer, "gil.html", page("gil")),
            (&answer, "./gil.html#x", page("gil")),
            (&answer, "../q/gil.html", page("gil")),
            (&answer, "../basics/", None),
            (&answer, "https://x.org/q/gil.html", None),
            (&answer, "gil/", folder("gil")),
            (&answer, "../gil/", None),
            (&answer, "gil/index.html", folder("gil")),
            (&home, "q/gil.html", page("gil")),
            (&home, "q/gil/", folder("gil")),
            (&home, "../q/gil.html", None),
            (&level, "../q/gil.html", page("gil")),
            (&level, "#top", None),
        ];
        for (page, dest, want) in cases {
            assert_eq!(question_target(page, dest), want, "{page:?} {dest}");
        }
    }

    #[test]
    fn scans_links_and_footnotes_outside_code() {
        let text = "---\ntitle: x\n---\n\nSee [GIL](../gil/) and `[^9]`[^1].\n\n```\n[^2] [a](../b/)\n```\n";
        let file = TextFile {
            path: "content/a/b/010-x.md".into(),
            text: text.into(),
        };
        assert_eq!(
            scan_file(&file),
            vec![
                Found::Link("../gil/".into(), Pos::new(5, 5)),
                Found::Footnote("1".into(), Pos::new(5, 30)),
            ]
        );
    }
}
