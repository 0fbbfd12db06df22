//! Printed interview sets and the book's print layout, read back from the PDFs `qbook pdf`
//! writes: page counts of sets of 5, 10 and 15 questions for both variants on A4 and Letter,
//! every drawn question and follow-up in order and on one page, the score sheet, only cited
//! sources; the book's title page without a rule at the top. Needs Chromium and
//! poppler-utils (`pdftotext`, `pdfinfo`, `pdftoppm`), which tests/run.sh installs.

use std::fs;
use std::path::Path;
use std::process::Command;

mod common;

use common::{fixture, qbook, repo_root, stderr};
use qbook::model::Book;
use qbook::pipeline::{load_all, BuildOptions};
use qbook::sample::{draw_set, SampleFilter};

/// A set size, its seed, and the most pages it may take: (candidate, interviewer).
struct Budget {
    n: usize,
    seed: &'static str,
    pages: (usize, usize),
}

/// Issue 18: ten questions on at most two sheets for the candidate and three for the
/// interviewer; five and fifteen in proportion.
const BUDGETS: [Budget; 3] = [
    Budget {
        n: 5,
        seed: "x9",
        pages: (1, 2),
    },
    Budget {
        n: 10,
        seed: "7",
        pages: (2, 3),
    },
    Budget {
        n: 15,
        seed: "team-42",
        pages: (2, 4),
    },
];

/// A PDF read back: its pages' text (pdftotext) and its page count (pdfinfo).
struct PdfText {
    pages: Vec<String>,
    count: usize,
}

fn read_pdf(pdf: &Path) -> PdfText {
    let text = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is installed (tests/run.sh installs poppler-utils)");
    assert!(text.status.success());
    let info = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo is installed (tests/run.sh installs poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let count = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count from pdfinfo:\n{info}"));
    let pages = String::from_utf8_lossy(&text.stdout)
        .split('\u{c}')
        .map(str::to_string)
        .collect();
    PdfText { pages, count }
}

/// Text without white space: the PDF's lines wrap and space words their own way.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A title or follow-up (inline Markdown) as the PDF shows it: code spans lose their backticks.
fn shown(markdown: &str) -> String {
    squeeze(&markdown.replace('`', ""))
}

/// Runs `qbook pdf` and reads the PDF back.
fn print(root: &Path, args: &[&str], out: &Path) -> PdfText {
    let mut all = vec!["pdf", "--root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", out.to_str().unwrap()]);
    let run = qbook(&all);
    assert!(run.status.success(), "qbook {all:?}: {}", stderr(&run));
    read_pdf(out)
}

fn load(root: &Path) -> Book {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    load_all(&opts)
        .map(|(_, book, _)| book)
        .expect("the book loads")
}

/// The drawn questions' texts, numbered 1…N: [(["1.Title", "Follow-up", …]), …].
fn drawn(book: &Book, seed: &str, n: usize) -> Vec<Vec<String>> {
    let ids = draw_set(book, seed, n, &SampleFilter::default());
    assert_eq!(ids.len(), n);
    ids.iter()
        .enumerate()
        .map(|(k, id)| {
            let q = book
                .questions()
                .find(|q| q.question.id == *id)
                .unwrap()
                .question;
            let mut texts = vec![format!("{}.{}", k + 1, shown(&q.title))];
            texts.extend(q.follow_ups.iter().map(|f| shown(&f.text)));
            texts
        })
        .collect()
}

/// Every question and follow-up is in the text in order, each question on one page.
fn assert_whole_and_in_order(pdf: &PdfText, questions: &[Vec<String>], what: &str) {
    let pages: Vec<String> = pdf.pages.iter().map(|p| squeeze(p)).collect();
    let (mut page, mut at) = (0, 0);
    for texts in questions {
        let title = &texts[0];
        let found = (page..pages.len()).find_map(|p| {
            let from = if p == page { at } else { 0 };
            pages[p][from..].find(title.as_str()).map(|i| (p, from + i))
        });
        let Some((p, i)) = found else {
            panic!(
                "{what}: «{title}» missing or out of order in:\n{}",
                pdf.pages.join("\n\u{c}\n")
            );
        };
        (page, at) = (p, i + title.len());
        for follow_up in &texts[1..] {
            let Some(j) = pages[page][at..].find(follow_up.as_str()) else {
                panic!(
                    "{what}: «{follow_up}» of «{title}» is not after it on page {}:\n{}",
                    page + 1,
                    pdf.pages[page]
                );
            };
            at += j + follow_up.len();
        }
    }
}

fn sets_fit_their_budgets(paper: &str) {
    let root = repo_root();
    let book = load(&root);
    let tmp = tempfile::tempdir().unwrap();
    let mut counts = Vec::new();
    for budget in &BUDGETS {
        let questions = drawn(&book, budget.seed, budget.n);
        for (interviewer, most) in [(false, budget.pages.0), (true, budget.pages.1)] {
            let n = budget.n.to_string();
            let mut args = vec!["--sample", &n, "--seed", budget.seed, "--paper", paper];
            if interviewer {
                args.push("--interviewer");
            }
            let what = format!("{args:?}");
            let pdf = print(&root, &args, &tmp.path().join("set.pdf"));
            counts.push(format!("{what}: {} pages", pdf.count));
            assert!(
                pdf.count <= most,
                "{what}: {} pages, at most {most} expected",
                pdf.count
            );
            assert_whole_and_in_order(&pdf, &questions, &what);
            let all = squeeze(&pdf.pages.join(""));
            assert!(!all.contains("Содержание"), "{what}: no contents");
            assert!(
                !all.contains("Источники"),
                "{what}: no answer cites a source"
            );
            if interviewer {
                let last = squeeze(&pdf.pages[pdf.count - 1]);
                for field in ["Кандидат", "Дата", "Интервьюер", "Позиция"]
                {
                    assert!(
                        squeeze(&pdf.pages[0]).contains(field),
                        "{what}: no «{field}» field on page 1"
                    );
                }
                let total = format!("Итого/{}", 3 * budget.n);
                assert!(
                    last.contains(&total),
                    "{what}: no «{total}» on the last page:\n{}",
                    pdf.pages[pdf.count - 1]
                );
            }
        }
    }
    println!("{}", counts.join("\n"));
}

#[test]
fn sets_fit_their_pages_on_a4_with_every_question_in_order() {
    sets_fit_their_budgets("a4");
}

#[test]
fn sets_fit_their_pages_on_letter_with_every_question_in_order() {
    sets_fit_their_budgets("letter");
}

#[test]
fn sets_list_only_the_sources_their_answers_cite() {
    let root = fixture("basic");
    let book = load(&root);
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("set.pdf");
    let all = print(
        &root,
        &["--sample", "4", "--seed", "s", "--interviewer"],
        &pdf,
    );
    let text = all.pages.join("");
    assert!(
        text.contains("peps.python.org/pep-0703"),
        "the GIL answer cites source 2:\n{text}"
    );
    assert!(
        !text.contains("docs.python.org/3/"),
        "only the book's intro cites source 1:\n{text}"
    );
    for field in ["Candidate", "Date", "Interviewer", "Position", "Scores"] {
        assert!(text.contains(field), "the score sheet's «{field}»:\n{text}");
    }
    assert!(squeeze(&text).contains("Total/12"), "{text}");
    let seed = (0..100)
        .map(|i| format!("s{i}"))
        .find(|s| !draw_set(&book, s, 2, &SampleFilter::default()).contains(&"gil"))
        .unwrap();
    let none = print(
        &root,
        &["--sample", "2", "--seed", &seed, "--interviewer"],
        &pdf,
    );
    let text = none.pages.join("");
    assert!(
        !text.contains("Sources") && !text.contains("peps.python.org"),
        "no answer of the set cites a source:\n{text}"
    );
    assert_eq!(none.count, 1, "two questions on one sheet");
}

/// The darkest gray level in the top `mm` millimetres of page 1 of `pdf`, rendered at 150 dpi.
fn darkest_at_top(pdf: &Path, mm: f64) -> u8 {
    let out = Command::new("pdftoppm")
        .args(["-gray", "-r", "150", "-f", "1", "-l", "1"])
        .arg(pdf)
        .output()
        .expect("pdftoppm is installed (tests/run.sh installs poppler-utils)");
    assert!(out.status.success());
    let pgm = out.stdout;
    // A binary PGM: "P5", width, height, maxval, each followed by white space, then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    let pixels = &pgm[at + 1..];
    let width: usize = fields[1].parse().unwrap();
    let rows = (mm / 25.4 * 150.0) as usize;
    pixels[..rows * width].iter().copied().min().unwrap()
}

#[test]
fn the_book_title_page_has_no_rule_at_the_top() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("book.pdf");
    let book = print(&fixture("basic"), &[], &pdf);
    assert!(book.pages[0].contains("Fixture Book"), "{}", book.pages[0]);
    assert!(
        book.pages[1].contains("Contents"),
        "the book keeps its contents"
    );
    // The title sits 70 mm down: above it, the page is blank.
    let darkest = darkest_at_top(&pdf, 50.0);
    assert!(
        darkest > 245,
        "something is drawn at the top of the title page (gray {darkest})"
    );
    fs::remove_file(&pdf).unwrap();
}
