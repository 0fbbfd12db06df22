//! Integration tests of `qbook check` and `qbook new`: broken fixture books (one per rule
//! group, `tests/fixtures/books/check-*`), the exact output of every format, exit codes,
//! and near-duplicates on the shipped book against `tests/fixtures/near-duplicates.txt`.
//!
//! Expected outputs live next to each fixture (`expected.txt`); after a deliberate change,
//! re-bless them with `QBOOK_BLESS=1 cargo test --test check`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use qbook::check::{rules::RULES, similar_pairs, SimilarityOptions};
use qbook::model::Question;

mod common;

use common::{assert_matches_file, copy_book, fixture, qbook_in, repo_root, stderr, stdout};

/// `qbook check --root <fixture> ARGS` run from the fixtures folder, as CI runs it.
fn check(book: &str, args: &[&str]) -> Output {
    let mut all = vec!["check", "--root", book];
    all.extend_from_slice(args);
    qbook_in(&repo_root().join("tests/fixtures/books"), &all)
}

/// Checks a broken fixture: exact human output and exit code.
fn assert_fixture(book: &str, code: i32) {
    let out = check(book, &[]);
    assert_matches_file(&stdout(&out), &fixture(book).join("expected.txt"));
    assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
}

#[test]
fn passes_a_clean_book() {
    let out = check("basic", &["--strict"]);
    assert_eq!(stdout(&out), "ok: 4 questions, no problems\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn reports_missing_and_duplicate_follow_ups() {
    assert_fixture("check-follow-ups", 0);
}

#[test]
fn reports_empty_and_overlong_titles() {
    assert_fixture("check-title", 1);
}

#[test]
fn reports_a_broken_synonyms_file_where_it_is() {
    assert_fixture("check-synonyms", 1);
}

#[test]
fn reports_trailing_whitespace_at_its_column() {
    assert_fixture("check-whitespace", 0);
}

#[test]
fn reports_tags_missing_from_site_toml() {
    assert_fixture("check-tags", 1);
}

#[test]
fn reports_broken_links_missing_and_unused_sources() {
    assert_fixture("check-links", 1);
}

#[test]
fn reports_links_and_images_to_the_local_disk() {
    assert_fixture("check-local-paths", 1);
}

#[test]
fn reports_bidirectional_and_zero_width_characters() {
    assert_fixture("check-hidden", 1);
}

#[test]
fn builds_no_link_or_image_to_the_local_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let book = fixture("check-local-paths");
    let run = qbook_in(
        tmp.path(),
        &[
            "build",
            "--root",
            &book.to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let mut pages = 0;
    for entry in walk(&out) {
        let html = fs::read_to_string(&entry).unwrap_or_default();
        pages += html.contains("A picture: x and y.") as usize;
        for bad in [
            "/tmp/secret",
            "/etc/",
            "file:",
            "../../map.png",
            "../secret.html",
            "../x.png",
        ] {
            for attr in ["src=\"", "href=\""] {
                let found = format!("{attr}{bad}");
                assert!(!html.contains(&found), "{} has {found}", entry.display());
            }
        }
        assert!(!html.contains("etc/x.png\""), "{}", entry.display());
        if entry.starts_with(out.join("print")) {
            // With base_url "/", answers' links on print pages are relative too.
            assert!(
                !html.contains("href=\"/") && !html.contains("src=\"/"),
                "{}",
                entry.display()
            );
        }
    }
    // The answer's page, the print page of the book and of its level, and study data.
    assert!(pages >= 3, "the answer was found on {pages} pages");
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn reports_duplicate_ids_and_colliding_prefixes() {
    assert_fixture("check-ids", 1);
}

#[test]
fn reports_what_build_rejects_and_lints_the_rest() {
    assert_fixture("check-parse", 1);
}

#[test]
fn advises_on_yaml_mistakes_in_one_run_for_check_and_build() {
    assert_fixture("check-yaml", 1);
    let out_dir = tempfile::tempdir().unwrap();
    let build = qbook_in(
        &repo_root().join("tests/fixtures/books"),
        &[
            "build",
            "--root",
            "check-yaml",
            "--out",
            out_dir.path().join("site").to_str().unwrap(),
        ],
    );
    assert_eq!(build.status.code(), Some(1));
    assert_matches_file(
        &stderr(&build),
        &fixture("check-yaml").join("expected-build.txt"),
    );
}

/// Titles and follow-ups that start with a YAML indicator (`*`, `&`, `!`, `%`, `>`, `|`,
/// `{`, `[`), lose text to a ` #` comment or an `&` anchor, use curly quotes, or sit in a
/// list indented wrongly: each at its place with the fix, every one in one run.
#[test]
fn advises_on_yaml_indicators_comments_and_anchors_in_one_run() {
    assert_fixture("check-yaml-indicators", 1);
}

#[test]
fn reports_near_duplicates_naming_both_files_only_on_request() {
    let out = check("check-near-duplicate", &["--whole-book"]);
    assert_matches_file(
        &stdout(&out),
        &fixture("check-near-duplicate").join("expected.txt"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plain = check("check-near-duplicate", &[]);
    assert_eq!(stdout(&plain), "ok: 10 questions, no problems\n");
    let alias = check("check-near-duplicate", &["--overlaps"]);
    assert_eq!(stdout(&alias), stdout(&out));
}

#[test]
fn leaves_out_reviewed_pairs_and_rejects_unknown_ids_in_them() {
    let out = check("check-reviewed", &["--whole-book"]);
    assert_matches_file(
        &stdout(&out),
        &fixture("check-reviewed").join("expected.txt"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!stdout(&out).contains("near-duplicate"), "{}", stdout(&out));
}

#[test]
fn prints_json() {
    let out = check("check-links", &["--format", "json"]);
    assert_matches_file(&stdout(&out), &fixture("check-links").join("expected.json"));
    assert_eq!(out.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let first = &findings[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["column", "line", "message", "path", "rule", "severity"]
    );
    let none = check("check-parse", &["--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&stdout(&none)).unwrap();
    let whole_file = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["line"].is_null())
        .expect("a finding about a whole file");
    assert!(whole_file["column"].is_null());
}

#[test]
fn prints_github_workflow_commands_with_repository_paths() {
    let out = check("check-links", &["--format", "github"]);
    assert_matches_file(
        &stdout(&out),
        &fixture("check-links").join("expected-github.txt"),
    );
    assert_eq!(out.status.code(), Some(1));
    let clean = check("basic", &["--format", "github"]);
    assert_eq!(stdout(&clean), "");
    assert_eq!(clean.status.code(), Some(0));
}

#[test]
fn fails_on_warnings_only_when_strict() {
    assert_eq!(check("check-whitespace", &[]).status.code(), Some(0));
    assert_eq!(
        check("check-whitespace", &["--strict"]).status.code(),
        Some(1)
    );
    let json = check("check-whitespace", &["--strict", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
}

#[test]
fn every_rule_has_a_fixture() {
    let mut seen = BTreeSet::new();
    for entry in fs::read_dir(repo_root().join("tests/fixtures/books")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let out = check(&name, &["--whole-book", "--format", "json"]);
        let findings: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        for f in findings.as_array().unwrap() {
            seen.insert(f["rule"].as_str().unwrap().to_string());
        }
    }
    // Covered by the loader's, theme's and renderer's own tests (tests/cli.rs, unit tests).
    let elsewhere = [
        "io",
        "encoding",
        "bad-slug",
        "file-size",
        "bad-config",
        "duplicate-key",
        "bad-id",
        "bad-tag",
        "bad-sources",
        "reserved-slug",
        "template",
        "bad-strings",
    ];
    // `qbook import`'s rules are findings in a seed document, covered by src/import/tests.rs.
    let checked = RULES
        .iter()
        .filter(|r| !r.id.as_str().starts_with("import-"));
    for rule in checked.filter(|r| !elsewhere.contains(&r.id.as_str())) {
        assert!(
            seen.contains(rule.id.as_str()),
            "no fixture shows rule `{}`",
            rule.id
        );
    }
}

#[test]
fn explains_rules() {
    let out = check("basic", &["--explain", "trailing-whitespace"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).starts_with(
            "warning[trailing-whitespace]: a line ends with spaces or tabs\n\nTrailing spaces"
        ),
        "{}",
        stdout(&out)
    );
    for rule in RULES {
        let out = check("basic", &["--explain", rule.id.as_str()]);
        assert!(stdout(&out).contains(rule.explanation), "{}", rule.id);
    }
    let list = check("basic", &["--explain", "list"]);
    assert_eq!(stdout(&list).lines().count(), RULES.len());
    let bad = check("basic", &["--explain", "nope"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).starts_with("error: no rule `nope`; the rules are: io, encoding, bad-config,"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn reports_a_missing_book_without_panicking() {
    let tmp = tempfile::tempdir().unwrap();
    let out = qbook_in(tmp.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with("error[io]: no content folder here;"),
        "{text}"
    );
    assert!(
        text.contains("\nerror[io]: cannot read site.toml in .:"),
        "{text}"
    );
}

#[test]
fn new_then_check_then_build_puts_the_question_on_the_site() {
    let book = copy_book("basic");
    let title = "`yield`: что это? \"Кавычки\" и # решётка";
    let out = qbook_in(
        book.path(),
        &[
            "new",
            title,
            "--level",
            "1",
            "--section",
            "core",
            "--follow-up",
            "Чем `yield from` отличается: коротко?",
            "--follow-up",
            "- Как закрыть генератор?",
            "--tag",
            "Generators",
        ],
    );
    assert_eq!(
        stdout(&out),
        "content/01-basics/01-core/030-yield.md\n",
        "{}",
        stderr(&out)
    );
    assert_eq!(
        stderr(&out),
        "created content/01-basics/01-core/030-yield.md\nnext:\n  1. write the answer (optional) under the comment in that file\n  2. qbook serve    to preview it (the page q/yield.html)\n  3. qbook check    before you open the pull request\n"
    );
    let text =
        fs::read_to_string(book.path().join("content/01-basics/01-core/030-yield.md")).unwrap();
    assert_eq!(
        text,
        "---\ntitle: \"`yield`: что это? \\\"Кавычки\\\" и # решётка\"\nfollow_ups:\n  - \"Чем `yield from` отличается: коротко?\"\n  - \"- Как закрыть генератор?\"\ntags: [generators]\n---\n\n\
         <!-- The answer (optional) goes below this comment, in Markdown: paragraphs, lists,\n\
         code blocks (```python). To cite a source, add it to content/sources.yaml\n\
         (- id: \"3\" and url: \"https://…\") and write [^3] after the sentence it supports.\n\
         This comment is not shown on the site; you may delete it. -->\n"
    );
    let check = qbook_in(book.path(), &["check", "--strict"]);
    assert_eq!(stdout(&check), "ok: 5 questions, no problems\n");
    let site = book.path().join("site");
    let build = qbook_in(book.path(), &["build", "--out", site.to_str().unwrap()]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page = fs::read_to_string(site.join("q/yield.html")).unwrap();
    assert!(
        page.contains("<span class=\"q-number\">3.</span> <code>yield</code>: что это? \"Кавычки\" и # решётка"),
        "{page}"
    );
    assert!(
        !page.contains("this comment") && !page.contains("&lt;!--"),
        "the answer comment is not on the site: {page}"
    );
    let dict = fs::read_to_string(site.join("q/dict.html")).unwrap();
    assert!(
        dict.contains("<span class=\"q-number\">4.</span>"),
        "{dict}"
    );
}

#[test]
fn new_picks_levels_and_sections_by_number_or_slug() {
    let book = copy_book("basic");
    let out = qbook_in(
        book.path(),
        &["new", "What is HTTP/2?", "--level", "web", "--section", "1"],
    );
    assert_eq!(
        stdout(&out),
        "content/02-web/01-http/020-http.md\n",
        "{}",
        stderr(&out)
    );
    let out = qbook_in(
        book.path(),
        &[
            "new",
            "Что такое сборщик мусора?",
            "--level",
            "01-basics",
            "--section",
            "data",
            "--root",
            ".",
        ],
    );
    assert_eq!(
        stdout(&out),
        "content/01-basics/02-data/020-sborshchik-musora.md\n",
        "{}",
        stderr(&out)
    );
    let out = qbook_in(
        book.path(),
        &["new", "X?", "--level", "3", "--section", "1"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: no level `3`; give its number or slug: 1 basics, 2 web\n"
    );
    let out = qbook_in(
        book.path(),
        &["new", "X?", "--level", "1", "--section", "nope"],
    );
    assert_eq!(
        stderr(&out),
        "error: no section `nope` in level `basics`; give its number or slug: 1 core, 2 data\n"
    );
}

/// `new` writes only what `check` accepts: a pasted line break becomes a space, and an
/// empty follow-up or an invisible character is refused before any file is written.
#[test]
fn new_refuses_empty_follow_ups_and_hidden_characters_and_joins_lines() {
    let book = copy_book("basic");
    let new = |args: &[&str]| {
        let mut all = vec!["new", "--level", "1", "--section", "1"];
        all.extend_from_slice(args);
        qbook_in(book.path(), &all)
    };
    let out = new(&["What is a set?", "--follow-up", "Why?", "--follow-up", " "]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: follow-up 2 is empty; write the question after --follow-up, or leave that option out\n"
    );
    let out = new(&["What is a zero\u{200b}width space?"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: the question holds U+200B at character 15, an invisible or text-reordering character (often pasted along); retype the text without it\n"
    );
    let out = new(&[
        "What is a\n  pasted   question?",
        "--follow-up",
        "Two\nlines?",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = stdout(&out);
    let text = fs::read_to_string(book.path().join(path.trim())).unwrap();
    assert!(
        text.starts_with(
            "---\ntitle: \"What is a pasted question?\"\nfollow_ups:\n  - \"Two lines?\"\n---\n"
        ),
        "{text}"
    );
    let check = qbook_in(book.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn new_refuses_an_id_that_exists() {
    let book = copy_book("basic");
    let out = qbook_in(
        book.path(),
        &[
            "new",
            "What is the GIL, again?",
            "--level",
            "2",
            "--section",
            "1",
            "--id",
            "gil",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: id `gil` is already used by content/01-basics/01-core/010-gil.md; pick another with --id, for example --id gil-again\n"
    );
    let out = qbook_in(
        book.path(),
        &["new", "What is a `dict`?", "--level", "1", "--section", "2"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: id `dict` is already used by content/01-basics/02-data/010-dict.md; pick another with --id, for example --id dict-2\n"
    );
    let files = fs::read_dir(book.path().join("content/01-basics/02-data"))
        .unwrap()
        .count();
    assert_eq!(files, 2, "nothing was written");
}

#[test]
fn new_names_the_question_a_title_looks_like() {
    let book = copy_book("basic");
    let taken = qbook_in(
        book.path(),
        &[
            "new",
            "What is the GIL and how does it affect threads?",
            "--level",
            "1",
            "--section",
            "1",
            "--id",
            "gil",
        ],
    );
    assert_eq!(taken.status.code(), Some(1));
    assert_eq!(
        stderr(&taken),
        "error: id `gil` is already used by content/01-basics/01-core/010-gil.md; pick another with --id, for example --id gil-affect-threads\n\
         note: the question looks like question 1 “What is the GIL and how does it affect threads?” in content/01-basics/01-core/010-gil.md (similarity 0.83); if it asks the same, improve that file instead\n"
    );
    let out = qbook_in(
        book.path(),
        &[
            "new",
            "How does the GIL affect threads in Python?",
            "--level",
            "2",
            "--section",
            "1",
            "--follow-up",
            "How do you get parallelism despite the GIL?",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("warning: the new question looks like question 1 “What is the GIL and how does it affect threads?” in content/01-basics/01-core/010-gil.md; if it asks the same, improve that file instead and delete content/02-web/01-http/020-gil-affect-threads.md (similarity "),
        "{err}"
    );
    let check = qbook_in(book.path(), &["check", "--whole-book"]);
    assert!(
        stdout(&check).contains("020-gil-affect-threads.md"),
        "check flags the same pair: {}",
        stdout(&check)
    );
}

/// The reference pairs: `(kind, id, id)` with kind `must` or `may`.
fn reference_pairs() -> Vec<(String, String, String)> {
    let text = fs::read_to_string(repo_root().join("tests/fixtures/near-duplicates.txt")).unwrap();
    text.lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            let (a, b) = if parts[1] < parts[2] {
                (parts[1], parts[2])
            } else {
                (parts[2], parts[1])
            };
            (parts[0].to_string(), a.to_string(), b.to_string())
        })
        .collect()
}

/// Near-duplicate pairs of the book at `root`, as sorted id pairs.
fn near_duplicate_ids(root: &Path, opts: &SimilarityOptions) -> BTreeSet<(String, String)> {
    let book = qbook::content::load_book(root, &Default::default()).expect("the book loads");
    let questions: Vec<&Question> = book.questions().map(|r| r.question).collect();
    similar_pairs(&questions, opts)
        .iter()
        .map(|p| {
            let (a, b) = (&questions[p.first].id, &questions[p.second].id);
            if a < b {
                (a.clone(), b.clone())
            } else {
                (b.clone(), a.clone())
            }
        })
        .collect()
}

/// The book to tune on: `$QBOOK_TUNE_ROOT`, else the repository's shipped book.
fn tune_root() -> PathBuf {
    std::env::var("QBOOK_TUNE_ROOT").map_or_else(|_| repo_root(), PathBuf::from)
}

#[test]
fn finds_the_shipped_books_overlaps_without_flooding() {
    let found = near_duplicate_ids(&tune_root(), &SimilarityOptions::default());
    let refs = reference_pairs();
    let wanted = |kind: &str| -> BTreeSet<(String, String)> {
        refs.iter()
            .filter(|r| r.0 == kind)
            .map(|r| (r.1.clone(), r.2.clone()))
            .collect()
    };
    let (must, may) = (wanted("must"), wanted("may"));
    let missed: Vec<_> = must.difference(&found).collect();
    let others: Vec<_> = found
        .iter()
        .filter(|p| !must.contains(p) && !may.contains(p))
        .collect();
    assert!(missed.is_empty(), "missed strong overlaps: {missed:?}");
    assert!(others.len() <= 2, "pairs beyond the list: {others:?}");
    assert!(found.len() <= 20, "{} pairs flood the report", found.len());
    for (a, b) in [
        ("csrf", "xss"),
        ("csv", "generatory-ekonomiat-pamiat"),
        ("api-rate-limiting", "enter-exit"),
        ("generatory-ekonomiat-pamiat", "slots"),
    ] {
        let pair = (a.to_string(), b.to_string());
        assert!(
            !found.contains(&pair),
            "{a} and {b} only share a topic word"
        );
    }
}

/// The shipped book plus reworded copies of some of its questions (other words, synonyms,
/// English terms for Russian ones), as a contributor might add them.
#[test]
fn flags_reworded_near_copies_of_the_shipped_books_questions() {
    let book =
        qbook::content::load_book(&repo_root(), &Default::default()).expect("the book loads");
    let mut questions: Vec<Question> = book.questions().map(|r| r.question.clone()).collect();
    let copies: [(&str, &str, &[&str]); 12] = [
        (
            "gil",
            "Как GIL ограничивает многопоточность в Python?",
            &["Как добиться настоящего параллелизма несмотря на GIL?"],
        ),
        (
            "spiskami-vs-kortezhami",
            "Чем кортежи отличаются от списков и когда что выбирать?",
            &["Почему кортеж можно использовать как ключ словаря?"],
        ),
        (
            "slots",
            "Зачем объявлять `__slots__` в классе?",
            &["Сколько памяти экономят slots на миллионе объектов?"],
        ),
        (
            "migratsii-bd",
            "Как безопасно применять миграции базы данных?",
            &["Как откатить неудачную миграцию?"],
        ),
        (
            "api-rate-limiting",
            "Как ограничить частоту запросов к API (rate limiting)?",
            &["Алгоритм token bucket"],
        ),
        (
            "weak-references",
            "Что такое слабые ссылки (weakref) и зачем они нужны?",
            &["Чем WeakValueDictionary отличается от обычного словаря?"],
        ),
        (
            "is-vs-eq",
            "Чем оператор `is` отличается от `==`?",
            &["Почему маленькие числа кэшируются?"],
        ),
        (
            "sborshchika-musora",
            "Как устроена сборка мусора в CPython?",
            &["Как Python находит циклические ссылки?"],
        ),
        (
            "metaklassy",
            "Зачем нужны метаклассы?",
            &["Как метаклассы используются в Django ORM?"],
        ),
        (
            "data-classes",
            "Чем dataclass лучше обычного класса?",
            &["dataclass или NamedTuple?"],
        ),
        (
            "csrf",
            "Как защититься от CSRF?",
            &["Как Django проверяет CSRF токен?"],
        ),
        (
            "serverless",
            "Как писать serverless функции на Python?",
            &["Холодный старт AWS Lambda"],
        ),
    ];
    for (n, (_, title, follow_ups)) in copies.iter().enumerate() {
        questions.push(Question {
            id: format!("copy-{n}"),
            title: (*title).into(),
            follow_ups: follow_ups
                .iter()
                .map(|t| qbook::model::FollowUp { text: (*t).into() })
                .collect(),
            ..Question::default()
        });
    }
    let refs: Vec<&Question> = questions.iter().collect();
    let pairs = similar_pairs(&refs, &SimilarityOptions::default());
    let missed: Vec<&str> = copies
        .iter()
        .enumerate()
        .filter(|(n, (original, _, _))| {
            let copy = format!("copy-{n}");
            !pairs.iter().any(|p| {
                let ids = [&refs[p.first].id, &refs[p.second].id];
                ids.contains(&&copy) && ids.contains(&&original.to_string())
            })
        })
        .map(|(_, (_, title, _))| *title)
        .collect();
    assert!(missed.is_empty(), "copies not flagged: {missed:?}");
}

#[test]
fn candidate_pruning_loses_no_pair_on_the_shipped_book() {
    let all = SimilarityOptions {
        max_df_share: 1.0,
        ..SimilarityOptions::default()
    };
    assert_eq!(
        near_duplicate_ids(&tune_root(), &SimilarityOptions::default()),
        near_duplicate_ids(&tune_root(), &all)
    );
}

#[test]
fn shows_the_piece_of_a_long_line_around_a_finding() {
    let book = copy_book("basic");
    let file = book.path().join("content/01-basics/01-core/010-gil.md");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str(&"word ".repeat(200_000));
    text.push_str("[x](missing.html) end\n");
    fs::write(&file, text).unwrap();
    let out = qbook_in(book.path(), &["check"]);
    let shown = stdout(&out);
    assert!(shown.contains("error[broken-link]"), "{shown}");
    assert!(shown.contains("20 | …word word"), "{shown}");
    assert!(shown.contains(" word [x](missing.html) end\n"), "{shown}");
    // The one-megabyte line is not printed whole.
    assert!(shown.len() < 2_000, "{} bytes", shown.len());
}

/// Runs git in `dir` (a throwaway identity, no signing), failing the test if git fails.
fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

/// A git repository holding the near-duplicate fixture book, committed on `main`, with an
/// uncited source and trailing whitespace (warnings) and a broken link (an error) already in
/// it, and a branch `pr` checked out.
fn book_repo() -> tempfile::TempDir {
    let book = copy_book("check-near-duplicate");
    let core = book.path().join("content/01-basics/01-core");
    fs::write(
        book.path().join("content/sources.yaml"),
        "- id: \"1\"\n  url: \"https://example.org/old\"\n",
    )
    .unwrap();
    let dict = core.join("030-dict.md");
    let text = fs::read_to_string(&dict).unwrap();
    fs::write(&dict, format!("{text}\nSee [gone](gone.html). \n")).unwrap();
    git(book.path(), &["init", "-q"]);
    git(book.path(), &["add", "-A"]);
    git(book.path(), &["commit", "-q", "-m", "base"]);
    git(book.path(), &["checkout", "-q", "-b", "pr"]);
    book
}

#[test]
fn reports_a_pull_requests_near_copy_on_its_file_and_errors_anywhere() {
    let book = book_repo();
    let core = book.path().join("content/01-basics/01-core");
    fs::write(
        core.join("110-slots-memory.md"),
        "---\ntitle: \"What are `__slots__` for?\"\nfollow_ups:\n  - \"How much memory do slots save on many objects?\"\n  - \"Slots and inheritance\"\n---\n",
    )
    .unwrap();
    git(book.path(), &["add", "-A"]);
    git(book.path(), &["commit", "-q", "-m", "a new question"]);
    let sources = "- id: \"1\"\n  url: \"https://example.org/old\"\n- id: \"2\"\n  url: \"https://example.org/new\"\n";
    fs::write(book.path().join("content/sources.yaml"), sources).unwrap();
    let out = qbook_in(
        book.path(),
        &["check", "--changed-since", "main", "--format", "github"],
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("::error file=content/01-basics/01-core/030-dict.md,line=8,col=5,title=qbook broken-link::"),
        "an error in an unchanged file still shows: {text}"
    );
    assert!(
        lines[1].starts_with("::warning file=content/01-basics/01-core/110-slots-memory.md,line=2,col=8,title=qbook near-duplicate::may ask the same as question 2 “Explain `__slots__`” (content/01-basics/01-core/020-slots.md:2);"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("::warning file=content/sources.yaml,line=3,col=7,title=qbook unused-source::source `2` is never cited"),
        "only the new source, not the old one: {text}"
    );
    assert_eq!(out.status.code(), Some(1), "the error fails the job");
    let plain = stdout(&qbook_in(book.path(), &["check"]));
    assert!(plain.contains("trailing-whitespace"), "{plain}");
    assert!(!plain.contains("near-duplicate"), "{plain}");
}

/// A pull request that deletes a question another one links to: the broken link says the
/// change deleted its target, both when committed and when only deleted in the work tree.
#[test]
fn a_link_to_a_question_the_pull_request_deletes_says_so() {
    let book = book_repo();
    let core = book.path().join("content/01-basics/01-core");
    let dict = core.join("030-dict.md");
    let text = fs::read_to_string(&dict).unwrap();
    fs::write(
        &dict,
        text.replace("[gone](gone.html)", "[slots](slots.html)"),
    )
    .unwrap();
    git(book.path(), &["commit", "-q", "-am", "link to slots"]);
    git(book.path(), &["checkout", "-q", "-b", "drop-slots"]);
    let want = "link `slots.html` points at question `slots`, whose file content/01-basics/01-core/020-slots.md this change deletes; remove or update the link, or keep the question";
    // Deleted in the work tree only, then committed.
    fs::remove_file(core.join("020-slots.md")).unwrap();
    for commit in [false, true] {
        if commit {
            git(book.path(), &["commit", "-q", "-am", "drop slots"]);
        }
        let out = qbook_in(book.path(), &["check", "--changed-since", "pr"]);
        let text = stdout(&out);
        assert!(text.contains(want), "committed: {commit}: {text}");
        assert_eq!(out.status.code(), Some(1), "{text}");
    }
    // Without the pull request's view, the plain message.
    let plain = stdout(&qbook_in(book.path(), &["check"]));
    assert!(
        plain.contains("link `slots.html` points at question `slots`, which does not exist"),
        "{plain}"
    );
}

/// A new file that takes an old file's number: the error stands on the new file (the one
/// the pull request changed), naming the old one, so that the annotation is on the diff.
#[test]
fn reports_a_prefix_collision_on_the_file_a_pull_request_added() {
    let book = book_repo();
    let core = book.path().join("content/01-basics/01-core");
    fs::write(
        core.join("020-aaa-new.md"),
        "---\ntitle: \"How does the walrus operator work?\"\nfollow_ups:\n  - \"Where does it help?\"\n---\n",
    )
    .unwrap();
    let out = qbook_in(
        book.path(),
        &["check", "--changed-since", "main", "--format", "github"],
    );
    let text = stdout(&out);
    assert!(
        text.contains("::error file=content/01-basics/01-core/020-aaa-new.md,line=1,col=1,title=qbook prefix-collision::numeric prefix of `020-aaa-new.md` is also used by `020-slots.md`"),
        "{text}"
    );
    assert!(
        !text.contains("file=content/01-basics/01-core/020-slots.md"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// Links written as on GitHub (to a book's `.md` file) or copied from the home page into an
/// answer (`q/gil.html`, which leads to `q/q/gil.html`) are broken on the site.
#[test]
fn reports_links_to_markdown_files_and_to_q_inside_q() {
    let book = copy_book("basic");
    let core = book.path().join("content/01-basics/01-core");
    let name = fs::read_dir(&core)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_'))
        .min()
        .unwrap();
    let file = core.join(&name);
    let text = fs::read_to_string(&file).unwrap();
    let lines = text.lines().count();
    fs::write(
        &file,
        format!("{text}\nSee [a](q/gil.html) and [b](010-gil.md).\n"),
    )
    .unwrap();
    let out = qbook_in(book.path(), &["check", "--format", "github"]);
    let shown = stdout(&out);
    let at = |col: usize| {
        format!("::error file=content/01-basics/01-core/{name},line={},col={col},title=qbook broken-link::", lines + 2)
    };
    assert!(
        shown.contains(&format!("{}link `q/gil.html` leads to `q/q/gil.html`, which does not exist: an answer's page is already in `q/`, so link to `gil.html`", at(5))),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("{}link `010-gil.md` points at a Markdown file of the book, which is not on the built site; link to the question's page instead: `gil.html` from an answer", at(25))),
        "{shown}"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// A YAML mistake in one entry of sources.yaml does not hide the other entries' problems.
#[test]
fn reports_every_broken_source_in_one_run() {
    let book = copy_book("basic");
    let sources = "- id: \"1\"\n  url: \"https://example.org/a\"\n- id: \"2\"\n\turl: \"https://example.org/b\"\n- id: \"3\"\n  url: example.org/c\n- id: \"1\"\n  url: \"https://example.org/d\"\n";
    fs::write(book.path().join("content/sources.yaml"), sources).unwrap();
    let out = qbook_in(book.path(), &["check", "--format", "github"]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "::error file=content/sources.yaml,line=4,col=1,title=qbook bad-sources::a tab indents this line, and YAML allows only spaces there; replace the tab with two spaces",
            "::error file=content/sources.yaml,line=6,col=3,title=qbook bad-sources::source `3` has the URL `example.org/c`; a source URL must start with https:// or http://",
            "::error file=content/sources.yaml,line=7,col=7,title=qbook bad-sources::duplicate source id `1` (first at line 1); give each source its own id, and cite each as `[^id]`",
        ],
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// A question saved as `.MD` or `.markdown` would be left off the site without a word.
#[test]
fn errors_when_a_question_file_does_not_end_in_lowercase_md() {
    let book = copy_book("basic");
    let core = book.path().join("content/01-basics/01-core");
    let text = "---\ntitle: \"Upper case?\"\nfollow_ups:\n  - \"Why?\"\n---\n";
    fs::write(core.join("090-upper.MD"), text).unwrap();
    fs::write(core.join("095-long.markdown"), text).unwrap();
    fs::write(core.join("notes.txt"), "not a question").unwrap();
    let out = qbook_in(book.path(), &["check"]);
    let text = stdout(&out);
    assert!(
        text.contains("error[io]: qbook reads only files ending in `.md` (lowercase), so this one is not on the site; rename it to `090-upper.md`\n --> content/01-basics/01-core/090-upper.MD\n"),
        "{text}"
    );
    assert!(text.contains("rename it to `095-long.md`"), "{text}");
    assert!(!text.contains("notes.txt"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn says_what_to_do_when_the_revision_or_the_repository_is_missing() {
    let book = book_repo();
    let out = qbook_in(book.path(), &["check", "--changed-since", "origin/main"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: unknown git revision `origin/main`; fetch it first"),
        "{}",
        stderr(&out)
    );
    let plain = copy_book("basic");
    let out = qbook_in(plain.path(), &["check", "--changed-since", "main"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "is not inside a git repository; --changed-since compares with a git revision"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn sets_rule_levels_from_site_toml() {
    let book = copy_book("check-whitespace");
    let site = book.path().join("site.toml");
    let base = fs::read_to_string(&site).unwrap();
    let with = |rules: &str| {
        fs::write(&site, format!("{base}\n[check]\nrules = {{ {rules} }}\n")).unwrap()
    };
    with("trailing-whitespace = \"error\"");
    let out = qbook_in(book.path(), &["check"]);
    assert!(
        stdout(&out).starts_with("error[trailing-whitespace]"),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(1));
    with("trailing-whitespace = \"off\"");
    let out = qbook_in(book.path(), &["check", "--strict"]);
    assert!(stdout(&out).starts_with("ok: "), "{}", stdout(&out));
    assert_eq!(out.status.code(), Some(0));
    with("trailing-space = \"off\"");
    let out = qbook_in(book.path(), &["check"]);
    let line = base.lines().count() + 3;
    assert!(
        stdout(&out).starts_with("error[bad-config]: unknown rule `trailing-space` in [check] rules; the rules a book can set are: unused-source, missing-follow-ups,"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains(&format!("--> site.toml:{line}:11\n")),
        "{}",
        stdout(&out)
    );
    with("broken-link = \"off\"");
    let out = qbook_in(book.path(), &["check"]);
    assert!(
        stdout(&out).starts_with("error[bad-config]: rule `broken-link` is an error (the build stops, or the site would be broken), so it cannot be turned off"),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(1));
    // A misspelled level is reported at the level, and the other entries' problems too.
    with("long-title = \"of\", trailing-space = \"off\"");
    let out = qbook_in(book.path(), &["check"]);
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("error[bad-config]: unknown level `of` for rule `long-title` in [check] rules; write \"off\", \"warning\" or \"error\"\n --> site.toml:{line}:24\n")),
        "{text}"
    );
    assert!(text.contains("unknown rule `trailing-space`"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}
