//! Hostile-input benchmark: books with one adversarial file (a huge answer, a link on every
//! line, tens of thousands of sources, follow-ups or footnotes, deeply nested brackets, …),
//! each at two sizes, timed through `qbook check` and `qbook build` (the release binary,
//! whole process). The second size is twice the first, so a linear rule shows twice the
//! time and a quadratic one four times.
//!
//! ```text
//! cargo build --release --examples && target/release/examples/hostile
//! target/release/examples/hostile --cases links,sources --scale 2 --timeout 120
//! ```
//!
//! Each cell is the wall time and, in brackets, the CPU time (user + system). A run slower
//! than `--timeout` seconds (default 60) is stopped and shown as `>N s`.
//! Nothing here asserts a time (the machine is shared and noisy); the numbers are for the
//! README and for a person comparing two versions.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// One adversarial book: a name, its smaller size, and a writer of its file(s).
struct Case {
    name: &'static str,
    /// The size unit of `n` (shown in the table).
    unit: &'static str,
    /// The smaller size; the second run doubles it.
    n: usize,
    write: fn(&Path, usize),
}

const CASES: &[Case] = &[
    Case {
        name: "links",
        unit: "MB answer, a broken link a line",
        n: 5,
        write: links,
    },
    Case {
        name: "good-links",
        unit: "MB answer, a web link a line",
        n: 5,
        write: good_links,
    },
    Case {
        name: "trailing",
        unit: "MB answer, trailing space a line",
        n: 5,
        write: trailing,
    },
    Case {
        name: "one-line",
        unit: "MB answer on one line",
        n: 5,
        write: one_line,
    },
    Case {
        name: "sources",
        unit: "k sources, none cited",
        n: 50,
        write: sources,
    },
    Case {
        name: "follow-ups",
        unit: "k follow-ups",
        n: 50,
        write: follow_ups,
    },
    Case {
        name: "footnotes",
        unit: "k distinct footnotes",
        n: 50,
        write: footnotes,
    },
    Case {
        name: "brackets",
        unit: "k nested `[`",
        n: 50,
        write: brackets,
    },
    Case {
        name: "emphasis",
        unit: "k `*a_` pairs",
        n: 500,
        write: emphasis,
    },
    Case {
        name: "quotes",
        unit: "k nested `>`",
        n: 50,
        write: quotes,
    },
    Case {
        name: "lists",
        unit: "k nested list markers",
        n: 50,
        write: lists,
    },
    Case {
        name: "tags",
        unit: "k tags",
        n: 50,
        write: tags,
    },
    Case {
        name: "keys",
        unit: "k duplicate keys",
        n: 50,
        write: keys,
    },
    Case {
        name: "local-paths",
        unit: "k local images and links",
        n: 50,
        write: local_paths,
    },
    Case {
        name: "bidi",
        unit: "k zero-width characters in the title",
        n: 50,
        write: bidi,
    },
];

struct Options {
    qbook: PathBuf,
    dir: PathBuf,
    cases: Option<Vec<String>>,
    scale: usize,
    timeout: Duration,
}

fn main() {
    let opts = parse_args();
    assert!(
        opts.qbook.is_file(),
        "{} is missing: run `cargo build --release` first",
        opts.qbook.display()
    );
    println!("| case | size | check | build |\n| --- | --- | --- | --- |");
    for case in CASES {
        if opts
            .cases
            .as_ref()
            .is_some_and(|c| !c.iter().any(|n| n == case.name))
        {
            continue;
        }
        for n in [case.n * opts.scale, case.n * opts.scale * 2] {
            let book = opts.dir.join(format!("{}-{n}", case.name));
            write_book(&book, case, n);
            let check = time(&opts, &book, &["check"]);
            let out = book.join("public");
            let build = time(&opts, &book, &["build", "--out", &out.to_string_lossy()]);
            println!("| {} | {n} {} | {check} | {build} |", case.name, case.unit);
            let _ = fs::remove_dir_all(&book);
        }
    }
}

/// Runs qbook on `book` under `/usr/bin/time` and `timeout`: the wall time and, in
/// brackets, the CPU time (user + system), which other load on the machine changes less.
fn time(opts: &Options, book: &Path, args: &[&str]) -> String {
    let run = Command::new("/usr/bin/time")
        .args(["-f", "qbook-time %e %U %S %x", "timeout"])
        .arg(opts.timeout.as_secs().to_string())
        .arg(&opts.qbook)
        .args(args)
        .arg("--root")
        .arg(book)
        .stdout(Stdio::null())
        .output()
        .expect("/usr/bin/time and timeout run (Debian: apt-get install time)");
    let stderr = String::from_utf8_lossy(&run.stderr);
    let Some(line) = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("qbook-time "))
    else {
        return "?".into();
    };
    let v: Vec<f64> = line
        .split(' ')
        .map(|x| x.parse().unwrap_or(f64::NAN))
        .collect();
    if v[3] == 124.0 {
        return format!(">{} s", opts.timeout.as_secs());
    }
    format!("{:.2} s ({:.2} s)", v[0], v[1] + v[2])
}

/// A one-question book whose question file is what `case` writes.
fn write_book(book: &Path, case: &Case, n: usize) {
    let _ = fs::remove_dir_all(book);
    let section = book.join("content/01-a/01-b");
    fs::create_dir_all(&section).expect("book folder");
    let files = [
        ("site.toml", "title = \"H\"\nlanguage = \"en\"\n"),
        ("content/_index.md", "---\ntitle: \"H\"\n---\n"),
        ("content/01-a/_level.md", "---\ntitle: \"A\"\n---\n"),
        ("content/01-a/01-b/_section.md", "---\ntitle: \"B\"\n---\n"),
    ];
    for (path, text) in files {
        fs::write(book.join(path), text).expect("book file");
    }
    (case.write)(book, n);
}

const QUESTION: &str = "content/01-a/01-b/010-q.md";
const HEAD: &str = "---\ntitle: \"Q?\"\nfollow_ups:\n  - \"F?\"\n---\n\n";

/// A question file: the usual front matter, then `body`.
fn answer(book: &Path, body: &str) {
    fs::write(book.join(QUESTION), format!("{HEAD}{body}")).expect("question");
}

/// `line(i)` repeated until the answer holds `mb` megabytes.
fn lines_of(book: &Path, mb: usize, line: impl Fn(usize) -> String) {
    let mut body = String::with_capacity(mb << 20);
    let mut i = 0;
    while body.len() < mb << 20 {
        body.push_str(&line(i));
        body.push('\n');
        i += 1;
    }
    answer(book, &body);
}

fn links(book: &Path, mb: usize) {
    lines_of(book, mb, |i| {
        format!("See [question {i}](missing-{i}.html) for this.")
    });
}

fn good_links(book: &Path, mb: usize) {
    lines_of(book, mb, |i| {
        format!("See [page {i}](https://example.org/{i}) for this.")
    });
}

fn trailing(book: &Path, mb: usize) {
    lines_of(book, mb, |i| format!("Line {i} ends in a space "));
}

fn one_line(book: &Path, mb: usize) {
    answer(
        book,
        &"word `code` *em* [l](x.html) ".repeat((mb << 20) / 30),
    );
}

fn sources(book: &Path, k: usize) {
    let mut text = String::new();
    for i in 0..k * 1000 {
        let _ = writeln!(text, "- id: \"{i}\"\n  url: \"https://example.org/{i}\"");
    }
    fs::write(book.join("content/sources.yaml"), text).expect("sources");
    answer(book, "");
}

fn follow_ups(book: &Path, k: usize) {
    let mut text = String::from("---\ntitle: \"Q?\"\nfollow_ups:\n");
    for i in 0..k * 1000 {
        let _ = writeln!(text, "  - \"Follow-up number {i} asks about `x{i}`?\"");
    }
    text.push_str("---\n");
    fs::write(book.join(QUESTION), text).expect("question");
}

fn footnotes(book: &Path, k: usize) {
    let body: String = (0..k * 1000)
        .map(|i| format!("Claim {i}[^{i}].\n"))
        .collect();
    answer(book, &body);
}

fn brackets(book: &Path, k: usize) {
    answer(book, &"[".repeat(k * 1000));
}

fn emphasis(book: &Path, k: usize) {
    answer(book, &"*a_".repeat(k * 1000));
}

fn quotes(book: &Path, k: usize) {
    answer(book, &format!("{}x\n", "> ".repeat(k * 1000)));
}

fn lists(book: &Path, k: usize) {
    answer(book, &format!("{}item\n", "- ".repeat(k * 1000)));
}

fn tags(book: &Path, k: usize) {
    let list: Vec<String> = (0..k * 1000).map(|i| format!("t{i}")).collect();
    let text = format!("---\ntitle: \"Q?\"\ntags: [{}]\n---\n", list.join(", "));
    fs::write(book.join(QUESTION), text).expect("question");
    let allowed = "title = \"H\"\nlanguage = \"en\"\ntags = [\"t1\"]\n";
    fs::write(book.join("site.toml"), allowed).expect("site.toml");
}

fn keys(book: &Path, k: usize) {
    let text = format!("---\n{}---\n", "title: \"Q?\"\n".repeat(k * 1000));
    fs::write(book.join(QUESTION), text).expect("question");
}

fn local_paths(book: &Path, k: usize) {
    let body: String = (0..k * 1000)
        .map(|i| format!("![s{i}](/tmp/secret-{i}.png) [p](../../../../etc/{i})\n"))
        .collect();
    answer(book, &body);
}

fn bidi(book: &Path, k: usize) {
    let title = "a\u{200b}".repeat(k * 1000);
    let text = format!("---\ntitle: \"{title}\"\nfollow_ups:\n  - \"F?\"\n---\n");
    fs::write(book.join(QUESTION), text).expect("question");
}

fn parse_args() -> Options {
    let bin_dir = env::current_exe()
        .ok()
        .and_then(|p| p.parent()?.parent().map(Path::to_path_buf))
        .expect("target/release");
    let mut opts = Options {
        qbook: bin_dir.join("qbook"),
        dir: PathBuf::from("/dev/shm/qbook-hostile"),
        cases: None,
        scale: 1,
        timeout: Duration::from_secs(60),
    };
    let mut args = env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--qbook" => opts.qbook = value.into(),
            "--dir" => opts.dir = value.into(),
            "--cases" => opts.cases = Some(value.split(',').map(String::from).collect()),
            "--scale" => opts.scale = value.parse().expect("--scale N"),
            "--timeout" => opts.timeout = Duration::from_secs(value.parse().expect("--timeout S")),
            other => panic!("unknown argument {other}"),
        }
    }
    opts
}
