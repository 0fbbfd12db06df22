//! `check --changed-since REV`: which files of the book a pull request changed, asked of git.
//!
//! "Changed" means: changed on this branch since it left `REV` (`git diff REV...HEAD`, the
//! diff a pull request shows), plus what is not committed yet (staged, unstaged and untracked
//! files), so that a contributor sees locally what CI will see. Deleted files are kept apart:
//! nothing can be reported on them, but a link to a question they held can say so. git runs
//! as a subprocess in the book's folder; paths are relative to that folder, like every
//! finding's path.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::content::source_id_positions;

/// What a pull request changed, as `check` needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The revision compared with (`origin/main`).
    pub rev: String,
    /// The changed files, relative to the book's folder.
    pub files: BTreeSet<PathBuf>,
    /// The files deleted (not renamed), relative to the book's folder.
    pub deleted: BTreeSet<PathBuf>,
    /// The source ids content/sources.yaml had at `rev` (none when it had no such file).
    pub old_source_ids: HashSet<String>,
}

/// Asks git what changed in the book at `root` since `rev`; the error says what to do.
pub fn changed_since(root: &Path, rev: &str) -> Result<Changes, String> {
    verify_rev(root, rev)?;
    let range = format!("{rev}...HEAD");
    let list = |args: &[&str]| -> Result<BTreeSet<PathBuf>, String> {
        let out = git(root, args)?.map_err(|err| {
            format!(
                "git could not list the files changed since `{rev}`: {err}; if the checkout is shallow, fetch the history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions)"
            )
        })?;
        Ok(out
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .collect())
    };
    let diff = |filter: &str, against: &str| {
        list(&["diff", "--name-only", "--relative", "-z", filter, against])
    };
    let mut files = diff("--diff-filter=d", &range)?;
    files.extend(diff("--diff-filter=d", "HEAD")?);
    files.extend(list(&["ls-files", "-z", "--others", "--exclude-standard"])?);
    let mut deleted = diff("--diff-filter=D", &range)?;
    deleted.extend(diff("--diff-filter=D", "HEAD")?);
    let old_sources = git(root, &["show", &format!("{rev}:./content/sources.yaml")])?;
    let old_source_ids = old_sources
        .map(|text| {
            source_id_positions(&text)
                .into_iter()
                .map(|(id, _)| id)
                .collect()
        })
        .unwrap_or_default();
    Ok(Changes {
        rev: rev.to_string(),
        files,
        deleted,
        old_source_ids,
    })
}

/// Fails with advice when `root` is not in a git repository or `rev` names no commit.
fn verify_rev(root: &Path, rev: &str) -> Result<(), String> {
    let commit = format!("{rev}^{{commit}}");
    if git(root, &["rev-parse", "--verify", "--quiet", &commit])?.is_ok() {
        return Ok(());
    }
    if git(root, &["rev-parse", "--is-inside-work-tree"])?.is_err() {
        return Err(format!(
            "{} is not inside a git repository; --changed-since compares with a git revision, so run it in a clone of the book (or run plain `qbook check`)",
            root.display()
        ));
    }
    Err(format!(
        "unknown git revision `{rev}`; fetch it first (`git fetch origin main` for `origin/main`; in GitHub Actions check out with `fetch-depth: 0`), or name a branch, tag or commit that exists"
    ))
}

/// Runs `git ARGS` in `root`: `Err` when git cannot run at all, `Ok(Err(stderr))` when it
/// runs and fails, `Ok(Ok(stdout))` when it succeeds.
fn git(root: &Path, args: &[&str]) -> Result<Result<String, String>, String> {
    let dir = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|err| {
            format!(
                "cannot run git ({err}); --changed-since asks git which files changed: install git and put it on PATH, or run plain `qbook check`"
            )
        })?;
    if out.status.success() {
        Ok(Ok(String::from_utf8_lossy(&out.stdout).into_owned()))
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        Ok(Err(stderr.trim().replace('\n', "; ")))
    }
}
