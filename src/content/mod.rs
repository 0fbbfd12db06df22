//! Reads a book's `content/` folder into a [`Book`]: raw front matter -> validated model.
//!
//! Every problem in every file is collected, so one run reports them all.

mod front_matter;
mod raw;
mod write;

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

pub use front_matter::{edit_distance, parse_yaml, scan_keys, split_front_matter, KeySpan, Split};
pub use raw::{is_url_segment, source_id_positions};
pub use write::{question_file, yaml_quote, yaml_tag, YAML_SPECIAL};

use crate::diagnostic::{rel, Diagnostic, Diagnostics, RuleId};
use crate::model::{Book, Level, Pos, Question, Section};

/// The folder of a book that holds its content.
pub const CONTENT_DIR: &str = "content";
/// The line in `_index.md` that separates the intro from the outro.
pub const OUTRO_MARKER: &str = "<!-- outro -->";

/// How loading treats the book's files.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The largest file, in bytes, that loading reads (`max_file_size` in `site.toml`).
    pub max_file_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// The default of [`LoadOptions::max_file_size`]: 1 MiB, far above any real question.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Loads the book at `root` (the folder holding `content/`).
///
/// Paths in the model and in diagnostics are relative to `root`.
pub fn load_book(root: &Path, opts: &LoadOptions) -> Result<Book, Diagnostics> {
    let (book, diags) = load_book_lenient(root, opts);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(book)
}

/// Loads what can be loaded of the book at `root`, with every problem found (sorted):
/// files that fail to parse are left out of the book. `check` lints the rest.
pub fn load_book_lenient(root: &Path, opts: &LoadOptions) -> (Book, Diagnostics) {
    let content = root.join(CONTENT_DIR);
    let mut diags = Diagnostics::default();
    if !content.is_dir() {
        let msg = "no content folder here; run `qbook init DIR` for a new book, or pass --root";
        diags.push(Diagnostic::error(
            RuleId::Io,
            &rel(root, &content),
            None,
            msg,
        ));
        return (Book::default(), diags);
    }
    let mut book = raw::read_index(root, &content, opts, &mut diags);
    book.sources = raw::read_sources(root, &content, opts, &mut diags);
    book.levels = read_levels(root, &content, opts, &mut diags);
    check_unique_ids(&book, &mut diags);
    diags.sort();
    book.number_questions();
    (book, diags)
}

/// A text file of a book, as read (for `check`'s line-based rules and source snippets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    /// The file, relative to the book root.
    pub path: PathBuf,
    /// Its text (files that are not UTF-8 are left out; loading reports them).
    pub text: String,
}

/// Every `.md` and `.yaml` file under `content/`, plus `site.toml` and
/// `content/reviewed.toml` (`check`'s reviewed near-duplicate pairs), in that order.
pub fn read_text_files(root: &Path) -> Vec<TextFile> {
    let content = WalkDir::new(root.join(CONTENT_DIR))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "yaml"));
    let reviewed = root.join(CONTENT_DIR).join("reviewed.toml");
    std::iter::once(root.join("site.toml"))
        .chain(content)
        .chain(std::iter::once(reviewed))
        .filter_map(|file| {
            let text = fs::read_to_string(&file).ok()?;
            Some(TextFile {
                path: rel(root, &file),
                text,
            })
        })
        .collect()
}

/// What a folder of the book holds, sorted by numeric prefix then name: its sub-folders
/// and its question files (`*.md` not starting with `_`). Hidden entries (`.git`, editor
/// files) are passed over; anything else loading cannot use is reported, never left out
/// silently: a link, a special file or a folder named `*.md`, or a folder that cannot be
/// read.
#[derive(Debug, Default)]
struct Listing {
    dirs: Vec<PathBuf>,
    questions: Vec<PathBuf>,
}

fn list_folder(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Listing {
    let mut listing = Listing::default();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            diags.push(io_error(&rel(root, dir), "cannot list the folder", &err));
            return listing;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diags.push(io_error(&rel(root, dir), "cannot list the folder", &err));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let is_md = name.ends_with(".md");
        match entry.file_type() {
            Err(err) => diags.push(io_error(&rel(root, &path), "cannot read", &err)),
            Ok(kind) if kind.is_symlink() => {
                diags.push(not_regular(root, &path, "a symbolic link"))
            }
            Ok(kind) if kind.is_dir() && is_md => diags.push(not_regular(
                root,
                &path,
                "a folder named like a question file",
            )),
            Ok(kind) if kind.is_dir() => listing.dirs.push(path),
            Ok(kind) if !kind.is_file() && is_md => {
                diags.push(not_regular(root, &path, "not a regular file"))
            }
            Ok(kind) if kind.is_file() && is_md && !name.starts_with('_') => {
                listing.questions.push(path)
            }
            Ok(kind) if kind.is_file() => {
                if let Some(fixed) = markdown_misnamed(&name) {
                    let msg = format!(
                        "qbook reads only files ending in `.md` (lowercase), so this one is not on the site; rename it to `{fixed}`"
                    );
                    diags.push(Diagnostic::error(RuleId::Io, &rel(root, &path), None, msg));
                }
            }
            Ok(_) => {}
        }
    }
    listing.dirs.sort_by_cached_key(|p| order_key(p));
    listing.questions.sort_by_cached_key(|p| order_key(p));
    listing
}

/// The `.md` name of a Markdown file named otherwise (`010-x.MD`, `010-x.markdown`), which
/// the loader would skip without a word.
fn markdown_misnamed(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    let markdown = ext.eq_ignore_ascii_case("md")
        || ext.eq_ignore_ascii_case("markdown")
        || ext.eq_ignore_ascii_case("mdown");
    (markdown && ext != "md" && !stem.is_empty()).then(|| format!("{stem}.md"))
}

fn io_error(path: &Path, what: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(RuleId::Io, path, None, format!("{what}: {err}"))
}

fn not_regular(root: &Path, path: &Path, what: &str) -> Diagnostic {
    let msg = format!(
        "this is {what}; a book holds only plain folders and .md files (a link could point \
         outside the book): replace it with the file or folder itself, or remove it"
    );
    Diagnostic::error(RuleId::Io, &rel(root, path), None, msg)
}

/// Reports files in `listing` that are not where questions go (a question file directly
/// in `content/` or in a level folder would never appear on the site).
fn report_misplaced(root: &Path, listing: &Listing, diags: &mut Diagnostics) {
    for file in &listing.questions {
        let msg = "question files belong in a section folder \
                   (content/<level>/<section>/); move this file into one";
        diags.push(Diagnostic::error(RuleId::Io, &rel(root, file), None, msg));
    }
}

/// Sort key: the numeric prefix of the file name (so `9-x` comes before `10-x`), then the name.
fn order_key(path: &Path) -> (u64, String) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (prefix, _) = split_prefix(&name);
    (prefix.map_or(u64::MAX, u64::from), name)
}

/// Numbers of new files go up in steps of ten, leaving room for insertions.
pub const PREFIX_STEP: u32 = 10;

/// The smallest multiple of [`PREFIX_STEP`] above every prefix given: the number of a new
/// file in a folder whose files have `prefixes` (`qbook new`, and `check`'s advice).
pub fn next_prefix(prefixes: impl IntoIterator<Item = u32>) -> u32 {
    let max = prefixes.into_iter().max().unwrap_or(0);
    (max / PREFIX_STEP + 1) * PREFIX_STEP
}

/// Splits `010-gil` into `(Some(10), "gil")`; a name without a numeric prefix keeps its whole name.
pub fn split_prefix(name: &str) -> (Option<u32>, &str) {
    let digits = name.chars().take_while(char::is_ascii_digit).count();
    match (
        name[..digits].parse::<u32>(),
        name[digits..].strip_prefix('-'),
    ) {
        (Ok(n), Some(rest)) if !rest.is_empty() => (Some(n), rest),
        _ => (None, name),
    }
}

fn read_levels(
    root: &Path,
    content: &Path,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> Vec<Level> {
    let top = list_folder(root, content, diags);
    report_misplaced(root, &top, diags);
    let mut levels: Vec<Level> = Vec::new();
    let mut section_dirs = Vec::new();
    for (li, dir) in top.dirs.iter().enumerate() {
        let (title, intro) = raw::read_folder_meta(root, dir, "_level.md", opts, diags);
        let name = dir_name(dir);
        let slug = folder_slug(root, dir, &name, diags);
        levels.push(Level {
            slug,
            dir: name,
            title,
            intro,
            sections: Vec::new(),
        });
        let listing = list_folder(root, dir, diags);
        report_misplaced(root, &listing, diags);
        section_dirs.extend(listing.dirs.into_iter().map(|sdir| (li, sdir)));
    }
    // Each section is listed and read as a task of its own.
    let sections: Vec<(usize, Section, Diagnostics)> = section_dirs
        .par_iter()
        .map(|(li, sdir)| {
            let mut diags = Diagnostics::default();
            let (section, questions) = read_section(root, sdir, opts, &mut diags);
            let read: Vec<_> = questions
                .par_iter()
                .map(|file| read_question_with(root, file, opts))
                .collect();
            let mut section = section;
            for result in read {
                match result {
                    Ok(q) => section.questions.push(q),
                    Err(mut d) => diags.0.append(&mut d.0),
                }
            }
            (*li, section, diags)
        })
        .collect();
    for (li, section, mut section_diags) in sections {
        levels[li].sections.push(section);
        diags.0.append(&mut section_diags.0);
    }
    levels
}

/// A section folder's metadata and its question files, sorted.
fn read_section(
    root: &Path,
    dir: &Path,
    opts: &LoadOptions,
    diags: &mut Diagnostics,
) -> (Section, Vec<PathBuf>) {
    let (title, _) = raw::read_folder_meta(root, dir, "_section.md", opts, diags);
    let name = dir_name(dir);
    let slug = folder_slug(root, dir, &name, diags);
    let listing = list_folder(root, dir, diags);
    for sub in &listing.dirs {
        let msg = "a section holds question files only; move what this folder holds into the \
                   section, or make it a section of its own";
        diags.push(Diagnostic::error(RuleId::Io, &rel(root, sub), None, msg));
    }
    let section = Section {
        slug,
        dir: name,
        title,
        questions: Vec::with_capacity(listing.questions.len()),
    };
    (section, listing.questions)
}

/// The slug of a level or section folder (its name without the numeric prefix), which
/// becomes part of the site's paths: ASCII letters, digits, `-` and `_` only, so that no
/// folder name (`01-..`) can make a path outside the site.
fn folder_slug(root: &Path, dir: &Path, name: &str, diags: &mut Diagnostics) -> String {
    let slug = split_prefix(name).1;
    if is_url_segment(slug) {
        return slug.to_string();
    }
    let msg = format!(
        "the folder name `{name}` gives the slug `{slug}`, which may use only ASCII letters, \
         digits, `-` and `_` (it becomes part of the site's addresses); rename the folder, \
         for example to `01-basics`"
    );
    diags.push(Diagnostic::error(
        RuleId::BadSlug,
        &rel(root, dir),
        None,
        msg,
    ));
    String::new()
}

fn dir_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads and validates one question file.
pub fn read_question(root: &Path, file: &Path) -> Result<Question, Diagnostics> {
    read_question_with(root, file, &LoadOptions::default())
}

fn read_question_with(
    root: &Path,
    file: &Path,
    opts: &LoadOptions,
) -> Result<Question, Diagnostics> {
    let path = rel(root, file);
    let text = read_text(file, &path, opts)?;
    raw::parse_question(&path, &text)
}

/// Reads a text file of the book; `path` names it in messages. Refused: a link or anything
/// but a regular file, a file over `opts.max_file_size` bytes, and a byte that is not UTF-8
/// (reported at its line and column).
pub fn read_text(file: &Path, path: &Path, opts: &LoadOptions) -> Result<String, Diagnostic> {
    let io_error = |err: std::io::Error| io_error(path, "cannot read the file", &err);
    let meta = fs::symlink_metadata(file).map_err(io_error)?;
    if !meta.is_file() {
        let what = if meta.is_symlink() {
            "a symbolic link"
        } else {
            "not a regular file"
        };
        let msg = format!(
            "this is {what}; a book holds only plain folders and .md files: replace it with \
             the file itself"
        );
        return Err(Diagnostic::error(RuleId::Io, path, None, msg));
    }
    let too_big = |len: u64| {
        let msg = format!(
            "the file is {len} bytes, over the limit of {} bytes; split it, or raise \
             `max_file_size` in site.toml",
            opts.max_file_size
        );
        Diagnostic::error(RuleId::FileSize, path, None, msg)
    };
    if meta.len() > opts.max_file_size {
        return Err(too_big(meta.len()));
    }
    // Sized by the metadata above (`fs::read` would ask the system for it once more), and
    // read no further than the limit allows, even from a file that grew since.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(file)
        .and_then(|f| f.take(opts.max_file_size + 1).read_to_end(&mut bytes))
        .map_err(io_error)?;
    if bytes.len() as u64 > opts.max_file_size {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let col = valid
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        Diagnostic::error(
            RuleId::Encoding,
            path,
            Some(Pos::new(line, col)),
            "this byte is not UTF-8; save the file as UTF-8".to_string(),
        )
    })
}

/// Two questions with one id would share a URL, and two whose ids differ only in case
/// one file on macOS and Windows (`q/gil.html`, `q/GIL.html`): report the later one.
fn check_unique_ids(book: &Book, diags: &mut Diagnostics) {
    let mut seen: HashMap<String, &Question> = HashMap::new();
    for q in book.questions().map(|r| r.question) {
        let Some(first) = seen.get(&q.id.to_ascii_lowercase()) else {
            seen.insert(q.id.to_ascii_lowercase(), q);
            continue;
        };
        let msg = if first.id == q.id {
            format!(
                "duplicate id `{}`: {} has it too; rename one file or set `id:` in its front matter",
                q.id,
                first.origin.path.display()
            )
        } else {
            format!(
                "id `{}` differs from `{}` of {} only in case, and file systems that ignore case (macOS, Windows) would make their pages one file; rename one file or set `id:` in its front matter",
                q.id,
                first.id,
                first.origin.path.display()
            )
        };
        diags.push(Diagnostic::error(
            RuleId::DuplicateId,
            &q.origin.path,
            Some(q.origin.id),
            msg,
        ));
    }
}

/// Where a key's value stands, or the start of the front matter when the key is absent.
fn key_pos(keys: &[KeySpan], key: &str) -> Pos {
    keys.iter()
        .find(|k| k.key == key)
        .map_or(Pos::new(1, 1), |k| k.value_pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_reports_a_byte_that_is_not_utf8_at_its_line_and_column() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("q.md");
        fs::write(&file, "---\ntitle: \"Привет\"\n---\n").unwrap();
        let path = Path::new("content/q.md");
        assert_eq!(
            read_text(&file, path, &LoadOptions::default()).unwrap(),
            "---\ntitle: \"Привет\"\n---\n"
        );
        fs::write(&file, b"---\ntitle: \"\xd0\x9f\xff\"\n").unwrap();
        let err = read_text(&file, path, &LoadOptions::default()).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("content/q.md:2:10:"), "{text}");
        assert!(text.contains("save the file as UTF-8"), "{text}");
        let missing =
            read_text(&tmp.path().join("none.md"), path, &LoadOptions::default()).unwrap_err();
        assert!(missing.to_string().contains("cannot read the file"));
    }

    #[test]
    fn reads_large_files_up_to_the_limit() {
        let tmp = tempfile::tempdir().unwrap();
        let path = Path::new("content/q.md");
        let opts = LoadOptions {
            max_file_size: 16_000_000,
        };
        for size in [70_000, 2_500_000, 10] {
            let text: String = "абвгд\n".chars().cycle().take(size).collect();
            let file = tmp.path().join(format!("{size}.md"));
            fs::write(&file, &text).unwrap();
            assert_eq!(read_text(&file, path, &opts).unwrap(), text, "{size} chars");
        }
    }
}
