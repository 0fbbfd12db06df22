//! Raw front-matter types (what the YAML says) and their validation into model types.

mod quick;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use super::front_matter::{
    parse_front_matter, parse_yaml, scan_keys, split_front_matter, KeySpan, Split,
};
use super::{key_pos, read_text, split_prefix, LoadOptions, OUTRO_MARKER};
use crate::diagnostic::{rel, Diagnostic, Diagnostics, RuleId};
use crate::model::{Book, FollowUp, Origin, Pos, Question, Source};

/// A question file's front matter, as written (by the YAML parser or the fast path).
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    #[serde(default, deserialize_with = "optional_text")]
    pub(super) title: Option<String>,
    #[serde(default, deserialize_with = "texts")]
    pub(super) follow_ups: Vec<String>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    pub(super) id: Option<String>,
}

/// `_level.md` and `_section.md` front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFolder {
    #[serde(default, deserialize_with = "optional_text")]
    title: Option<String>,
}

/// A string that YAML read as a string: `- 42`, `- true` or an empty `-` is not a question,
/// though serde would turn the first two into text.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
}

fn optional_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Text>::deserialize(d)?.map(|t| t.0))
}

fn texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Vec::<Text>::deserialize(d)?
        .into_iter()
        .map(|t| t.0)
        .collect())
}

/// `_index.md` front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndex {
    #[serde(default, deserialize_with = "optional_text")]
    title: Option<String>,
    #[serde(default)]
    description: String,
}

/// One entry of `sources.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: SourceId,
    url: String,
}

/// A source id may be written as a string or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SourceId {
    Text(String),
    Number(u64),
}

/// A file's front matter as far as it parses, its parts, and its keys.
struct ParsedFile<'a, T> {
    /// The front matter; when some keys are broken, the others.
    raw: T,
    split: Split<'a>,
    keys: Vec<KeySpan>,
    /// Whether every key parsed (else `raw` lacks the broken ones, which are reported).
    complete: bool,
}

/// Splits `text` and parses its front matter into `T`, checking keys first. Broken keys are
/// reported into `diags` and the others still read, so that their problems show in the
/// same run; `Err` only when nothing could be read.
fn parse_file<'a, T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &'a str,
    diags: &mut Diagnostics,
) -> Result<ParsedFile<'a, T>, Diagnostics> {
    let split = split_front_matter(text)
        .map_err(|e| Diagnostic::error(RuleId::FrontMatter, path, Some(e.pos), e.message))?;
    let keys = scan_keys(split.yaml, split.yaml_line);
    let mut problems = Diagnostics::default();
    // A repeated key is reported, and the file read without its later copies, so that the
    // other keys' problems show in the same run.
    let without_repeats = match check_duplicate_keys(path, &keys) {
        Ok(()) => None,
        Err(mut repeated) => {
            problems.0.append(&mut repeated.0);
            Some(without_repeated_keys(split.yaml, split.yaml_line, &keys))
        }
    };
    let yaml = without_repeats.as_deref().unwrap_or(split.yaml);
    let parsed = parse_front_matter::<T>(yaml, split.yaml_line, &keys);
    let complete = parsed.problems.is_empty() && problems.is_empty();
    for problem in parsed.problems {
        problems.push(Diagnostic::error(
            RuleId::FrontMatter,
            path,
            Some(problem.pos),
            problem.message,
        ));
    }
    let Some(raw) = parsed.value else {
        return Err(problems);
    };
    diags.0.append(&mut problems.0);
    Ok(ParsedFile {
        raw,
        split,
        keys,
        complete,
    })
}

/// [`parse_file`] for a question, through the fast path when the front matter allows it.
fn parse_question_file<'a>(
    path: &Path,
    text: &'a str,
    diags: &mut Diagnostics,
) -> Result<ParsedFile<'a, RawQuestion>, Diagnostics> {
    let split = split_front_matter(text)
        .map_err(|e| Diagnostic::error(RuleId::FrontMatter, path, Some(e.pos), e.message))?;
    match quick::quick_question(split.yaml) {
        Some(raw) => {
            let keys = scan_keys(split.yaml, split.yaml_line);
            Ok(ParsedFile {
                raw,
                split,
                keys,
                complete: true,
            })
        }
        None => parse_file(path, text, diags),
    }
}

/// `yaml` (starting at file line `first_line`) with each repeated top-level key and the
/// lines under it blanked, line numbers kept.
fn without_repeated_keys(yaml: &str, first_line: usize, keys: &[KeySpan]) -> String {
    let mut lines: Vec<&str> = yaml.lines().collect();
    let mut seen: HashSet<&str> = HashSet::new();
    for key in keys {
        if seen.insert(&key.key) {
            continue;
        }
        let start = key.key_pos.line - first_line;
        let end = (start + 1..lines.len())
            .find(|&i| {
                let line = lines[i];
                !line.trim().is_empty() && !line.starts_with([' ', '\t', '-', '#'])
            })
            .unwrap_or(lines.len());
        let start = start.min(end);
        lines[start..end].fill("");
    }
    lines.join("\n")
}

fn check_duplicate_keys(path: &Path, keys: &[KeySpan]) -> Result<(), Diagnostics> {
    let mut seen: Vec<&KeySpan> = Vec::new();
    let mut diags = Diagnostics::default();
    for key in keys {
        if let Some(first) = seen.iter().find(|k| k.key == key.key) {
            let msg = format!(
                "duplicate key `{}` (first at line {}); keep only one",
                key.key, first.key_pos.line
            );
            diags.push(Diagnostic::error(
                RuleId::DuplicateKey,
                path,
                Some(key.key_pos),
                msg,
            ));
        } else {
            seen.push(key);
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

/// Parses and validates a question file's text; `path` is relative to the book root.
pub fn parse_question(path: &Path, text: &str) -> Result<Question, Diagnostics> {
    let mut diags = Diagnostics::default();
    let ParsedFile {
        raw,
        split,
        keys,
        complete,
    } = parse_question_file(path, text, &mut diags)?;
    let title = required_title(path, raw.title, &keys, complete, &mut diags);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (prefix, file_id) = split_prefix(&stem);
    let id = raw.id.unwrap_or_else(|| file_id.to_string());
    let id_pos = keys
        .iter()
        .find(|k| k.key == "id")
        .map_or(key_pos(&keys, "title"), |k| k.value_pos);
    check_id(path, &id, id_pos, &mut diags);
    let origin = Origin {
        path: path.to_path_buf(),
        prefix,
        title: key_pos(&keys, "title"),
        follow_ups: items_of(&keys, "follow_ups"),
        id: id_pos,
        tags: items_of(&keys, "tags"),
        body_line: split.body_line,
    };
    let tags = normalize_tags(path, raw.tags, &origin.tags, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Question {
        id,
        number: 0,
        title,
        follow_ups: raw
            .follow_ups
            .into_iter()
            .map(|text| FollowUp { text })
            .collect(),
        tags,
        answer: answer_text(split.body),
        origin,
    })
}

/// The answer: the body without the HTML comments that open it. `qbook new` writes one
/// saying where the answer goes; raw HTML would be shown on the site as text.
fn answer_text(body: &str) -> String {
    let mut rest = body.trim();
    while let Some(end) = rest.strip_prefix("<!--").and_then(|r| r.find("-->")) {
        rest = rest[4 + end + 3..].trim_start();
    }
    rest.trim_end().to_string()
}

fn items_of(keys: &[KeySpan], key: &str) -> Vec<Pos> {
    keys.iter()
        .find(|k| k.key == key)
        .map(|k| k.items.clone())
        .unwrap_or_default()
}

/// The trimmed title; an empty or missing one is reported, unless the front matter had
/// broken keys (the title may be one of them, already reported).
fn required_title(
    path: &Path,
    title: Option<String>,
    keys: &[KeySpan],
    complete: bool,
    diags: &mut Diagnostics,
) -> String {
    let has_key = keys.iter().any(|k| k.key == "title");
    match title.map(|t| t.trim().to_string()) {
        Some(t) if !t.is_empty() => t,
        None if !complete => String::new(),
        _ if has_key => {
            let msg = "empty `title`; write the question after `title:`";
            diags.push(Diagnostic::error(
                RuleId::MissingTitle,
                path,
                Some(key_pos(keys, "title")),
                msg,
            ));
            String::new()
        }
        _ => {
            let msg = "missing `title`; add `title: \"…\"` to the front matter";
            diags.push(Diagnostic::error(
                RuleId::MissingTitle,
                path,
                Some(Pos::new(1, 1)),
                msg,
            ));
            String::new()
        }
    }
}

/// Whether `text` may be an id or a tag: both become URL path segments, so they keep to
/// ASCII letters, digits, `-` and `_`.
pub fn is_url_segment(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Ids become URL path segments: keep them to ASCII letters, digits, `-` and `_`.
fn check_id(path: &Path, id: &str, pos: Pos, diags: &mut Diagnostics) {
    if !is_url_segment(id) {
        let msg = format!(
            "id `{id}` may use only ASCII letters, digits, `-` and `_`; rename the file or set `id:`"
        );
        diags.push(Diagnostic::error(RuleId::BadId, path, Some(pos), msg));
    }
}

/// Tags become URL segments too: lowercase them and reject anything else but `a-z0-9-_`.
fn normalize_tags(
    path: &Path,
    tags: Vec<String>,
    positions: &[Pos],
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, tag) in tags.into_iter().enumerate() {
        let tag = tag.trim().to_lowercase();
        if !is_url_segment(&tag) {
            let pos = positions.get(i).copied();
            let msg = format!("tag `{tag}` may use only ASCII letters, digits, `-` and `_`");
            diags.push(Diagnostic::error(RuleId::BadTag, path, pos, msg));
        } else if seen.insert(tag.clone()) {
            out.push(tag);
        }
    }
    out
}

/// Reads `_index.md` (title, description, intro and outro) into a book with no levels yet.
pub fn read_index(
    root: &Path,
    content: &Path,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> Book {
    let file = content.join("_index.md");
    let path = rel(root, &file);
    let Some(text) = read_optional(&file, &path, opts, diags) else {
        return Book::default();
    };
    match parse_file::<RawIndex>(&path, &text, diags) {
        Ok(ParsedFile { raw, split, .. }) => {
            let (intro, outro) = match split.body.split_once(OUTRO_MARKER) {
                Some((intro, outro)) => (intro, outro),
                None => (split.body, ""),
            };
            Book {
                title: raw.title.unwrap_or_default(),
                description: raw.description,
                intro: intro.trim().to_string(),
                outro: outro.trim().to_string(),
                ..Book::default()
            }
        }
        Err(mut d) => {
            diags.0.append(&mut d.0);
            Book::default()
        }
    }
}

/// Reads `sources.yaml`, if there is one.
pub fn read_sources(
    root: &Path,
    content: &Path,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> Vec<Source> {
    let file = content.join("sources.yaml");
    let path = rel(root, &file);
    let Some(text) = read_optional(&file, &path, opts, diags) else {
        return Vec::new();
    };
    let (text, raw) = match parse_yaml::<Option<Vec<RawSource>>>(&text, 1) {
        Ok(raw) => (text, raw),
        Err(e) => {
            // Each entry on its own, so that one broken entry does not hide the others'
            // problems; the broken ones are blanked out (keeping line numbers).
            let (kept, problems) = broken_source_entries(&text);
            if problems.is_empty() {
                diags.push(Diagnostic::error(
                    RuleId::BadSources,
                    &path,
                    e.pos,
                    e.message,
                ));
                return Vec::new();
            }
            for (pos, msg) in problems {
                diags.push(Diagnostic::error(RuleId::BadSources, &path, Some(pos), msg));
            }
            match parse_yaml::<Option<Vec<RawSource>>>(&kept, 1) {
                Ok(raw) => (kept, raw),
                Err(_) => return Vec::new(),
            }
        }
    };
    let sources: Vec<Source> = raw.unwrap_or_default().into_iter().map(to_source).collect();
    check_source_urls(&path, &text, &sources, diags);
    check_unique_source_ids(&path, &text, &sources, diags);
    sources
}

/// sources.yaml's text with every entry (`- id: …` and the lines under it) that does not
/// parse blanked out, and for each such entry where it goes wrong and what to do.
fn broken_source_entries(text: &str) -> (String, Vec<(Pos, String)>) {
    let mut lines: Vec<&str> = text.lines().collect();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| i == 0 || lines[i].starts_with('-'))
        .collect();
    let mut problems = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let entry = format!("{}{}", "\n".repeat(start), lines[start..end].join("\n"));
        let Err(err) = parse_yaml::<Option<Vec<RawSource>>>(&entry, 1) else {
            continue;
        };
        let tab = (start..end).find_map(|i| {
            let indent = lines[i].len() - lines[i].trim_start_matches([' ', '\t']).len();
            lines[i][..indent]
                .find('\t')
                .map(|t| Pos::new(i + 1, lines[i][..t].chars().count() + 1))
        });
        problems.push(match tab {
            Some(pos) => (pos, "a tab indents this line, and YAML allows only spaces there; replace the tab with two spaces".to_string()),
            None => (
                err.pos.unwrap_or(Pos::new(start + 1, 1)),
                format!("{}; write each source as a line `- id: \"N\"` and under it `  url: \"https://…\"`", err.message),
            ),
        });
        lines[start..end].fill("");
    }
    (lines.join("\n"), problems)
}

/// Each source is one entry of the sources page (`#source-<id>`): a second one with the
/// same id could never be cited. Reported at the second one's `id:`.
fn check_unique_source_ids(path: &Path, text: &str, sources: &[Source], diags: &mut Diagnostics) {
    let positions = source_id_positions(text);
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, source) in sources.iter().enumerate() {
        let Some(&earlier) = first.get(source.id.as_str()) else {
            first.insert(&source.id, i);
            continue;
        };
        let line = positions.get(earlier).map_or(String::new(), |(_, p)| {
            format!(" (first at line {})", p.line)
        });
        let msg = format!(
            "duplicate source id `{}`{line}; give each source its own id, and cite each as `[^id]`",
            source.id
        );
        let pos = positions.get(i).map(|(_, p)| *p);
        diags.push(Diagnostic::error(RuleId::BadSources, path, pos, msg));
    }
}

/// Source URLs become links: only `http:` and `https:` are allowed (never `javascript:`).
fn check_source_urls(path: &Path, text: &str, sources: &[Source], diags: &mut Diagnostics) {
    let url_lines: Vec<Pos> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            line.find("url:")
                .map(|col| Pos::new(i + 1, line[..col].chars().count() + 1))
        })
        .collect();
    for (i, source) in sources.iter().enumerate() {
        let lower = source.url.trim().to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            let msg = format!(
                "source `{}` has the URL `{}`; a source URL must start with https:// or http://",
                source.id, source.url
            );
            diags.push(Diagnostic::error(
                RuleId::BadSources,
                path,
                url_lines.get(i).copied(),
                msg,
            ));
        }
    }
}

/// Where each `id:` value of sources.yaml stands (block or flow style).
pub fn source_id_positions(text: &str) -> Vec<(String, Pos)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = find_id_key(line) else {
            continue;
        };
        let after = &line[at + 3..];
        let start = at + 3 + (after.len() - after.trim_start().len());
        let value: String = line[start..]
            .chars()
            .take_while(|c| !matches!(c, ',' | '}' | '#'))
            .collect();
        let id = value.trim().trim_matches(['"', '\'']).to_string();
        out.push((id, Pos::new(i + 1, line[..start].chars().count() + 1)));
    }
    out
}

/// The byte offset of an `id:` key in a line, if the line has one.
fn find_id_key(line: &str) -> Option<usize> {
    line.match_indices("id:").map(|(i, _)| i).find(|&i| {
        line[..i]
            .chars()
            .last()
            .is_none_or(|c| c.is_whitespace() || c == '{' || c == '-' || c == ',')
    })
}

fn to_source(raw: RawSource) -> Source {
    let id = match raw.id {
        SourceId::Text(s) => s,
        SourceId::Number(n) => n.to_string(),
    };
    Source { id, url: raw.url }
}

/// Reads `_level.md` or `_section.md` of `dir`: its title (required) and intro.
pub fn read_folder_meta(
    root: &Path,
    dir: &Path,
    name: &str,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> (String, String) {
    let file = dir.join(name);
    let path = rel(root, &file);
    if is_missing(&file) {
        let msg = format!("missing {name}; add it with a line `title: \"…\"` between `---` lines");
        diags.push(Diagnostic::error(RuleId::MissingTitle, &path, None, msg));
        return (String::new(), String::new());
    }
    let Some(text) = read_optional(&file, &path, opts, diags) else {
        return (String::new(), String::new());
    };
    match parse_file::<RawFolder>(&path, &text, diags) {
        Ok(ParsedFile {
            raw,
            split,
            keys,
            complete,
        }) => {
            let title = required_title(&path, raw.title, &keys, complete, diags);
            (title, split.body.trim().to_string())
        }
        Err(mut d) => {
            diags.0.append(&mut d.0);
            (String::new(), String::new())
        }
    }
}

/// Reads `file` if it exists; reports any other problem.
fn read_optional(
    file: &Path,
    path: &Path,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> Option<String> {
    if is_missing(file) {
        return None;
    }
    read_text(file, path, opts)
        .map_err(|err| diags.push(err))
        .ok()
}

/// Whether nothing is at `file` (not even a link); a file that cannot be looked at for
/// another reason (permissions) is not missing: reading it says why.
fn is_missing(file: &Path) -> bool {
    matches!(fs::symlink_metadata(file), Err(err) if err.kind() == std::io::ErrorKind::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Question, String> {
        parse_question(Path::new("c/01-a/01-b/010-gil.md"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn parses_a_question() {
        let q = parse("---\ntitle: \"GIL?\"\nfollow_ups:\n  - \"a\"\n  - \"b\"\ntags: [Conc]\n---\n\nAnswer.\n").unwrap();
        assert_eq!(
            (q.id.as_str(), q.title.as_str(), q.answer.as_str()),
            ("gil", "GIL?", "Answer.")
        );
        assert_eq!(q.follow_ups.len(), 2);
        assert_eq!(q.tags, vec!["conc"]);
        assert_eq!(q.origin.prefix, Some(10));
        assert_eq!(q.origin.follow_ups[1], Pos::new(5, 5));
    }

    #[test]
    fn drops_the_comments_that_open_the_answer() {
        let cases = [
            ("<!-- where the answer goes -->\n", ""),
            ("<!-- a\n\nb -->\n<!-- c -->\n\nAnswer.\n", "Answer."),
            ("Answer.\n<!-- kept -->\n", "Answer.\n<!-- kept -->"),
            ("<!-- not closed\n", "<!-- not closed"),
        ];
        for (body, want) in cases {
            let q = parse(&format!("---\ntitle: x\n---\n{body}")).unwrap();
            assert_eq!(q.answer, want, "{body:?}");
        }
    }

    #[test]
    fn id_key_overrides_file_name() {
        let q = parse("---\ntitle: x\nid: other\n---\n").unwrap();
        assert_eq!(q.id, "other");
    }

    #[test]
    fn rejects_bad_front_matter_with_exact_messages() {
        let cases = [
            (
                "---\ntitle: x\nfolow_ups: []\n---\n",
                "c/01-a/01-b/010-gil.md:3:1: unknown field `folow_ups`, expected one of `title`, `follow_ups`, `tags`, `id`; did you mean `follow_ups`? rename the key",
            ),
            ("---\nfollow_ups: []\n---\n", "c/01-a/01-b/010-gil.md:1:1: missing `title`; add `title: \"…\"` to the front matter"),
            ("---\ntitle: \"\"\n---\n", "c/01-a/01-b/010-gil.md:2:8: empty `title`; write the question after `title:`"),
            ("---\ntitle: a\ntitle: b\n---\n", "c/01-a/01-b/010-gil.md:3:1: duplicate key `title` (first at line 2); keep only one"),
            ("---\ntitle: a\nid: \"a b\"\n---\n", "c/01-a/01-b/010-gil.md:3:5: id `a b` may use only ASCII letters, digits, `-` and `_`; rename the file or set `id:`"),
            ("---\ntitle: a\ntags: [\"x y\"]\n---\n", "c/01-a/01-b/010-gil.md:3:8: tag `x y` may use only ASCII letters, digits, `-` and `_`"),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text).unwrap_err(), expected, "{text:?}");
        }
    }

    #[test]
    fn finds_source_ids_in_sources_yaml() {
        let text = "- id: \"1\"\n  url: x\n- {id: 2, url: y}\n- url: z\n  id: '3'\n";
        let ids = source_id_positions(text);
        assert_eq!(
            ids,
            vec![
                ("1".to_string(), Pos::new(1, 7)),
                ("2".to_string(), Pos::new(3, 8)),
                ("3".to_string(), Pos::new(5, 7)),
            ]
        );
    }

    #[test]
    fn reports_a_duplicate_source_id_at_the_second_one() {
        let text = "- id: \"1\"\n  url: \"https://a.org\"\n- {id: 2, url: \"https://b.org\"}\n- id: 1\n  url: \"https://c.org\"\n";
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        fs::create_dir(&content).unwrap();
        fs::write(content.join("sources.yaml"), text).unwrap();
        let mut diags = Diagnostics::default();
        let sources = read_sources(tmp.path(), &content, &LoadOptions::default(), &mut diags);
        assert_eq!(sources.len(), 3);
        assert_eq!(
            diags.to_string(),
            "content/sources.yaml:4:7: duplicate source id `1` (first at line 1); give each source its own id, and cite each as `[^id]`"
        );
    }

    #[test]
    fn reports_yaml_syntax_errors_at_file_lines() {
        let err = parse("---\ntitle: \"x\nfollow_ups: [\n---\n").unwrap_err();
        assert_eq!(
            err,
            "c/01-a/01-b/010-gil.md:2:8: the double quote that opens the title is not closed; end the title with `\"` on the same line: title: \"x\"\n\
             c/01-a/01-b/010-gil.md:3:13: the list opened with `[` is not closed; end it with `]` on the same line"
        );
    }

    #[test]
    fn advises_on_yaml_mistakes_at_their_place() {
        let cases = [
            (
                "---\ntitle: Что такое GIL: кратко?\n---\n",
                "c/01-a/01-b/010-gil.md:2:8: `: ` inside the title makes YAML read a key there; wrap the title in double quotes: title: \"Что такое GIL: кратко?\"",
            ),
            (
                "---\ntitle: x\nfollow_ups:\n\t- a\n---\n",
                "c/01-a/01-b/010-gil.md:4:1: a tab indents this line, and YAML allows only spaces there; replace the tab with two spaces",
            ),
            (
                "---\ntitle: x\nfollow_ups:\n  Как?\n---\n",
                "c/01-a/01-b/010-gil.md:4:3: the follow-up has no `- ` before it; write each on its own line as - \"Как?\"",
            ),
            (
                "---\ntitle: x\nfollow_ups:\n  - a\n  - 42\n---\n",
                "c/01-a/01-b/010-gil.md:5:5: follow-up 2 is the number 42, not text; write the question in double quotes: - \"…\"",
            ),
            (
                "---\ntitle: x\nfollow_ups:\n  - [a, b]\n---\n",
                "c/01-a/01-b/010-gil.md:4:5: follow-up 1 is a list, not text; write the question in double quotes: - \"…\"",
            ),
            (
                "---\ntitle: x\nfollow_ups:\n  -\n---\n",
                "c/01-a/01-b/010-gil.md:4:4: follow-up 1 is empty; write the question after `- `, or delete the line",
            ),
            (
                "---\ntitle: x\ntags: web\n---\n",
                "c/01-a/01-b/010-gil.md:3:7: `tags` must be a list: tags: [one, two]",
            ),
            (
                "---\ntitle:\n  - x\n---\n",
                "c/01-a/01-b/010-gil.md:2:7: the title is a list, not text; write the question in double quotes: title: \"…\"",
            ),
            (
                "---\ntitle:\n---\n",
                "c/01-a/01-b/010-gil.md:2:7: empty `title`; write the question after `title:`",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text).unwrap_err(), expected, "{text:?}");
        }
    }

    #[test]
    fn reports_every_problem_of_a_file_in_one_run() {
        let text = "---\ntitle: a: b\nfolow_ups: []\nfollow_ups:\n  - \"x\ntags: [\"x y\"]\n---\n";
        let err = parse(text).unwrap_err();
        assert_eq!(
            err,
            "c/01-a/01-b/010-gil.md:2:8: `: ` inside the title makes YAML read a key there; wrap the title in double quotes: title: \"a: b\"\n\
             c/01-a/01-b/010-gil.md:3:1: unknown field `folow_ups`, expected one of `title`, `follow_ups`, `tags`, `id`; did you mean `follow_ups`? rename the key\n\
             c/01-a/01-b/010-gil.md:5:5: the double quote that opens the follow-up is not closed; end the follow-up with `\"` on the same line: - \"x\"\n\
             c/01-a/01-b/010-gil.md:6:8: tag `x y` may use only ASCII letters, digits, `-` and `_`"
        );
    }

    #[test]
    fn reports_a_repeated_key_and_the_other_keys_problems_in_one_run() {
        let text = "---\ntitle: \"a\"\ntitle: \"b\"\n  more\nfollow_ups:\n  - Why: not?\ntags: [\"x y\"]\n---\n";
        let err = parse(text).unwrap_err();
        assert_eq!(
            err,
            "c/01-a/01-b/010-gil.md:3:1: duplicate key `title` (first at line 2); keep only one\n\
             c/01-a/01-b/010-gil.md:6:5: `: ` inside the follow-up makes YAML read a key there; wrap the follow-up in double quotes: - \"Why: not?\"\n\
             c/01-a/01-b/010-gil.md:7:8: tag `x y` may use only ASCII letters, digits, `-` and `_`"
        );
    }
}
