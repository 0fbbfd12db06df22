//! Helpers shared by the integration-test binaries: fixture books, running `qbook`.

#![allow(dead_code)] // each test binary uses its own subset of these helpers

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `qbook` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_qbook");

/// The repository's root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture book under `tests/fixtures/books`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/books").join(name)
}

/// Runs `qbook ARGS` in the current folder.
pub fn qbook(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("qbook runs")
}

/// Runs `qbook ARGS` in `dir`.
pub fn qbook_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .expect("qbook runs")
}

/// A command's standard output, as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A command's standard error, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Copies a fixture book into a temporary folder so a test may change it.
pub fn copy_book(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), tmp.path());
    tmp
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Compares `actual` with the file `expected`, or rewrites the file when `QBOOK_BLESS` is set
/// (after a deliberate change: `QBOOK_BLESS=1 cargo test`).
pub fn assert_matches_file(actual: &str, expected: &Path) {
    if std::env::var_os("QBOOK_BLESS").is_some() {
        fs::create_dir_all(expected.parent().unwrap()).unwrap();
        fs::write(expected, actual).unwrap();
        return;
    }
    let want = fs::read_to_string(expected)
        .unwrap_or_else(|e| panic!("{}: {e}; bless with QBOOK_BLESS=1", expected.display()));
    assert_eq!(actual, want, "output differs from {}", expected.display());
}
