//! Offline after one visit, and installable: the web app manifest (`manifest.webmanifest`)
//! and the service worker (`sw.js`, the theme's `static/sw.js` after the list of the build's
//! files and a hash of them all, which names its cache: a new build, a new cache).
//!
//! Only `qbook build` writes `sw.js`: the dev server leaves it out, so that a live-reloading
//! preview is never served from a cache (its registration fails, and nothing else does).

use std::hash::Hasher;
use std::io::{self, Write};
use std::sync::Mutex;

use rustc_hash::FxHasher;
use serde_json::json;

use crate::config::SiteConfig;
use crate::model::Book;
use crate::output::OutputFile;

/// The theme's service worker code, under `static/`; written only as the site's `sw.js`.
pub const WORKER: &str = "sw.js";
/// The colour of the installed app's title bar: the theme's accent (`favicon.svg`'s blue).
const THEME_COLOR: &str = "#2450a8";

/// The paths and content hashes of the files of a build, as they are written (from any thread).
#[derive(Debug, Default)]
pub struct BuildFiles(Mutex<Vec<(String, u64)>>);

impl BuildFiles {
    /// Records the file at `path` with content `bytes`.
    pub fn record(&self, path: &str, bytes: &[u8]) {
        let mut hasher = FxHasher::default();
        hasher.write(bytes);
        self.record_hash(path, hasher.finish());
    }

    /// Records the file at `path` whose content hashed to `hash` (see [`HashingWriter`]).
    pub fn record_hash(&self, path: &str, hash: u64) {
        let mut files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.push((path.to_string(), hash));
    }

    /// `sw.js`: `BUILD = { hash, files }` then the theme's worker code (`worker`). The files
    /// are every recorded one a reader may open offline (not the crawler's sitemap.xml and
    /// robots.txt); the hash covers all of them, so any change makes a new worker.
    pub fn service_worker(self, worker: &[u8]) -> OutputFile {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.retain(|(path, _)| !matches!(path.as_str(), "sitemap.xml" | "robots.txt"));
        files.sort_unstable();
        let mut hasher = FxHasher::default();
        for (path, hash) in &files {
            hasher.write(path.as_bytes());
            hasher.write_u64(*hash);
        }
        hasher.write(worker);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let build = json!({ "hash": format!("{:016x}", hasher.finish()), "files": paths });
        let mut out = format!("const BUILD = {build};\n").into_bytes();
        out.extend_from_slice(worker);
        OutputFile::new("sw.js", out)
    }
}

/// Hashes what passes through it to another writer: a streamed file's content hash.
pub struct HashingWriter<'w> {
    inner: &'w mut dyn Write,
    hasher: FxHasher,
}

impl<'w> HashingWriter<'w> {
    /// Passes everything on to `inner`.
    pub fn new(inner: &'w mut dyn Write) -> Self {
        HashingWriter {
            inner,
            hasher: FxHasher::default(),
        }
    }

    /// The hash of what was written (of the pieces as they came: the same file written
    /// the same way hashes the same).
    pub fn finish(&self) -> u64 {
        self.hasher.finish()
    }
}

impl Write for HashingWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.write(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `manifest.webmanifest`: the book as an app a phone can put on its home screen.
pub fn manifest(book: &Book, config: &SiteConfig) -> OutputFile {
    let name = if config.title.is_empty() {
        &book.title
    } else {
        &config.title
    };
    let short: String = name.chars().take(12).collect();
    let icon =
        |src: &str, sizes: &str, kind: &str| json!({"src": src, "sizes": sizes, "type": kind});
    let manifest = json!({
        "name": name,
        "short_name": if short.len() < name.len() { short.trim_end().to_string() + "…" } else { short },
        "description": book.description,
        "lang": config.language,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            icon("static/favicon.svg", "any", "image/svg+xml"),
            icon("static/icon-192.png", "192x192", "image/png"),
            icon("static/icon-512.png", "512x512", "image/png"),
        ],
    });
    OutputFile::new("manifest.webmanifest", format!("{manifest:#}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_cache_by_every_file() {
        let worker = |files: &[(&str, &str)]| {
            let build = BuildFiles::default();
            for (path, text) in files {
                build.record(path, text.as_bytes());
            }
            String::from_utf8(build.service_worker(b"// code\n").bytes).unwrap()
        };
        let a = worker(&[
            ("index.html", "a"),
            ("q/gil.html", "b"),
            ("sitemap.xml", "c"),
        ]);
        assert!(
            a.starts_with("const BUILD = {\"files\":[\"index.html\",\"q/gil.html\"],\"hash\":\""),
            "{a}"
        );
        assert!(a.ends_with("\n// code\n"), "{a}");
        // The same files in another order: the same worker; one byte changed: another.
        assert_eq!(
            a,
            worker(&[
                ("q/gil.html", "b"),
                ("index.html", "a"),
                ("sitemap.xml", "c")
            ])
        );
        assert_ne!(
            a,
            worker(&[
                ("index.html", "a"),
                ("q/gil.html", "B"),
                ("sitemap.xml", "c")
            ])
        );
        // The crawler's files are not kept offline, and do not make a new worker.
        assert_eq!(
            a,
            worker(&[
                ("index.html", "a"),
                ("q/gil.html", "b"),
                ("sitemap.xml", "x")
            ])
        );
    }
}
