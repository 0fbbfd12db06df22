//! The theme: the embedded default theme plus a book's on-disk overrides, as one Tera
//! instance, its static files and its UI strings.
//!
//! A book overrides any template, partial, static file or string file by putting a file of
//! the same path under its own `themes/<name>/`.
//!
//! Besides Tera's own, templates have one function, `cached_include(name, ...)`: see
//! [`CachedInclude`].

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};
use tera::{Context, Kwargs, State, Tera, TeraResult, Value};
use walkdir::WalkDir;

use crate::diagnostic::{pos_at, rel, Diagnostic, Diagnostics, RuleId};
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
    pub strings: Strings,
    /// Template name -> the file it came from (`themes/default/templates/base.html`), for errors.
    pub template_paths: BTreeMap<String, String>,
    /// The search's synonyms: the theme's `glossary.toml` and the book's `content/synonyms.toml`.
    pub glossary: Glossary,
}

/// The theme's UI strings in the book's language (`i18n/<language>.toml` over
/// `i18n/en.toml`), by key: templates read them as `site.t.<key>`. A theme may add keys
/// for its own templates.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, UiString>);

/// One UI string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged, expecting = "expected a string or a list of strings")]
pub enum UiString {
    /// A text (`search = "Search"`).
    Text(String),
    /// The forms of a counted word, by plural class (`question_forms = ["question",
    /// "questions"]`: one, many in English; one, few, many in Russian).
    Forms(Vec<String>),
}

impl Strings {
    /// The text `key`, or the key itself when the theme has no such text.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.0.get(key) {
            Some(UiString::Text(text)) => text,
            _ => key,
        }
    }

    /// The forms of `key` (none when the theme has no such list).
    pub fn forms(&self, key: &str) -> &[String] {
        match self.0.get(key) {
            Some(UiString::Forms(forms)) => forms,
            _ => &[],
        }
    }
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
            diags.push(Diagnostic::error(
                RuleId::Io,
                Path::new(BOOK_SYNONYMS),
                None,
                msg,
            ));
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
            diags.push(Diagnostic::error(
                RuleId::Encoding,
                Path::new(&shown),
                None,
                msg,
            ));
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
                RuleId::BadConfig,
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
                RuleId::Io,
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
                RuleId::Template,
                Path::new(shown),
                None,
                "not UTF-8 text",
            )),
        }
    }
    match tera.add_raw_templates(templates) {
        Ok(()) => {
            let partials = Arc::new(tera.clone());
            tera.register_function(
                "cached_include",
                CachedInclude {
                    tera: partials,
                    partials: RwLock::default(),
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

/// `cached_include(name="partials/header.html", current_level=page.level)`: renders the
/// template `name` with `site`, `root` and the other arguments, once per distinct value of
/// what it reads of these in a build, and later calls get the same HTML (the default
/// theme's header and footer are the same on thousands of question pages).
///
/// The HTML is reused only for a partial that reads nothing else (with every template it
/// includes, as [`Tera::get_template_variables`] finds them): it is then a function of its
/// inputs, which are the cache's key (`site` among them, compared by value: a theme used
/// for another book never serves the first one's HTML), so it can never show one page's
/// data on another. A
/// partial that reads more (`page.title`, `question`) is rendered on every call, with what
/// it reads taken from the calling page.
struct CachedInclude {
    /// The theme's templates (without this function: a cached partial cannot nest one).
    tera: Arc<Tera>,
    /// The partials met so far, by template name.
    partials: RwLock<HashMap<String, Partial>>,
}

/// What [`CachedInclude`] knows of one partial.
struct Partial {
    /// The variables it reads, sorted.
    reads: Arc<[String]>,
    /// Its HTML by its inputs (the values of `reads`, in order).
    rendered: Vec<(Vec<Value>, Value)>,
}

impl Partial {
    /// The HTML made before for `inputs`, if the partial may be reused for a call with
    /// `kwargs`.
    fn reuse(&self, inputs: &[Value], kwargs: &Kwargs) -> Option<&Value> {
        if !depends_on_arguments_only(&self.reads, kwargs) {
            return None;
        }
        let (_, html) = self.rendered.iter().find(|(key, _)| key == inputs)?;
        Some(html)
    }
}

/// A partial's inputs for a call with `kwargs` from `state`: each variable it `reads`, from
/// the arguments (other than `name`) or else from the calling page (undefined when neither
/// has it).
fn partial_inputs(reads: &[String], kwargs: &Kwargs, state: &State) -> TeraResult<Vec<Value>> {
    let arg = |var: &str| {
        kwargs
            .get::<Value>(var)
            .map(|v| v.filter(|_| var != "name"))
    };
    reads
        .iter()
        .map(|var| match arg(var)? {
            Some(value) => Ok(value),
            None => Ok(state.get::<Value>(var)?.unwrap_or_else(Value::undefined)),
        })
        .collect()
}

/// Whether a partial that `reads` these variables depends on nothing but the build, `root`
/// and the arguments `kwargs`.
fn depends_on_arguments_only(reads: &[String], kwargs: &Kwargs) -> bool {
    reads.iter().all(|var| {
        matches!(var.as_str(), "site" | "root")
            || (var != "name" && kwargs.iter().any(|(k, _)| k.as_str() == Some(var.as_str())))
    })
}

impl tera::Function<TeraResult<Value>> for CachedInclude {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let name: &str = kwargs.must_get("name")?;
        let known = self.partials.read().unwrap_or_else(|e| e.into_inner());
        let (reads, known_before) = match known.get(name) {
            Some(partial) => {
                let inputs = partial_inputs(&partial.reads, &kwargs, state)?;
                if let Some(html) = partial.reuse(&inputs, &kwargs) {
                    return Ok(html.clone());
                }
                (partial.reads.clone(), true)
            }
            None => {
                let mut reads: Vec<String> = self
                    .tera
                    .get_template_variables(name)?
                    .into_iter()
                    .map(String::from)
                    .collect();
                reads.sort_unstable();
                (reads.into(), false)
            }
        };
        drop(known);
        let inputs = partial_inputs(&reads, &kwargs, state)?;
        let mut ctx = Context::new();
        for (var, value) in reads.iter().zip(&inputs) {
            if !value.is_undefined() {
                ctx.insert_value(var.clone(), value.clone());
            }
        }
        let html = Value::safe_string(&self.tera.render(name, &ctx)?);
        let cacheable = depends_on_arguments_only(&reads, &kwargs);
        if cacheable || !known_before {
            let mut known = self.partials.write().unwrap_or_else(|e| e.into_inner());
            let partial = known.entry(name.to_string()).or_insert_with(|| Partial {
                reads,
                rendered: Vec::new(),
            });
            if cacheable && partial.reuse(&inputs, &kwargs).is_none() {
                partial.rendered.push((inputs, html.clone()));
            }
        }
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
                RuleId::Template,
                Path::new(&shown_path(report.filename())),
                Some(pos),
                msg,
            )
        }
        other => Diagnostic::error(
            RuleId::Template,
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
) -> Strings {
    let mut strings = Strings::default();
    // English first: it fills in what the language lacks (read once when it is English).
    for lang in std::iter::once("en").chain((language != "en").then_some(language)) {
        let Some((shown, bytes)) = files.get(&format!("i18n/{lang}.toml")) else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes);
        match toml::from_str::<BTreeMap<String, UiString>>(&text) {
            Ok(map) => strings.0.extend(map),
            Err(err) => {
                let pos = err.span().map(|s| pos_at(&text, s.start));
                diags.push(Diagnostic::error(
                    RuleId::BadStrings,
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
        assert_eq!(
            theme.strings.forms("question_forms"),
            ["вопрос", "вопроса", "вопросов"]
        );
        assert_eq!(theme.strings.text("search"), "Поиск");
        assert_eq!(theme.strings.text("no_such_key"), "no_such_key");
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
    fn rejects_strings_that_are_neither_text_nor_forms() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("themes/default/i18n");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("en.toml"), "home = \"Home\"\nsearch = 3\n").unwrap();
        let err = match load_theme(tmp.path(), "default", "en") {
            Err(e) => e.to_string(),
            Ok(_) => panic!("a number is not a UI string"),
        };
        assert_eq!(
            err,
            "themes/default/i18n/en.toml:2:10: expected a string or a list of strings"
        );
    }

    #[test]
    fn the_default_header_and_footer_are_made_once_per_root_and_level() {
        let tmp = tempfile::tempdir().unwrap();
        let theme = load_theme(tmp.path(), "default", "en").unwrap();
        let reads = |name| {
            let mut vars: Vec<&str> = theme
                .tera
                .get_template_variables(name)
                .unwrap()
                .into_iter()
                .collect();
            vars.sort_unstable();
            vars
        };
        assert_eq!(
            reads("partials/header.html"),
            ["current_level", "root", "site"]
        );
        assert_eq!(reads("partials/footer.html"), ["root", "site"]);
    }

    /// A theme with the page template `t.html` calling `cached_include` on `partials/p.html`
    /// (with `arg` as argument `current`), the partial `p`, and the function, to look into.
    fn cached_theme(partial: &str) -> (Tera, Arc<CachedInclude>) {
        let mut tera = Tera::default();
        tera.autoescape_on([".html"]);
        let page = r#"{{ cached_include(name="partials/p.html", current=arg) }}"#;
        let nested = r#"{{ cached_include(name="partials/p.html") }}"#;
        tera.register_function(
            "cached_include",
            |_: Kwargs, _: &State| -> TeraResult<Value> {
                Err(tera::Error::message(
                    "cached_include cannot be used inside a partial that is itself cached",
                ))
            },
        );
        tera.add_raw_templates([
            ("t.html", page),
            ("partials/p.html", partial),
            ("partials/n.html", nested),
            ("u.html", r#"{{ cached_include(name="partials/n.html") }}"#),
        ])
        .unwrap();
        let include = Arc::new(CachedInclude {
            tera: Arc::new(tera.clone()),
            partials: RwLock::default(),
        });
        let function = include.clone();
        tera.register_function("cached_include", move |kwargs: Kwargs, state: &State| {
            tera::Function::call(&*function, kwargs, state)
        });
        (tera, include)
    }

    /// Renders `template` for a page titled `title` at `root`, in a site titled `site`.
    fn render_page(tera: &Tera, template: &str, site: &str, title: &str, arg: &str) -> String {
        let mut ctx = Context::new();
        ctx.insert("site", &BTreeMap::from([("title", site)]));
        ctx.insert("page", &BTreeMap::from([("title", title)]));
        ctx.insert("root", "../");
        ctx.insert("arg", arg);
        tera.render(template, &ctx)
            .unwrap_or_else(|e| format!("{e:?}"))
    }

    fn kept(include: &CachedInclude) -> usize {
        let partials = include.partials.read().unwrap();
        partials
            .get("partials/p.html")
            .map_or(0, |p| p.rendered.len())
    }

    #[test]
    fn cached_include_renders_a_partial_once_per_input() {
        let (tera, include) = cached_theme("[{{ site.title }} {{ current }} <{{ root }}>]");
        assert_eq!(render_page(&tera, "t.html", "S", "A", "1"), "[S 1 <../>]");
        assert_eq!(render_page(&tera, "t.html", "S", "B", "1"), "[S 1 <../>]");
        assert_eq!(kept(&include), 1);
        assert_eq!(render_page(&tera, "t.html", "S", "B", "2"), "[S 2 <../>]");
        // The partial escapes what it shows, once.
        assert_eq!(
            render_page(&tera, "t.html", "S", "B", "<i>"),
            "[S &lt;i&gt; <../>]"
        );
        assert_eq!(kept(&include), 3);
        // Another build's site is another input.
        assert_eq!(render_page(&tera, "t.html", "T", "B", "1"), "[T 1 <../>]");
        assert_eq!(kept(&include), 4);
        let err = render_page(&tera, "u.html", "S", "C", "3");
        assert!(err.contains("cannot be used inside a partial"), "{err}");
    }

    #[test]
    fn cached_include_never_shows_one_pages_data_on_another() {
        let (tera, include) = cached_theme("[{{ page.title }} {{ current }}]");
        assert_eq!(render_page(&tera, "t.html", "S", "A", "1"), "[A 1]");
        assert_eq!(render_page(&tera, "t.html", "S", "B", "1"), "[B 1]");
        assert_eq!(kept(&include), 0);
    }
}
