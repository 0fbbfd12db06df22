//! The only module that writes files: whole trees, atomically.
//!
//! A tree is written into a temporary sibling folder first and then swapped into place, so
//! that a failed or interrupted run leaves the previous tree untouched.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, RuleId};

/// One file of a tree to write: a path relative to the tree's root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the tree's root, with `/` separators.
    pub path: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file at `path` with `bytes`.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Writes one file's bytes into the writer it is given, as they are made.
pub type WriteFile<'a> = dyn FnOnce(&mut dyn Write) -> Result<(), Diagnostics> + 'a;

/// Where rendered files go, one at a time, from many threads at once.
pub trait Sink: Sync {
    /// Takes one file.
    fn put(&self, file: OutputFile) -> Result<(), Diagnostics>;

    /// Takes the file at `path` that `write` makes, in pieces large enough to be written as
    /// they come. A sink that writes files streams it to the disk as it is made, so that a
    /// large page (the whole book's print page, 11 MB at 10,000 questions) is never held
    /// whole in memory; the others collect it.
    fn put_with(&self, path: String, write: Box<WriteFile<'_>>) -> Result<(), Diagnostics> {
        let mut bytes = Vec::with_capacity(16 * 1024);
        write(&mut bytes)?;
        self.put(OutputFile::new(path, bytes))
    }
}

/// Keeps files in memory (the dev server, `check`, tests).
#[derive(Debug, Default)]
pub struct MemorySink(Mutex<Vec<OutputFile>>);

impl MemorySink {
    /// The files received, in no particular order.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostics> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// The file that marks a folder as a site qbook built: `build` replaces only a folder that
/// has it (or is empty, or with `--force`), so it never deletes a folder of the user's.
pub const SITE_MARKER: &str = ".qbook-site";
const SITE_MARKER_TEXT: &str = "This folder is made by `qbook build`, which replaces it whole on \
every build.\nKeep no other files here.\n";

/// A tree being written into a temporary folder beside its destination. Files are written
/// as they come (so a large site is never held in memory); [`Staging::commit`] swaps the
/// tree into place, and dropping an uncommitted staging removes it.
///
/// The temporary folder holds the site marker from its first moment, so that one left
/// behind by a killed run is known to be qbook's and removed by the next run.
#[derive(Debug)]
pub struct Staging {
    dest: PathBuf,
    dir: PathBuf,
    keep_marker: bool,
    committed: bool,
}

impl Staging {
    /// Starts a new tree for `dest` (which is not touched until `commit`); the tree does not
    /// keep the site marker.
    pub fn new(dest: &Path) -> Result<Self> {
        Self::start(dest, false)
    }

    /// Starts a new site for the output folder `dest`, checked by [`claim_site_dir`] first:
    /// the tree keeps the site marker.
    pub fn for_site(dest: &Path) -> Result<Self> {
        Self::start(dest, true)
    }

    fn start(dest: &Path, keep_marker: bool) -> Result<Self> {
        let parent = parent_of(dest);
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create folder {}", parent.display()))?;
        let dir = sibling(dest, "new");
        remove_leftover(&dir)?;
        fs::create_dir(&dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
        let staging = Staging {
            dest: dest.to_path_buf(),
            dir,
            keep_marker,
            committed: false,
        };
        fs::write(staging.dir.join(SITE_MARKER), SITE_MARKER_TEXT)
            .with_context(|| format!("cannot write in {}", staging.dir.display()))?;
        Ok(staging)
    }

    /// Replaces `dest` with the finished tree; on error `dest` is as it was and the
    /// temporary folder is gone.
    pub fn commit(mut self) -> Result<()> {
        if !self.keep_marker {
            fs::remove_file(self.dir.join(SITE_MARKER))
                .with_context(|| format!("cannot write in {}", self.dir.display()))?;
        }
        self.committed = true;
        let swapped = swap_into_place(&self.dir, &self.dest);
        if swapped.is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        swapped
    }

    /// Creates the file `file` of the tree (and its folder, for the first file in it).
    fn create(&self, file: &str) -> io::Result<fs::File> {
        let path = self.dir.join(inside_path(file)?);
        match fs::File::create(&path) {
            Ok(out) => Ok(out),
            // Most files go into a folder that is already there (`q/<id>.html`); the first
            // of a folder makes it.
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::File::create(&path)
            }
            Err(err) => Err(err),
        }
    }

    fn write_error(&self, path: &str, err: &io::Error) -> Diagnostics {
        let msg = format!("cannot write {}: {err}", self.dir.join(path).display());
        Diagnostic::error(RuleId::Io, Path::new(path), None, msg).into()
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostics> {
        self.create(&file.path)
            .and_then(|mut out| out.write_all(&file.bytes))
            .map_err(|err| self.write_error(&file.path, &err))
    }

    /// Writes what `write` gives straight into the file: `write` gathers small pieces itself
    /// (the renderer does, per 16 KiB), so a buffer here would only copy them once more.
    fn put_with(&self, path: String, write: Box<WriteFile<'_>>) -> Result<(), Diagnostics> {
        let mut file = self
            .create(&path)
            .map_err(|err| self.write_error(&path, &err))?;
        write(&mut file)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// `file`, a path relative to a tree's root, checked to stay inside the tree: only plain
/// names, no `..`, no root, no drive.
fn inside_path(file: &str) -> io::Result<&Path> {
    let path = Path::new(file);
    let plain = path
        .components()
        .all(|part| matches!(part, Component::Normal(_)));
    if plain && !file.is_empty() {
        Ok(path)
    } else {
        let msg = format!("refusing to write `{file}`: the path leaves the output folder");
        Err(io::Error::new(io::ErrorKind::InvalidInput, msg))
    }
}

/// Checks that `out` may take a new site of the book at `root`, and returns the folder to
/// write: `out` with its links resolved (a link named `public` keeps pointing at the new
/// site).
///
/// Refused: an output that is the book, holds it, or lies in its `content/` or `themes/`;
/// a file; a folder that is not empty and has no [`SITE_MARKER`], unless `force`.
pub fn claim_site_dir(root: &Path, out: &Path, force: bool) -> Result<PathBuf> {
    let (root, target) = (resolve(root)?, resolve(out)?);
    let named = if target == out {
        String::new()
    } else {
        format!(" (the link {} points there)", out.display())
    };
    let clash = if root.starts_with(&target) || target == root.join("content") {
        Some("it would replace the book itself")
    } else if ["content", "themes"]
        .iter()
        .any(|d| target.starts_with(root.join(d)))
    {
        Some("it lies inside the book's content/ or themes/")
    } else {
        None
    };
    if let Some(why) = clash {
        bail!("refusing to write the site to {}{named}: {why}; pick another --out (default: public/ in the book)", target.display());
    }
    match fs::symlink_metadata(&target) {
        Ok(meta) if !meta.is_dir() => bail!(
            "refusing to write the site to {}{named}: it is a file, not a folder; pick another --out",
            target.display()
        ),
        Ok(_) if !force && !is_empty_or_site(&target)? => bail!(
            "refusing to replace {}{named}: it is not empty and was not made by `qbook build` (no {SITE_MARKER} file in it); \
             pick an empty or new folder with --out, or pass --force to delete what it holds",
            target.display()
        ),
        _ => Ok(target),
    }
}

/// Whether the folder `dir` is empty or holds a site qbook built.
fn is_empty_or_site(dir: &Path) -> Result<bool> {
    let mut entries =
        fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    Ok(entries.next().is_none() || dir.join(SITE_MARKER).is_file())
}

/// `path` made absolute with every link resolved, also where its last parts do not exist yet.
fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute =
        std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(real) => {
                let mut resolved = real;
                for part in rest.iter().rev() {
                    match part {
                        Component::ParentDir => {
                            resolved.pop();
                        }
                        Component::Normal(name) => resolved.push(name),
                        _ => {}
                    }
                }
                return Ok(resolved);
            }
            Err(_) => match (existing.parent(), existing.components().next_back()) {
                (Some(parent), Some(last)) => {
                    rest.push(last);
                    existing = parent;
                }
                _ => bail!("cannot resolve {}", path.display()),
            },
        }
    }
}

/// Writes `files` as the whole content of `dest`, replacing what was there.
///
/// The files go to a temporary folder beside `dest`, which then takes `dest`'s place; the old
/// tree is removed only after the swap. On error, `dest` is as it was and the temporary
/// folder is gone. The caller has checked that `dest` may be replaced.
pub fn write_tree(dest: &Path, files: &[OutputFile]) -> Result<()> {
    let staging = Staging::new(dest)?;
    files
        .par_iter()
        .try_for_each(|file| staging.put(file.clone()))?;
    staging.commit()
}

/// Writes one file atomically: to a temporary sibling first, then renamed over `dest`, so
/// a reader never sees a partial file.
pub fn write_file(dest: &Path, bytes: &[u8]) -> Result<()> {
    let parent = parent_of(dest);
    fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create folder {}", parent.display()))?;
    let tmp = sibling(dest, "partial");
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, dest));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", dest.display()))
}

/// Creates `dest` with `bytes`, refusing to replace an existing file. The file appears whole
/// or not at all: it is written beside `dest` and then linked into place, which fails if
/// `dest` exists.
pub fn create_file(dest: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = sibling(dest, "partial");
    let result = fs::write(&tmp, bytes).and_then(|()| fs::hard_link(&tmp, dest));
    let _ = fs::remove_file(&tmp);
    result.with_context(|| format!("cannot create {}", dest.display()))
}

/// Removes a folder tree that qbook made (a temporary site), if it exists; links in it are
/// removed, never followed.
pub fn remove_tree(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => {
            Err(err).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Puts the tree `staging` in the place of `dest`. An existing `dest` is exchanged with it in
/// one step where the system can (Linux), so that `dest` is never missing, and then removed
/// from its new name; elsewhere it is moved aside first.
fn swap_into_place(staging: &Path, dest: &Path) -> Result<()> {
    let context = || format!("cannot move the new tree to {}", dest.display());
    match fs::symlink_metadata(dest) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return fs::rename(staging, dest).with_context(context);
        }
        Err(err) => return Err(err).with_context(context),
        Ok(_) => {}
    }
    if exchange(staging, dest).with_context(context)? {
        // `staging` now names the old tree.
        return remove_marked_tree(staging)
            .with_context(|| format!("cannot remove the old tree, now at {}", staging.display()));
    }
    let old = sibling(dest, "old");
    remove_leftover(&old)?;
    fs::rename(dest, &old).with_context(|| format!("cannot move {} aside", dest.display()))?;
    if let Err(err) = fs::rename(staging, dest) {
        let _ = fs::rename(&old, dest);
        return Err(err).with_context(context);
    }
    fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))
}

/// Exchanges two paths in one step; `Ok(false)` where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(err) if err == rustix::io::Errno::INVAL || err == rustix::io::Errno::NOSYS => Ok(false),
        Err(err) => Err(err.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Removes a tree, its site marker last, so that a run killed halfway leaves a tree that is
/// still known to be qbook's. Links in it are removed, never followed.
fn remove_marked_tree(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == SITE_MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    fs::remove_dir_all(dir)
}

/// A hidden sibling of `dest` named after it, for a tree or file being made (`.public.qbook-new`).
fn sibling(dest: &Path, what: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    parent_of(dest).join(format!(".{name}.qbook-{what}"))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Removes a temporary tree that a killed run left behind: only one that holds the site
/// marker (every temporary tree has it from its first moment) or is empty.
fn remove_leftover(dir: &Path) -> Result<()> {
    match fs::symlink_metadata(dir) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        Ok(meta) if meta.is_dir() && is_empty_or_site(dir)? => {
            remove_marked_tree(dir).with_context(|| format!("cannot remove {}", dir.display()))
        }
        _ => bail!(
            "{} is in the way and was not made by qbook; move it away and run again",
            dir.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_tree_and_replaces_the_old_one() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        write_tree(
            &dest,
            &[
                OutputFile::new("a/b.txt", "one"),
                OutputFile::new("c.txt", "x"),
            ],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(dest.join("a/b.txt")).unwrap(), "one");
        write_tree(&dest, &[OutputFile::new("d.txt", "two")]).unwrap();
        assert!(!dest.join("a").exists());
        assert_eq!(fs::read_to_string(dest.join("d.txt")).unwrap(), "two");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder is left behind");
    }

    #[test]
    fn writes_a_streamed_file_whole() {
        let pieces: Vec<&[u8]> = vec![b"<p>", b"one", b"", b"two", b"</p>"];
        let write = || -> Box<WriteFile<'_>> {
            Box::new(|out: &mut dyn Write| {
                for piece in &pieces {
                    out.write_all(piece).unwrap();
                }
                Ok(())
            })
        };
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let staging = Staging::new(&dest).unwrap();
        staging
            .put_with("print/index.html".into(), write())
            .unwrap();
        staging.put(OutputFile::new("one.txt", "x")).unwrap();
        staging.commit().unwrap();
        let page = fs::read_to_string(dest.join("print/index.html")).unwrap();
        assert_eq!(page, "<p>onetwo</p>");
        assert_eq!(fs::read_to_string(dest.join("one.txt")).unwrap(), "x");
        let memory = MemorySink::default();
        memory.put_with("a".into(), write()).unwrap();
        assert_eq!(memory.into_files()[0].bytes, b"<p>onetwo</p>");
    }

    #[test]
    fn creates_files_but_never_replaces_one() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("q.md");
        create_file(&file, b"one").unwrap();
        assert!(create_file(&file, b"two").is_err());
        assert_eq!(fs::read_to_string(&file).unwrap(), "one");
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no partial file is left"
        );
    }

    #[test]
    fn errors_leave_the_old_tree_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        write_tree(&dest, &[OutputFile::new("keep.txt", "old")]).unwrap();
        let bad = [OutputFile::new("x", "1"), OutputFile::new("x/y", "2")];
        assert!(write_tree(&dest, &bad).is_err());
        assert_eq!(fs::read_to_string(dest.join("keep.txt")).unwrap(), "old");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
