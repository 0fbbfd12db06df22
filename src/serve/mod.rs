//! `qbook serve`: a live preview for writers.
//!
//! The site is built into memory (never to disk), served on loopback unless `--bind` says
//! otherwise, and rebuilt in full whenever a file under `content/`, `themes/` or `site.toml`
//! changes. Open pages reload by Server-Sent Events; the reload script is added to HTML
//! replies here, never to `build` output. A broken edit keeps the server up and shows the
//! error, as the command line prints it, on every page until the file is fixed.
//!
//! One place for each concern:
//! - `watch.rs`: the system's file events, or polling with contents compared
//!   (`QBOOK_WATCH=poll`), and when a change has settled;
//! - `http.rs`: one thread answers every connection, with timeouts and limits;
//! - `pages.rs`: what a URL names in the in-memory site (no file is read from disk);
//! - here: the build being served, and rebuilding it. The old site is dropped before the
//!   new one is made, so memory does not double at each save (pages asked for meanwhile get
//!   a "rebuilding" page that reloads by itself).

mod http;
mod pages;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::Instant;

use anyhow::{anyhow, Context as _, Result};

use crate::diagnostic::Diagnostics;
use crate::markdown::KeptHighlights;
use crate::output::{OutputFile, Sink};
use crate::pipeline::{load_all, render_into, BuildOptions};

pub use watch::{POLL_INTERVAL, WATCH_ENV};

use http::{Answer, Handler, Reloader, Server};
use pages::{Build, Files, EVENTS_PATH};
use watch::BookWatcher;

/// How many ports after the asked one are tried when it is taken.
const PORT_TRIES: u16 = 20;

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

/// Runs the server until the process is stopped.
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let (listener, addr) = bind(opts.bind, opts.port)?;
    let server = Server::new(listener).context("cannot start the web server")?;
    let base_url = format!("http://{addr}/");
    let preview = Arc::new(Preview::new(
        opts.root.clone(),
        &base_url,
        server.reloader(),
    ));
    // Watching starts before the first build reads the files: a save from then on, even
    // one made while that build runs, is a change.
    let mut watcher = BookWatcher::start(&opts.root)?;
    preview.rebuild();
    if opts.port != 0 && addr.port() != opts.port {
        eprintln!("port {} is taken; using {} instead", opts.port, addr.port());
    }
    eprintln!(
        "serving {} at {base_url} (Ctrl-C to stop)",
        opts.root.display()
    );
    if watcher.mode() == watch::Mode::Poll {
        eprintln!("looking for changes every {} s", POLL_INTERVAL.as_secs());
    }
    if opts.open {
        open_browser(&base_url);
    }
    let rebuilder = Arc::clone(&preview);
    thread::Builder::new()
        .name("qbook-watch".into())
        .spawn(move || {
            while watcher.wait_for_change() {
                rebuilder.rebuild();
            }
        })
        .context("cannot start the thread that watches the book for changes")?;
    server
        .run(preview.as_ref())
        .context("the web server stopped")
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

/// The build being served, shared by the watcher's thread (which rebuilds it) and the
/// server's (which answers from it).
struct Preview {
    state: RwLock<State>,
    opts: BuildOptions,
    /// Each save rebuilds the site: code blocks that did not change keep their highlighting.
    kept: KeptHighlights,
    reloader: Reloader,
}

/// The build and its number (which open pages compare with their own to know to reload).
struct State {
    build: Build,
    generation: u64,
}

impl Preview {
    fn new(root: PathBuf, base_url: &str, reloader: Reloader) -> Preview {
        Preview {
            state: RwLock::new(State {
                build: Build::Running,
                generation: 0,
            }),
            opts: BuildOptions {
                root,
                out: None,
                base_url: Some(base_url.to_string()),
                force: false,
            },
            kept: KeptHighlights::default(),
            reloader,
        }
    }

    /// Drops the site, builds it anew and tells open pages to reload.
    fn rebuild(&self) {
        let start = Instant::now();
        // Freed here, before the new site is made, so that it reuses the memory. (Freed on
        // another thread while the build runs, it was not: the heap kept growing.)
        let old = std::mem::replace(&mut self.write().build, Build::Running);
        drop(old);
        let build = self.build();
        match &build {
            Build::Site(files) => eprintln!(
                "built {} files in {} ms",
                files.len(),
                start.elapsed().as_millis()
            ),
            Build::Failed(failure) => eprintln!("{}", failure.text),
            Build::Running => {}
        }
        let mut state = self.write();
        state.build = build;
        state.generation += 1;
        drop(state);
        self.reloader.announce();
    }

    /// Builds the site into memory.
    fn build(&self) -> Build {
        let sink = FilesSink::default();
        let built = load_all(&self.opts).and_then(|(config, book, theme)| {
            render_into(&book, &config, &theme, &sink, Some(&self.kept))
        });
        match built {
            Ok(()) => {
                self.kept.forget_unused();
                Build::Site(sink.0.into_inner().unwrap_or_else(|e| e.into_inner()))
            }
            Err(diags) => Build::Failed(pages::Failure::new(&self.opts.root, diags)),
        }
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }
}

impl Handler for Preview {
    fn answer(&self, url: &str) -> Answer {
        if url.split('?').next() == Some(EVENTS_PATH) {
            return Answer::Events;
        }
        let state = self.read();
        Answer::Reply(pages::reply_to(&state.build, state.generation, url))
    }

    fn generation(&self) -> u64 {
        self.read().generation
    }
}

/// Collects rendered files into the map the server answers from.
#[derive(Default)]
struct FilesSink(Mutex<Files>);

impl Sink for FilesSink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostics> {
        // Into one allocation of the exact size: a rendered page's buffer has room to spare.
        let bytes = Arc::from(file.bytes);
        let mut files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(file.path, bytes);
        Ok(())
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

    #[test]
    fn falls_back_to_another_port_when_taken() {
        let (first, addr) = bind("127.0.0.1".parse().unwrap(), 0).unwrap();
        let (_second, other) = bind("127.0.0.1".parse().unwrap(), addr.port()).unwrap();
        assert_ne!(addr.port(), other.port());
        drop(first);
    }
}
