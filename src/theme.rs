//! The theme: the embedded default theme plus a book's on-disk overrides, as one Tera
//! instance, its static files and its UI strings.
//!
//! A book overrides any template, partial, static file or string file by putting a file of
//! the same path under its own `themes/<name>/`.
//!
//! Besides Tera's own, templates have one function, `cached_include(name, key)`: see
//! [`CachedInclude`].

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;
use std::sync::{Arc, RwLock};

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};
use walkdir::WalkDir;

use crate::content::rel;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Pos;
use crate::search::glossary::{parse_glossary, Glossary};

/// One file of the default theme, embedded in the binary.
macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of `themes/default`, by path relative to the theme folder.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embedded![
    "templates/base.html",
    "templates/index.html",
    "templates/level.html",
    "templates/question.html",
    "templates/tags.html",
    "templates/tag.html",
    "templates/sources.html",
    "templates/404.html",
    "templates/search.html",
    "templates/sitemap.xml",
    "templates/robots.txt",
    "templates/partials/question-item.html",
    "templates/partials/follow-ups.html",
    "templates/partials/search-box.html",
    "templates/partials/header.html",
    "templates/partials/footer.html",
    "templates/partials/pager.html",
    "templates/partials/progress-summary.html",
    "templates/print.html",
    "templates/partials/print-question.html",
    "templates/study.html",
    "templates/interview.html",
    "static/style.css",
    "static/qbook.js",
    "static/theme.js",
    "static/search/stem-ru.js",
    "static/search/stem-en.js",
    "static/search/tokenize.js",
    "static/search/index.js",
    "static/search/query.js",
    "static/search/rank.js",
    "static/search/ui.js",
    "static/favicon.svg",
    // favicon.svg as PNG (for installing on a phone), rendered by headless Chromium.
    "static/icon-192.png",
    "static/icon-512.png",
    "static/sw.js",
    "static/print.css",
    "static/highlight.css",
    "static/print.js",
    "static/study.js",
    "static/interview/sample.js",
    "static/interview/page.js",
    "static/progress/store.js",
    "static/progress/marks.js",
    "static/study.css",
    "i18n/ru.toml",
    "i18n/en.toml",
    "glossary.toml",
];

/// A loaded theme, ready to render.
pub struct Theme {
    /// All templates, compiled once.
    pub tera: Tera,
    /// Static files by path under `static/` (`style.css`).
    pub statics: BTreeMap<String, Vec<u8>>,
    /// UI strings for the book's language.
    pub strings: BTreeMap<String, toml::Value>,
    /// Template name -> the file it came from (`themes/default/templates/base.html`), for errors.
    pub template_paths: BTreeMap<String, String>,
    /// The search's synonyms: the theme's `glossary.toml` and the book's `content/synonyms.toml`.
    pub glossary: Glossary,
}

/// Loads the theme `name` for a book at `root` in `language`.
pub fn load_theme(root: &Path, name: &str, language: &str) -> Result<Theme, Diagnostics> {
    let mut files: BTreeMap<String, (String, Vec<u8>)> = DEFAULT_THEME
        .iter()
        .map(|(path, bytes)| {
            (
                path.to_string(),
                (format!("themes/default/{path}"), bytes.to_vec()),
            )
        })
        .collect();
    let mut diags = Diagnostics::default();
    read_overrides(root, name, &mut files, &mut diags);
    let tera = compile_templates(&files, &mut diags);
    let strings = read_strings(&files, language, &mut diags);
    let glossary = read_glossary(root, &files, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let template_paths = files
        .iter()
        .filter_map(|(path, (shown, _))| {
            path.strip_prefix("templates/")
                .map(|n| (n.to_string(), shown.clone()))
        })
        .collect();
    let statics = files
        .into_iter()
        .filter_map(|(path, (_, bytes))| {
            path.strip_prefix("static/").map(|p| (p.to_string(), bytes))
        })
        .collect();
    Ok(Theme {
        tera: tera.unwrap_or_default(),
        statics,
        strings,
        template_paths,
        glossary,
    })
}

/// The book's own synonyms for search, next to its questions.
pub const BOOK_SYNONYMS: &str = "content/synonyms.toml";

/// The theme's `glossary.toml` with the book's [`BOOK_SYNONYMS`] added, if it has that file.
fn read_glossary(
    root: &Path,
    files: &BTreeMap<String, (String, Vec<u8>)>,
    diags: &mut Diagnostics,
) -> Glossary {
    let mut glossary = Glossary::default();
    let book = fs::read(root.join(BOOK_SYNONYMS)).map(|b| (BOOK_SYNONYMS.to_string(), b));
    if let Err(err) = &book {
        if err.kind() != std::io::ErrorKind::NotFound {
            let msg = format!("cannot read the file: {err}");
            diags.push(Diagnostic::error("io", Path::new(BOOK_SYNONYMS), None, msg));
        }
    }
    for (shown, bytes) in files
        .get("glossary.toml")
        .cloned()
        .into_iter()
        .chain(book.ok())
    {
        let Ok(text) = String::from_utf8(bytes) else {
            let msg = "not UTF-8 text: save the file as UTF-8";
            diags.push(Diagnostic::error("encoding", Path::new(&shown), None, msg));
            continue;
        };
        match parse_glossary(Path::new(&shown), &text) {
            Ok(more) => glossary.extend(more),
            Err(d) => diags.0.extend(d.0),
        }
    }
    glossary
}

/// Puts every file of `root/themes/<name>/` over the embedded one of the same path.
fn read_overrides(
    root: &Path,
    name: &str,
    files: &mut BTreeMap<String, (String, Vec<u8>)>,
    diags: &mut Diagnostics,
) {
    let dir = root.join("themes").join(name);
    if !dir.is_dir() {
        if name != "default" {
            let msg = format!("theme `{name}` not found; create themes/{name}/ or set `theme = \"default\"` in site.toml");
            diags.push(Diagnostic::error(
                "bad-config",
                Path::new("site.toml"),
                None,
                msg,
            ));
        }
        return;
    }
    for entry in WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let key = rel(&dir, entry.path()).to_string_lossy().replace('\\', "/");
        let shown = rel(root, entry.path()).to_string_lossy().into_owned();
        match fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(key, (shown, bytes));
            }
            Err(err) => diags.push(Diagnostic::error(
                "io",
                Path::new(&shown),
                None,
                format!("cannot read the file: {err}"),
            )),
        }
    }
}

/// Compiles all `templates/` files into one Tera instance.
fn compile_templates(
    files: &BTreeMap<String, (String, Vec<u8>)>,
    diags: &mut Diagnostics,
) -> Option<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on([".html", ".xml"]);
    // Templates are checked for unknown functions as they are added: this stand-in is what
    // a partial rendered by `cached_include` sees; the pages get the real one below.
    tera.register_function(
        "cached_include",
        |_: Kwargs, _: &State| -> TeraResult<Value> {
            Err(tera::Error::message(
                "cached_include cannot be used inside a partial that is itself cached",
            ))
        },
    );
    let mut templates = Vec::new();
    for (path, (shown, bytes)) in files {
        let Some(name) = path.strip_prefix("templates/") else {
            continue;
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => templates.push((name.to_string(), text.to_string())),
            Err(_) => diags.push(Diagnostic::error(
                "template",
                Path::new(shown),
                None,
                "not UTF-8 text",
            )),
        }
    }
    let (name, text) = crate::render::print::SECTION_TEMPLATE;
    templates.push((name.to_string(), text.to_string()));
    match tera.add_raw_templates(templates) {
        Ok(()) => {
            let partials = Arc::new(tera.clone());
            tera.register_function(
                "cached_include",
                CachedInclude {
                    tera: partials,
                    rendered: RwLock::default(),
                },
            );
            Some(tera)
        }
        Err(err) => {
            let paths = files
                .iter()
                .filter_map(|(p, (shown, _))| {
                    p.strip_prefix("templates/")
                        .map(|n| (n.to_string(), shown.clone()))
                })
                .collect();
            diags.push(template_diagnostic(&err, &paths));
            None
        }
    }
}

/// `cached_include(name="partials/header.html", key=...)`: renders template `name` with the
/// calling page's `site`, `root` and `page`, once per distinct `key` in a build; later calls
/// with the same key get the same HTML (the default theme's header and footer are the same
/// on 10,000 question pages). `key` must tell apart everything the partial shows: the
/// default theme passes `root` and `page.level` for the header, `root` for the footer.
struct CachedInclude {
    /// The theme's templates (without this function: a cached partial cannot nest one).
    tera: Arc<Tera>,
    /// HTML by template, then key: looked up without making a key (twice a page).
    rendered: RwLock<HashMap<String, HashMap<String, Value>>>,
}

impl tera::Function<TeraResult<Value>> for CachedInclude {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let name: &str = kwargs.must_get("name")?;
        let key: &str = kwargs.must_get("key")?;
        let known = self.rendered.read().unwrap_or_else(|e| e.into_inner());
        if let Some(html) = known.get(name).and_then(|by_key| by_key.get(key)) {
            return Ok(html.clone());
        }
        drop(known);
        let mut ctx = Context::new();
        for var in ["site", "root", "page"] {
            if let Some(value) = state.get::<Value>(var)? {
                ctx.insert_value(var, value);
            }
        }
        let html = Value::safe_string(&self.tera.render(name, &ctx)?);
        let mut known = self.rendered.write().unwrap_or_else(|e| e.into_inner());
        let by_key = known.entry(name.to_string()).or_default();
        by_key.insert(key.to_string(), html.clone());
        Ok(html)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A Tera error as `path:line:col: message`, with the path of the theme file.
pub fn template_diagnostic(err: &tera::Error, paths: &BTreeMap<String, String>) -> Diagnostic {
    let shown_path = |name: &str| {
        paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("templates/{name}"))
    };
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let pos = Pos::new(span.start_line, span.start_col + 1);
            let msg = format!("template error: {}", report.message());
            Diagnostic::error(
                "template",
                Path::new(&shown_path(report.filename())),
                Some(pos),
                msg,
            )
        }
        other => Diagnostic::error(
            "template",
            Path::new("themes"),
            None,
            format!("template error: {other}"),
        ),
    }
}

/// Reads `i18n/<language>.toml` (falling back to English for missing keys).
fn read_strings(
    files: &BTreeMap<String, (String, Vec<u8>)>,
    language: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, toml::Value> {
    let mut strings = BTreeMap::new();
    for lang in ["en", language] {
        let Some((shown, bytes)) = files.get(&format!("i18n/{lang}.toml")) else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes);
        match toml::from_str::<BTreeMap<String, toml::Value>>(&text) {
            Ok(map) => strings.extend(map),
            Err(err) => {
                let pos = err.span().map(|s| crate::config::pos_at(&text, s.start));
                diags.push(Diagnostic::error(
                    "bad-strings",
                    Path::new(shown),
                    pos,
                    err.message().to_string(),
                ));
            }
        }
    }
    strings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_every_file_of_the_default_theme() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| rel(&dir, e.path()).to_string_lossy().replace('\\', "/"))
            .collect();
        for path in &on_disk {
            assert!(
                DEFAULT_THEME.iter().any(|(p, _)| p == path),
                "{path} is not embedded in theme.rs"
            );
        }
        assert_eq!(on_disk.len(), DEFAULT_THEME.len());
    }

    #[test]
    fn loads_the_default_theme_without_a_themes_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let theme = load_theme(tmp.path(), "default", "ru").unwrap();
        assert!(theme.statics.contains_key("style.css"));
        assert!(theme.strings.contains_key("question_forms"));
    }

    #[test]
    fn adds_the_books_synonyms_and_reports_their_errors_where_they_are() {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir_all(tmp.path().join("content")).unwrap();
        let file = tmp.path().join(BOOK_SYNONYMS);
        fs::write(
            &file,
            "synonyms = [[\"фастапи\", \"fastapi\"], [\"кролик\", \"rabbitmq\"]]\n",
        )
        .unwrap();
        let theme = load_theme(tmp.path(), "default", "ru").unwrap();
        let shipped = load_theme(Path::new("/nonexistent"), "default", "ru").unwrap();
        assert!(shipped.glossary.synonyms.len() > 100);
        assert_eq!(
            theme.glossary.synonyms.len(),
            shipped.glossary.synonyms.len() + 2
        );
        fs::write(&file, "synonyms = [\n  [\"пандас\"],\n]\n").unwrap();
        let err = match load_theme(tmp.path(), "default", "ru") {
            Err(e) => e.to_string(),
            Ok(_) => panic!("a broken synonyms file must fail"),
        };
        assert!(err.starts_with("content/synonyms.toml:2:3: "), "{err}");
    }

    #[test]
    fn reports_template_errors_with_position() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("themes/default/templates");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("tag.html"), "line one\n{% if %}\n").unwrap();
        let err = match load_theme(tmp.path(), "default", "en") {
            Err(e) => e.to_string(),
            Ok(_) => panic!("a broken template must fail"),
        };
        assert!(
            err.starts_with("themes/default/templates/tag.html:2:"),
            "{err}"
        );
    }

    #[test]
    fn cached_include_renders_a_partial_once_per_key() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("themes/default/templates");
        fs::create_dir_all(dir.join("partials")).unwrap();
        let page = r#"{{ cached_include(name="partials/p.html", key=k) }}"#;
        fs::write(dir.join("t.html"), page).unwrap();
        fs::write(
            dir.join("partials/p.html"),
            "[{{ page.title }} <{{ root }}>]",
        )
        .unwrap();
        let nested = r#"{{ cached_include(name="partials/p.html", key="x") }}"#;
        fs::write(dir.join("partials/n.html"), nested).unwrap();
        let outer = r#"{{ cached_include(name="partials/n.html", key="y") }}"#;
        fs::write(dir.join("u.html"), outer).unwrap();
        let theme = load_theme(tmp.path(), "default", "en").unwrap();
        let render = |template: &str, title: &str, key: &str| {
            let mut ctx = tera::Context::new();
            ctx.insert("page", &BTreeMap::from([("title", title)]));
            ctx.insert("root", "../");
            ctx.insert("k", key);
            theme.tera.render(template, &ctx)
        };
        assert_eq!(render("t.html", "A", "1").unwrap(), "[A <../>]");
        // The same key: the HTML of the first call.
        assert_eq!(render("t.html", "B", "1").unwrap(), "[A <../>]");
        assert_eq!(render("t.html", "B", "2").unwrap(), "[B <../>]");
        // The partial escapes what it shows, once.
        assert_eq!(render("t.html", "<i>", "4").unwrap(), "[&lt;i&gt; <../>]");
        let err = render("u.html", "C", "3").unwrap_err();
        let msg = format!("{err:?}");
        assert!(msg.contains("cannot be used inside a partial"), "{msg}");
    }
}
