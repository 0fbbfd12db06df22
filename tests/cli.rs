//! Integration tests: the `qbook` binary on small fixture books, comparing page content
//! and the exact text of error messages.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::{copy_book, fixture, qbook, stderr, BIN};

fn build(root: &Path, out: &Path) -> Output {
    qbook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// The `<main>` element of a built page.
fn main_of(site: &Path, page: &str) -> String {
    let html = fs::read_to_string(site.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page closes <main>");
    html[start..end].to_string()
}

#[test]
fn renders_every_page_of_the_basic_book() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = build(&fixture("basic"), &site);
    assert!(out.status.success(), "{}", stderr(&out));
    for page in [
        "index.html",
        "basics/index.html",
        "web/index.html",
        "q/gil.html",
        "q/is-vs-eq.html",
        "tags/index.html",
        "tags/concurrency/index.html",
        "sources/index.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "questions.json",
        "static/style.css",
        "static/highlight.css",
    ] {
        assert!(site.join(page).is_file(), "missing {page}");
    }
    let home = main_of(&site, "index.html");
    assert!(home.contains("3 questions · questions 1–3"), "{home}");
    assert!(
        home.contains("<a href=\"sources/index.html#source-1\">1</a>"),
        "{home}"
    );
    let level = main_of(&site, "basics/index.html");
    assert!(level.contains("<h2 id=\"core\">Core</h2>"), "{level}");
    assert!(
        level.contains("value=\"2\" data-qid=\"is-vs-eq\""),
        "{level}"
    );
    assert!(
        level.contains("<li>Why is <code>a is b</code> true for small integers?</li>"),
        "{level}"
    );
}

#[test]
fn renders_question_pages_with_answers_code_and_navigation() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    assert!(build(&fixture("basic"), &site).status.success());
    let gil = main_of(&site, "q/gil.html");
    assert!(
        gil.contains("<span class=\"q-number\">1.</span> What is the GIL"),
        "{gil}"
    );
    assert!(gil.contains("data-lang=\"python\""), "{gil}");
    assert!(gil.contains("hl-keyword"), "{gil}");
    assert!(
        gil.contains("href=\"../sources/index.html#source-2\""),
        "{gil}"
    );
    assert!(
        gil.contains("rel=\"next\" href=\"../q/is-vs-eq.html\""),
        "{gil}"
    );
    assert!(!gil.contains("rel=\"prev\""), "{gil}");
    assert!(
        gil.contains("compare <a href=\"../q/dict.html\">dicts</a>"),
        "{gil}"
    );
    let print = fs::read_to_string(site.join("print/interviewer/index.html")).unwrap();
    assert!(
        print.contains("compare <a href=\"https://example.org/book/q/dict.html\">dicts</a>"),
        "links in answers on print pages are absolute"
    );
    assert!(gil.contains(
        "https://github.com/example/book/edit/main/content/01-basics/01-core/010-gil.md"
    ));
    let dict = main_of(&site, "q/dict.html");
    assert!(
        dict.contains("rel=\"prev\" href=\"../q/is-vs-eq.html\""),
        "{dict}"
    );
    assert!(
        dict.contains("href=\"../tags/internals/index.html\">#internals</a>"),
        "{dict}"
    );
}

#[test]
fn escapes_html_from_content() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    assert!(build(&fixture("basic"), &site).status.success());
    let rest = fs::read_to_string(site.join("q/rest.html")).unwrap();
    assert!(rest.contains("RESTful? &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!rest.contains("<script>alert"));
}

#[test]
fn writes_sitemap_and_questions_json() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    assert!(build(&fixture("basic"), &site).status.success());
    let sitemap = fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/book/q/gil.html</loc>"),
        "{sitemap}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("questions.json")).unwrap()).unwrap();
    assert_eq!(json["question_count"], 4);
    assert_eq!(
        json["levels"][0]["sections"][0]["questions"][1]["id"],
        "is-vs-eq"
    );
    assert_eq!(
        json["levels"][0]["sections"][0]["questions"][1]["title"],
        "Explain is versus =="
    );
}

/// Writes `text` to `rel` inside the book and returns the build's stderr (expecting failure).
fn build_error(book: &Path, files: &[(&str, &str)]) -> String {
    for (rel, text) in files {
        let path = book.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let site = book.join("public");
    let out = build(book, &site);
    assert_eq!(
        out.status.code(),
        Some(1),
        "build must fail: {}",
        stderr(&out)
    );
    assert!(!site.exists(), "a failed build writes nothing");
    stderr(&out)
}

#[test]
fn errors_name_file_line_and_column() {
    let book = copy_book("basic");
    let err = build_error(
        book.path(),
        &[
            (
                "content/01-basics/01-core/030-typo.md",
                "---\ntitle: \"T\"\nfolow_ups: []\n---\n",
            ),
            (
                "content/01-basics/01-core/040-notitle.md",
                "---\nfollow_ups: [\"a\"]\n---\n",
            ),
            (
                "content/02-web/01-http/020-gil.md",
                "---\ntitle: \"Again\"\n---\n",
            ),
            ("content/02-web/01-http/030-open.md", "---\ntitle: x\n"),
        ],
    );
    let expected = "\
error: content/01-basics/01-core/030-typo.md:3:1: unknown field `folow_ups`, expected one of `title`, `follow_ups`, `tags`, `id`; did you mean `follow_ups`? rename the key
error: content/01-basics/01-core/040-notitle.md:1:1: missing `title`; add `title: \"…\"` to the front matter
error: content/02-web/01-http/020-gil.md:2:8: duplicate id `gil`: content/01-basics/01-core/010-gil.md has it too; rename one file or set `id:` in its front matter
error: content/02-web/01-http/030-open.md:1:1: front matter is not closed; add a line `---` after the YAML keys
error: 4 problems; fix them and run again
";
    assert_eq!(err, expected);
}

#[test]
fn errors_on_bad_config_and_templates() {
    let book = copy_book("basic");
    let err = build_error(
        book.path(),
        &[(
            "site.toml",
            "title = \"x\"\nlanguage = \"ru\"\nbase_ur = \"/\"\n",
        )],
    );
    assert!(
        err.starts_with("error: site.toml:3:1: unknown field `base_ur`"),
        "{err}"
    );
    let book = copy_book("basic");
    let err = build_error(
        book.path(),
        &[(
            "themes/default/templates/tag.html",
            "{% extends \"base.html\" %}\n{% block content %}{{ tag.name }{% endblock content %}\n",
        )],
    );
    assert!(
        err.starts_with("error: themes/default/templates/tag.html:2:"),
        "{err}"
    );
}

#[test]
fn a_failed_build_keeps_the_previous_site() {
    let book = copy_book("basic");
    let site = book.path().join("site");
    assert!(build(book.path(), &site).status.success());
    fs::write(
        book.path().join("content/02-web/01-http/010-rest.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    let out = build(book.path(), &site);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        site.join("q/rest.html").is_file(),
        "old site is still there"
    );
    let leftovers: Vec<_> = fs::read_dir(book.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("qbook-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn refuses_to_write_over_the_book() {
    let book = copy_book("basic");
    let out = qbook(&[
        "build",
        "--root",
        book.path().to_str().unwrap(),
        "--out",
        book.path().join("content").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("it would replace the book itself"),
        "{}",
        stderr(&out)
    );
    assert!(book.path().join("content/_index.md").is_file());
}

#[test]
fn overrides_theme_files_from_the_book() {
    let book = copy_book("basic");
    let dir = book.path().join("themes/default/templates");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Custom 404</h1>{% endblock content %}",
    )
    .unwrap();
    let site = book.path().join("public");
    assert!(build(book.path(), &site).status.success());
    assert!(fs::read_to_string(site.join("404.html"))
        .unwrap()
        .contains("Custom 404"));
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(qbook(&["build", "--no-such-flag"]).status.code(), Some(2));
}

#[test]
fn writes_print_pages_for_book_and_levels() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    assert!(build(&fixture("basic"), &site).status.success());
    for page in [
        "print/index.html",
        "print/interviewer/index.html",
        "print/basics/index.html",
        "print/web/interviewer/index.html",
    ] {
        assert!(site.join(page).is_file(), "missing {page}");
    }
    let candidate = fs::read_to_string(site.join("print/index.html")).unwrap();
    assert!(
        !candidate.contains("search-input"),
        "no search on print pages"
    );
    assert!(
        !candidate.contains("pq-score"),
        "no score boxes for candidates"
    );
    assert!(
        !candidate.contains("global interpreter lock"),
        "no answers for candidates"
    );
    let interviewer = fs::read_to_string(site.join("print/interviewer/index.html")).unwrap();
    assert!(interviewer.contains("class=\"pq-score\""));
    assert!(interviewer.contains("<strong>global interpreter lock</strong>"));
    assert!(
        interviewer.contains("<a href=\"#source-2\">2</a>"),
        "footnotes point into the print page"
    );
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        home.contains("href=\"print/index.html\""),
        "home links to print"
    );
}

/// Text of each page of a PDF, by pdftotext (poppler-utils, installed by tests/run.sh).
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is installed (tests/run.sh installs poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[test]
fn pdf_keeps_questions_with_follow_ups_and_starts_levels_on_new_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("book.pdf");
    let out = qbook(&[
        "pdf",
        "--root",
        fixture("basic").to_str().unwrap(),
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pages = pdf_pages(&pdf);
    let all = pages.join("\n");
    let order = [
        "What is the GIL",
        "How do you get real parallelism",
        "When are threads still useful",
        "Explain is versus ==",
        "How does dict keep insertion order?",
        "What makes an API RESTful?",
        "How do you version an API?",
    ];
    let body_start = all.find("Level 1: Basics\n").unwrap_or(0);
    let mut at = all.rfind("Contents").unwrap_or(0).max(body_start);
    for text in order {
        let found = all[at..]
            .find(text)
            .unwrap_or_else(|| panic!("{text} missing or out of order in:\n{all}"));
        at += found;
    }
    let page_of = |needle: &str| pages.iter().rposition(|p| p.contains(needle)).unwrap();
    assert_eq!(
        page_of("What is the GIL"),
        page_of("When are threads still useful")
    );
    assert_eq!(
        page_of("What makes an API RESTful?"),
        page_of("How do you version an API?")
    );
    let web = page_of("What makes an API RESTful?");
    assert!(
        !pages[web].contains("Explain is versus"),
        "level 2 starts a new page"
    );
    assert!(
        pages[0].contains("Fixture Book") && pages[0].contains("4 questions"),
        "title page: {}",
        pages[0]
    );
    assert!(
        pages[1].contains("Contents"),
        "contents on page 2: {}",
        pages[1]
    );
    let total = pages.len();
    assert!(
        pages[1].contains(&format!("Page 2 / {total}")),
        "page numbers: {}",
        pages[1]
    );
    let toc_line = pages[1]
        .lines()
        .find(|l| l.contains("Level 2: Web"))
        .unwrap();
    assert!(
        toc_line.trim_end().ends_with(&(web + 1).to_string()),
        "contents gives level 2's page: {toc_line}"
    );
}

#[test]
fn pdf_without_chromium_says_how_to_install_it() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("book.pdf");
    let out = Command::new(BIN)
        .args([
            "pdf",
            "--root",
            fixture("basic").to_str().unwrap(),
            "--out",
            pdf.to_str().unwrap(),
        ])
        .env("PATH", tmp.path())
        .env_remove("QBOOK_CHROME")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("qbook pdf needs Chromium or Chrome"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("apt-get install chromium"));
    assert!(!pdf.exists());
    let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert!(leftovers.is_empty(), "nothing is left behind");
}

#[test]
fn build_output_never_has_the_reload_script() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    assert!(build(&fixture("basic"), &site).status.success());
    let html = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!html.contains("__qbook"));
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn read_tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

#[test]
fn importing_the_seed_reproduces_content_byte_for_byte() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let into = tmp.path().join("content");
    let seed = repo.join("tests/fixtures/import/seed-ru.md");
    let out = qbook(&[
        "import",
        seed.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("imported 5 levels, 26 sections, 130 questions, 260 follow-ups, 40 sources"),
        "{}",
        stderr(&out)
    );
    let (fresh, shipped) = (read_tree(&into), read_tree(&repo.join("content")));
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        shipped.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &fresh {
        assert!(
            bytes == &shipped[path],
            "{} differs from content/",
            path.display()
        );
    }
}

#[test]
fn import_refuses_an_existing_tree_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let into = tmp.path().join("content");
    let doc = fixture("../import/en-crlf-bom.md");
    let doc = doc.to_str().unwrap();
    assert!(qbook(&["import", doc, "--into", into.to_str().unwrap()])
        .status
        .success());
    fs::write(into.join("mine.txt"), "keep").unwrap();
    let out = qbook(&["import", doc, "--into", into.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert!(into.join("mine.txt").exists(), "nothing was touched");
    assert!(
        qbook(&["import", doc, "--into", into.to_str().unwrap(), "--force"])
            .status
            .success()
    );
    assert!(
        !into.join("mine.txt").exists(),
        "--force replaces the tree whole"
    );
}

#[test]
fn rejects_javascript_urls_in_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = tmp.path().join("doc.md");
    fs::write(
        &doc,
        "# B\n\n## L\n\n### S\n\n1. **Q?**\n**R:**\n    - f\n\n[^1]: javascript:alert(1)\n",
    )
    .unwrap();
    let out = qbook(&[
        "import",
        doc.to_str().unwrap(),
        "--into",
        tmp.path().join("content").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("doc.md:11:6: footnote [^1] points at `javascript:alert(1)`; a source URL must start with https:// or http://"), "{}", stderr(&out));
    let book = copy_book("basic");
    let err = build_error(
        book.path(),
        &[(
            "content/sources.yaml",
            "- id: \"1\"\n  url: \"javascript:alert(1)\"\n",
        )],
    );
    assert!(err.contains("content/sources.yaml:2:3: source `1` has the URL `javascript:alert(1)`; a source URL must start with https:// or http://"), "{err}");
}

#[test]
fn hostile_documents_are_escaped_on_every_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let doc = "# Book <script>alert(1)</script>\n\n## **Level 1: <img src=x onerror=alert(1)> (1-1)**\n\n### <svg onload=alert(1)>\n\n\
1. **What is `x` <script>alert(2)</script> [link](javascript:alert(3))?**\n**Related:**\n    - <iframe src=\"https://evil.example\"></iframe>\n    - \" onmouseover=\"alert(4)\n\n[^1]: https://example.org/\"><script>alert(5)</script>\n";
    fs::write(root.join("doc.md"), doc).unwrap();
    fs::write(root.join("site.toml"), "language = \"en\"\n").unwrap();
    let out = qbook(&[
        "import",
        root.join("doc.md").to_str().unwrap(),
        "--into",
        root.join("content").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = root.join("public");
    let out = build(root, &site);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut pages = 0;
    for (path, bytes) in read_tree(&site) {
        if path.extension().is_some_and(|e| e == "html") {
            pages += 1;
            let html = String::from_utf8(bytes).unwrap().to_lowercase();
            for bad in ["<script>alert", "<img src=x", "<svg onload", "<iframe"] {
                assert!(!html.contains(bad), "{} contains {bad}", path.display());
            }
            for (name, value) in attributes(&html) {
                assert!(
                    !name.starts_with("on"),
                    "{}: an event handler attribute {name}={value}",
                    path.display()
                );
                assert!(
                    !value.trim_start().starts_with("javascript:"),
                    "{}: {name}={value}",
                    path.display()
                );
            }
        }
    }
    assert!(pages > 10, "built {pages} pages");
}

/// Every attribute (name, value) of every tag in `html`, honouring quotes: a small scanner
/// for tests, enough to tell a live attribute from escaped text.
fn attributes(html: &str) -> Vec<(String, String)> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(start) = html[i..].find('<').map(|p| p + i) {
        i = start + 1;
        if !bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
            i += 1;
        }
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let name_start = i;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'=' | b'>')
            {
                i += 1;
            }
            let name = html[name_start..i].to_string();
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                let quote = bytes[i];
                if quote == b'"' || quote == b'\'' {
                    let end = html[i + 1..]
                        .find(quote as char)
                        .map_or(bytes.len(), |p| p + i + 1);
                    value = html[i + 1..end].to_string();
                    i = end + 1;
                } else {
                    let v0 = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = html[v0..i].to_string();
                }
            }
            out.push((name, value));
        }
    }
    out
}

#[test]
fn new_without_follow_ups_says_to_add_them_first() {
    let book = copy_book("basic");
    let out = common::qbook_in(
        book.path(),
        &["new", "What is HTTP/3?", "--level", "web", "--section", "1"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "created content/02-web/01-http/020-http.md\nnext:\n  \
         1. add two or three follow-ups to the front matter: follow_ups: [\"…?\", \"…?\"]\n  \
         2. write the answer (optional) under the comment in that file\n  \
         3. qbook serve    to preview it (the page q/http.html)\n  \
         4. qbook check    before you open the pull request\n"
    );
}
