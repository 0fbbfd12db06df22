//! `qbook pdf`: renders a print page and turns it into a PDF with a headless Chromium found
//! on the system. Nothing is fetched: the page and its files come from a temporary folder
//! that is removed afterwards, and the PDF appears only when it is complete.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, Context as _, Result};

use crate::model::Book;
use crate::output::{remove_tree, write_file, Staging};
use crate::pipeline::{load_all, render_into, BuildOptions};
use crate::sample::{draw_set, SampleFilter};

/// Browsers looked for on `PATH`, in order, when `QBOOK_CHROME` is not set.
pub const CHROME_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];
/// How long Chromium may take before it is stopped.
const CHROME_TIMEOUT: Duration = Duration::from_secs(180);

/// What to print.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// The book's folder.
    pub root: PathBuf,
    /// One level, by number (1-based) or slug; the whole book when `None`.
    pub level: Option<String>,
    /// The interviewer variant (answers, score boxes, note lines).
    pub interviewer: bool,
    /// `a4` or `letter`.
    pub paper: String,
    /// The PDF to write; default `<book or level slug>[-interviewer].pdf` in the current folder.
    pub out: Option<PathBuf>,
    /// A random interview set instead of the whole book or level (from `level` if given).
    pub sample: Option<SampleRequest>,
}

/// `--sample N --seed S`: which set to print (see [`crate::sample`]).
#[derive(Debug, Clone, Default)]
pub struct SampleRequest {
    /// How many questions.
    pub n: usize,
    /// The seed string.
    pub seed: String,
}

/// What `make_pdf` did.
#[derive(Debug, Clone)]
pub struct PdfReport {
    /// The PDF written.
    pub out: PathBuf,
    /// A line for the user, e.g. which set was drawn with which seed.
    pub note: Option<String>,
}

/// Makes the PDF and says where it went.
pub fn make_pdf(opts: &PdfOptions) -> Result<PdfReport> {
    let chrome = find_chrome()?;
    let build = BuildOptions {
        root: opts.root.clone(),
        ..BuildOptions::default()
    };
    let (config, book, theme) = load_all(&build)?;
    let (page, query, note) = match &opts.sample {
        Some(sample) => sample_page(&book, opts, sample)?,
        None => (print_page(&book, opts)?, String::new(), None),
    };
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| default_name(&book, opts));
    let work = TempDir::new()?;
    let site = work.path.join("site");
    let staging = Staging::new(&site)?;
    render_into(&book, &config, &theme, &staging, None)?;
    staging.commit()?;
    let url = format!(
        "{}?paper={}{query}",
        file_url(&site.join(&page))?,
        opts.paper
    );
    let pdf = work.path.join("out.pdf");
    run_chrome(&chrome, &url, &pdf, &work.path.join("profile"))?;
    let bytes = fs::read(&pdf).with_context(|| format!("Chromium wrote no PDF for {url}"))?;
    if !bytes.starts_with(b"%PDF") {
        bail!("Chromium's output for {url} is not a PDF");
    }
    write_file(&out, &bytes)?;
    Ok(PdfReport { out, note })
}

/// The whole-book print page, its `&ids=…&seed=…` query and a note naming the set.
fn sample_page(
    book: &Book,
    opts: &PdfOptions,
    sample: &SampleRequest,
) -> Result<(String, String, Option<String>)> {
    let filter = SampleFilter {
        levels: match &opts.level {
            Some(key) => vec![find_level(book, key)?.to_string()],
            None => Vec::new(),
        },
        sections: Vec::new(),
    };
    let ids = draw_set(book, &sample.seed, sample.n, &filter);
    if ids.is_empty() {
        bail!("there are no questions to draw a set from");
    }
    let variant = if opts.interviewer { "interviewer/" } else { "" };
    let seed = percent_encode(&sample.seed);
    let query = format!("&ids={}&seed={seed}", ids.join(","));
    let levels = filter
        .levels
        .first()
        .map(|l| format!("&levels={l}"))
        .unwrap_or_default();
    let note = format!(
        "interview set of {} questions, seed {} (the site shows it at interview/index.html?seed={seed}&n={}{levels})",
        ids.len(),
        sample.seed,
        sample.n
    );
    Ok((format!("print/{variant}index.html"), query, Some(note)))
}

/// Percent-encodes everything but unreserved URL characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The print page to render, relative to the site root.
fn print_page(book: &Book, opts: &PdfOptions) -> Result<String> {
    let base = match &opts.level {
        None => "print/".to_string(),
        Some(key) => format!("print/{}/", find_level(book, key)?),
    };
    let variant = if opts.interviewer { "interviewer/" } else { "" };
    Ok(format!("{base}{variant}index.html"))
}

/// A level's slug, from its number (1-based) or slug.
pub fn find_level<'a>(book: &'a Book, key: &str) -> Result<&'a str> {
    let by_number = key
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| book.levels.get(i));
    let found = by_number.or_else(|| book.levels.iter().find(|l| l.slug == key || l.dir == key));
    match found {
        Some(level) => Ok(&level.slug),
        None => {
            let known: Vec<String> = book
                .levels
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{} ({})", i + 1, l.slug))
                .collect();
            bail!(
                "no level `{key}`; use a number or a slug: {}",
                known.join(", ")
            )
        }
    }
}

fn default_name(book: &Book, opts: &PdfOptions) -> PathBuf {
    let variant = if opts.interviewer { "-interviewer" } else { "" };
    if let Some(sample) = &opts.sample {
        let seed: String = sample
            .seed
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        return PathBuf::from(format!("set-{seed}{variant}.pdf"));
    }
    let scope = match &opts.level {
        Some(key) => find_level(book, key).unwrap_or("level").to_string(),
        None => "book".to_string(),
    };
    PathBuf::from(format!("{scope}{variant}.pdf"))
}

/// The browser: `QBOOK_CHROME`, else the first of [`CHROME_NAMES`] on `PATH`.
pub fn find_chrome() -> Result<PathBuf> {
    if let Some(path) = env::var_os("QBOOK_CHROME").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Ok(path);
        }
        bail!("QBOOK_CHROME is set to {}, which is not a file; point it at a Chromium or Chrome binary", path.display());
    }
    let dirs: Vec<PathBuf> = env::var_os("PATH")
        .map(|p| env::split_paths(&p).collect())
        .unwrap_or_default();
    CHROME_NAMES
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|path| path.is_file())
        .ok_or_else(|| {
            anyhow!(
                "qbook pdf needs Chromium or Chrome, and none was found (looked for {} on PATH).\n\
                 Install it, e.g. `sudo apt-get install chromium` on Debian or Ubuntu, or set \
                 QBOOK_CHROME=/path/to/chrome",
                CHROME_NAMES.join(", ")
            )
        })
}

/// Prints `url` to `pdf` with headless Chromium, with no network use and a fresh profile.
fn run_chrome(chrome: &Path, url: &str, pdf: &Path, profile: &Path) -> Result<()> {
    let mut cmd = Command::new(chrome);
    cmd.args([
        "--headless",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-pdf-header-footer",
        "--generate-pdf-document-outline",
        "--export-tagged-pdf",
        "--virtual-time-budget=20000",
    ]);
    if running_as_root() {
        // Chromium refuses to start its sandbox as root.
        cmd.arg("--no-sandbox");
    }
    cmd.arg(format!("--user-data-dir={}", profile.display()));
    cmd.arg(format!("--print-to-pdf={}", pdf.display()));
    cmd.arg(url);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .with_context(|| format!("cannot start {}", chrome.display()))?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            if status.success() {
                return Ok(());
            }
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                use std::io::Read;
                let _ = stderr.read_to_string(&mut err);
            }
            let tail: Vec<&str> = err.lines().rev().take(5).collect();
            bail!(
                "{} failed ({status}): {}",
                chrome.display(),
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        if start.elapsed() > CHROME_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "{} did not finish within {} s; no PDF was written",
                chrome.display(),
                CHROME_TIMEOUT.as_secs()
            );
        }
        thread::sleep(Duration::from_millis(50));
    }
}

fn running_as_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// A `file://` URL for an absolute path, with unsafe characters percent-encoded.
fn file_url(path: &Path) -> Result<String> {
    let abs = fs::canonicalize(path).with_context(|| format!("cannot find {}", path.display()))?;
    let mut url = String::from("file://");
    for byte in abs.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    Ok(url)
}

/// A temporary folder removed when dropped, even on error.
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new() -> Result<Self> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = env::temp_dir().join(format!("qbook-pdf-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(TempDir { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = remove_tree(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_file_urls() {
        let tmp = std::env::temp_dir();
        let url = file_url(&tmp).unwrap();
        assert!(url.starts_with("file:///"), "{url}");
        assert!(!url.contains(' '));
    }

    #[test]
    fn finds_levels_by_number_or_slug() {
        let mut book = Book::default();
        for slug in ["a", "b"] {
            book.levels.push(crate::model::Level {
                slug: slug.into(),
                dir: format!("01-{slug}"),
                ..Default::default()
            });
        }
        assert_eq!(find_level(&book, "2").unwrap(), "b");
        assert_eq!(find_level(&book, "a").unwrap(), "a");
        assert_eq!(find_level(&book, "01-b").unwrap(), "b");
        assert!(find_level(&book, "3")
            .unwrap_err()
            .to_string()
            .contains("1 (a), 2 (b)"));
    }
}
