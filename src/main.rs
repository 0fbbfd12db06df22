//! The `qbook` binary: parse the command line, call the library, print errors once.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser;
use qbook::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            let colour = qbook::report::colour_wanted(std::io::stderr().is_terminal());
            let text = qbook::report::format_error(&err);
            eprintln!("{}", qbook::report::paint(&text, colour));
            ExitCode::from(1)
        }
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
        Command::Completions(args) => qbook::commands::completions(&args),
    }
}
