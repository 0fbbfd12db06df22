//! `build` as a list of named steps, each timed:
//!
//! ```text
//! config -> book + theme -> pages -> search index -> static files -> write
//! ```
//!
//! The book loads while the theme's templates compile; every other step starts when the one
//! before it ends (each is parallel inside). The files go into a staging folder as they are
//! made, and the last step adds the service worker that keeps them offline and swaps the
//! folder into place.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Result;

use crate::config::{read_config, SiteConfig};
use crate::content::load_book;
use crate::diagnostic::{Diagnostic, Diagnostics, RuleId};
use crate::markdown::KeptHighlights;
use crate::model::Book;
use crate::offline::{self, BuildFiles, HashingWriter};
use crate::output::{claim_site_dir, MemorySink, OutputFile, Sink, Staging, WriteFile};
use crate::render::{render_pages, RenderOptions};
use crate::theme::{load_theme, Theme};

/// What `build` needs to know.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The book's folder.
    pub root: PathBuf,
    /// The output folder (default `root/public`).
    pub out: Option<PathBuf>,
    /// Overrides `base_url` of `site.toml`.
    pub base_url: Option<String>,
    /// Replace an output folder that `build` did not make (a non-empty one without the
    /// site marker).
    pub force: bool,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Where the site went.
    pub out: PathBuf,
    /// How many files were written.
    pub files: usize,
    /// Number of questions.
    pub questions: usize,
    /// How long each step took.
    pub timings: Timings,
}

/// How long each step of a build took, in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    /// Runs `step`, noting its time under `name`.
    fn time<T>(&mut self, name: &'static str, step: impl FnOnce() -> T) -> T {
        let (value, took) = timed(step);
        self.note(name, took);
        value
    }

    /// Notes that the step `name` took `took` (a step run beside another).
    fn note(&mut self, name: &'static str, took: Duration) {
        self.0.push((name, took));
    }
}

/// `step`'s value and how long it took.
fn timed<T>(step: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = step();
    (value, start.elapsed())
}

/// Builds the site: every step, then one atomic write.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    let target = claim_site_dir(&opts.root, &out, opts.force)?;
    let mut timings = Timings::default();
    let (config, book, theme) = load_steps(opts, &mut timings)?;
    let staging = Staging::for_site(&target)?;
    let sink = CountingSink {
        inner: &staging,
        count: AtomicUsize::new(0),
        written: BuildFiles::default(),
    };
    make_site(&book, &config, &theme, &sink, None, &mut timings)?;
    let CountingSink { count, written, .. } = sink;
    let files = count.into_inner() + 1;
    timings.time("write", || write_site(staging, written, &theme))?;
    Ok(BuildReport {
        out,
        files,
        questions: book.question_count(),
        timings,
    })
}

/// Steps 1–3: configuration, content and theme, with every problem of all three reported.
pub fn load_all(opts: &BuildOptions) -> Result<(SiteConfig, Book, Theme), Diagnostics> {
    load_steps(opts, &mut Timings::default())
}

fn load_steps(
    opts: &BuildOptions,
    timings: &mut Timings,
) -> Result<(SiteConfig, Book, Theme), Diagnostics> {
    let config = timings.time("config", || build_config(opts))?;
    // The theme's templates compile while the content loads.
    let ((book, book_took), (theme, theme_took)) = rayon::join(
        || timed(|| load_book(&opts.root, &config.load_options())),
        || timed(|| load_theme(&opts.root, &config.theme, &config.language)),
    );
    timings.note("book", book_took);
    timings.note("theme (beside the book)", theme_took);
    match (book, theme) {
        (Ok(book), Ok(theme)) => Ok((config, book, theme)),
        (book, theme) => {
            let mut diags = Diagnostics::default();
            diags.0.extend(book.err().map(|d| d.0).unwrap_or_default());
            diags.0.extend(theme.err().map(|d| d.0).unwrap_or_default());
            Err(diags)
        }
    }
}

/// Step 1: `site.toml`, with `--base-url` in place of its `base_url`.
fn build_config(opts: &BuildOptions) -> Result<SiteConfig, Diagnostics> {
    let mut config = read_config(&opts.root)?;
    if let Some(url) = &opts.base_url {
        if !crate::config::is_web_url(url) && !crate::config::is_root_path(url) {
            let msg = format!(
                "--base-url `{url}` is neither a web address (https://example.org/book/) nor a \
                 path from the host's root (/book/)"
            );
            return Err(
                Diagnostic::error(RuleId::BadConfig, Path::new("--base-url"), None, msg).into(),
            );
        }
        config.base_url = url.clone();
    }
    Ok(config)
}

/// Steps 4–6 into `sink`: pages, search index, static files; `kept` keeps highlighted code
/// between builds (the dev server's).
pub fn render_into(
    book: &Book,
    config: &SiteConfig,
    theme: &Theme,
    sink: &dyn Sink,
    kept: Option<&KeptHighlights>,
) -> Result<(), Diagnostics> {
    make_site(book, config, theme, sink, kept, &mut Timings::default())
}

fn make_site(
    book: &Book,
    config: &SiteConfig,
    theme: &Theme,
    sink: &dyn Sink,
    kept: Option<&KeptHighlights>,
    timings: &mut Timings,
) -> Result<(), Diagnostics> {
    let opts = RenderOptions {
        build_date: build_date(),
        kept,
    };
    // One step after the other: making the search index beside the pages saved a tenth of
    // the build at 1,000 questions on two cores and cost as much or more at 10,000
    // (BENCHMARKS.md), so the simpler order stays.
    timings.time("pages", || render_pages(book, config, theme, &opts, sink))?;
    timings.time("search index", || write_search_index(book, theme, sink))?;
    timings.time("static files", || {
        write_static_files(book, config, theme, sink)
    })
}

/// Steps 4–6 in memory: every file of the site (the dev server, `check`, `pdf`).
pub fn render_all(
    book: &Book,
    config: &SiteConfig,
    theme: &Theme,
    kept: Option<&KeptHighlights>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let sink = MemorySink::default();
    render_into(book, config, theme, &sink, kept)?;
    Ok(sink.into_files())
}

/// Step 5: the search index's files (`search/`).
fn write_search_index(book: &Book, theme: &Theme, sink: &dyn Sink) -> Result<(), Diagnostics> {
    crate::search::search_files(book, &theme.glossary)
        .into_iter()
        .try_for_each(|f| sink.put(f))
}

/// Step 6: the theme's static files (its `highlight.css` colours the `hl-` classes of
/// code), the search scripts as one `static/search.js`, and the web app manifest; the
/// service worker is written last, by `build`.
fn write_static_files(
    book: &Book,
    config: &SiteConfig,
    theme: &Theme,
    sink: &dyn Sink,
) -> Result<(), Diagnostics> {
    theme
        .statics
        .iter()
        .filter(|(path, _)| path.as_str() != offline::WORKER)
        .filter(|(path, _)| !crate::search::SCRIPTS.contains(&path.as_str()))
        .map(|(path, bytes)| OutputFile::new(format!("static/{path}"), bytes.clone()))
        .chain([crate::search::script_bundle(&theme.statics)])
        .chain([offline::manifest(book, config)])
        .try_for_each(|f| sink.put(f))
}

/// Step 7: the service worker, which lists every file `written`, and the swap of the
/// staged site into place.
fn write_site(staging: Staging, written: BuildFiles, theme: &Theme) -> Result<()> {
    let worker = theme
        .statics
        .get(offline::WORKER)
        .map_or(&[][..], Vec::as_slice);
    staging.put(written.service_worker(worker))?;
    staging.commit()
}

/// Counts and records the files that pass through to another sink.
struct CountingSink<'a> {
    inner: &'a dyn Sink,
    count: AtomicUsize,
    written: BuildFiles,
}

impl Sink for CountingSink<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostics> {
        self.count.fetch_add(1, Ordering::Relaxed);
        self.written.record(&file.path, &file.bytes);
        self.inner.put(file)
    }

    fn put_with(&self, path: String, write: Box<WriteFile<'_>>) -> Result<(), Diagnostics> {
        self.count.fetch_add(1, Ordering::Relaxed);
        let mut hash = 0;
        let hashed = |out: &mut dyn std::io::Write| {
            let mut out = HashingWriter::new(out);
            write(&mut out)?;
            hash = out.finish();
            Ok(())
        };
        self.inner.put_with(path.clone(), Box::new(hashed))?;
        self.written.record_hash(&path, hash);
        Ok(())
    }
}

/// Today's date as `YYYY-MM-DD` (UTC), or that of `SOURCE_DATE_EPOCH` for reproducible builds.
pub fn build_date() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 -> (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_each_step_in_order() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books/basic");
        let out = tempfile::tempdir().unwrap();
        let opts = BuildOptions {
            root,
            out: Some(out.path().join("site")),
            ..Default::default()
        };
        let report = build(&opts).unwrap();
        let steps: Vec<&str> = report.timings.0.iter().map(|(step, _)| *step).collect();
        let expected = [
            "config",
            "book",
            "theme (beside the book)",
            "pages",
            "search index",
            "static files",
            "write",
        ];
        assert_eq!(steps, expected);
    }

    #[test]
    fn converts_days_to_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_417), (2025, 11, 25));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
