//! Markdown -> HTML for titles (inline) and answers (blocks), safe for untrusted content.
//!
//! Content comes from strangers' pull requests, so raw HTML is escaped (shown as text),
//! link targets are limited to safe schemes, and images from other hosts become plain links
//! (the site never loads anything from elsewhere). Fenced code is highlighted by syntect
//! into CSS classes; footnote references `[^id]` link to the sources page.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The CSS class prefix of highlighted code tokens (`hl-keyword`).
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// How block Markdown links to the rest of the site.
#[derive(Debug, Clone, Default)]
pub struct BlockContext<'a> {
    /// The sources page's URL relative to the page being rendered (`../../sources/index.html`).
    pub sources_url: &'a str,
    /// Highlighted code kept between builds (the dev server's), if any.
    pub kept: Option<&'a KeptHighlights>,
    /// For Markdown shown on other pages than the one its links are written from (an
    /// answer): (that page's folder, the path from the page showing it to the site root).
    /// Relative links are resolved from the folder and start with the path (`gil.html`
    /// from `q` -> `{root}q/gil.html`).
    pub links_from: Option<(&'a str, &'a str)>,
    /// How many folders below the site root the page the Markdown is written for lies (1
    /// for an answer, written for `q/<id>.html`): a relative link or image may not climb
    /// higher (see [`local_target`]).
    pub depth: usize,
}

/// Renders inline Markdown (a title or a follow-up) to HTML without a wrapping `<p>`.
pub fn render_inline(md: &str) -> String {
    if !md.contains(['*', '_', '`', '[', '<', '&', '>', '\\', '~', '!', '"', '\'']) {
        return md.to_string();
    }
    if let Some(pieces) = simple_inline(md) {
        let mut out = String::with_capacity(md.len() + 32);
        for (piece, code) in pieces {
            if code {
                out.push_str("<code>");
                push_escaped_body_text(&mut out, piece);
                out.push_str("</code>");
            } else {
                out.push_str(piece);
            }
        }
        return out;
    }
    render_inline_parsed(md)
}

/// [`render_inline`] by the Markdown parser.
fn render_inline_parsed(md: &str) -> String {
    let parser = Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH);
    let mut out = String::with_capacity(md.len() + 16);
    // A title is shown on pages at several depths: no relative link in it may climb at all.
    let ctx = BlockContext::default();
    let mut sanitizer = Sanitizer::default();
    html::push_html(
        &mut out,
        parser
            .filter_map(|e| sanitizer.event(e, &ctx))
            .filter_map(drop_paragraphs),
    );
    out.trim_end().to_string()
}

/// The pieces of inline Markdown that is only text and single-backtick code spans (most
/// titles and follow-ups), as (text, is code), found without running the Markdown parser
/// (which costs more than the rest of a title's handling); `None` for anything else. The
/// pieces are the parser's own: a test compares the two on many strings.
pub fn simple_inline(md: &str) -> Option<impl Iterator<Item = (&str, bool)>> {
    is_simple_inline(md).then(|| {
        md.split('`')
            .enumerate()
            .filter(|(_, piece)| !piece.is_empty())
            .map(|(i, piece)| (piece, i % 2 == 1))
    })
}

/// True when `md` can be neither a block (list, heading, quote, indented code) nor hold
/// inline syntax other than single backticks around code that does not start or end with
/// a space.
fn is_simple_inline(md: &str) -> bool {
    let (Some(first), Some(last)) = (md.chars().next(), md.chars().next_back()) else {
        return false;
    };
    if first.is_whitespace() || last.is_whitespace() || "#>-+*=|".contains(first) {
        return false;
    }
    let md = md.as_bytes();
    let digits = md.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 && matches!(md.get(digits), Some(b'.' | b')')) {
        return false;
    }
    let mut in_code = false;
    for (i, &b) in md.iter().enumerate() {
        match b {
            b'`' => {
                let next = md.get(i + 1).copied();
                let around = if in_code {
                    md[i - 1]
                } else {
                    next.unwrap_or(b' ')
                };
                if next == Some(b'`') || around == b' ' {
                    return false;
                }
                in_code = !in_code;
            }
            _ if b.is_ascii_control() => return false,
            _ if in_code => {}
            b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'&' | b'\\' | b'~' | b'!' | b'"' | b'\'' => {
                return false
            }
            _ => {}
        }
    }
    !in_code
}

/// Appends `text` escaped as the Markdown parser escapes body text (`&`, `<`, `>`).
fn push_escaped_body_text(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(out, text);
}

fn drop_paragraphs(event: Event<'_>) -> Option<Event<'_>> {
    match event {
        Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => None,
        e => Some(e),
    }
}

/// Renders block Markdown (an answer, an intro) to HTML.
pub fn render_block(md: &str, ctx: &BlockContext<'_>) -> String {
    if md.trim().is_empty() {
        return String::new();
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let source = with_footnote_definitions(md);
    let parser = Parser::new_ext(&source, options);
    let mut events = Vec::new();
    let mut sanitizer = Sanitizer::default();
    let mut code: Option<(String, String)> = None;
    let mut in_definition = false;
    for event in parser {
        match (event, &mut code) {
            (Event::Start(Tag::FootnoteDefinition(_)), _) => in_definition = true,
            (Event::End(TagEnd::FootnoteDefinition), _) => in_definition = false,
            _ if in_definition => {}
            (Event::Start(Tag::CodeBlock(kind)), None) => {
                code = Some((fence_lang(&kind), String::new()))
            }
            (Event::Text(text), Some((_, buf))) => buf.push_str(&text),
            (Event::End(TagEnd::CodeBlock), Some(_)) => {
                let (lang, text) = code.take().unwrap_or_default();
                events.push(Event::Html(highlight(&text, &lang, ctx.kept).into()));
            }
            (event, _) => events.extend(sanitizer.event(event, ctx)),
        }
    }
    let mut out = String::with_capacity(md.len() * 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Footnotes point at the book's sources page, not at definitions in the same text, so
/// every referenced label gets a stand-in definition (pulldown-cmark treats a reference
/// without one as plain text); definitions are dropped when rendering.
fn with_footnote_definitions(md: &str) -> std::borrow::Cow<'_, str> {
    if !md.contains("[^") {
        return md.into();
    }
    let mut out = md.to_string();
    out.push('\n');
    for label in footnote_labels(md) {
        out.push_str(&format!("\n[^{label}]: -\n"));
    }
    out.into()
}

/// The labels of `[^label]` references in `md`, in order, without duplicates. A label
/// ends at the first `]`; one holding whitespace or `[` is none. Each label is scanned only
/// up to its first `]`, `[` or whitespace, so that text such as `[^[^[^…]` takes linear time.
pub fn footnote_labels(md: &str) -> Vec<&str> {
    let mut labels: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut rest = md;
    while let Some(start) = rest.find("[^") {
        rest = &rest[start + 2..];
        let end = rest
            .find(|c: char| c == ']' || c == '[' || c.is_whitespace())
            .unwrap_or(rest.len());
        let label = &rest[..end];
        let closed = rest[end..].starts_with(']');
        if closed && !label.is_empty() && !rest[end + 1..].starts_with(':') && seen.insert(label) {
            labels.push(label);
        }
    }
    labels
}

/// Whether rendering `md` as a block highlights any code.
pub fn has_code(md: &str) -> bool {
    md.contains("```") || md.contains("~~~")
}

fn fence_lang(kind: &CodeBlockKind<'_>) -> String {
    match kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
        CodeBlockKind::Indented => String::new(),
    }
}

/// Makes events safe, one at a time: raw HTML becomes text, unsafe links lose their
/// target, links and images to the local disk (see [`local_target`]) become their text,
/// remote images become links, footnote references link to the sources page; relative
/// links of an answer are made relative to the site root (see [`BlockContext::links_from`]).
#[derive(Debug, Default)]
struct Sanitizer {
    /// For each link and image open, what its end becomes (`None`: dropped with its start).
    ends: Vec<Option<TagEnd>>,
}

impl Sanitizer {
    fn event<'a>(&mut self, event: Event<'a>, ctx: &BlockContext<'_>) -> Option<Event<'a>> {
        let target = |url: CowStr<'a>| match ctx.links_from {
            Some((dir, root)) => from_site_root(safe_url(url), dir, root),
            None => safe_url(url),
        };
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if local_target(&dest_url, ctx.depth).is_some() =>
            {
                self.ends.push(None);
                None
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.open(
                TagEnd::Link,
                Tag::Link {
                    link_type,
                    dest_url: target(dest_url),
                    title,
                    id,
                },
            ),
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) if is_remote(&dest_url) => self.open(
                TagEnd::Link,
                Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: safe_url(dest_url),
                    title,
                    id,
                },
            ),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.open(
                TagEnd::Image,
                Tag::Image {
                    link_type,
                    dest_url: target(dest_url),
                    title,
                    id,
                },
            ),
            Event::End(TagEnd::Link | TagEnd::Image) => self.ends.pop().flatten().map(Event::End),
            Event::FootnoteReference(label) => {
                Some(Event::Html(footnote_link(&label, ctx.sources_url).into()))
            }
            e => Some(e),
        }
    }

    /// Opens `tag`, whose end will be `end`.
    fn open<'a>(&mut self, end: TagEnd, tag: Tag<'a>) -> Option<Event<'a>> {
        self.ends.push(Some(end));
        Some(Event::Start(tag))
    }
}

/// Why a link or image target would reach the local disk instead of the web or the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalTarget {
    /// A `file:` URL.
    FileUrl,
    /// A path from the root of the disk or the host (`/etc/passwd`, `//host/x`, `\\x`):
    /// from a page opened as a file, as `qbook pdf` opens the print page, it is a file.
    AbsolutePath,
    /// A relative path that climbs above the site's root (`../../../etc/x.png`).
    ClimbsOut,
}

impl LocalTarget {
    /// What is wrong, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            LocalTarget::FileUrl => "a `file:` URL (a file on the reader's disk)",
            LocalTarget::AbsolutePath => "an absolute path (a file on the disk when the page is opened as a file, as `qbook pdf` opens it)",
            LocalTarget::ClimbsOut => "a relative path that climbs out of the site (to a file on the disk when the page is opened as a file)",
        }
    }
}

/// Whether `url`, written on a page `depth` folders below the site root, points at the
/// local disk: a `file:` URL, an absolute path, or a relative path climbing above the root.
/// Browsers drop tabs and line breaks from URLs, read `\` as `/` and `%2e` as `.`, and so
/// does this.
pub fn local_target(url: &str, depth: usize) -> Option<LocalTarget> {
    let url: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    let path = &url[..url.find(['?', '#']).unwrap_or(url.len())];
    let scheme = path
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains('/'));
    if scheme.is_some_and(|s| s.eq_ignore_ascii_case("file")) {
        return Some(LocalTarget::FileUrl);
    }
    if scheme.is_some() {
        return None;
    }
    if path.starts_with('/') {
        return Some(LocalTarget::AbsolutePath);
    }
    let mut level = depth;
    for segment in path.split('/') {
        match segment.to_ascii_lowercase().replace("%2e", ".").as_str() {
            ".." if level == 0 => return Some(LocalTarget::ClimbsOut),
            ".." => level -= 1,
            "" | "." => {}
            _ => level += 1,
        }
    }
    None
}

/// A link written on a page in folder `dir`, as a path from the site root behind `root`:
/// from `q`, `gil.html` -> `{root}q/gil.html` and `../tags/index.html` ->
/// `{root}tags/index.html`. Other links (see [`resolve_relative`]) stay as they are.
fn from_site_root<'a>(url: CowStr<'a>, dir: &str, root: &str) -> CowStr<'a> {
    match resolve_relative(&[dir], &url) {
        Some((segments, rest)) => CowStr::from(format!("{root}{}{rest}", segments.join("/"))),
        None => url,
    }
}

/// A relative URL resolved against folder `dir` of the site (`["q"]` for a question page):
/// the path's segments from the site root, and what follows the path (`?…`, `#…`). `None`
/// for a URL with a scheme, one from the root (`/x`), a fragment or query alone, and one
/// that climbs above the root.
pub fn resolve_relative<'a>(dir: &[&'a str], url: &'a str) -> Option<(Vec<&'a str>, &'a str)> {
    let (path, rest) = url.split_at(url.find(['?', '#']).unwrap_or(url.len()));
    let has_scheme = path.split_once(':').is_some_and(|(s, _)| !s.contains('/'));
    if path.is_empty() || path.starts_with('/') || has_scheme {
        return None;
    }
    let mut segments = dir.to_vec();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    Some((segments, rest))
}

fn footnote_link(label: &str, sources_url: &str) -> String {
    let label = escape(label);
    format!("<sup class=\"fn\"><a href=\"{sources_url}#source-{label}\">{label}</a></sup>")
}

fn is_remote(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
}

/// Keeps http(s), mailto, relative and fragment links; anything else (`javascript:`,
/// `data:`, `vbscript:`) becomes `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = lower
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains(['/', '?', '#']));
    match scheme {
        None => with_index_file(url),
        Some("http" | "https" | "mailto") => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

/// A relative link to a folder (`../gil/`) names its `index.html`, so that it also works
/// from `file://`, where a folder does not open its index page.
fn with_index_file(url: CowStr<'_>) -> CowStr<'_> {
    let (path, rest) = match url.find(['?', '#']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (&url[..], ""),
    };
    if path.ends_with('/') && !path.starts_with("//") {
        CowStr::from(format!("{path}index.html{rest}"))
    } else {
        url
    }
}

/// The syntax set, loaded once and only when some answer has code.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlighted code blocks kept from one build to the next: the dev server owns one and
/// rebuilds the whole site on each save, and a block that did not change is then not
/// highlighted again (highlighting is the costliest step of rendering an answer). After each
/// build, [`KeptHighlights::forget_unused`] drops what that build did not use, so the store
/// never holds more than one build's code.
#[derive(Debug, Default)]
pub struct KeptHighlights(Mutex<Kept>);

#[derive(Debug, Default)]
struct Kept {
    /// HTML by (language, code), and whether the build running now has used it.
    blocks: HashMap<(String, String), (String, bool)>,
}

impl KeptHighlights {
    /// `code` highlighted as `lang`: kept from before, or highlighted now and kept. The lock
    /// is held for the look-up and the insertion only: many threads highlight at once.
    fn highlight(&self, code: &str, lang: &str) -> String {
        let key = (lang.to_string(), code.to_string());
        if let Some((html, used)) = self.lock().blocks.get_mut(&key) {
            *used = true;
            return html.clone();
        }
        let html = highlight_now(code, lang);
        self.lock().blocks.insert(key, (html.clone(), true));
        html
    }

    /// Forgets the blocks that no build used since the last call (code edited away, or
    /// removed): call it after each build.
    pub fn forget_unused(&self) {
        self.lock()
            .blocks
            .retain(|_, (_, used)| std::mem::take(used));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Highlights `code` as `lang` into `<pre class="code"><code>` with `hl-` classes, through
/// `kept` when there is one.
pub fn highlight(code: &str, lang: &str, kept: Option<&KeptHighlights>) -> String {
    match kept {
        Some(kept) => kept.highlight(code, lang),
        None => highlight_now(code, lang),
    }
}

fn highlight_now(code: &str, lang: &str) -> String {
    let lang_attr = escape(lang);
    if lang.is_empty() {
        return format!("<pre class=\"code\"><code>{}</code></pre>\n", escape(code));
    }
    let set = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        return format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\"><code>{}</code></pre>\n",
            escape(code)
        );
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\" data-lang=\"{lang_attr}\"><code>{}</code></pre>\n",
                escape(code)
            );
        }
    }
    format!(
        "<pre class=\"code\" data-lang=\"{lang_attr}\"><code>{}</code></pre>\n",
        gen.finalize()
    )
}

/// Escapes text for HTML content and attribute values (in double quotes, as every
/// attribute qbook writes is): the escaper pulldown-cmark itself uses.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// The text of inline Markdown without markup (for `<title>`, search and JSON).
pub fn plain_text(md: &str) -> String {
    if !md.contains(['*', '_', '`', '[', '<', '&', '\\', '~']) {
        return md.to_string();
    }
    if let Some(pieces) = simple_inline(md) {
        let text: String = pieces.map(|(piece, _)| piece).collect();
        // Code may start or end with a space the parser's way trims.
        return match text.trim() {
            trimmed if trimmed.len() < text.len() => trimmed.to_string(),
            _ => text,
        };
    }
    plain_text_parsed(md)
}

/// [`plain_text`] by the Markdown parser.
fn plain_text_parsed(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for event in Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Short strings of the characters that matter to inline Markdown (and some that do not),
/// for tests that compare a shortcut with the parser.
#[cfg(test)]
pub(crate) fn inline_samples() -> Vec<String> {
    const CHARS: &[char] = &[
        'a', 'b', 'я', ' ', ' ', '`', '`', '*', '_', '1', '.', ')', '#', '-', '+', '>', '"', '\'',
        '&', '<', '\\', '~', '!', '[', ']', '(', '\n', '\t', '\u{a0}', '=', '|', ':',
    ];
    // A seeded generator: the same strings on every run.
    let mut rng = crate::sample::Mulberry32::from_seed("inline samples");
    let mut samples = vec![
        "`is` и `==`".to_string(),
        "Как `a < b` и `c&d`?".to_string(),
    ];
    for _ in 0..60_000 {
        let len = 1 + rng.below(10);
        samples.push((0..len).map(|_| CHARS[rng.below(CHARS.len())]).collect());
    }
    samples
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_shortcut_gives_what_the_parser_gives() {
        let mut simple = 0;
        for md in inline_samples() {
            if simple_inline(&md).is_none() {
                continue;
            }
            simple += 1;
            assert_eq!(render_inline(&md), render_inline_parsed(&md), "{md:?}");
            assert_eq!(plain_text(&md), plain_text_parsed(&md), "{md:?}");
        }
        // The shortcut is taken often enough for the comparison to mean something.
        assert!(simple > 2_000, "only {simple} simple samples");
    }

    #[test]
    fn renders_inline_markdown() {
        let cases = [
            ("Что такое GIL?", "Что такое GIL?"),
            ("`is` и `==`", "<code>is</code> и <code>==</code>"),
            ("**bold** a", "<strong>bold</strong> a"),
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "<img src=x onerror=alert(1)>",
                "&lt;img src=x onerror=alert(1)&gt;",
            ),
            ("[x](javascript:alert(1))", "<a href=\"#\">x</a>"),
            ("[x](JaVa\tScript:alert(1))", "[x](JaVa\tScript:alert(1))"),
            ("[x](https://a.org)", "<a href=\"https://a.org\">x</a>"),
            ("[g](gil/)", "<a href=\"gil/index.html\">g</a>"),
            ("[g](gil/#a)", "<a href=\"gil/index.html#a\">g</a>"),
            ("[g](../gil/)", "g"),
            (
                "[g](https://a.org/b/)",
                "<a href=\"https://a.org/b/\">g</a>",
            ),
            ("`__slots__`", "<code>__slots__</code>"),
        ];
        for (md, html) in cases {
            assert_eq!(render_inline(md), html, "{md}");
        }
    }

    #[test]
    fn renders_blocks_with_highlighted_code_and_footnotes() {
        let ctx = BlockContext {
            sources_url: "../sources/index.html",
            kept: None,
            links_from: None,
            depth: 0,
        };
        let html = render_block(
            "Text[^1].\n\n```python\ndef f():\n    return 1\n```\n",
            &ctx,
        );
        assert!(
            html.contains("<pre class=\"code\" data-lang=\"python\"><code>"),
            "{html}"
        );
        assert!(
            html.contains("hl-keyword") || html.contains("hl-storage"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"../sources/index.html#source-1\">1</a>"),
            "{html}"
        );
    }

    #[test]
    fn relative_links_of_an_answer_start_from_the_site_root() {
        let ctx = BlockContext {
            sources_url: "S",
            kept: None,
            links_from: Some(("q", "R/")),
            depth: 1,
        };
        let cases = [
            ("gil.html", "R/q/gil.html"),
            ("./gil.html#x", "R/q/gil.html#x"),
            ("../tags/gil/", "R/tags/gil/index.html"),
            ("#top", "#top"),
            ("https://a.org/", "https://a.org/"),
            ("javascript:alert(1)", "#"),
        ];
        for (dest, want) in cases {
            let html = render_block(&format!("[a]({dest})"), &ctx);
            assert!(
                html.contains(&format!("<a href=\"{want}\">a</a>")),
                "{dest}: {html}"
            );
        }
        let image = render_block("![i](img/a.png)", &ctx);
        assert!(image.contains("src=\"R/q/img/a.png\""), "{image}");
    }

    #[test]
    fn finds_targets_on_the_local_disk() {
        use LocalTarget::*;
        let cases = [
            ("/tmp/secret.png", 1, Some(AbsolutePath)),
            ("//host/share/x", 1, Some(AbsolutePath)),
            ("\\\\host\\x", 1, Some(AbsolutePath)),
            ("\t/etc/passwd", 0, Some(AbsolutePath)),
            ("file:///etc/passwd", 1, Some(FileUrl)),
            ("FiLe:/etc/passwd", 1, Some(FileUrl)),
            ("../../../../etc/x.png", 1, Some(ClimbsOut)),
            ("../../x.html", 1, Some(ClimbsOut)),
            ("..\\..\\x", 1, Some(ClimbsOut)),
            ("%2e%2e/%2E./x", 1, Some(ClimbsOut)),
            ("a/../../../x", 1, Some(ClimbsOut)),
            ("../q/gil.html", 0, Some(ClimbsOut)),
            ("../q/gil.html", 1, None),
            ("../../tags/x/", 2, None),
            ("a/b/../../../c", 1, None),
            ("gil.html#x", 0, None),
            ("#top", 0, None),
            ("?q=..", 0, None),
            ("x.html#../../..", 0, None),
            ("https://a.org/../../x", 0, None),
            ("mailto:a@b.org", 0, None),
            ("javascript:alert(1)", 0, None),
        ];
        for (url, depth, want) in cases {
            assert_eq!(local_target(url, depth), want, "{url:?} at depth {depth}");
        }
    }

    #[test]
    fn drops_links_and_images_to_the_local_disk() {
        let ctx = BlockContext {
            sources_url: "S",
            kept: None,
            links_from: Some(("q", "R/")),
            depth: 1,
        };
        let md = "![x](/tmp/secret.png) ![y](../../../../etc/x.png) [p](/etc/passwd) \
                  [f](file:///etc/passwd) <file:///etc/shadow> [**b** ![i](/i.png)](x.html)\n\n\
                  [r]\n\n[r]: /etc/hosts\n";
        let html = render_block(md, &ctx);
        assert_eq!(
            html,
            "<p>x y p f file:///etc/shadow <a href=\"R/q/x.html\"><strong>b</strong> i</a></p>\n<p>r</p>\n"
        );
        assert_eq!(render_inline("[p](/etc/passwd) ![y](../x.png)"), "p y");
        assert_eq!(
            render_inline("![y](x.png)"),
            "<img src=\"x.png\" alt=\"y\" />"
        );
    }

    #[test]
    fn kept_highlights_are_the_fresh_ones() {
        let code = "def kept(x):\n    return x\n";
        let fresh = highlight(code, "python", None);
        assert!(fresh.contains("hl-"), "{fresh}");
        let kept = KeptHighlights::default();
        assert_eq!(highlight(code, "python", Some(&kept)), fresh);
        assert_eq!(highlight(code, "python", Some(&kept)), fresh);
        let key = ("python".to_string(), code.to_string());
        assert_eq!(kept.lock().blocks.get(&key).map(|b| &b.0), Some(&fresh));
        assert_eq!(kept.lock().blocks.len(), 1);
    }

    #[test]
    fn kept_highlights_are_only_what_the_last_build_used() {
        let kept = KeptHighlights::default();
        let (old, new) = ("x = 1\n", "x = 2\n");
        highlight(old, "python", Some(&kept));
        kept.forget_unused();
        assert_eq!(kept.lock().blocks.len(), 1, "a block the build used stays");
        highlight(new, "python", Some(&kept));
        kept.forget_unused();
        let blocks: Vec<String> = kept.lock().blocks.keys().map(|k| k.1.clone()).collect();
        assert_eq!(blocks, [new], "the edited-away block is gone");
    }

    #[test]
    fn remote_images_become_links() {
        let html = render_block("![logo](https://x.org/a.png)", &BlockContext::default());
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("<a href=\"https://x.org/a.png\">logo</a>"),
            "{html}"
        );
    }

    #[test]
    fn escapes_raw_html_blocks() {
        let html = render_block("<div onclick=\"x()\">hi</div>\n", &BlockContext::default());
        assert!(!html.contains("<div"), "{html}");
    }

    #[test]
    fn finds_footnote_labels() {
        let md = "a[^1] b[^x y] c[^2][^1] d[^3]: e[^[^4] f[^] g[^5";
        assert_eq!(footnote_labels(md), vec!["1", "2", "4"]);
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(plain_text("`is` и **==**"), "is и ==");
    }
}
