//! qbook never loses a user's file: what `build` and `import` may replace, and what loading
//! refuses (links, special files, climbing folder names, oversized files). Each test repeats
//! a case that lost or exposed data before.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::{copy_book, fixture, qbook, stderr, BIN};

fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    qbook(&args)
}

/// Every file under `dir` with its bytes, links read as links.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let bytes = if entry.file_type().is_file() {
            fs::read(entry.path()).unwrap()
        } else {
            Vec::new()
        };
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .display()
            .to_string();
        files.push((name, bytes));
    }
    files
}

fn assert_refused(out: &Output, words: &str) {
    assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
    assert!(
        stderr(out).contains(words),
        "expected {words:?} in: {}",
        stderr(out)
    );
}

#[test]
fn refuses_an_output_link_that_points_at_the_book() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    common::copy_dir(&fixture("basic"), &book);
    let before = snapshot(&book);
    let link = tmp.path().join("site-link");
    symlink(&book, &link).unwrap();
    let out = build(&book, &link, &[]);
    assert_refused(&out, "would replace the book itself");
    assert_eq!(snapshot(&book), before, "the book is untouched");
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
}

#[test]
fn refuses_a_foreign_folder_behind_an_output_link() {
    let tmp = tempfile::tempdir().unwrap();
    let book = copy_book("basic");
    let elsewhere = tmp.path().join("www");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join("notes.txt"), "mine").unwrap();
    let link = book.path().join("public");
    symlink(&elsewhere, &link).unwrap();
    let out = build(book.path(), &link, &[]);
    assert_refused(&out, "was not made by `qbook build`");
    assert_eq!(
        fs::read_to_string(elsewhere.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn builds_through_an_output_link_into_its_target_and_keeps_the_link() {
    let tmp = tempfile::tempdir().unwrap();
    let book = copy_book("basic");
    let elsewhere = tmp.path().join("www");
    let link = book.path().join("public");
    fs::create_dir(&elsewhere).unwrap();
    symlink(&elsewhere, &link).unwrap();
    for _ in 0..2 {
        let out = build(book.path(), &link, &[]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(elsewhere.join("index.html").is_file());
    assert!(elsewhere.join(".qbook-site").is_file());
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        ["www"],
        "no temporary folder is left beside the target"
    );
}

#[test]
fn refuses_a_folder_it_did_not_make_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let book = copy_book("basic");
    let docs = tmp.path().join("mydocs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("thesis.txt"), "years of work").unwrap();
    assert_refused(&build(book.path(), &docs, &[]), "pass --force");
    assert_eq!(
        fs::read_to_string(docs.join("thesis.txt")).unwrap(),
        "years of work"
    );
    let out = build(book.path(), &docs, &["--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!docs.join("thesis.txt").exists());
    // Now it is qbook's: the next build replaces it without --force.
    assert!(build(book.path(), &docs, &[]).status.success());
}

#[test]
fn builds_into_an_empty_or_new_folder_and_replaces_its_own_site() {
    let tmp = tempfile::tempdir().unwrap();
    let book = copy_book("basic");
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    assert!(build(book.path(), &empty, &[]).status.success());
    let new = tmp.path().join("a/b/new");
    assert!(build(book.path(), &new, &[]).status.success());
    fs::write(new.join("stale.html"), "old page").unwrap();
    assert!(build(book.path(), &new, &[]).status.success());
    assert!(
        !new.join("stale.html").exists(),
        "the old site is replaced whole"
    );
}

#[test]
fn refuses_a_file_as_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let book = copy_book("basic");
    let notes = tmp.path().join("notes.txt");
    fs::write(&notes, "keep").unwrap();
    assert_refused(
        &build(book.path(), &notes, &["--force"]),
        "is a file, not a folder",
    );
    assert_eq!(fs::read_to_string(&notes).unwrap(), "keep");
    let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing renamed or left beside it");
}

#[test]
fn refuses_output_inside_content_or_themes_or_over_the_book() {
    let book = copy_book("basic");
    let root = book.path();
    for out in [
        root.join("content"),
        root.join("content/sub"),
        root.join("themes/site"),
        root.to_path_buf(),
        root.join(".."),
    ] {
        let out = build(root, &out, &["--force"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("refusing to write the site"),
            "{}",
            stderr(&out)
        );
    }
    assert!(!root.join("content/sub").exists());
    assert!(root.join("content/_index.md").is_file());
}

#[test]
fn a_killed_build_leaves_a_temporary_folder_that_the_next_build_removes() {
    let tmp = tempfile::tempdir().unwrap();
    let book = copy_book("basic");
    let site = tmp.path().join("site");
    assert!(build(book.path(), &site, &[]).status.success());
    // What a kill during writing leaves: the temporary tree, marked from its first moment.
    let leftover = tmp.path().join(".site.qbook-new");
    fs::create_dir(&leftover).unwrap();
    fs::write(leftover.join(".qbook-site"), "").unwrap();
    fs::write(leftover.join("half.html"), "<p>").unwrap();
    assert!(build(book.path(), &site, &[]).status.success());
    assert!(!leftover.exists());
    // A folder of that name that qbook did not make is never removed.
    fs::create_dir(&leftover).unwrap();
    fs::write(leftover.join("mine.txt"), "keep").unwrap();
    assert_refused(&build(book.path(), &site, &[]), "was not made by qbook");
    assert_eq!(
        fs::read_to_string(leftover.join("mine.txt")).unwrap(),
        "keep"
    );
    assert!(site.join("index.html").is_file());
}

#[test]
fn the_site_is_never_missing_while_a_build_replaces_it() {
    // Builds run back to back while another thread keeps checking that the site is there:
    // the old and the new tree trade places in one step.
    let tmp = tempfile::tempdir().unwrap();
    let book = copy_book("basic");
    let site = tmp.path().join("site");
    assert!(build(book.path(), &site, &[]).status.success());
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (site, done) = (site.clone(), done.clone());
        std::thread::spawn(move || {
            let mut looks = 0u64;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                assert!(site.join("index.html").is_file(), "the site went missing");
                looks += 1;
            }
            looks
        })
    };
    for _ in 0..10 {
        assert!(build(book.path(), &site, &[]).status.success());
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(watcher.join().unwrap() > 0);
}

#[test]
fn import_force_replaces_only_a_content_folder() {
    let book = copy_book("basic");
    fs::create_dir(book.path().join("public")).unwrap();
    let seed = fixture("../import/en-crlf-bom.md");
    let seed = seed.to_str().unwrap();
    let root = book.path().to_str().unwrap();
    let out = qbook(&["import", seed, "--into", root, "--force"]);
    assert_refused(&out, "is a book's root");
    assert!(book.path().join("site.toml").is_file());
    assert!(book.path().join("public").is_dir());
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("letter.txt"), "keep").unwrap();
    let out = qbook(&[
        "import",
        seed,
        "--into",
        tmp.path().to_str().unwrap(),
        "--force",
    ]);
    assert_refused(&out, "is not a book's content folder");
    assert!(tmp.path().join("letter.txt").is_file());
    let content = book.path().join("content");
    let out = qbook(&[
        "import",
        seed,
        "--into",
        content.to_str().unwrap(),
        "--force",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn add_level(book: &Path, folder: &str) {
    let level = book.join("content").join(folder);
    fs::create_dir_all(level.join("01-s")).unwrap();
    fs::write(level.join("_level.md"), "---\ntitle: \"L\"\n---\n").unwrap();
    fs::write(level.join("01-s/_section.md"), "---\ntitle: \"S\"\n---\n").unwrap();
    fs::write(level.join("01-s/010-x.md"), "---\ntitle: \"X?\"\n---\n").unwrap();
}

#[test]
fn rejects_folder_names_that_climb_out_of_the_site() {
    for folder in ["03-..", "03-.", "03-a b"] {
        let tmp = tempfile::tempdir().unwrap();
        let book = tmp.path().join("book");
        common::copy_dir(&fixture("basic"), &book);
        add_level(&book, folder);
        let site = book.join("public");
        let out = build(&book, &site, &[]);
        assert_refused(&out, "may use only ASCII letters");
        assert!(
            stderr(&out).contains(&format!("content/{folder}:")),
            "{}",
            stderr(&out)
        );
        assert!(!site.exists());
        let names: Vec<_> = fs::read_dir(&book)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "nothing written beside content/: {names:?}");
        let check = qbook(&["check", "--root", book.to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(1));
        assert!(stderr(&check).contains("bad-slug") || common::stdout(&check).contains("bad-slug"));
    }
}

#[test]
fn reports_links_special_files_and_folders_named_like_questions() {
    let book = copy_book("basic");
    let section = book.path().join("content/01-basics/01-core");
    let outside = tempfile::NamedTempFile::new().unwrap();
    fs::write(outside.path(), "---\ntitle: \"secret\"\n---\n").unwrap();
    symlink(outside.path(), section.join("030-link.md")).unwrap();
    fs::create_dir(section.join("040-folder.md")).unwrap();
    let fifo = section.join("050-fifo.md");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    fs::create_dir(section.join("nested")).unwrap();
    fs::write(
        book.path().join("content/01-basics/060-stray.md"),
        "---\ntitle: \"x\"\n---\n",
    )
    .unwrap();
    let out = build(book.path(), &book.path().join("public"), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (file, words) in [
        ("01-core/030-link.md", "a symbolic link"),
        (
            "01-core/040-folder.md",
            "a folder named like a question file",
        ),
        ("01-core/050-fifo.md", "not a regular file"),
        ("01-core/nested", "a section holds question files only"),
        ("060-stray.md", "belong in a section folder"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(&format!("content/01-basics/{file}:")))
            .unwrap_or_else(|| panic!("no error for {file} in:\n{err}"));
        assert!(line.contains(words), "{line}");
    }
}

#[test]
fn reports_a_folder_it_cannot_read_as_such() {
    // Root reads every folder whatever its mode, so the build runs as `nobody` when the
    // tests run as root.
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    common::copy_dir(&fixture("basic"), &book);
    let mut perms = fs::metadata(tmp.path()).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    fs::set_permissions(tmp.path(), perms).unwrap();
    let section = book.join("content/01-basics/02-data");
    fs::set_permissions(
        &section,
        <fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o000),
    )
    .unwrap();
    let is_root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut command = if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    let out = command
        .args(["check", "--root", book.to_str().unwrap()])
        .output()
        .unwrap();
    let text = format!("{}{}", common::stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("content/01-basics/02-data"), "{text}");
    assert!(text.contains("Permission denied"), "{text}");
    assert!(!text.contains("missing _section.md"), "{text}");
}

#[test]
fn rejects_a_question_file_over_the_size_limit() {
    let book = copy_book("basic");
    let file = book.path().join("content/01-basics/01-core/010-gil.md");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str(&"word ".repeat(250_000));
    fs::write(&file, &text).unwrap();
    let out = build(book.path(), &book.path().join("public"), &[]);
    assert_refused(&out, "content/01-basics/01-core/010-gil.md: the file is");
    assert!(stderr(&out).contains("max_file_size"), "{}", stderr(&out));
    let config = book.path().join("site.toml");
    let mut settings = fs::read_to_string(&config).unwrap();
    settings.insert_str(0, "max_file_size = 2_000_000\n");
    fs::write(&config, settings).unwrap();
    let out = build(book.path(), &book.path().join("public"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn pdf_never_writes_over_a_file_that_is_not_a_pdf() {
    let book = copy_book("basic");
    let notes = book.path().join("notes.txt");
    fs::write(&notes, "keep").unwrap();
    let root = book.path().to_str().unwrap();
    let out = qbook(&["pdf", "--root", root, "--out", notes.to_str().unwrap()]);
    assert_refused(&out, "something that is not a PDF is there");
    assert_eq!(fs::read_to_string(&notes).unwrap(), "keep");
    let folder = book.path().join("content");
    let out = qbook(&["pdf", "--root", root, "--out", folder.to_str().unwrap()]);
    assert_refused(&out, "something that is not a PDF is there");
}

/// A book of `n` questions in one section, to make a build long enough to be killed midway.
fn big_book(n: usize) -> tempfile::TempDir {
    let book = copy_book("basic");
    let section = book.path().join("content/01-basics/01-core");
    for i in 0..n {
        let text = format!(
            "---\ntitle: \"Question {i}?\"\nfollow_ups:\n  - \"Why {i}?\"\n---\n\nAnswer {i}.\n\n```python\nx = {i}\n```\n"
        );
        fs::write(section.join(format!("{:04}-q{i}.md", 100 + i)), text).unwrap();
    }
    book
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let book = big_book(400);
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    assert!(build(book.path(), &site, &[]).status.success());
    let content_before = snapshot(&book.path().join("content"));
    for delay_ms in (0..40).map(|i| i * 7) {
        let mut child = Command::new(BIN)
            .args([
                "build",
                "--root",
                book.path().to_str().unwrap(),
                "--out",
                site.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        assert!(
            site.join("index.html").is_file(),
            "no site after a kill at {delay_ms} ms"
        );
        assert!(site.join(".qbook-site").is_file());
        assert!(
            site.join("q/q399.html").is_file(),
            "a whole site after a kill at {delay_ms} ms"
        );
    }
    let out = build(book.path(), &site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        ["site"],
        "the next build removes what a killed one left"
    );
    assert_eq!(snapshot(&book.path().join("content")), content_before);
}
