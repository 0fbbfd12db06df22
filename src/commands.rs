//! Each command as a function from its parsed arguments to an exit code; the only place
//! besides `main` that prints to the terminal.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use crate::cli::{BuildArgs, ImportArgs, InitArgs, PdfArgs};
// TEMP use crate::import::{run_import, ImportOptions};
use crate::pipeline::{build as build_site, BuildOptions};

/// `qbook build`.
pub fn build(args: &BuildArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let opts = BuildOptions {
        root: args.root.clone(),
        out: args.out.clone(),
        base_url: args.base_url.clone(),
    };
    let report = build_site(&opts)?;
    eprintln!(
        "built {} questions into {} ({} files) in {} ms",
        report.questions,
        report.out.display(),
        report.files,
        start.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

/// `qbook import`.
pub fn import(args: &ImportArgs) -> Result<ExitCode> {
    anyhow::bail!("TEMP {args:?}")
}

/// `qbook init`.
pub fn init(args: &InitArgs) -> Result<ExitCode> {
    crate::init::init_book(&args.dir, &args.language)?;
    eprintln!("created a new book in {}; next: qbook build --root {}", args.dir.display(), args.dir.display());
    Ok(ExitCode::SUCCESS)
}

/// `qbook pdf`.
pub fn pdf(args: &PdfArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let opts = crate::pdf::PdfOptions {
        root: args.root.clone(),
        level: args.level.clone(),
        interviewer: args.interviewer,
        paper: args.paper.clone(),
        out: args.out.clone(),
    };
    let out = crate::pdf::make_pdf(&opts)?;
    eprintln!("wrote {} in {} ms", out.display(), start.elapsed().as_millis());
    Ok(ExitCode::SUCCESS)
}
