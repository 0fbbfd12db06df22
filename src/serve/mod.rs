//! `qbook serve`: a live preview for writers.
//!
//! The site is built into memory (never to disk), served on loopback, and rebuilt in full
//! whenever a file under `content/`, `themes/` or `site.toml` changes. Open pages reload by
//! Server-Sent Events; the reload script is added to HTML responses here, never to `build`
//! output. A broken edit keeps the server up and shows the error, as the command line
//! prints it, on every page until the file is fixed.
//!
//! HTTP is a few lines of std: one thread a connection, `Connection: close`, GET and HEAD
//! only (tiny_http, tried first, left some responses unfinished for a freshly started
//! Chromium). The file system is watched by polling file sizes and times every [`POLL`]: no extra
//! dependency, and it works on every file system (network mounts and container volumes
//! where inotify does not).

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{anyhow, Context as _, Result};
use walkdir::WalkDir;

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::markdown::{escape, KeptHighlights};
use crate::pipeline::{load_all, render_all, BuildOptions};
use crate::report::format_error;

/// How often the book's files are looked at.
pub const POLL: Duration = Duration::from_millis(100);
/// The most a request line and its headers may take.
const MAX_REQUEST_BYTES: u64 = 64 * 1024;
/// How many ports after the asked one are tried when it is taken.
const PORT_TRIES: u16 = 20;
/// The path of the event stream.
const EVENTS_PATH: &str = "/__qbook/events";

/// What `serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The book's folder.
    pub root: PathBuf,
    /// The port to try first (0: any free port).
    pub port: u16,
    /// The address to bind (loopback unless the user says otherwise).
    pub bind: IpAddr,
    /// Open the site in the default browser.
    pub open: bool,
}

/// The current build: the site's files, or the error that stopped it.
struct State {
    site: Result<HashMap<String, Vec<u8>>, String>,
    generation: u64,
}

/// Shared between the watcher and the request handlers.
struct Shared {
    state: RwLock<State>,
    clients: Mutex<Vec<Sender<u64>>>,
    base_url: String,
    root: PathBuf,
    /// Each save rebuilds the site: code blocks that did not change keep their highlighting.
    kept: KeptHighlights,
}

/// Runs the server until the process is stopped.
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let (listener, addr) = bind(opts.bind, opts.port)?;
    let base_url = format!("http://{addr}/");
    let shared = Arc::new(Shared {
        state: RwLock::new(State {
            site: Err(String::new()),
            generation: 0,
        }),
        clients: Mutex::new(Vec::new()),
        base_url: base_url.clone(),
        root: opts.root.clone(),
        kept: KeptHighlights::default(),
    });
    // The files as the first build reads them: a save from then on, even one made before
    // the watcher's thread runs, is a change.
    let seen = fingerprint(&shared.root);
    rebuild(&shared);
    if opts.port != 0 && addr.port() != opts.port {
        eprintln!("port {} is taken; using {} instead", opts.port, addr.port());
    }
    eprintln!(
        "serving {} at {base_url} (Ctrl-C to stop)",
        opts.root.display()
    );
    if opts.open {
        open_browser(&base_url);
    }
    let watcher = Arc::clone(&shared);
    thread::Builder::new()
        .spawn(move || watch(&watcher, seen))
        .context("cannot start the thread that watches the book for changes")?;
    for stream in listener.incoming().flatten() {
        let shared = Arc::clone(&shared);
        // Without a thread to spare, the connection closes unanswered and the browser asks
        // again; the server goes on.
        if let Err(err) = thread::Builder::new().spawn(move || serve_connection(&shared, stream)) {
            eprintln!("cannot answer a request now ({err}); it will be asked again");
        }
    }
    Ok(())
}

/// Binds `port`, or the next free one; port 0 asks the system for any free port.
fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr)> {
    let tries = if port == 0 { 1 } else { PORT_TRIES };
    let mut last_err = None;
    for offset in 0..tries {
        let addr = SocketAddr::new(ip, port.saturating_add(offset));
        match TcpListener::bind(addr) {
            Ok(listener) => {
                let local = listener.local_addr()?;
                return Ok((listener, local));
            }
            Err(err) => last_err = Some(err),
        }
    }
    let err = last_err.map_or_else(|| "unknown error".to_string(), |e| e.to_string());
    Err(anyhow!(
        "cannot listen on {ip} ports {port}–{}: {err}; pick another with --port",
        port.saturating_add(tries - 1)
    ))
}

/// Builds the whole site into memory and tells open pages to reload.
fn rebuild(shared: &Shared) {
    let start = Instant::now();
    let opts = BuildOptions {
        root: shared.root.clone(),
        out: None,
        base_url: Some(shared.base_url.clone()),
    };
    let result = load_all(&opts)
        .and_then(|(config, book, theme)| render_all(&book, &config, &theme, Some(&shared.kept)))
        .map(|files| {
            files
                .into_iter()
                .map(|f| (f.path, f.bytes))
                .collect::<HashMap<_, _>>()
        })
        .map_err(|diags| format_error(&anyhow::Error::new(diags)));
    match &result {
        Ok(files) => eprintln!(
            "built {} files in {} ms",
            files.len(),
            start.elapsed().as_millis()
        ),
        Err(err) => eprintln!("{err}"),
    }
    let generation = {
        let mut state = shared.state.write().unwrap_or_else(|e| e.into_inner());
        state.site = result;
        state.generation += 1;
        state.generation
    };
    let mut clients = shared.clients.lock().unwrap_or_else(|e| e.into_inner());
    clients.retain(|client| client.send(generation).is_ok());
}

/// Polls the book's files and rebuilds when they change (after they stop changing).
fn watch(shared: &Shared, mut seen: Fingerprint) {
    loop {
        thread::sleep(POLL);
        let now = fingerprint(&shared.root);
        if now == seen {
            continue;
        }
        // Debounce: an editor may write a file in several steps.
        thread::sleep(Duration::from_millis(30));
        seen = fingerprint(&shared.root);
        rebuild(shared);
    }
}

/// Path, size and modification time of every watched file.
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// The book's [`Fingerprint`] now.
fn fingerprint(root: &Path) -> Fingerprint {
    let mut files = Vec::new();
    for dir in [root.join(CONTENT_DIR), root.join("themes")] {
        for entry in WalkDir::new(dir).into_iter().filter_map(Result::ok) {
            if let Ok(meta) = entry.metadata() {
                files.push((entry.into_path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    if let Ok(meta) = fs::metadata(root.join(CONFIG_FILE)) {
        files.push((root.join(CONFIG_FILE), meta.len(), meta.modified().ok()));
    }
    files
}

/// A response: status, content type, extra headers and body.
struct Reply {
    status: u16,
    content_type: &'static str,
    location: Option<String>,
    body: Vec<u8>,
}

/// Answers one connection: reads one request, then sends the event stream or one response
/// and closes. One thread a connection, and no keep-alive: a preview server has few
/// clients, and a connection never waits behind another one.
fn serve_connection(shared: &Arc<Shared>, stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some((method, url)) = read_request(&stream) else {
        return;
    };
    if url.split('?').next() == Some(EVENTS_PATH) {
        let (tx, rx) = mpsc::channel();
        // The page learns the current build first, so the next one makes it reload.
        let generation = shared
            .state
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .generation;
        let _ = tx.send(generation);
        shared
            .clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        return stream_events(stream, rx);
    }
    let reply = if method == "GET" || method == "HEAD" {
        respond_to(shared, &url)
    } else {
        Reply {
            status: 405,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: b"method not allowed".to_vec(),
        }
    };
    let _ = write_reply(stream, &reply, method == "HEAD");
}

/// The method and target of a request, after reading (and ignoring) its headers.
fn read_request(stream: &TcpStream) -> Option<(String, String)> {
    let mut reader = BufReader::new(stream.take(MAX_REQUEST_BYTES));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, url) = (parts.next()?.to_string(), parts.next()?.to_string());
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    Some((method, url))
}

fn write_reply(mut stream: TcpStream, reply: &Reply, head_only: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    if let Some(location) = &reply.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    }
}

fn respond_to(shared: &Shared, url: &str) -> Reply {
    let state = shared.state.read().unwrap_or_else(|e| e.into_inner());
    let html = "text/html; charset=utf-8";
    let site = match &state.site {
        Ok(site) => site,
        Err(err) => {
            return Reply {
                status: 500,
                content_type: html,
                location: None,
                body: error_page(err, state.generation),
            }
        }
    };
    match resolve(site, url) {
        Resolved::File(path) => {
            let bytes = &site[&path];
            let body = if path.ends_with(".html") {
                inject_reload(bytes, state.generation)
            } else {
                bytes.clone()
            };
            Reply {
                status: 200,
                content_type: content_type(&path),
                location: None,
                body,
            }
        }
        Resolved::Redirect(to) => Reply {
            status: 301,
            content_type: html,
            location: Some(to),
            body: Vec::new(),
        },
        Resolved::NotFound => {
            let body = site.get("404.html").map_or_else(
                || b"not found".to_vec(),
                |b| inject_reload(b, state.generation),
            );
            Reply {
                status: 404,
                content_type: html,
                location: None,
                body,
            }
        }
    }
}

/// What a URL names in the site.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(String),
    Redirect(String),
    NotFound,
}

/// Maps a URL to a file of the site. Only names in the site are ever served: `..`, encoded
/// or not, backslashes and NUL bytes name nothing.
fn resolve(site: &HashMap<String, Vec<u8>>, url: &str) -> Resolved {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else {
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
        return if site.contains_key(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    let page = format!("{joined}.html");
    if site.contains_key(&joined) {
        Resolved::File(joined)
    } else if site.contains_key(&index) {
        Resolved::Redirect(format!("{path}/"))
    } else if site.contains_key(&page) {
        // `/q/gil` is the page `q/gil.html`, as static hosts serve it.
        Resolved::File(page)
    } else {
        Resolved::NotFound
    }
}

/// Decodes `%xx` escapes; `None` for bad escapes or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The reload client: reconnects after a restart, reloads on every new build.
/// The reload client for a page made by build `generation`: it reloads as soon as the
/// server's build is another one (also when that build happened before the page connected),
/// and reconnects after a restart.
fn reload_script(generation: u64) -> String {
    format!(
        "<script>/* qbook serve: live reload */(function(){{var g=\"{generation}\";function c(){{var s=new EventSource(\"{EVENTS_PATH}\");s.onmessage=function(e){{if(e.data!==g){{location.reload();}}}};s.onerror=function(){{s.close();setTimeout(c,500);}};}}c();}})();</script>"
    )
}

fn inject_reload(html: &[u8], generation: u64) -> Vec<u8> {
    let script = reload_script(generation);
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

/// The page shown while the book does not build: the same text as the command line.
fn error_page(err: &str, generation: u64) -> Vec<u8> {
    let script = reload_script(generation);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>qbook: build error</title>\
         <style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1b1f24;background:#fff}}pre{{white-space:pre-wrap;background:#fff4f4;border:1px solid #e5a0a0;border-radius:8px;padding:1rem;font:14px/1.5 ui-monospace,monospace}}</style></head>\
         <body><main><h1>The book does not build</h1><p>Fix the problem below; this page reloads by itself when the file is saved.</p><pre id=\"qbook-error\">{}</pre></main>{script}</body></html>\n",
        escape(err)
    )
    .into_bytes()
}

/// Sends one event per build to one open page until it goes away.
fn stream_events(mut stream: TcpStream, rx: Receiver<u64>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    loop {
        let event = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(generation) => format!("data: {generation}\n\n"),
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if stream.write_all(event.as_bytes()).is_err() {
            return;
        }
    }
}

/// The content type of a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
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

/// Opens `url` in the system's browser (best effort).
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(err) = std::process::Command::new(program)
        .arg(url)
        .spawn()
        .context("cannot open a browser")
    {
        eprintln!("{err:#}; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> HashMap<String, Vec<u8>> {
        [
            "index.html",
            "q/gil.html",
            "tags/gil/index.html",
            "static/style.css",
            "404.html",
        ]
        .iter()
        .map(|p| (p.to_string(), Vec::new()))
        .collect()
    }

    #[test]
    fn resolves_urls_to_site_files_only() {
        let site = site();
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
        ];
        for (url, expected) in cases {
            assert_eq!(resolve(&site, url), expected, "{url}");
        }
    }

    #[test]
    fn injects_the_reload_script_before_body_end() {
        let html =
            String::from_utf8(inject_reload(b"<html><body><p>x</p></body></html>", 7)).unwrap();
        assert!(html.ends_with("</script></body></html>"), "{html}");
        assert!(html.contains("/__qbook/events"));
        assert!(
            html.contains("var g=\"7\""),
            "the page knows the build it came from: {html}"
        );
    }

    #[test]
    fn escapes_errors_on_the_error_page() {
        let page = String::from_utf8(error_page("a.md:1:1: <script>", 1)).unwrap();
        assert!(page.contains("a.md:1:1: &lt;script&gt;"));
    }

    #[test]
    fn falls_back_to_another_port_when_taken() {
        let (first, addr) = bind("127.0.0.1".parse().unwrap(), 0).unwrap();
        let (_second, other) = bind("127.0.0.1".parse().unwrap(), addr.port()).unwrap();
        assert_ne!(addr.port(), other.port());
        drop(first);
    }
}
