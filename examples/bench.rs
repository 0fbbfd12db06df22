//! Build benchmark: builds books of several sizes in RAM (`/dev/shm`) with the release
//! `qbook` binary, whole process and clean output folder each run, and reports the median
//! wall time, peak memory (max RSS of the process), output size, and the time of a rebuild
//! after one question changes (the `serve` path: load and render in memory, in process).
//!
//! ```text
//! cargo build --release --examples && target/release/examples/bench
//! target/release/examples/bench --sizes 130,1000,10000 --runs 7
//! target/release/examples/bench --baseline /tmp/qbook-old   # another qbook, same runs
//! target/release/examples/bench --sizes 1000 --instructions  # and instruction counts
//! ```
//!
//! With `--baseline`, each run builds with the baseline binary and then with this one, in
//! turn, and the table adds the baseline's median and the ratio of the two: on a shared,
//! noisy machine only numbers from the same run compare.
//!
//! With `--instructions`, each size up to 10,000 questions is also built once under
//! valgrind's callgrind, with one rendering thread, which counts the instructions the build
//! executes: a number that other load on the machine does not change (within about half a
//! percent, as the highlighter's warm-up thread interleaves differently). Callgrind runs
//! some fifty times slower, so larger sizes are left out, and say so.
//!
//! The 130-question book is the shipped one (`content/`); the others come from
//! `examples/gen_book.rs` with the seed's shape.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use qbook::pipeline::{load_all, render_all, BuildOptions};

/// What to measure.
struct Options {
    sizes: Vec<usize>,
    runs: usize,
    dir: PathBuf,
    baseline: Option<PathBuf>,
    instructions: bool,
}

/// Above this size `--instructions` is left out (callgrind is about 50 times slower).
const MAX_COUNTED: usize = 10_000;

fn main() {
    let opts = parse_args();
    let bin_dir = env::current_exe()
        .ok()
        .and_then(|p| p.parent()?.parent().map(Path::to_path_buf))
        .expect("target/release");
    let qbook = bin_dir.join("qbook");
    let gen = bin_dir.join("examples/gen_book");
    for tool in [&qbook, &gen] {
        assert!(
            tool.is_file(),
            "{} is missing: run `cargo build --release --examples` first",
            tool.display()
        );
    }
    fs::create_dir_all(&opts.dir).expect("benchmark folder");
    println!(
        "qbook build benchmark: median of {} runs, sources and output in {}",
        opts.runs,
        opts.dir.display()
    );
    if let Some(baseline) = &opts.baseline {
        println!(
            "baseline: {} (built in turn with each run)",
            baseline.display()
        );
    }
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>10} {:>8} {:>12}{}",
        "questions",
        "median",
        "min",
        "max",
        "peak RSS",
        "files",
        "rebuild(1)",
        if opts.baseline.is_some() {
            "   baseline median, peak RSS, ratio"
        } else {
            ""
        }
    );
    let mut bins = vec![qbook.as_path()];
    bins.extend(opts.baseline.as_deref());
    for &size in &opts.sizes {
        let book = prepare_book(&opts.dir, &gen, size);
        let rows = measure(
            &bins,
            &book,
            &opts.dir.join(format!("out-{size}")),
            opts.runs,
        );
        let row = &rows[0];
        let rebuild = measure_rebuild(&book, opts.runs);
        let versus = rows
            .get(1)
            .map(|base| {
                format!(
                    "   {:>8.1}ms {:>8.1}MB {:>6.2}",
                    ms(base.median),
                    base.peak_kb as f64 / 1024.0,
                    ms(row.median) / ms(base.median)
                )
            })
            .unwrap_or_default();
        println!(
            "{:>8} {:>8.1}ms {:>8.1}ms {:>8.1}ms {:>8.1}MB {:>8} {:>10.1}ms{versus}   output {:.1} MB",
            size,
            ms(row.median),
            ms(row.min),
            ms(row.max),
            row.peak_kb as f64 / 1024.0,
            row.files,
            ms(rebuild),
            row.bytes as f64 / 1e6
        );
        if opts.instructions {
            print_instructions(&bins, &book, &opts.dir.join(format!("out-{size}")), size);
        }
    }
}

/// The `--instructions` line of one size: this binary's count and the baseline's.
fn print_instructions(bins: &[&Path], book: &Path, out: &Path, size: usize) {
    if size > MAX_COUNTED {
        println!(
            "{:>8} instructions: left out above {MAX_COUNTED} questions",
            ""
        );
        return;
    }
    let counts: Vec<u64> = bins
        .iter()
        .map(|bin| instructions(bin, book, out))
        .collect();
    let millions = |n: u64| n as f64 / 1e6;
    let versus = counts
        .get(1)
        .map(|&base| {
            format!(
                "   baseline {:.1} M, ratio {:.3}",
                millions(base),
                counts[0] as f64 / base as f64
            )
        })
        .unwrap_or_default();
    println!(
        "{:>8} instructions (callgrind, one rendering thread): {:.1} M{versus}",
        "",
        millions(counts[0])
    );
}

/// The instructions one build of `book` by `bin` executes, as callgrind counts them.
fn instructions(bin: &Path, book: &Path, out: &Path) -> u64 {
    let _ = fs::remove_dir_all(out);
    let run = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(bin)
        .args(build_args(book, out))
        .env("RAYON_NUM_THREADS", "1")
        .stdout(std::process::Stdio::null())
        .output();
    let output = run.unwrap_or_else(|err| {
        eprintln!("bench: --instructions runs valgrind, which did not start ({err}); install it (Debian: apt-get install valgrind)");
        std::process::exit(2);
    });
    let report = String::from_utf8_lossy(&output.stderr);
    report
        .lines()
        .find_map(|line| line.split("Collected :").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .filter(|_| output.status.success())
        .unwrap_or_else(|| {
            eprintln!(
                "bench: callgrind gave no count for {}:\n{report}",
                bin.display()
            );
            std::process::exit(1);
        })
}

fn parse_args() -> Options {
    let mut opts = Options {
        sizes: vec![130, 1000, 10_000, 100_000],
        runs: 5,
        dir: PathBuf::from("/dev/shm/qbook-bench"),
        baseline: None,
        instructions: false,
    };
    let args: Vec<String> = env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--instructions" {
            opts.instructions = true;
            i += 1;
            continue;
        }
        let value = args.get(i + 1).cloned().unwrap_or_default();
        let parsed = match args[i].as_str() {
            "--sizes" => value
                .split(',')
                .map(|s| s.trim().parse().ok())
                .collect::<Option<Vec<usize>>>()
                .map(|sizes| opts.sizes = sizes),
            "--runs" => value.parse().ok().filter(|&n| n > 0).map(|n| opts.runs = n),
            "--dir" => {
                opts.dir = PathBuf::from(&value);
                Some(())
            }
            "--baseline" => {
                opts.baseline = Some(PathBuf::from(&value));
                Some(())
            }
            _ => None,
        };
        if parsed.is_none() {
            eprintln!(
                "bench: bad argument `{} {value}`\nusage: bench [--sizes 130,1000,10000,100000] [--runs N] [--dir DIR] [--baseline QBOOK_BINARY] [--instructions]",
                args[i]
            );
            std::process::exit(2);
        }
        i += 2;
    }
    opts
}

/// The shipped book for 130 questions (copied into RAM), a generated one otherwise.
fn prepare_book(dir: &Path, gen: &Path, size: usize) -> PathBuf {
    let book = dir.join(format!("book-{size}"));
    let _ = fs::remove_dir_all(&book);
    if size == 130 {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("content"), &book.join("content"));
        fs::copy(repo.join("site.toml"), book.join("site.toml")).expect("site.toml");
    } else {
        let status = Command::new(gen)
            .args(["--questions", &size.to_string(), "--out"])
            .arg(&book)
            .status()
            .expect("gen_book runs");
        assert!(status.success(), "gen_book failed");
    }
    book
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("folder");
    for entry in fs::read_dir(from).expect("read folder").flatten() {
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), dest).expect("copy");
        }
    }
}

/// `qbook`'s arguments for a build of `book` into `out`.
fn build_args<'a>(book: &'a Path, out: &'a Path) -> [&'a std::ffi::OsStr; 5] {
    [
        "build".as_ref(),
        "--root".as_ref(),
        book.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]
}

/// One size's whole-process numbers.
struct Row {
    median: Duration,
    min: Duration,
    max: Duration,
    peak_kb: i64,
    files: usize,
    bytes: u64,
}

/// Runs `qbook build` with each of `bins` in turn, `runs` times (after one warm-up), clean
/// output each time; a row per binary.
fn measure(bins: &[&Path], book: &Path, out: &Path, runs: usize) -> Vec<Row> {
    let build = |bin: &Path| {
        let _ = fs::remove_dir_all(out);
        run_measured(Command::new(bin).args(build_args(book, out)))
    };
    let mut times = vec![Vec::new(); bins.len()];
    let mut peak_kb = vec![0; bins.len()];
    for run in 0..=runs {
        for (k, bin) in bins.iter().enumerate() {
            let (elapsed, max_rss) = build(bin);
            if run > 0 {
                times[k].push(elapsed);
                peak_kb[k] = peak_kb[k].max(max_rss);
            }
        }
    }
    // The output counted is this binary's (the first): build it last.
    build(bins[0]);
    let (files, bytes) = tree_size(out);
    times
        .into_iter()
        .zip(peak_kb)
        .map(|(mut times, peak_kb)| {
            times.sort();
            Row {
                median: times[times.len() / 2],
                min: times[0],
                max: times[times.len() - 1],
                peak_kb,
                files,
                bytes,
            }
        })
        .collect()
}

/// The time of `load_all` + `render_all` (what `serve` does) after one question changes.
fn measure_rebuild(book: &Path, runs: usize) -> Duration {
    let file = first_question(&book.join("content")).expect("a question file");
    let original = fs::read_to_string(&file).expect("question");
    let opts = BuildOptions {
        root: book.to_path_buf(),
        ..BuildOptions::default()
    };
    // As `qbook serve` does: highlighted code is kept from one build to the next.
    let kept = qbook::markdown::KeptHighlights::default();
    let mut times = Vec::new();
    for run in 0..=runs {
        fs::write(
            &file,
            original.replacen("title: \"", &format!("title: \"({run}) "), 1),
        )
        .expect("edit");
        let start = Instant::now();
        let (config, model, theme) = load_all(&opts).expect("book loads");
        let files = render_all(&model, &config, &theme, Some(&kept)).expect("book renders");
        let elapsed = start.elapsed();
        assert!(!files.is_empty());
        if run > 0 {
            times.push(elapsed);
        }
    }
    fs::write(&file, original).expect("restore");
    times.sort();
    times[times.len() / 2]
}

fn first_question(dir: &Path) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name()?.to_string_lossy().into_owned();
        if path.is_dir() {
            if let Some(found) = first_question(&path) {
                return Some(found);
            }
        } else if name.ends_with(".md") && !name.starts_with('_') {
            return Some(path);
        }
    }
    None
}

fn tree_size(dir: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                files += 1;
                bytes += meta.len();
            }
        }
    }
    (files, bytes)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs `cmd` to completion: its wall time and its peak resident memory in KiB.
fn run_measured(cmd: &mut Command) -> (Duration, i64) {
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let start = Instant::now();
    let child = cmd.spawn().expect("qbook starts");
    let mut status = 0;
    // SAFETY: `rusage` is plain integers, for which all zeros is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `wait4` reaps the child we just spawned and fills `usage`, which lives for the
    // whole call; `child` is never waited on again (it is forgotten below).
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    std::mem::forget(child);
    assert!(
        pid > 0 && status == 0,
        "qbook build failed (status {status})"
    );
    (elapsed, usage.ru_maxrss)
}
