//! What a person sees at the terminal: `--version`, shell completions, short flags, colour,
//! and `qbook pdf`'s progress lines (with a stand-in browser, and with the real Chromium).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::{copy_book, fixture, qbook, stderr, stdout, BIN};

#[test]
fn prints_its_version() {
    for flag in ["--version", "-V"] {
        let out = qbook(&[flag]);
        assert!(out.status.success());
        assert_eq!(
            stdout(&out),
            format!("qbook {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn writes_completions_for_each_shell() {
    let marks = [
        ("bash", "complete -F _qbook"),
        ("zsh", "#compdef qbook"),
        ("fish", "complete -c qbook"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[qbook]"),
    ];
    for (shell, mark) in marks {
        let out = qbook(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(mark), "{shell} script lacks `{mark}`");
        for word in ["build", "serve", "pdf", "base-url"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    let out = qbook(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_bash_completion_script_is_valid_bash() {
    let tmp = tempfile::tempdir().unwrap();
    let script = tmp.path().join("qbook.bash");
    fs::write(&script, qbook(&["completions", "bash"]).stdout).unwrap();
    let out = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn takes_zola_like_short_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let book = fixture("basic");
    let args = [
        "build",
        "-r",
        book.to_str().unwrap(),
        "-o",
        site.to_str().unwrap(),
        "-u",
        "https://example.org/short/",
    ];
    let out = qbook(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let sitemap = fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://example.org/short/"), "{sitemap}");
    let out = qbook(&["check", "-r", book.to_str().unwrap(), "-f", "json"]);
    assert!(
        stdout(&out).trim_start().starts_with('['),
        "{}",
        stdout(&out)
    );
    for (command, flags) in [
        ("serve", ["-r", "-p", "-i", "-O"].as_slice()),
        ("pdf", ["-r", "-o"].as_slice()),
        ("import", ["-f"].as_slice()),
    ] {
        let help = stdout(&qbook(&[command, "--help"]));
        for flag in flags {
            assert!(
                help.contains(&format!("  {flag}, --")),
                "{command} has no {flag}:\n{help}"
            );
        }
    }
}

/// A copy of the basic book with an unknown front-matter key (an error) in one question.
fn broken_book() -> tempfile::TempDir {
    let tmp = copy_book("basic");
    let file = tmp.path().join("content/01-basics/01-core/020-is-vs-eq.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replacen("---\n", "---\nfolow_ups: []\n", 1)).unwrap();
    tmp
}

fn check_with_env(book: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(["check", "--root", book.to_str().unwrap()])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd.output().unwrap()
}

/// Text without ANSI escape sequences (`ESC [ … m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        rest = after.find('m').map_or("", |m| &after[m + 1..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn colours_diagnostics_only_when_asked_and_never_with_no_color() {
    let book = broken_book();
    let plain = check_with_env(book.path(), &[]);
    assert_eq!(plain.status.code(), Some(1));
    let plain = stdout(&plain);
    assert!(plain.contains("error["), "{plain}");
    assert!(!plain.contains('\u{1b}'), "a pipe gets no colour:\n{plain}");

    let forced = stdout(&check_with_env(book.path(), &[("CLICOLOR_FORCE", "1")]));
    assert!(
        forced.contains("\u{1b}[1m\u{1b}[31merror\u{1b}[0m[\u{1b}[1m"),
        "error red and bold, the rule bold:\n{forced:?}"
    );
    assert_eq!(strip_ansi(&forced), plain, "colour changes nothing else");

    let both = check_with_env(book.path(), &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert_eq!(stdout(&both), plain, "NO_COLOR wins");

    let json = Command::new(BIN)
        .args(["check", "--format", "json", "--root"])
        .arg(book.path())
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!stdout(&json).contains('\u{1b}'), "JSON is never coloured");
}

#[test]
fn colours_errors_on_a_terminal() {
    // `script` runs qbook on a pseudo-terminal, as a person's shell would.
    let book = broken_book();
    let command = format!("{BIN} build --root '{}'", book.path().display());
    let run = |no_color: Option<&str>| {
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &command, "/dev/null"])
            .env_remove("CLICOLOR_FORCE")
            .env_remove("NO_COLOR");
        if let Some(value) = no_color {
            cmd.env("NO_COLOR", value);
        }
        let out = cmd.output().expect("script (util-linux) runs");
        stdout(&out)
    };
    let tty = run(None);
    assert!(
        tty.contains("\u{1b}[1m\u{1b}[31merror\u{1b}[0m:"),
        "red on a terminal:\n{tty:?}"
    );
    let no_color = run(Some("1"));
    assert!(no_color.contains("error:"), "{no_color:?}");
    assert!(!no_color.contains('\u{1b}'), "NO_COLOR:\n{no_color:?}");
}

/// A stand-in for Chromium: writes `noise` bytes on stderr first (more than a pipe holds),
/// then a PDF of `pages` pages where `--print-to-pdf=` says, and exits with `code`.
fn fake_chrome(dir: &Path, noise: usize, pages: usize, code: i32) -> PathBuf {
    let page_objects: String = (0..pages)
        .map(|i| format!("{} 0 obj <</Type /Page /Parent 1 0 R>> endobj\n", i + 2))
        .collect();
    let script = format!(
        r#"#!/bin/sh
for arg in "$@"; do case "$arg" in --print-to-pdf=*) out="${{arg#--print-to-pdf=}}" ;; esac; done
head -c {noise} /dev/zero | tr '\0' x | fold -w 99 >&2
echo 'the last words of the browser' >&2
cat >"$out" <<'PDF'
%PDF-1.4
1 0 obj <</Type /Pages /Count {pages}>> endobj
{page_objects}%%EOF
PDF
exit {code}
"#
    );
    let path = dir.join("fake-chrome");
    fs::write(&path, script).unwrap();
    let mut perms = fs::metadata(&path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    fs::set_permissions(&path, perms).unwrap();
    path
}

fn pdf_with(chrome: &Path, out: &Path) -> Output {
    Command::new(BIN)
        .args(["pdf", "--root", fixture("basic").to_str().unwrap(), "--out"])
        .arg(out)
        .env("QBOOK_CHROME", chrome)
        .output()
        .unwrap()
}

#[test]
fn pdf_reads_the_browsers_output_while_it_runs() {
    // 1 MB on stderr: a browser whose pipe is read only after it exits would block on it.
    let tmp = tempfile::tempdir().unwrap();
    let chrome = fake_chrome(tmp.path(), 1_000_000, 3, 0);
    let pdf = tmp.path().join("book.pdf");
    let out = pdf_with(&chrome, &pdf);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let lines: Vec<String> = stderr(&out).lines().map(str::to_string).collect();
    assert_eq!(lines[0], "loaded 4 questions");
    assert_eq!(
        lines[1],
        format!("printing print/index.html with {}", chrome.display())
    );
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("wrote 3 pages (") && last.ends_with(&format!(": {}", pdf.display())),
        "the last line counts the pages and ends with the path: {last}"
    );
    assert_eq!(lines.len(), 3, "{lines:?}");
}

#[test]
fn pdf_shows_the_last_words_of_a_failing_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let chrome = fake_chrome(tmp.path(), 200_000, 1, 3);
    let pdf = tmp.path().join("book.pdf");
    let out = pdf_with(&chrome, &pdf);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("failed (exit status: 3)"), "{err}");
    assert!(err.contains("the last words of the browser"), "{err}");
    assert!(err.lines().count() < 40, "only the last lines: {err}");
    assert!(!pdf.exists(), "no PDF from a failed run");
}

#[test]
fn pdf_names_qbook_chrome_when_it_is_not_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = pdf_with(
        &tmp.path().join("no-such-chrome"),
        &tmp.path().join("b.pdf"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("QBOOK_CHROME is set to"),
        "{}",
        stderr(&out)
    );
}

/// The page count pdfinfo (poppler-utils, installed by tests/run.sh) reads.
fn pdfinfo_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo is installed (tests/run.sh installs poppler-utils)");
    let info = stdout(&out);
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line["Pages:".len()..].trim().parse().unwrap()
}

#[test]
fn pdf_with_chromium_reports_its_steps_and_the_pages_written() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("set.pdf");
    let out = Command::new(BIN)
        .args(["pdf", "--root", fixture("basic").to_str().unwrap()])
        .args(["--sample", "3", "--seed", "s1", "--interviewer", "-o"])
        .arg(&pdf)
        .env_remove("QBOOK_CHROME")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "loaded 4 questions");
    assert!(
        lines[1].starts_with("interview set of 3 questions, seed s1"),
        "{err}"
    );
    assert!(
        lines[2].starts_with("printing print/interviewer/index.html with /"),
        "{err}"
    );
    let pages = pdfinfo_pages(&pdf);
    let last = lines.last().unwrap();
    let want = format!("wrote {pages} page{} (", if pages == 1 { "" } else { "s" });
    assert!(last.starts_with(&want), "{last} (pdfinfo: {pages})");
    assert!(last.ends_with(&format!(": {}", pdf.display())), "{last}");
}
