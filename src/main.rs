//! The `qbook` binary: parse the command line, call the library, print errors once.

use std::process::ExitCode;

use clap::Parser;
use qbook::cli::{Cli, Command};

fn main() -> ExitCode {
    grow_heaps_in_large_steps();
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{}", qbook::report::format_error(&err));
            ExitCode::from(1)
        }
    }
}

/// glibc grows the heap of each rendering thread a few pages at a time, one `mprotect` call
/// each: about 5,000 calls for 10,000 questions. Growing by 16 MiB makes that a handful;
/// pages are still only taken when written. Page buffers up to 32 MiB come from the heap
/// and are reused, instead of being mapped and unmapped (and their pages faulted in again)
/// each time, and the heap is not given back while a build runs: a fifth fewer page faults.
fn grow_heaps_in_large_steps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets tuning parameters of the allocator; it is called before
    // any other thread exists.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Build(args) => qbook::commands::build(&args),
        Command::Check(args) => qbook::commands::check(&args),
        Command::New(args) => qbook::commands::new(&args),
        Command::Import(args) => qbook::commands::import(&args),
        Command::Init(args) => qbook::commands::init(&args),
        Command::Pdf(args) => qbook::commands::pdf(&args),
        Command::Serve(args) => qbook::commands::serve(&args),
    }
}
