//! Each command as a function from its parsed arguments to an exit code; the only place
//! besides `main` that prints to the terminal.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use crate::cli::{BuildArgs, CompletionsArgs, ImportArgs, InitArgs, PdfArgs, ServeArgs};
use crate::import::{run_import, ImportOptions};
use crate::pipeline::{build as build_site, BuildOptions};

/// `qbook build`.
pub fn build(args: &BuildArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let opts = BuildOptions {
        root: args.root.clone(),
        out: args.out.clone(),
        base_url: args.base_url.clone(),
        force: args.force,
    };
    let report = build_site(&opts)?;
    eprintln!(
        "built {} questions into {} ({} files) in {} ms",
        report.questions,
        report.out.display(),
        report.files,
        start.elapsed().as_millis()
    );
    if args.timings {
        for (step, took) in &report.timings.0 {
            eprintln!("{:>9.1} ms  {step}", took.as_secs_f64() * 1000.0);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `qbook import`.
pub fn import(args: &ImportArgs) -> Result<ExitCode> {
    let opts = ImportOptions {
        file: args.file.clone(),
        into: args.into.clone(),
        force: args.force,
    };
    let report = run_import(&opts)?;
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    let book = &report.book;
    eprintln!(
        "imported {} levels, {} sections, {} questions, {} follow-ups, {} sources into {}",
        book.levels.len(),
        book.levels.iter().map(|l| l.sections.len()).sum::<usize>(),
        book.question_count(),
        book.follow_up_count(),
        book.sources.len(),
        report.written.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `qbook init`.
pub fn init(args: &InitArgs) -> Result<ExitCode> {
    crate::init::init_book(&args.dir, &args.language)?;
    eprintln!(
        "created a new book in {}; next: qbook build --root {}",
        args.dir.display(),
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `qbook pdf`: a line on stderr for each step, the PDF's path last.
pub fn pdf(args: &PdfArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let opts = crate::pdf::PdfOptions {
        root: args.root.clone(),
        level: args.level.clone(),
        interviewer: args.interviewer,
        paper: args.paper.clone(),
        out: args.out.clone(),
        sample: args.sample.map(|n| crate::pdf::SampleRequest {
            n: n as usize,
            seed: args.seed.clone().unwrap_or_else(crate::sample::random_seed),
        }),
    };
    let report = crate::pdf::make_pdf(&opts, &mut |step| eprintln!("{}", pdf_step(step)))?;
    let out = std::path::absolute(&report.out).unwrap_or(report.out);
    eprintln!(
        "wrote {} {} ({} kB, {}) in {:.1} s: {}",
        report.pages,
        if report.pages == 1 { "page" } else { "pages" },
        report.bytes.div_ceil(1000),
        opts.paper.to_uppercase().replace("LETTER", "Letter"),
        start.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A progress line of `qbook pdf`.
fn pdf_step(step: crate::pdf::PdfStep<'_>) -> String {
    use crate::pdf::PdfStep;
    match step {
        PdfStep::Loaded { questions } => format!("loaded {questions} questions"),
        PdfStep::Drawn(note) => note.to_string(),
        PdfStep::Printing { page, chrome } => {
            format!("printing {page} with {}", chrome.display())
        }
    }
}

/// `qbook completions SHELL`: the shell's completion script on stdout.
pub fn completions(args: &CompletionsArgs) -> Result<ExitCode> {
    use clap::CommandFactory as _;
    let mut cli = crate::cli::Cli::command();
    clap_complete::generate(args.shell, &mut cli, "qbook", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

/// `qbook serve`: runs until the process is stopped.
pub fn serve(args: &ServeArgs) -> Result<ExitCode> {
    let opts = crate::serve::ServeOptions {
        root: args.root.clone(),
        port: args.port,
        bind: args.bind,
        open: args.open,
    };
    crate::serve::serve(&opts)?;
    Ok(ExitCode::SUCCESS)
}

/// `qbook check`: prints every finding on stdout; fails on errors (or warnings with --strict).
pub fn check(args: &crate::cli::CheckArgs) -> Result<ExitCode> {
    use crate::check::{
        changed_since, check_book, fails, format_diagnostics, CheckOptions, OutputFormat, Scope,
    };
    use crate::cli::Format;
    use crate::report::{colour_wanted, paint};
    use std::io::IsTerminal as _;
    if let Some(id) = &args.explain {
        return explain_rule(id);
    }
    let scope = match &args.changed_since {
        Some(rev) => Scope::Changed(changed_since(&args.root, rev).map_err(anyhow::Error::msg)?),
        None if args.whole_book => Scope::WholeBook,
        None => Scope::Book,
    };
    let opts = CheckOptions {
        root: args.root.clone(),
        scope,
        ..CheckOptions::default()
    };
    let report = check_book(&opts);
    let out = OutputFormat {
        format: args.format,
        root: Some(&args.root),
    };
    let text = format_diagnostics(&report, &out);
    let colour = args.format == Format::Human && colour_wanted(std::io::stdout().is_terminal());
    print!("{}", paint(&text, colour));
    Ok(if fails(&report, args.strict) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `qbook check --explain RULE` (or `list`).
fn explain_rule(id: &str) -> Result<ExitCode> {
    use crate::check::rules::{explain, find_rule, rule_ids, RULES};
    if id == "list" {
        for rule in RULES {
            println!("{:<20} {}", rule.id, rule.summary);
        }
        return Ok(ExitCode::SUCCESS);
    }
    match find_rule(id) {
        Some(rule) => {
            print!("{}", explain(rule));
            Ok(ExitCode::SUCCESS)
        }
        None => anyhow::bail!("no rule `{id}`; the rules are: {}", rule_ids()),
    }
}

/// `qbook new`: prints the new file's path on stdout; on stderr, the questions it looks
/// like and the next steps.
pub fn new(args: &crate::cli::NewArgs) -> Result<ExitCode> {
    use crate::report::{colour_wanted, paint};
    use std::io::IsTerminal as _;
    let req = crate::scaffold::NewQuestion {
        root: args.root.clone(),
        title: args.title.clone(),
        level: args.level.clone(),
        section: args.section.clone(),
        follow_ups: args.follow_ups.clone(),
        tags: args.tags.clone(),
        id: args.id.clone(),
    };
    let report = crate::scaffold::new_question(&req)?;
    let file = report.file.strip_prefix(".").unwrap_or(&report.file);
    println!("{}", file.display());
    let colour = colour_wanted(std::io::stderr().is_terminal());
    let notes = new_notes(&report, file, &args.root, !args.follow_ups.is_empty());
    eprint!("{}", paint(&notes, colour));
    Ok(ExitCode::SUCCESS)
}

/// What `qbook new` says on stderr: a warning per existing question the new one looks like,
/// then where the file is and what to do next (first the follow-ups, when none were given:
/// `check` warns without them).
fn new_notes(
    report: &crate::scaffold::NewReport,
    file: &std::path::Path,
    root: &std::path::Path,
    has_follow_ups: bool,
) -> String {
    let mut out = String::new();
    for q in &report.similar {
        out.push_str(&format!(
            "warning: the new question looks like question {} “{}” in {}; if it asks the same, improve that file instead and delete {} (similarity {:.2})\n",
            q.number,
            q.title,
            q.path.display(),
            file.display(),
            q.score
        ));
    }
    let root_arg = if root == std::path::Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", root.display())
    };
    let mut steps = Vec::new();
    if !has_follow_ups {
        steps.push(
            "add two or three follow-ups to the front matter: follow_ups: [\"…?\", \"…?\"]"
                .to_string(),
        );
    }
    steps.push("write the answer (optional) under the comment in that file".to_string());
    steps.push(format!(
        "qbook serve{root_arg}    to preview it (the page q/{}.html)",
        report.id
    ));
    steps.push(format!(
        "qbook check{root_arg}    before you open the pull request"
    ));
    out.push_str(&format!("created {}\nnext:\n", file.display()));
    for (i, step) in steps.iter().enumerate() {
        out.push_str(&format!("  {}. {step}\n", i + 1));
    }
    out
}
