//! `qbook serve` as a user (and a hostile client) meets it: live reload, edits that keep
//! size and time, many idle connections, redirects and paths that try to leave the site.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use common::{copy_book, BIN};

/// How long a test waits for the dev server to rebuild after a save: a liveness wait on a
/// shared machine, not a speed check (the time is printed).
const RELOAD_WAIT: Duration = Duration::from_secs(10);

/// The fixture question that the tests edit.
const GIL: &str = "content/01-basics/01-core/010-gil.md";

/// A running `qbook serve`, stopped when dropped.
struct Server {
    child: std::process::Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `qbook serve --port 0` on the book at `root`, with `env` set.
fn start_server(root: &Path, env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(BIN)
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .envs(env.iter().copied())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.split("at http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr }
}

/// A reply as the client sees it: status, headers and body.
struct Reply {
    status: u16,
    head: String,
    body: String,
}

/// Sends `request` as it is and reads the reply to the end.
fn raw_request(addr: &str, request: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(RELOAD_WAIT)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("a reply");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A plain HTTP/1.1 GET.
fn http_get(addr: &str, path: &str) -> Reply {
    raw_request(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

/// Opens the event stream and returns a channel of its `data:` lines.
fn events(addr: &str) -> Receiver<String> {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET /__qbook/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data: ") {
                if tx.send(data.to_string()).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

#[test]
fn serve_reloads_after_edits_and_shows_errors() {
    let book = copy_book("basic");
    let server = start_server(book.path(), &[]);
    let addr = server.addr.clone();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "loopback by default: {addr}"
    );
    let page = http_get(&addr, "/q/gil.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("What is the GIL"), "{}", page.body);
    assert!(
        page.body.contains("/__qbook/events"),
        "the reload script is injected when serving"
    );
    let rx = events(&addr);
    let first = rx.recv_timeout(RELOAD_WAIT).expect("an event on connect");
    let gil = book.path().join(GIL);
    let text = fs::read_to_string(&gil).unwrap();
    let saved = Instant::now();
    fs::write(
        &gil,
        text.replace("What is the GIL", "What exactly is the GIL"),
    )
    .unwrap();
    let next = rx
        .recv_timeout(RELOAD_WAIT)
        .expect("a reload event within 10 s");
    assert_ne!(first, next);
    eprintln!("save -> reload event: {} ms", saved.elapsed().as_millis());
    assert!(http_get(&addr, "/q/gil.html")
        .body
        .contains("What exactly is the GIL"));
    fs::write(&gil, "---\ntitle: \"broken\nfollow_ups: [\n---\n").unwrap();
    rx.recv_timeout(RELOAD_WAIT)
        .expect("a reload event for the broken build");
    let broken = http_get(&addr, "/q/gil.html");
    assert_eq!(broken.status, 500);
    assert!(
        broken
            .body
            .contains("content/01-basics/01-core/010-gil.md:"),
        "{}",
        broken.body
    );
    fs::write(&gil, &text).unwrap();
    rx.recv_timeout(RELOAD_WAIT)
        .expect("a reload event for the fix");
    assert_eq!(http_get(&addr, "/q/gil.html").status, 200);
    let bare = http_get(&addr, "/q/gil");
    assert_eq!(
        bare.status, 200,
        "a page's URL without .html serves the page"
    );
    assert!(bare.body.contains("What is the GIL"), "{}", bare.body);
    assert!(
        !book.path().join("public").exists(),
        "serve writes nothing to disk"
    );
}

#[test]
fn error_page_shows_checks_diagnostics_in_the_books_language_escaped() {
    let book = copy_book("basic");
    let config = book.path().join("site.toml");
    let toml = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        toml.replace("language = \"en\"", "language = \"ru\""),
    )
    .unwrap();
    let hostile = "content/01-basics/01-core/030-<img src=x onerror=alert(1)>.md";
    fs::write(
        book.path().join(hostile),
        "---\ntitle: <script>alert(2)</script>: x\n---\n",
    )
    .unwrap();
    let server = start_server(book.path(), &[]);
    let page = http_get(&server.addr, "/");
    assert_eq!(page.status, 500);
    let body = &page.body;
    assert!(body.contains("<html lang=\"ru\">"), "{body}");
    assert!(body.contains("<h1>Книга не собирается</h1>"), "{body}");
    assert!(body.contains("prefers-color-scheme:dark"), "{body}");
    assert!(
        body.contains(
            "<b class=\"e\">error</b>[front-matter]: `: ` inside the title makes YAML read a key there; wrap the title in double quotes: title: &quot;&lt;script&gt;alert(2)&lt;/script&gt;: x&quot;\n\
             \x20--&gt; content/01-basics/01-core/030-&lt;img src=x onerror=alert(1)&gt;.md:2:8\n\
             \x20 |\n\
             2 | title: &lt;script&gt;alert(2)&lt;/script&gt;: x\n\
             \x20 |        ^\n"
        ),
        "{body}"
    );
    assert!(!body.contains("<img"), "{body}");
    assert_eq!(
        body.matches("<script>").count(),
        1,
        "only the reload script: {body}"
    );
}

/// Rewrites the question's file in place, as `cp -p` does, with words of the same size,
/// and gives it back its modification time.
fn edit_keeping_size_and_time(book: &Path) {
    let gil = book.join(GIL);
    let text = fs::read_to_string(&gil).unwrap();
    let edited = text.replace("What is the GIL", "What is the LIG");
    assert_eq!(edited.len(), text.len());
    let modified = fs::metadata(&gil).unwrap().modified().unwrap();
    let mut file = fs::File::options()
        .write(true)
        .truncate(true)
        .open(&gil)
        .unwrap();
    file.write_all(edited.as_bytes()).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    let after = fs::metadata(&gil).unwrap();
    assert_eq!(after.len(), text.len() as u64);
    assert_eq!(after.modified().unwrap(), modified);
}

/// The server sees the edit of [`edit_keeping_size_and_time`] and serves it.
fn sees_an_edit_that_keeps_size_and_time(env: &[(&str, &str)]) {
    let book = copy_book("basic");
    let server = start_server(book.path(), env);
    let rx = events(&server.addr);
    rx.recv_timeout(RELOAD_WAIT).expect("an event on connect");
    edit_keeping_size_and_time(book.path());
    rx.recv_timeout(RELOAD_WAIT)
        .expect("a reload event for an edit that kept size and time");
    let page = http_get(&server.addr, "/q/gil.html");
    assert!(page.body.contains("What is the LIG"), "{}", page.body);
}

#[test]
fn notices_edits_that_keep_size_and_time_with_system_events() {
    sees_an_edit_that_keeps_size_and_time(&[]);
}

#[test]
fn notices_edits_that_keep_size_and_time_when_polling() {
    sees_an_edit_that_keeps_size_and_time(&[(qbook::serve::WATCH_ENV, "poll")]);
}

/// A `themes/` folder made while the server runs is watched from then on.
fn sees_a_new_themes_folder(env: &[(&str, &str)]) {
    let book = copy_book("basic");
    let server = start_server(book.path(), env);
    let rx = events(&server.addr);
    rx.recv_timeout(RELOAD_WAIT).expect("an event on connect");
    let statics = book.path().join("themes/default/static");
    fs::create_dir_all(&statics).unwrap();
    rx.recv_timeout(RELOAD_WAIT)
        .expect("a reload event for a new themes/ folder");
    fs::write(statics.join("favicon.svg"), "<svg>overridden</svg>").unwrap();
    rx.recv_timeout(RELOAD_WAIT)
        .expect("a reload event for a file in the new folder");
    let icon = http_get(&server.addr, "/static/favicon.svg");
    assert_eq!(icon.body, "<svg>overridden</svg>");
}

#[test]
fn watches_a_themes_folder_made_later_with_system_events() {
    sees_a_new_themes_folder(&[]);
}

#[test]
fn watches_a_themes_folder_made_later_when_polling() {
    sees_a_new_themes_folder(&[(qbook::serve::WATCH_ENV, "poll")]);
}

/// The threads of process `pid`.
fn threads_of(pid: u32) -> usize {
    fs::read_dir(format!("/proc/{pid}/task")).unwrap().count()
}

#[test]
#[cfg(target_os = "linux")]
fn idle_connections_neither_block_requests_nor_add_threads() {
    let book = copy_book("basic");
    let server = start_server(book.path(), &[]);
    let addr = server.addr.as_str();
    assert_eq!(http_get(addr, "/").status, 200);
    let threads_before = threads_of(server.child.id());
    let mut held = Vec::new();
    // Clients that open and send nothing, that send half a request, and open pages.
    for _ in 0..600 {
        held.push(TcpStream::connect(addr).unwrap());
    }
    for _ in 0..100 {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
        held.push(stream);
    }
    for _ in 0..100 {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .write_all(b"GET /__qbook/events HTTP/1.1\r\n\r\n")
            .unwrap();
        held.push(stream);
    }
    let page = http_get(addr, "/q/gil.html");
    assert_eq!(
        page.status, 200,
        "a request is answered among 800 held ones"
    );
    assert!(page.body.contains("What is the GIL"));
    let threads = threads_of(server.child.id());
    assert!(
        threads <= threads_before + 2,
        "{threads} threads with 800 connections held, {threads_before} before"
    );
    drop(held);
}

#[test]
fn redirects_stay_on_this_host() {
    let book = copy_book("basic");
    let server = start_server(book.path(), &[]);
    for url in [
        "/tags/internals",
        "//tags/internals",
        "///tags/internals",
        "/%2F%2Ftags/internals",
        "/%2Ftags//internals",
    ] {
        let reply = http_get(&server.addr, url);
        assert_eq!(reply.status, 301, "{url}");
        assert!(
            reply.head.contains("\r\nLocation: /tags/internals/"),
            "{url}: {}",
            reply.head
        );
    }
    let reply = http_get(&server.addr, "/tags/internals?a=1");
    assert!(
        reply.head.contains("\r\nLocation: /tags/internals/?a=1"),
        "{}",
        reply.head
    );
}

#[test]
fn serves_nothing_outside_the_site() {
    let book = copy_book("basic");
    fs::write(book.path().join("secret.txt"), "base_url secret").unwrap();
    let server = start_server(book.path(), &[]);
    for path in [
        "/../Cargo.toml",
        "/../secret.txt",
        "../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2fsite.toml",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/..\\secret.txt",
        "/content/_index.md",
        "/site.toml",
        "/secret.txt",
    ] {
        let reply = http_get(&server.addr, path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("secret"), "{path} leaked a file");
        assert!(!reply.body.contains("base_url"), "{path} leaked a file");
    }
}

#[test]
fn answers_bad_requests_without_stopping() {
    let book = copy_book("basic");
    let server = start_server(book.path(), &[]);
    let addr = server.addr.as_str();
    let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(100_000));
    assert_eq!(raw_request(addr, &huge).status, 431);
    assert_eq!(raw_request(addr, "POST / HTTP/1.1\r\n\r\n").status, 405);
    assert_eq!(raw_request(addr, "NONSENSE\r\n\r\n").status, 400);
    let head = raw_request(addr, "HEAD / HTTP/1.1\r\n\r\n");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body: {}", head.body);
    assert_eq!(http_get(addr, "/").status, 200, "still serving");
}
