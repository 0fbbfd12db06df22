//! The command line: clap derive types only.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// qbook: a static site generator for question books.
#[derive(Debug, Parser)]
#[command(name = "qbook", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder (atomically: a failed build leaves the old one).
    Build(BuildArgs),
    /// Lint the book for a pull request: every error `build` would stop at, plus lint rules.
    #[command(after_long_help = CHECK_HELP)]
    Check(CheckArgs),
    /// Write a new question file with the next free number in a level's section.
    New(NewArgs),
    /// Turn a seed-format Markdown document into a content tree.
    Import(ImportArgs),
    /// Create a new, empty book.
    Init(InitArgs),
    /// Print the book (or a level) to PDF with a headless Chromium.
    Pdf(PdfArgs),
    /// Preview the book with live reload while you edit.
    Serve(ServeArgs),
    /// Print a shell's completion script for qbook, e.g. `qbook completions bash`.
    #[command(after_long_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
}

/// `qbook completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where each shell looks for completion scripts, for `completions --help`.
const COMPLETIONS_HELP: &str = "\
Install the script where your shell finds it, for example:
  bash        qbook completions bash > ~/.local/share/bash-completion/completions/qbook
  zsh         qbook completions zsh > ~/.zfunc/_qbook   (with fpath+=~/.zfunc before compinit)
  fish        qbook completions fish > ~/.config/fish/completions/qbook.fish
  powershell  qbook completions powershell >> $PROFILE
  elvish      echo (qbook completions elvish | slurp) >> ~/.config/elvish/rc.elv";

/// `qbook serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The book's folder (holding site.toml and content/).
    #[arg(short, long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on (the next free one if taken; 0 for any free port).
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Other machines can reach the preview only if you bind
    /// a non-loopback address.
    #[arg(
        short = 'i',
        long,
        visible_alias = "interface",
        default_value = "127.0.0.1"
    )]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(short = 'O', long)]
    pub open: bool,
}

/// `qbook pdf`.
#[derive(Debug, clap::Args)]
pub struct PdfArgs {
    /// The book's folder (holding site.toml and content/).
    #[arg(short, long, default_value = ".")]
    pub root: PathBuf,
    /// Only this level: its number (1-based) or slug.
    #[arg(long)]
    pub level: Option<String>,
    /// The interviewer's variant: answers, a 0–3 score box and lines for notes.
    #[arg(long, visible_alias = "answers")]
    pub interviewer: bool,
    /// Paper size.
    #[arg(long, default_value = "a4", value_parser = ["a4", "letter"])]
    pub paper: String,
    /// The PDF to write (default: book.pdf, <level>.pdf, with -interviewer for that variant).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Print a random interview set of N questions, spread over sections (of --level if given).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub sample: Option<u32>,
    /// The set's seed (any text): the same seed draws the same set as the site's interview
    /// page (`interview/index.html?seed=S&n=N&levels=L`). Default: a new random seed, printed.
    #[arg(long, requires = "sample")]
    pub seed: Option<String>,
}

/// `qbook init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The new book's folder (must not exist or be empty).
    pub dir: PathBuf,
    /// The book's language: `en` or `ru`.
    #[arg(long, default_value = "en", value_parser = ["en", "ru"])]
    pub language: String,
}

/// `qbook build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The book's folder (holding site.toml and content/).
    #[arg(short, long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: public/ under the root).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Override site.toml's base_url (for example for a local preview).
    #[arg(short = 'u', long)]
    pub base_url: Option<String>,
    /// Replace an output folder that qbook did not make (one that is not empty and has no
    /// .qbook-site file): everything in it is deleted.
    #[arg(short, long)]
    pub force: bool,
    /// Print how long each step of the build took.
    #[arg(long)]
    pub timings: bool,
}

/// `qbook import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The seed-format document.
    pub file: PathBuf,
    /// The content folder to write.
    #[arg(long, default_value = "content")]
    pub into: PathBuf,
    /// Replace an existing content folder (one with an _index.md); nothing else is touched.
    #[arg(short, long)]
    pub force: bool,
}

/// Output formats of `check` (kept here for the CLI's sake).
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-like diagnostics.
    #[default]
    Human,
    /// A JSON array.
    Json,
    /// GitHub workflow commands.
    Github,
}

/// Output formats, exit codes and the JSON schema of `qbook check`, for `--help`.
const CHECK_HELP: &str = "\
Formats (--format):
  human   rustc-like: `warning[rule]: message`, ` --> path:line:col`, the line and a caret
  github  GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`
  json    an array, one object per finding, in file and position order:
          [{\"rule\": \"trailing-whitespace\", \"severity\": \"warning\",
            \"path\": \"content/01-x/01-y/010-z.md\", \"line\": 3, \"column\": 52,
            \"message\": \"trailing whitespace; remove it\"}]
          severity is \"error\" or \"warning\"; path is relative to the book root; line and
          column are 1-based (columns in characters), null for a whole file or folder.

Errors are listed first, then warnings; each group in file and position order.

Scope:
  qbook check                          every file; the book's own near-duplicate pairs and
                                       uncited sources are not listed (reviewed already)
  qbook check --changed-since origin/main
                                       a pull request: files changed since the merge base
                                       with REV, plus uncommitted and untracked ones; each
                                       changed question is compared with the whole book
  qbook check --whole-book             the overlap report: every near-duplicate pair
                                       and every uncited source

A book sets its lint rules in site.toml: [check] rules = { near-duplicate = \"error\",
trailing-whitespace = \"off\" } (off, warning or error; errors cannot be turned off).
Reviewed near-duplicate pairs go in content/reviewed.toml:
not_duplicates = [[\"id-a\", \"id-b\"]].

Exit status: 0 when there is no error (and, with --strict, no warning); 1 otherwise.
`qbook check --explain RULE` explains a rule; `qbook check --explain list` lists them.";

/// `qbook check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The book's folder (holding site.toml and content/).
    #[arg(short, long, default_value = ".")]
    pub root: PathBuf,
    /// How to print findings.
    #[arg(short, long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Pull-request mode: warnings only on the files changed since this git revision
    /// (`origin/main`; committed on this branch, or not committed yet), near-duplicates of
    /// each changed question with the whole book; errors anywhere still fail.
    #[arg(long, value_name = "REV", conflicts_with = "whole_book")]
    pub changed_since: Option<String>,
    /// The whole-book report: also every near-duplicate pair of the book (its overlaps) and
    /// every source no footnote cites, which plain `check` leaves to pull requests.
    #[arg(long, visible_alias = "overlaps")]
    pub whole_book: bool,
    /// Explain a rule (by id, as shown in brackets) instead of checking; `list` lists them.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
}

/// `qbook new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The question, in quotes (inline Markdown: `code` is fine).
    #[arg(allow_hyphen_values = true)]
    pub title: String,
    /// The level: its number (1, 2, …) or slug.
    #[arg(long)]
    pub level: String,
    /// The section within the level: its number (1, 2, …) or slug.
    #[arg(long)]
    pub section: String,
    /// A follow-up question (repeat for more).
    #[arg(long = "follow-up", value_name = "TEXT", allow_hyphen_values = true)]
    pub follow_ups: Vec<String>,
    /// A tag (repeat for more).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// The question's id (its URL), instead of one derived from the title.
    #[arg(long)]
    pub id: Option<String>,
    /// The book's folder (holding site.toml and content/).
    #[arg(short, long, default_value = ".")]
    pub root: PathBuf,
}
