//! `qbook pdf`: renders a print page and turns it into a PDF with a headless Chromium found
//! on the system. Nothing is fetched: the page and its files come from a temporary folder
//! that is removed afterwards, and the PDF appears only when it is complete.

use std::collections::VecDeque;
use std::env;
use std::fs;
use std::io::{BufRead as _, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context as _, Result};

use crate::model::Book;
use crate::output::{write_file, Staging};
use crate::pipeline::{load_all, render_into, BuildOptions};
use crate::sample::{draw_set, SampleFilter};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Browsers looked for on `PATH`, in order, when `QBOOK_CHROME` is not set.
pub const CHROME_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
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
    /// How many pages it has.
    pub pages: usize,
    /// Its size in bytes.
    pub bytes: usize,
}

/// What `make_pdf` is doing, for progress lines (it prints nothing itself).
#[derive(Debug, Clone, Copy)]
pub enum PdfStep<'a> {
    /// The book is loaded: how many questions it has.
    Loaded {
        /// Questions in the book.
        questions: usize,
    },
    /// An interview set was drawn: which, with which seed, and where the site shows it.
    Drawn(&'a str),
    /// The site is rendered into a temporary folder and the browser prints this page.
    Printing {
        /// The print page, relative to the site's root.
        page: &'a str,
        /// The browser.
        chrome: &'a Path,
    },
}

/// Makes the PDF, telling `progress` each step, and says where it went.
pub fn make_pdf(opts: &PdfOptions, progress: &mut dyn FnMut(PdfStep<'_>)) -> Result<PdfReport> {
    let chrome = find_chrome()?;
    let build = BuildOptions {
        root: opts.root.clone(),
        ..BuildOptions::default()
    };
    let (config, book, theme) = load_all(&build)?;
    progress(PdfStep::Loaded {
        questions: book.question_count(),
    });
    let (page, query) = match &opts.sample {
        Some(sample) => {
            let (page, query, note) = sample_page(&book, opts, sample)?;
            progress(PdfStep::Drawn(&note));
            (page, query)
        }
        None => (print_page(&book, opts)?, String::new()),
    };
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| default_name(&book, opts));
    check_pdf_out(&out)?;
    let work = tempfile::Builder::new()
        .prefix("qbook-pdf-")
        .tempdir()
        .context("cannot create a temporary folder")?;
    let site = work.path().join("site");
    let staging = Staging::new(&site)?;
    render_into(&book, &config, &theme, &staging, None)?;
    staging.commit()?;
    progress(PdfStep::Printing {
        page: &page,
        chrome: &chrome,
    });
    let url = format!(
        "{}?paper={}{query}",
        file_url(&site.join(&page))?,
        opts.paper
    );
    let bytes = print_to_pdf(&chrome, &url, work.path())?;
    write_file(&out, &bytes)?;
    Ok(PdfReport {
        out,
        pages: count_pdf_pages(&bytes),
        bytes: bytes.len(),
    })
}

/// `pdf` writes only a new file or over a PDF: never over another file or a folder.
fn check_pdf_out(out: &Path) -> Result<()> {
    let mut head = [0u8; 5];
    let is_pdf = fs::File::open(out)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"%PDF-";
    match fs::symlink_metadata(out) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Ok(meta) if meta.is_file() && is_pdf => Ok(()),
        _ => bail!(
            "refusing to write the PDF to {}: something that is not a PDF is there; pick another --out",
            out.display()
        ),
    }
}

/// Has Chromium print `url` into `work`, and returns the PDF's bytes.
fn print_to_pdf(chrome: &Path, url: &str, work: &Path) -> Result<Vec<u8>> {
    let pdf = work.join("out.pdf");
    run_chrome(chrome, url, &pdf, &work.join("profile"))?;
    let bytes = fs::read(&pdf).with_context(|| format!("Chromium wrote no PDF for {url}"))?;
    if !bytes.starts_with(b"%PDF") {
        bail!("Chromium's output for {url} is not a PDF");
    }
    Ok(bytes)
}

/// The whole-book print page, its `&ids=…&seed=…` query and a note naming the set.
fn sample_page(
    book: &Book,
    opts: &PdfOptions,
    sample: &SampleRequest,
) -> Result<(String, String, String)> {
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
    Ok((format!("print/{variant}index.html"), query, note))
}

/// What a URL's query value may keep as it is: RFC 3986's unreserved characters.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// What a `file://` URL's path may keep as it is: the unreserved characters, `/` and `:`.
const FILE_PATH: &AsciiSet = &QUERY_VALUE.remove(b'/').remove(b':');

/// Percent-encodes everything but unreserved URL characters.
fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, QUERY_VALUE).to_string()
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

/// A level's slug, from its number (1-based), slug or folder name.
fn find_level<'a>(book: &'a Book, key: &str) -> Result<&'a str> {
    Ok(&book.find_level(key).map_err(anyhow::Error::msg)?.slug)
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

/// The browser: `QBOOK_CHROME`, else the first of [`CHROME_NAMES`] on `PATH`, else the first
/// of the usual install places of Chrome, Chromium and (last) Edge on macOS and Windows.
pub fn find_chrome() -> Result<PathBuf> {
    if let Some(path) = env::var_os(CHROME_VAR).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Ok(path);
        }
        bail!("{CHROME_VAR} is set to {}, which is not a file; point it at a Chromium or Chrome binary", path.display());
    }
    let os = Os::current();
    let places = install_places(os, |name| env::var_os(name));
    path_candidates(os, env::var_os("PATH"))
        .into_iter()
        .chain(places.iter().cloned())
        .find(|path| path.is_file())
        .ok_or_else(|| not_found(os, &places))
}

/// The environment variable naming the browser, for the command and the tests alike.
pub const CHROME_VAR: &str = "QBOOK_CHROME";

/// The operating systems whose usual browser places are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// Linux and other Unix: packages put the browser on `PATH`.
    Linux,
    /// macOS: apps in `/Applications` or `~/Applications`.
    MacOs,
    /// Windows: `Program Files` and the user's `AppData\Local`.
    Windows,
}

impl Os {
    /// The system qbook runs on.
    pub fn current() -> Os {
        if cfg!(target_os = "macos") {
            Os::MacOs
        } else if cfg!(windows) {
            Os::Windows
        } else {
            Os::Linux
        }
    }
}

/// [`CHROME_NAMES`] in each folder of `PATH` (with `.exe` on Windows).
fn path_candidates(os: Os, path: Option<std::ffi::OsString>) -> Vec<PathBuf> {
    let dirs: Vec<PathBuf> = path
        .map(|p| env::split_paths(&p).collect())
        .unwrap_or_default();
    let exe = if os == Os::Windows { ".exe" } else { "" };
    CHROME_NAMES
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(format!("{name}{exe}"))))
        .collect()
}

/// Where installers put Chrome, Chromium and Edge (Edge last: it prints as well, but is
/// the one a user would least expect), read from the environment through `var`.
pub fn install_places(os: Os, var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Vec<PathBuf> {
    let (roots, apps): (Vec<PathBuf>, &[&str]) = match os {
        Os::Linux => return Vec::new(),
        Os::MacOs => {
            let home = var("HOME").map(|h| PathBuf::from(h).join("Applications"));
            let roots = std::iter::once(PathBuf::from("/Applications")).chain(home);
            (roots.collect(), &MAC_APPS)
        }
        Os::Windows => {
            let roots = ["ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"];
            (
                roots
                    .iter()
                    .filter_map(|v| var(v))
                    .map(PathBuf::from)
                    .collect(),
                &WINDOWS_APPS,
            )
        }
    };
    apps.iter()
        .flat_map(|app| roots.iter().map(move |root| root.join(app)))
        .collect()
}

/// Browsers inside a macOS applications folder, in order of preference.
const MAC_APPS: [&str; 4] = [
    "Google Chrome.app/Contents/MacOS/Google Chrome",
    "Chromium.app/Contents/MacOS/Chromium",
    "Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary",
    "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
];

/// Browsers under a Windows program folder, in order of preference.
const WINDOWS_APPS: [&str; 3] = [
    r"Google\Chrome\Application\chrome.exe",
    r"Chromium\Application\chrome.exe",
    r"Microsoft\Edge\Application\msedge.exe",
];

/// The error for a system with no browser: what was looked for and how to get one.
fn not_found(os: Os, places: &[PathBuf]) -> anyhow::Error {
    let install = match os {
        Os::Linux => "Install it, e.g. `sudo apt-get install chromium` on Debian or Ubuntu",
        Os::MacOs | Os::Windows => "Install Google Chrome or Chromium",
    };
    let places: Vec<String> = places.iter().map(|p| p.display().to_string()).collect();
    let also = if places.is_empty() {
        String::new()
    } else {
        format!(", and in {}", places.join(", "))
    };
    anyhow!(
        "qbook pdf needs Chromium or Chrome, and none was found (looked for {} on PATH{also}).\n\
         {install}, or set {CHROME_VAR}=/path/to/chrome",
        CHROME_NAMES.join(", ")
    )
}

/// Prints `url` to `pdf` with headless Chromium, with no network use and a fresh profile.
fn run_chrome(chrome: &Path, url: &str, pdf: &Path, profile: &Path) -> Result<()> {
    let mut child = chrome_command(chrome, url, pdf, profile)
        .spawn()
        .with_context(|| format!("cannot start {}", chrome.display()))?;
    // Both pipes are read while Chromium runs: a pipe nobody reads fills up (64 KiB on
    // Linux) and Chromium would stop on its next write until the timeout.
    let stdout = child.stdout.take().map(PipeTail::read);
    let stderr = child.stderr.take().map(PipeTail::read);
    let status = wait_or_kill(&mut child, CHROME_TIMEOUT);
    let output = |tail: Option<PipeTail>| tail.map(|t| t.lines(PIPE_GRACE)).unwrap_or_default();
    let mut said = output(stderr);
    said.extend(output(stdout));
    match status? {
        Some(status) if status.success() => Ok(()),
        Some(status) => bail!(
            "{} failed ({status}): {}",
            chrome.display(),
            said.join("\n")
        ),
        None => bail!(
            "{} did not finish within {} s; no PDF was written{}",
            chrome.display(),
            CHROME_TIMEOUT.as_secs(),
            if said.is_empty() {
                String::new()
            } else {
                format!("; it said:\n{}", said.join("\n"))
            }
        ),
    }
}

/// The Chromium command line for printing `url` to `pdf`.
fn chrome_command(chrome: &Path, url: &str, pdf: &Path, profile: &Path) -> Command {
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
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// The child's exit status, or `None` (and the child killed) when it runs past `timeout`.
fn wait_or_kill(child: &mut Child, timeout: Duration) -> Result<Option<ExitStatus>> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// How many of a pipe's last lines are kept for an error message.
const TAIL_LINES: usize = 12;
/// How long to wait for a pipe to close after Chromium exits: its helper processes may
/// still hold it open, and their last words are not worth a hang.
const PIPE_GRACE: Duration = Duration::from_secs(2);

/// The last lines a child writes on one pipe, read on a thread of its own while it runs.
struct PipeTail {
    lines: Arc<Mutex<VecDeque<String>>>,
    closed: mpsc::Receiver<()>,
}

impl PipeTail {
    /// Starts reading `pipe` to its end.
    fn read(pipe: impl Read + Send + 'static) -> PipeTail {
        let lines = Arc::new(Mutex::new(VecDeque::new()));
        let (tell_closed, closed) = mpsc::channel();
        let tail = Arc::clone(&lines);
        thread::spawn(move || {
            for line in BufReader::new(pipe).split(b'\n') {
                let Ok(line) = line else { break };
                let mut tail = tail.lock().unwrap_or_else(PoisonError::into_inner);
                if tail.len() == TAIL_LINES {
                    tail.pop_front();
                }
                tail.push_back(String::from_utf8_lossy(&line).trim_end().to_string());
            }
            let _ = tell_closed.send(());
        });
        PipeTail { lines, closed }
    }

    /// The kept lines, once the pipe has closed or `wait` has passed.
    fn lines(self, wait: Duration) -> Vec<String> {
        let _ = self.closed.recv_timeout(wait);
        let tail = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        tail.iter().filter(|l| !l.is_empty()).cloned().collect()
    }
}

/// The number of pages of a PDF: its `/Type /Page` dictionaries (the page tree's inner
/// nodes are `/Type /Pages`). Chromium writes them uncompressed.
pub fn count_pdf_pages(pdf: &[u8]) -> usize {
    let mut count = 0;
    let mut rest = pdf;
    while let Some(at) = find_bytes(rest, b"/Type") {
        rest = &rest[at + b"/Type".len()..];
        let value = trim_pdf_space(rest);
        if let Some(after) = value.strip_prefix(b"/Page".as_slice()) {
            if !after.first().is_some_and(|b| b.is_ascii_alphanumeric()) {
                count += 1;
            }
        }
    }
    count
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_pdf_space(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0'))
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn running_as_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// A `file://` URL for an existing path, with unsafe characters percent-encoded.
fn file_url(path: &Path) -> Result<String> {
    let abs = fs::canonicalize(path).with_context(|| format!("cannot find {}", path.display()))?;
    Ok(url_of_absolute_path(&abs.to_string_lossy(), Os::current()))
}

/// `/a b/c` -> `file:///a%20b/c`; on Windows `\\?\C:\a b` (as `canonicalize` gives it) ->
/// `file:///C:/a%20b`.
fn url_of_absolute_path(path: &str, os: Os) -> String {
    let path = match os {
        Os::Windows => {
            let path = path.strip_prefix(r"\\?\").unwrap_or(path);
            format!("/{}", path.replace('\\', "/"))
        }
        Os::Linux | Os::MacOs => path.to_string(),
    };
    format!("file://{}", utf8_percent_encode(&path, FILE_PATH))
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
        assert_eq!(
            url_of_absolute_path("/tmp/a b/ö?.html", Os::Linux),
            "file:///tmp/a%20b/%C3%B6%3F.html"
        );
        assert_eq!(
            url_of_absolute_path(
                r"\\?\C:\Users\ann\Temp\qbook pdf\print\index.html",
                Os::Windows
            ),
            "file:///C:/Users/ann/Temp/qbook%20pdf/print/index.html"
        );
    }

    #[test]
    fn looks_for_chrome_chromium_then_edge_in_the_usual_places() {
        let env = |name: &str| -> Option<std::ffi::OsString> {
            match name {
                "HOME" => Some("/Users/ann".into()),
                "ProgramFiles" => Some(r"C:\Program Files".into()),
                "LOCALAPPDATA" => Some(r"C:\Users\ann\AppData\Local".into()),
                _ => None,
            }
        };
        let mac = install_places(Os::MacOs, env);
        assert_eq!(
            mac[0],
            Path::new("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
        );
        assert_eq!(
            mac[1],
            Path::new("/Users/ann/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
        );
        assert!(mac.contains(&PathBuf::from(
            "/Applications/Chromium.app/Contents/MacOS/Chromium"
        )));
        assert!(mac.last().unwrap().ends_with("Microsoft Edge"), "{mac:?}");
        let windows = install_places(Os::Windows, env);
        let shown: Vec<String> = windows.iter().map(|p| p.display().to_string()).collect();
        // (Joined with `/` here on Linux; Windows joins with `\`.)
        assert_eq!(
            shown[0].replace('/', "\\"),
            r"C:\Program Files\Google\Chrome\Application\chrome.exe"
        );
        assert_eq!(
            shown[1].replace('/', "\\"),
            r"C:\Users\ann\AppData\Local\Google\Chrome\Application\chrome.exe"
        );
        assert!(shown.last().unwrap().ends_with("msedge.exe"), "{shown:?}");
        assert_eq!(windows.len(), 6, "two roots set, three browsers");
        assert!(
            install_places(Os::Linux, env).is_empty(),
            "Linux: PATH only"
        );
    }

    #[test]
    fn looks_on_path_with_exe_on_windows() {
        let path = env::join_paths(["/a", "/b"]).unwrap();
        let linux = path_candidates(Os::Linux, Some(path.clone()));
        assert_eq!(linux[0], Path::new("/a/chromium"));
        assert_eq!(linux[1], Path::new("/b/chromium"));
        let windows = path_candidates(Os::Windows, Some(path));
        assert!(
            windows.contains(&PathBuf::from("/a/chrome.exe")),
            "{windows:?}"
        );
        assert!(path_candidates(Os::Linux, None).is_empty());
    }

    #[test]
    fn counts_pages_but_not_page_trees() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<</Type /Pages /Count 3 /Kids [2 0 R 3 0 R 4 0 R]>>\nendobj\n\
            2 0 obj <</Type /Page /Parent 1 0 R>> endobj\n3 0 obj <</Type/Page>> endobj\n\
            4 0 obj <</Parent 1 0 R /Type\n/Page>> endobj\n5 0 obj <</Type /PageLabel>> endobj\n%%EOF";
        assert_eq!(count_pdf_pages(pdf), 3);
        assert_eq!(count_pdf_pages(b"%PDF-1.4"), 0);
    }

    #[test]
    fn reads_a_pipe_to_its_end_and_keeps_the_last_lines() {
        let text: String = (1..=20_000).map(|i| format!("line {i}\n")).collect();
        let tail = PipeTail::read(std::io::Cursor::new(text.into_bytes()));
        let lines = tail.lines(Duration::from_secs(10));
        assert_eq!(lines.len(), TAIL_LINES);
        assert_eq!(lines.last().unwrap(), "line 20000");
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
            .contains("1 a, 2 b"));
    }
}
