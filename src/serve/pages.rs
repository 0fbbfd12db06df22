//! What the dev server answers to a URL: a file of the in-memory site (HTML with the
//! live-reload script added), a redirect within this host, the build error, or 404.
//!
//! The build error page shows the problems as `qbook check` prints them (through check's
//! own formatter: the source line and a caret under the column), in the book's language
//! (the theme's `error_page_*` strings), light or dark as the system is; every character of
//! it that came from the book is escaped.
//!
//! Only names in the site are ever served: a URL is decoded into path segments and looked
//! up in the site's map, so `..`, encoded or not, names nothing and no file is read from disk.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::collections::HashMap;
use std::sync::Arc;

use std::path::Path;

use super::http::{Reply, Slice};
use crate::check::{format_diagnostics, CheckReport, OutputFormat};
use crate::cli::Format;
use crate::content::{load_book_lenient, read_text_files, LoadOptions};
use crate::diagnostic::Diagnostics;
use crate::markdown::escape;
use crate::report::format_error;

/// The path of the live-reload event stream.
pub const EVENTS_PATH: &str = "/__qbook/events";

/// A built site: file contents by path (`q/gil.html`), shared with the replies that send them.
pub type Files = HashMap<String, Arc<[u8]>>;

/// What the server holds: a site, the error that stopped the last build, or nothing while a
/// rebuild runs (the old site is dropped first, so that two never share memory).
pub enum Build {
    /// The site of the last build.
    Site(Files),
    /// The last build's error.
    Failed(Failure),
    /// A build is running.
    Running,
}

/// The reply to `GET url` from `build`, made by build number `generation`.
pub fn reply_to(build: &Build, generation: u64, url: &str) -> Reply {
    let files = match build {
        Build::Site(files) => files,
        Build::Failed(err) => return html_reply(500, error_page(err, generation)),
        Build::Running => return html_reply(503, rebuilding_page(generation)),
    };
    match resolve(files, url) {
        Resolved::File(path) => file_reply(&path, &files[&path], generation),
        Resolved::Redirect(to) => Reply::redirect(to),
        Resolved::NotFound => match files.get("404.html") {
            Some(page) => Reply::new(404, HTML, with_reload(page, generation)),
            None => Reply::text(404, "not found"),
        },
    }
}

const HTML: &str = "text/html; charset=utf-8";

fn html_reply(status: u16, page: String) -> Reply {
    Reply::new(status, HTML, vec![Slice::from(page.into_bytes())])
}

/// A file of the site; an HTML page gets the reload script.
fn file_reply(path: &str, bytes: &Arc<[u8]>, generation: u64) -> Reply {
    let body = if path.ends_with(".html") {
        with_reload(bytes, generation)
    } else {
        vec![Slice::whole(bytes)]
    };
    Reply::new(200, content_type(path), body)
}

/// What a URL names in the site.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(String),
    /// A folder's URL without its final slash: the same URL with it, as a path on this host.
    Redirect(String),
    NotFound,
}

/// Maps a URL to a file of the site. `..` and `.`, encoded or not, backslashes and NUL bytes
/// name nothing.
fn resolve(files: &Files, url: &str) -> Resolved {
    let (path, query) = split_url(url);
    let Some(decoded) = path.strip_prefix('/').and_then(percent_decode) else {
        return Resolved::NotFound;
    };
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| *s == ".." || *s == "." || s.contains(['\\', '\0']))
    {
        return Resolved::NotFound;
    }
    let joined = segments.join("/");
    let index = if joined.is_empty() {
        "index.html".to_string()
    } else {
        format!("{joined}/index.html")
    };
    if decoded.ends_with('/') || joined.is_empty() {
        return match files.contains_key(&index) {
            true => Resolved::File(index),
            false => Resolved::NotFound,
        };
    }
    let page = format!("{joined}.html");
    if files.contains_key(&joined) {
        Resolved::File(joined)
    } else if files.contains_key(&index) {
        Resolved::Redirect(folder_location(&segments, query))
    } else if files.contains_key(&page) {
        // `/q/gil` is the page `q/gil.html`, as static hosts serve it.
        Resolved::File(page)
    } else {
        Resolved::NotFound
    }
}

/// The path and the query (without `?`) of a request target; a fragment is dropped.
fn split_url(url: &str) -> (&str, Option<&str>) {
    let url = url.split('#').next().unwrap_or("");
    match url.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (url, None),
    }
}

/// The `Location` of a folder: its segments re-encoded under one leading slash, then a
/// slash and the query. A path that began `//` would name another host (`//evil.example/`).
fn folder_location(segments: &[&str], query: Option<&str>) -> String {
    let mut location = String::from("/");
    for segment in segments {
        location.push_str(&percent_encode(segment));
        location.push('/');
    }
    if let Some(query) = query {
        location.push('?');
        location.push_str(&percent_encode_query(query));
    }
    location
}

/// What a path segment keeps as it is: the unreserved and sub-delimiter characters, `:`
/// and `@`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// What a query keeps as it is: the segment's characters and `/`, `?`, `%`; controls,
/// spaces and non-ASCII bytes, which may not stand in a header, are escaped.
const QUERY: &AsciiSet = &SEGMENT.remove(b'/').remove(b'?').remove(b'%');

/// Escapes every byte of a path segment but the unreserved and sub-delimiter characters.
fn percent_encode(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// Escapes the bytes of a query that may not stand in a header (controls, spaces, non-ASCII).
fn percent_encode_query(query: &str) -> String {
    utf8_percent_encode(query, QUERY).to_string()
}

/// Decodes `%xx` escapes; `None` for bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// The reload client for a page made by build `generation`: it reloads as soon as the
/// server's build is another one (also when that build happened before the page connected),
/// and reconnects after a restart.
fn reload_script(generation: u64) -> String {
    format!(
        "<script>/* qbook serve: live reload */(function(){{var g=\"{generation}\";function c(){{var s=new EventSource(\"{EVENTS_PATH}\");s.onmessage=function(e){{if(e.data!==g){{location.reload();}}}};s.onerror=function(){{s.close();setTimeout(c,500);}};}}c();}})();</script>"
    )
}

/// An HTML page with the reload script before `</body>` (or at the end): the page's bytes
/// are shared, not copied.
fn with_reload(page: &Arc<[u8]>, generation: u64) -> Vec<Slice> {
    let script = Slice::from(reload_script(generation).into_bytes());
    let at = page
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(page.len());
    vec![
        Slice::part(page, 0..at),
        script,
        Slice::part(page, at..page.len()),
    ]
}

/// Why the last build failed: the command line's text and the error page's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The error as the command line prints it.
    pub text: String,
    /// The problems as `check` prints them, source lines and carets included.
    pub report: String,
    /// The page's words in the book's language.
    pub words: PageWords,
}

/// The error page's words, from the theme's strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageWords {
    /// The `lang` of the page.
    pub language: String,
    /// The heading (`error_page_title`).
    pub title: String,
    /// What to do (`error_page_hint`).
    pub hint: String,
}

impl Default for PageWords {
    fn default() -> Self {
        PageWords {
            language: "en".into(),
            title: "The book does not build".into(),
            hint: "Fix the problems below; this page reloads by itself when the file is saved."
                .into(),
        }
    }
}

impl Failure {
    /// The failure of a build of the book at `root` with `diags`. The files are read again
    /// for their source lines, as `check` shows them.
    pub fn new(root: &Path, diags: Diagnostics) -> Failure {
        let config = crate::config::read_config(root).ok();
        let words = config
            .as_ref()
            .map(|c| page_words(root, c))
            .unwrap_or_default();
        let load = config
            .as_ref()
            .map_or_else(LoadOptions::default, |c| c.load_options());
        let mut sorted = diags.clone();
        sorted.sort();
        let report = CheckReport {
            diagnostics: sorted,
            files: read_text_files(root),
            questions: load_book_lenient(root, &load).0.question_count(),
        };
        let out = OutputFormat {
            format: Format::Human,
            root: None,
        };
        Failure {
            text: format_error(&anyhow::Error::new(diags)),
            report: format_diagnostics(&report, &out),
            words,
        }
    }
}

/// The error page's words in the book's language, from its theme (English when the theme
/// does not load either).
fn page_words(root: &Path, config: &crate::config::SiteConfig) -> PageWords {
    let Ok(theme) = crate::theme::load_theme(root, &config.theme, &config.language) else {
        return PageWords::default();
    };
    let string = |key: &str, fallback: String| match theme.strings.text(key) {
        text if text != key => text.to_string(),
        _ => fallback,
    };
    let default = PageWords::default();
    PageWords {
        language: config.language.clone(),
        title: string("error_page_title", default.title),
        hint: string("error_page_hint", default.hint),
    }
}

/// The page shown while the book does not build: the problems as `check` shows them.
fn error_page(failure: &Failure, generation: u64) -> String {
    let words = &failure.words;
    let report: String = escape(&failure.report)
        .split_inclusive('\n')
        .map(mark_head)
        .collect();
    let body = format!(
        "<h1>{}</h1><p>{}</p><pre id=\"qbook-error\">{report}</pre>",
        escape(&words.title),
        escape(&words.hint)
    );
    notice_page(
        &words.language,
        &format!("qbook: {}", words.title),
        &body,
        generation,
    )
}

/// An (escaped) line of the report, its `error`/`warning` head marked for colour.
fn mark_head(line: &str) -> String {
    for (head, class) in [("error", "e"), ("warning", "w")] {
        if let Some(rest) = line.strip_prefix(head) {
            return format!("<b class=\"{class}\">{head}</b>{rest}");
        }
    }
    line.to_string()
}

/// The page shown while a rebuild runs; it reloads when the rebuild is done.
fn rebuilding_page(generation: u64) -> String {
    let body =
        "<h1>Rebuilding the book…</h1><p>This page reloads by itself when the build is done.</p>";
    notice_page("en", "qbook: rebuilding", body, generation)
}

/// The style of the notice pages: the system's light or dark scheme.
const NOTICE_STYLE: &str = ":root{color-scheme:light dark}\
body{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1b1f24;background:#fff}\
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff4f4;border:1px solid #e5a0a0;border-radius:8px;padding:1rem;font:14px/1.5 ui-monospace,monospace}\
b.e{color:#b3261e}b.w{color:#8a5a00}\
@media (prefers-color-scheme:dark){body{color:#e3e6ea;background:#15171b}pre{background:#2a1b1d;border-color:#7d3a3a}b.e{color:#ff8a80}b.w{color:#ffd166}}";

/// A page of the server's own, in `language`; `title` is escaped here, `body` must be.
fn notice_page(language: &str, title: &str, body: &str, generation: u64) -> String {
    let script = reload_script(generation);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"color-scheme\" content=\"light dark\"><title>{}</title>\
         <style>{NOTICE_STYLE}</style></head>\
         <body><main>{body}</main>{script}</body></html>\n",
        escape(language),
        escape(title)
    )
}

/// The content type of a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        [
            "index.html",
            "q/gil.html",
            "tags/gil/index.html",
            "evil.example/index.html",
            "static/style.css",
            "404.html",
        ]
        .iter()
        .map(|p| (p.to_string(), Arc::from(&b""[..])))
        .collect()
    }

    #[test]
    fn resolves_urls_to_site_files_only() {
        let files = files();
        let cases = [
            ("/", Resolved::File("index.html".into())),
            ("/?q=x", Resolved::File("index.html".into())),
            ("/q/gil.html", Resolved::File("q/gil.html".into())),
            ("/q/gil", Resolved::File("q/gil.html".into())),
            ("/q/gil/", Resolved::NotFound),
            ("/tags/gil/", Resolved::File("tags/gil/index.html".into())),
            (
                "/tags/gil/index.html",
                Resolved::File("tags/gil/index.html".into()),
            ),
            ("/tags/gil", Resolved::Redirect("/tags/gil/".into())),
            (
                "/static/style.css",
                Resolved::File("static/style.css".into()),
            ),
            (
                "/static/%73tyle.css",
                Resolved::File("static/style.css".into()),
            ),
            ("/../etc/passwd", Resolved::NotFound),
            ("/static/../../etc/passwd", Resolved::NotFound),
            ("/%2e%2e/%2e%2e/etc/passwd", Resolved::NotFound),
            ("/%2E%2E%2Fetc%2Fpasswd", Resolved::NotFound),
            ("/..%5c..%5cwindows", Resolved::NotFound),
            ("//etc/passwd", Resolved::NotFound),
            ("/%00", Resolved::NotFound),
            ("/%zz", Resolved::NotFound),
            ("/nope", Resolved::NotFound),
            ("static/style.css", Resolved::NotFound),
            ("http://evil.example/", Resolved::NotFound),
        ];
        for (url, expected) in cases {
            assert_eq!(resolve(&files, url), expected, "{url}");
        }
    }

    #[test]
    fn redirects_only_to_a_path_on_this_host() {
        let files = files();
        let cases = [
            ("//evil.example", "/evil.example/"),
            ("///evil.example", "/evil.example/"),
            ("/%2F%2Fevil.example", "/evil.example/"),
            ("/%2F/evil.example", "/evil.example/"),
            ("//tags//gil", "/tags/gil/"),
            ("/tags/gil?x=1&y=%20", "/tags/gil/?x=1&y=%20"),
            ("/tags/gil?a b", "/tags/gil/?a%20b"),
            (
                "/tags/gil?\r\nSet-Cookie:x",
                "/tags/gil/?%0D%0ASet-Cookie:x",
            ),
            ("/tags/gil#top", "/tags/gil/"),
        ];
        for (url, location) in cases {
            assert_eq!(
                resolve(&files, url),
                Resolved::Redirect(location.into()),
                "{url}"
            );
        }
    }

    #[test]
    fn encodes_redirect_segments() {
        assert_eq!(
            folder_location(&["a b", "ё", "x%y"], None),
            "/a%20b/%D1%91/x%25y/"
        );
    }

    #[test]
    fn injects_the_reload_script_before_body_end() {
        let page: Arc<[u8]> = Arc::from(&b"<html><body><p>x</p></body></html>"[..]);
        let html: Vec<u8> = with_reload(&page, 7)
            .iter()
            .flat_map(|s| s.as_bytes().to_vec())
            .collect();
        let html = String::from_utf8(html).unwrap();
        assert!(html.ends_with("</script></body></html>"), "{html}");
        assert!(html.contains("/__qbook/events"));
        assert!(
            html.contains("var g=\"7\""),
            "the page knows the build it came from: {html}"
        );
    }

    fn failure(report: &str, words: PageWords) -> Failure {
        Failure {
            text: String::new(),
            report: report.into(),
            words,
        }
    }

    #[test]
    fn escapes_errors_on_the_error_page() {
        let hostile = PageWords {
            language: "\"><script>".into(),
            title: "<img src=x onerror=alert(1)>".into(),
            hint: "</p><script>alert(2)</script>".into(),
        };
        let page = error_page(
            &failure(
                "error[x]: <script>alert(3)</script>\n --> a<b>.md:1:1\n",
                hostile,
            ),
            1,
        );
        assert!(page.contains("<b class=\"e\">error</b>[x]: &lt;script&gt;alert(3)&lt;/script&gt;\n --&gt; a&lt;b&gt;.md:1:1\n"), "{page}");
        assert!(
            page.contains("<html lang=\"&quot;&gt;&lt;script&gt;\">"),
            "{page}"
        );
        assert!(
            page.contains("<h1>&lt;img src=x onerror=alert(1)&gt;</h1>"),
            "{page}"
        );
        assert_eq!(
            page.matches("<script>").count(),
            1,
            "only the reload script: {page}"
        );
    }

    #[test]
    fn shows_the_error_page_light_and_dark() {
        let page = error_page(&failure("error: x\n", PageWords::default()), 1);
        assert!(
            page.contains("@media (prefers-color-scheme:dark)"),
            "{page}"
        );
        assert!(page.contains("<meta name=\"color-scheme\" content=\"light dark\">"));
    }

    #[test]
    fn answers_503_while_rebuilding_and_500_on_errors() {
        assert_eq!(reply_to(&Build::Running, 3, "/").status, 503);
        assert_eq!(
            reply_to(&Build::Failed(failure("x", PageWords::default())), 3, "/").status,
            500
        );
        assert_eq!(reply_to(&Build::Site(files()), 3, "/").status, 200);
        assert_eq!(reply_to(&Build::Site(files()), 3, "/nope").status, 404);
    }
}
