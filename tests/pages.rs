//! What a reader sees: each fixture book that builds is built once, and the `<main>` of every
//! page is compared with an expected file under `tests/fixtures/pages/<book>/`. After a
//! deliberate change of the theme or of rendering, re-bless them with
//! `QBOOK_BLESS=1 cargo test --test pages` and read the diff.

use std::fs;

mod common;

use common::{assert_matches_file, fixture, repo_root, stderr};

/// The `<main>` element of a page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("the page has <main>");
    let end = html.find("</main>").expect("the page closes <main>") + "</main>".len();
    &html[start..end]
}

fn assert_pages_match(book: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    // The build date is the one thing that changes from run to run: fixed here.
    let out = std::process::Command::new(common::BIN)
        .env("SOURCE_DATE_EPOCH", "0")
        .args([
            "build",
            "--root",
            fixture(book).to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = repo_root().join("tests/fixtures/pages").join(book);
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(&site).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path().strip_prefix(&site).unwrap().to_path_buf();
        if path.extension().is_some_and(|e| e == "html") {
            let html = fs::read_to_string(entry.path()).unwrap();
            if html.contains("<main") {
                assert_matches_file(main_of(&html), &expected.join(&path));
                pages.push(path);
            }
        }
    }
    // No expected page may be left without a page of the site (a page that went missing).
    for entry in walkdir::WalkDir::new(&expected) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let page = entry.path().strip_prefix(&expected).unwrap();
            assert!(
                pages.iter().any(|p| p == page)
                    || std::env::var_os("QBOOK_BLESS").is_some() && {
                        fs::remove_file(entry.path()).unwrap();
                        true
                    },
                "{} is expected but was not built",
                page.display()
            );
        }
    }
    assert!(pages.len() > 10, "only {} pages", pages.len());
}

#[test]
fn renders_the_basic_book_as_expected() {
    assert_pages_match("basic");
}

#[test]
fn main_of_cuts_the_main_element() {
    assert_eq!(
        main_of("<body><main id=m><p>x</p></main><footer>"),
        "<main id=m><p>x</p></main>"
    );
}
