//! Reads a book's `content/` folder into a [`Book`]: raw front matter -> validated model.
//!
//! Every problem in every file is collected, so one run reports them all.

mod front_matter;
mod quick;
mod raw;
mod write;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

pub use front_matter::{parse_yaml, scan_keys, split_front_matter, KeySpan, Split};
pub use raw::{is_url_segment, source_id_positions};
pub use write::{question_file, yaml_quote, yaml_tag, YAML_SPECIAL};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Book, Level, Pos, Question, Section};

/// The folder of a book that holds its content.
pub const CONTENT_DIR: &str = "content";
/// The line in `_index.md` that separates the intro from the outro.
pub const OUTRO_MARKER: &str = "<!-- outro -->";

/// Loads the book at `root` (the folder holding `content/`).
///
/// Paths in the model and in diagnostics are relative to `root`.
pub fn load_book(root: &Path) -> Result<Book, Diagnostics> {
    load_book_with(root, &|_| {})
}

/// [`load_book`], calling `on_question` with each question as soon as it is read (the
/// build starts preparing what the questions need while the others load).
pub fn load_book_with(
    root: &Path,
    on_question: &(dyn Fn(&Question) + Sync),
) -> Result<Book, Diagnostics> {
    let (book, diags) = load_book_lenient_with(root, on_question);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(book)
}

/// Loads what can be loaded of the book at `root`, with every problem found (sorted):
/// files that fail to parse are left out of the book. `check` lints the rest.
pub fn load_book_lenient(root: &Path) -> (Book, Diagnostics) {
    load_book_lenient_with(root, &|_| {})
}

fn load_book_lenient_with(
    root: &Path,
    on_question: &(dyn Fn(&Question) + Sync),
) -> (Book, Diagnostics) {
    let content = root.join(CONTENT_DIR);
    let mut diags = Diagnostics::default();
    if !content.is_dir() {
        let msg = "no content folder here; run `qbook init DIR` for a new book, or pass --root";
        diags.push(Diagnostic::error("io", &rel(root, &content), None, msg));
        return (Book::default(), diags);
    }
    let mut book = raw::read_index(root, &content, &mut diags);
    book.sources = raw::read_sources(root, &content, &mut diags);
    book.levels = read_levels(root, &content, on_question, &mut diags);
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

/// Every `.md` and `.yaml` file under `content/`, plus `site.toml`, sorted by path.
pub fn read_text_files(root: &Path) -> Vec<TextFile> {
    let content = WalkDir::new(root.join(CONTENT_DIR))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "yaml"));
    std::iter::once(root.join("site.toml"))
        .chain(content)
        .filter_map(|file| {
            let text = fs::read_to_string(&file).ok()?;
            Some(TextFile {
                path: rel(root, &file),
                text,
            })
        })
        .collect()
}

/// The path of `path` relative to `root`, for messages.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The sub-folders of `dir`, sorted by numeric prefix then name.
fn sorted_subdirs(dir: &Path) -> Vec<PathBuf> {
    sorted_entries(dir, |e| e.file_type().is_dir())
}

/// The question files (`*.md` not starting with `_`) of `dir`, sorted.
fn sorted_question_files(dir: &Path) -> Vec<PathBuf> {
    sorted_entries(dir, |e| {
        let name = e.file_name().to_string_lossy();
        e.file_type().is_file() && name.ends_with(".md") && !name.starts_with('_')
    })
}

fn sorted_entries(dir: &Path, keep: impl Fn(&walkdir::DirEntry) -> bool) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter(keep)
        .map(|e| e.into_path())
        .collect();
    paths.sort_by_cached_key(|p| order_key(p));
    paths
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
    on_question: &(dyn Fn(&Question) + Sync),
    diags: &mut Diagnostics,
) -> Vec<Level> {
    let level_dirs = sorted_subdirs(content);
    let mut levels: Vec<Level> = Vec::new();
    let mut section_dirs = Vec::new();
    for (li, dir) in level_dirs.iter().enumerate() {
        let (title, intro) = raw::read_folder_meta(root, dir, "_level.md", diags);
        let name = dir_name(dir);
        levels.push(Level {
            slug: split_prefix(&name).1.to_string(),
            dir: name,
            title,
            intro,
            sections: Vec::new(),
        });
        section_dirs.extend(sorted_subdirs(dir).into_iter().map(|sdir| (li, sdir)));
    }
    // Each section is listed and read as a task of its own: the first questions are being
    // read while later sections are still being listed.
    let sections: Vec<(usize, Section, Diagnostics)> = section_dirs
        .par_iter()
        .map(|(li, sdir)| {
            let mut diags = Diagnostics::default();
            let (title, _) = raw::read_folder_meta(root, sdir, "_section.md", &mut diags);
            let name = dir_name(sdir);
            let read: Vec<_> = sorted_question_files(sdir)
                .par_iter()
                .map(|file| {
                    let question = read_question(root, file);
                    if let Ok(q) = &question {
                        on_question(q);
                    }
                    question
                })
                .collect();
            let mut questions = Vec::with_capacity(read.len());
            for result in read {
                match result {
                    Ok(q) => questions.push(q),
                    Err(mut d) => diags.0.append(&mut d.0),
                }
            }
            let section = Section {
                slug: split_prefix(&name).1.to_string(),
                dir: name,
                title,
                questions,
            };
            (*li, section, diags)
        })
        .collect();
    for (li, section, mut section_diags) in sections {
        levels[li].sections.push(section);
        diags.0.append(&mut section_diags.0);
    }
    levels
}

fn dir_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads and validates one question file.
pub fn read_question(root: &Path, file: &Path) -> Result<Question, Diagnostics> {
    let path = rel(root, file);
    let text = read_text(file, &path)?;
    raw::parse_question(&path, &text)
}

/// Reads a UTF-8 text file; `path` names it in messages. A byte that is not UTF-8 is
/// reported at its line and column.
///
/// Unlike `fs::read_to_string`, this does not ask for the file's size first (one system
/// call less per file, which shows at 100,000 questions), and reads into a buffer of the
/// thread's that is zeroed once, not a fresh one per file.
pub fn read_text(file: &Path, path: &Path) -> Result<String, Diagnostic> {
    /// The buffer's size; one grown past `KEEP` for a large file is let go afterwards.
    const START: usize = 64 * 1024;
    const KEEP: usize = 1024 * 1024;
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = RefCell::new(vec![0; START]);
    }
    let io_error = |err: std::io::Error| {
        Diagnostic::error("io", path, None, format!("cannot read the file: {err}"))
    };
    let mut reader = fs::File::open(file).map_err(io_error)?;
    let bytes = BUFFER
        .with_borrow_mut(|buf| {
            let mut len = 0;
            let read = loop {
                if len == buf.len() {
                    buf.resize(buf.len() * 2, 0);
                }
                match reader.read(&mut buf[len..]) {
                    Ok(0) => break Ok(buf[..len].to_vec()),
                    Ok(n) => len += n,
                    Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(err) => break Err(err),
                }
            };
            if buf.len() > KEEP {
                *buf = vec![0; START];
            }
            read
        })
        .map_err(io_error)?;
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
            "encoding",
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
            "duplicate-id",
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
            read_text(&file, path).unwrap(),
            "---\ntitle: \"Привет\"\n---\n"
        );
        fs::write(&file, b"---\ntitle: \"\xd0\x9f\xff\"\n").unwrap();
        let err = read_text(&file, path).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("content/q.md:2:10:"), "{text}");
        assert!(text.contains("save the file as UTF-8"), "{text}");
        let missing = read_text(&tmp.path().join("none.md"), path).unwrap_err();
        assert!(missing.to_string().contains("cannot read the file"));
    }

    #[test]
    fn reads_files_larger_than_the_buffer_and_small_ones_after_them() {
        let tmp = tempfile::tempdir().unwrap();
        let path = Path::new("content/q.md");
        // Past the thread's buffer (64 KiB), then past what it keeps (1 MiB), then small.
        for size in [70_000, 2_500_000, 10] {
            let text: String = "абвгд\n".chars().cycle().take(size).collect();
            let file = tmp.path().join(format!("{size}.md"));
            fs::write(&file, &text).unwrap();
            assert_eq!(read_text(&file, path).unwrap(), text, "{size} chars");
        }
    }
}
