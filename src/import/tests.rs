//! Tests of the whole importer: the real seed, fixture documents, errors, hostile input.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::*;

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn fixture(name: &str) -> (PathBuf, String) {
    let text = fs::read_to_string(fixture_path(name)).unwrap();
    (PathBuf::from(name), text)
}

fn parse(text: &str) -> Result<(Book, Vec<String>), Diagnostics> {
    parse_seed(Path::new("seed.md"), text)
}

fn errors(text: &str) -> Vec<String> {
    let err = parse(text).expect_err("the document should have errors");
    err.0.iter().map(ToString::to_string).collect()
}

fn check_seed_shape(book: &Book) {
    let sections: usize = book.levels.iter().map(|l| l.sections.len()).sum();
    assert_eq!(book.levels.len(), 5);
    assert_eq!(sections, 26);
    assert_eq!(book.question_count(), 130);
    assert_eq!(book.follow_up_count(), 260);
    assert_eq!(book.sources.len(), 40);
    let numbers: Vec<usize> = book.questions().map(|r| r.question.number).collect();
    assert_eq!(numbers, (1..=130).collect::<Vec<_>>());
    let ids: HashSet<&str> = book.questions().map(|r| r.question.id.as_str()).collect();
    assert_eq!(ids.len(), 130, "ids are unique");
}

#[test]
fn parses_the_real_seed() {
    let (path, text) = fixture("seed-ru.md");
    let (book, notes) = parse_seed(&path, &text).unwrap();
    check_seed_shape(&book);
    assert_eq!(
        book.title,
        "Более 100 вопросов для собеседования Middle Python разработчика"
    );
    assert_eq!(book.levels[0].title, "Уровень 1: Основы Python");
    assert_eq!(book.levels[0].dir, "01-osnovy-python");
    assert_eq!(book.levels[0].sections[0].dir, "01-bazovye-kontseptsii");
    let first = &book.levels[0].sections[0].questions[0];
    assert_eq!(first.id, "gil");
    assert_eq!(
        first.title,
        "Что такое GIL в Python и как он влияет на многопоточность?"
    );
    assert_eq!(
        first.origin.path,
        Path::new("01-osnovy-python/01-bazovye-kontseptsii/010-gil.md")
    );
    assert_eq!(book.levels[0].sections[0].questions[1].id, "is-vs-eq");
    assert!(book.intro.is_empty());
    assert!(book.outro.starts_with("Этот расширенный список") && book.outro.ends_with("[^4]."));
    assert_eq!(book.sources[39].url, "https://arxiv.org/pdf/2212.01882.pdf");
    let want_notes = [
        "seed-ru.md:1: dropped the export's logo <img>",
        "seed-ru.md:615: dropped the export's ⁂ divider",
    ];
    assert_eq!(notes, want_notes);
}

#[test]
fn the_shipped_seed_copy_matches_the_shared_seed() {
    let shared =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_450188c2e945dc76.txt");
    let Ok(text) = fs::read_to_string(&shared) else {
        return; // the shared folder is not part of the repository
    };
    assert_eq!(text, fixture("seed-ru.md").1);
    check_seed_shape(&parse(&text).unwrap().0);
}

#[test]
fn imports_are_byte_identical_run_to_run() {
    let (path, text) = fixture("seed-ru.md");
    let once = content_files(&parse_seed(&path, &text).unwrap().0);
    let twice = content_files(&parse_seed(&path, &text).unwrap().0);
    assert_eq!(once, twice);
    let paths: HashSet<&str> = once.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths.len(), once.len());
    assert_eq!(once.len(), 2 + 5 + 26 + 130);
}

#[test]
fn reads_an_english_document_with_bom_and_crlf() {
    let (path, text) = fixture("en-crlf-bom.md");
    assert!(text.starts_with('\u{feff}') && text.contains("\r\n"));
    let (book, notes) = parse_seed(&path, &text).unwrap();
    assert_eq!(book.title, "Rust Interview Questions");
    assert_eq!(
        (
            book.levels.len(),
            book.question_count(),
            book.follow_up_count()
        ),
        (2, 6, 8)
    );
    assert_eq!(book.levels[1].intro, "Questions about threads and async.");
    assert_eq!(
        book.intro,
        "A short book of *Rust* questions for practice[^1]."
    );
    assert_eq!(book.outro, "That's all: good luck with your interview[^2].");
    assert_eq!(
        book.description,
        "A short book of Rust questions for practice."
    );
    let ids: Vec<&str> = book.questions().map(|r| r.question.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ownership-rust-matter",
            "t-vs-mut-t",
            "dyn-trait",
            "impl-trait",
            "send-vs-sync",
            "async-await"
        ]
    );
    let all_text = format!("{book:?}");
    assert!(!all_text.contains('\r') && !all_text.contains('\u{feff}'));
    assert_eq!(notes.len(), 2);
    assert_eq!(
        notes[1],
        "en-crlf-bom.md:43: dropped the export's ⁂ divider"
    );
}

#[test]
fn reports_every_error_of_a_broken_document_at_once() {
    let (path, text) = fixture("broken.md");
    let got: Vec<String> = parse_seed(&path, &text)
        .unwrap_err()
        .0
        .iter()
        .map(ToString::to_string)
        .collect();
    let fix = "number questions 1, 2, 3… in order";
    let want = [
        "broken.md:1:1: the document has no title; start it with a line `# Book title`".to_string(),
        "broken.md:5:1: question 1 comes before any level; add a `## Level title` and a `### Section title` heading above it".into(),
        "broken.md:7:1: section \"A section before any level\" comes before any level; add a level heading `## Level title` above it".into(),
        "broken.md:11:1: follow-up bullet with no question before it; put follow-ups under a numbered question `N. **Question?**`".into(),
        "broken.md:19:5: empty follow-up; write the follow-up question after the dash or delete the line".into(),
        format!("broken.md:21:1: question numbered 4 follows question 2; {fix}"),
        "broken.md:21:1: question 4 has no title; write it in bold after the number: `4. **Question?**`".into(),
        "broken.md:23:4: question 5's title is not bold; write it in bold after the number: `5. **Question?**`".into(),
        format!("broken.md:25:1: question number 5 is used twice (first on line 23); {fix}"),
        "broken.md:25:4: unclosed `**` in the question; close the bold with `**` or remove it".into(),
        "broken.md:27:1: text after a question's follow-ups belongs to no question; indent it as a follow-up (`    - …`), or move it to the intro (before the first level) or the outro (after the last question)".into(),
        "broken.md:29:1: section \"An empty section\" has no questions; add numbered questions `N. **Question?**` under it, or remove the section".into(),
        "broken.md:31:4: unclosed `**` in the level heading; close the bold with `**` or remove it".into(),
        "broken.md:37:1: level \"An empty level\" has no sections; add a `### Section title` heading with questions under it, or remove the level".into(),
        "broken.md:40:1: footnote [^1] is defined twice (first on line 39); keep one definition".into(),
        "broken.md:41:6: footnote [^2] has no URL; write `[^2]: https://…`".into(),
    ];
    assert_eq!(got, want);
}

const HEAD: &str = "# Book\n\n## Level\n\n### Section\n\n";

#[test]
fn reports_each_error_kind_with_its_message() {
    let fix = "number questions 1, 2, 3… in order";
    let cases: Vec<(String, Vec<String>)> = vec![
        (format!("{HEAD}1. **A**\n3. **B**\n"), vec![format!("seed.md:8:1: question numbered 3 follows question 1; {fix}")]),
        (format!("{HEAD}2. **A**\n"), vec![format!("seed.md:7:1: the first question is numbered 2; {fix}")]),
        (format!("{HEAD}1. **A**\n1. **B**\n2. **C**\n"), vec![format!("seed.md:8:1: question number 1 is used twice (first on line 7); {fix}")]),
        (format!("{HEAD}1.\n"), vec!["seed.md:7:1: question 1 has no title; write it in bold after the number: `1. **Question?**`".into()]),
        (format!("{HEAD}1. **Open `x`\n"), vec!["seed.md:7:4: unclosed `**` in the question; close the bold with `**` or remove it".into()]),
        ("# Book\n## **Lvl\n### S\n1. **Q**\n".into(), vec!["seed.md:2:4: unclosed `**` in the level heading; close the bold with `**` or remove it".into()]),
        ("# **Book\n## L\n### S\n1. **Q**\n".into(), vec!["seed.md:1:3: unclosed `**` in the title; close the bold with `**` or remove it".into()]),
        ("# Book\n## L\n###\n1. **Q**\n".into(), vec!["seed.md:3:1: the section heading has no text; write it after the `###`".into()]),
        ("# Book\n## L\n### S\n1. **Q**\n# Again\n".into(), vec!["seed.md:5:1: a second `# ` title; keep one `# Book title` line at the top and make this a `## ` level or `### ` section heading".into()]),
        ("# Book\n## L\n1. **Q**\n".into(), vec!["seed.md:3:1: question 1 comes before any section of level \"L\"; add a `### Section title` heading above it".into()]),
        ("# Book\n## L\n### S\nstray\n1. **Q**\n".into(), vec!["seed.md:4:1: text between a section heading and its first question belongs to no question; move it to the level's intro (right under `## …`) or remove it".into()]),
        ("# Book\n".into(), vec!["seed.md:1:1: the document has no levels; add `## Level` and `### Section` headings with numbered questions `1. **Question?**` under them".into()]),
    ];
    for (doc, want) in cases {
        assert_eq!(errors(&doc), want, "{doc}");
    }
}

#[test]
fn accepts_loose_follow_up_lists_and_continuations() {
    let doc = format!(
        "{HEAD}1. **Q**\n**Any label words:**\n\n- one\n  continued\n\n\t+ two\n\nOutro.\n"
    );
    let (book, _) = parse(&doc).unwrap();
    let q = &book.levels[0].sections[0].questions[0];
    let follow_ups: Vec<&str> = q.follow_ups.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(follow_ups, ["one continued", "two"]);
    assert_eq!(book.outro, "Outro.");
}

#[test]
fn writes_the_content_tree_in_the_design_shape() {
    let doc = "# T\n\nIntro.\n\n## **Уровень 1: Основы (1-1)**\n\n### Базовые концепции\n\n1. **Что такое GIL?**\n**Связанные:**\n    - Как обойти GIL?\n\nOutro[^1].\n\n[^1]: https://x.org/a\"b\n";
    let (book, _) = parse(doc).unwrap();
    let files: Vec<(String, String)> = content_files(&book)
        .into_iter()
        .map(|f| (f.path, String::from_utf8(f.bytes).unwrap()))
        .collect();
    let want = [
        ("_index.md", "---\ntitle: \"T\"\ndescription: \"Intro.\"\n---\n\nIntro.\n\n<!-- outro -->\n\nOutro[^1].\n"),
        ("sources.yaml", "- id: \"1\"\n  url: \"https://x.org/a\\\"b\"\n"),
        ("01-osnovy/_level.md", "---\ntitle: \"Уровень 1: Основы\"\n---\n"),
        ("01-osnovy/01-bazovye-kontseptsii/_section.md", "---\ntitle: \"Базовые концепции\"\n---\n"),
        ("01-osnovy/01-bazovye-kontseptsii/010-gil.md", "---\ntitle: \"Что такое GIL?\"\nfollow_ups:\n  - \"Как обойти GIL?\"\n---\n"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    assert_eq!(files, want);
}

#[test]
fn hostile_titles_are_plain_text_that_round_trips() {
    let titles = [
        "Say \"hi\" \\ back\\slash",
        "key: value # comment",
        "`leading` backtick",
        "<script>alert(1)</script>",
        "- [x] {y} &z *w !t %p @q | > ' ",
    ];
    let body: String = titles
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{}. **{t}**\n    - {t}\n", i + 1))
        .collect();
    let (book, _) = parse(&format!("# <b>\"Book\"</b>\n## L\n### S\n{body}")).unwrap();
    for (file, title) in content_files(&book).iter().skip(4).zip(titles) {
        let text = String::from_utf8(file.bytes.clone()).unwrap();
        let yaml = text.trim_start_matches("---\n").trim_end_matches("---\n");
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(value["title"].as_str(), Some(title.trim()), "{text}");
        assert_eq!(
            value["follow_ups"][0].as_str(),
            Some(title.trim()),
            "{text}"
        );
    }
}

#[test]
fn never_panics_on_odd_input() {
    let huge = format!(
        "# {}\n## {}\n### S\n1. **{}**\n    - {}\n",
        "ж".repeat(100_000),
        "`".repeat(50_000),
        "*".repeat(99_999),
        "x ".repeat(100_000)
    );
    let inputs = [
        String::new(),
        "\u{feff}".into(),
        "\r\n\r\n\r".into(),
        "\u{feff}# T\r\n## L\r\n### S\r\n1. **Q**".into(),
        "# \u{0}\u{7}\u{202e}\u{fffe}\n## :\n### :\n1. **\u{200b}**\n".into(),
        "99999999999999999999999999. **Q**\n".into(),
        "# T\n## L\n### S\n1. **Q**\n[^]: x\n[^ a]: y\n[^x]\n".into(),
        "## **\n### **\n1. **\n    -\n".into(),
        "🦀\n# 🦀\n## 🦀: 🦀\n### 🦀\n1. **🦀**\n".into(),
        huge,
    ];
    for input in &inputs {
        if let Ok((book, _)) = parse(input) {
            let files = content_files(&book);
            assert!(files
                .iter()
                .all(|f| !f.path.contains("//") && !f.path.starts_with('/')));
        }
    }
}

#[test]
fn run_import_writes_and_refuses_to_overwrite_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let into = tmp.path().join("content");
    let mut opts = ImportOptions {
        file: fixture_path("en-crlf-bom.md"),
        into: into.clone(),
        force: false,
    };
    let report = run_import(&opts).unwrap();
    assert_eq!(report.written, into);
    assert_eq!(report.book.question_count(), 6);
    let origin = &report.book.levels[1].sections[0].questions[0].origin.path;
    assert_eq!(
        origin,
        &into.join("02-concurrency/01-threads/010-send-vs-sync.md")
    );
    let gil =
        fs::read_to_string(into.join("02-concurrency/01-threads/010-send-vs-sync.md")).unwrap();
    assert!(gil.starts_with("---\ntitle: \"How do `Send` and `Sync` differ?\"\n"));
    let refused = run_import(&opts).unwrap_err().to_string();
    assert!(
        refused.contains("already exists and is not empty; pass --force"),
        "{refused}"
    );
    fs::write(into.join("stale.md"), "old").unwrap();
    opts.force = true;
    run_import(&opts).unwrap();
    assert!(
        !into.join("stale.md").exists(),
        "--force replaces the folder whole"
    );
}

#[test]
fn run_import_returns_diagnostics_and_writes_nothing_on_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let into = tmp.path().join("content");
    let opts = ImportOptions {
        file: fixture_path("broken.md"),
        into: into.clone(),
        force: true,
    };
    let err = run_import(&opts).unwrap_err();
    let diagnostics = err.downcast_ref::<Diagnostics>().expect("diagnostics");
    assert_eq!(diagnostics.0.len(), 16);
    assert!(!into.exists());
    let missing = ImportOptions {
        file: tmp.path().join("nope.md"),
        ..opts
    };
    assert!(run_import(&missing)
        .unwrap_err()
        .to_string()
        .starts_with("cannot read "));
}

#[test]
fn the_imported_seed_loads_back_as_the_same_book() {
    let tmp = tempfile::tempdir().unwrap();
    let opts = ImportOptions {
        file: fixture_path("seed-ru.md"),
        into: tmp.path().join("content"),
        force: false,
    };
    let imported = run_import(&opts).unwrap().book;
    let loaded = crate::content::load_book(tmp.path(), &Default::default())
        .unwrap_or_else(|d| panic!("{d}"));
    let summary = |b: &Book| {
        let levels: Vec<_> = b
            .levels
            .iter()
            .map(|l| (&l.dir, &l.slug, &l.title, &l.intro))
            .collect();
        let questions: Vec<_> = b
            .questions()
            .map(|r| {
                let q = r.question;
                let follow_ups: Vec<&str> = q.follow_ups.iter().map(|f| f.text.as_str()).collect();
                (
                    q.number,
                    q.id.clone(),
                    q.title.clone(),
                    follow_ups,
                    q.tags.clone(),
                )
            })
            .collect();
        format!(
            "{:?}\n{levels:?}\n{questions:?}\n{:?}",
            (&b.title, &b.description, &b.intro, &b.outro),
            b.sources
        )
    };
    assert_eq!(summary(&loaded), summary(&imported));
}

#[test]
fn seed_question_files_are_valid_front_matter() {
    let (path, text) = fixture("seed-ru.md");
    let files = content_files(&parse_seed(&path, &text).unwrap().0);
    for file in files.iter().filter(|f| f.path.ends_with(".md")) {
        let text = String::from_utf8(file.bytes.clone()).unwrap();
        assert!(
            text.starts_with("---\n") && text.ends_with('\n'),
            "{}",
            file.path
        );
        let yaml = text[4..].split("\n---\n").next().unwrap();
        let value: serde_yaml::Mapping = serde_yaml::from_str(yaml).unwrap();
        assert!(value.contains_key("title"), "{}", file.path);
    }
}
