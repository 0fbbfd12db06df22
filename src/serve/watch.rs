//! Watches what a build reads — `content/`, `themes/` and `site.toml` — and says when it
//! has changed.
//!
//! The system's file events (inotify, FSEvents, ReadDirectoryChangesW, through `notify`) are
//! used where it gives them, so an idle server does no work at all. Where it does not (no
//! watch left: inotify's per-user limit) or when `QBOOK_WATCH=poll` asks for it (network
//! mounts and some container volumes, where an edit made on the other side sends no event),
//! the files are read every [`POLL_INTERVAL`] and their contents compared: an edit that keeps
//! the size and the modification time (`cp -p`, `tar -x`) is a change too.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use notify::event::{AccessKind, AccessMode};
use notify::{Config, Event, EventKind, PollWatcher, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;

/// The environment variable that makes the server poll (`QBOOK_WATCH=poll`).
pub const WATCH_ENV: &str = "QBOOK_WATCH";
/// How often the files are compared when polling.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// A change is acted on once no other came for this long: an editor may save in steps.
const SETTLE: Duration = Duration::from_millis(50);
/// ... but no later than this after the first one.
const MAX_SETTLE: Duration = Duration::from_secs(1);
/// The folder of theme overrides.
const THEMES_DIR: &str = "themes";

/// How the book is being watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The system's file events.
    Native,
    /// Reading and comparing the files every [`POLL_INTERVAL`].
    Poll,
}

/// Watches one book's inputs.
pub struct BookWatcher {
    root: PathBuf,
    inputs: Inputs,
    watcher: Box<dyn Watcher + Send>,
    events: Receiver<notify::Result<Event>>,
    mode: Mode,
    /// `content/` or `themes/` itself was made, removed or moved: watch it anew.
    rewatch: bool,
    /// The last error reported, so that polling does not repeat it every second.
    last_error: Option<String>,
}

impl BookWatcher {
    /// Starts watching the book at `root`: natively unless `QBOOK_WATCH=poll` says
    /// otherwise or the system cannot; by polling then. Changes from now on are seen.
    pub fn start(root: &Path) -> Result<BookWatcher> {
        let (sender, events) = mpsc::channel();
        let polling_asked = polling_asked();
        let native = match polling_asked {
            true => None,
            false => native_watcher(root, sender.clone())
                .map_err(|err| {
                    eprintln!(
                        "cannot watch {} with the system's file events ({err}); comparing its files every {} s instead",
                        root.display(),
                        POLL_INTERVAL.as_secs()
                    )
                })
                .ok(),
        };
        let (watcher, mode) = match native {
            Some(watcher) => (watcher, Mode::Native),
            None => (poll_watcher(root, sender)?, Mode::Poll),
        };
        Ok(BookWatcher {
            root: root.to_path_buf(),
            inputs: Inputs::of(root),
            watcher,
            events,
            mode,
            rewatch: false,
            last_error: None,
        })
    }

    /// How the book is watched.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Waits until an input has changed and the changes have settled; false once no
    /// change can come any more (the watcher stopped).
    pub fn wait_for_change(&mut self) -> bool {
        loop {
            match self.events.recv() {
                Ok(event) if self.is_change(&event) => break,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        self.settle();
        if std::mem::take(&mut self.rewatch) {
            if let Err(err) = watch_inputs(self.watcher.as_mut(), &self.root) {
                eprintln!("cannot watch {}: {err}", self.root.display());
            }
        }
        true
    }

    /// Takes the events that follow, until none has come for [`SETTLE`].
    fn settle(&mut self) {
        let until = Instant::now() + MAX_SETTLE;
        let mut quiet_at = Instant::now() + SETTLE;
        loop {
            let wait = quiet_at
                .min(until)
                .saturating_duration_since(Instant::now());
            match self.events.recv_timeout(wait) {
                Ok(event) if self.is_change(&event) => quiet_at = Instant::now() + SETTLE,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Whether `event` changes what a build reads. Errors are reported (once each).
    fn is_change(&mut self, event: &notify::Result<Event>) -> bool {
        let event = match event {
            Ok(event) => event,
            Err(err) => {
                self.report(err);
                return false;
            }
        };
        if event.paths.iter().any(|p| self.inputs.is_folder(p)) {
            self.rewatch = true;
        }
        changes_inputs(event, &self.inputs)
    }

    fn report(&mut self, err: &notify::Error) {
        let message = err.to_string();
        if self.last_error.as_ref() != Some(&message) {
            eprintln!("watching {}: {message}", self.root.display());
            self.last_error = Some(message);
        }
    }
}

/// Whether `QBOOK_WATCH=poll` is set; another value than `poll` or `native` is reported.
fn polling_asked() -> bool {
    match std::env::var(WATCH_ENV).as_deref() {
        Ok("poll") => true,
        Ok("native") | Err(_) => false,
        Ok(other) => {
            eprintln!(
                "{WATCH_ENV}={other} is not `poll` or `native`; using the system's file events"
            );
            false
        }
    }
}

/// The paths whose change calls for a rebuild.
struct Inputs {
    config: PathBuf,
    folders: [PathBuf; 2],
}

impl Inputs {
    fn of(root: &Path) -> Inputs {
        Inputs {
            config: root.join(CONFIG_FILE),
            folders: [root.join(CONTENT_DIR), root.join(THEMES_DIR)],
        }
    }

    fn contains(&self, path: &Path) -> bool {
        path == self.config || self.folders.iter().any(|f| path.starts_with(f))
    }

    fn is_folder(&self, path: &Path) -> bool {
        self.folders.iter().any(|f| path == f)
    }
}

/// Whether `event` is a change of an input: anything but reading (builds open every file),
/// and also an event that says events were lost.
fn changes_inputs(event: &Event, inputs: &Inputs) -> bool {
    if event.need_rescan() {
        return true;
    }
    let reading = matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write));
    !reading && event.paths.iter().any(|p| inputs.contains(p))
}

/// The system's watcher on the book's inputs.
fn native_watcher(
    root: &Path,
    sender: mpsc::Sender<notify::Result<Event>>,
) -> notify::Result<Box<dyn Watcher + Send>> {
    let mut watcher = notify::recommended_watcher(sender)?;
    watch_inputs(&mut watcher, root)?;
    Ok(Box::new(watcher))
}

/// A watcher that reads and compares the book's files every [`POLL_INTERVAL`].
fn poll_watcher(
    root: &Path,
    sender: mpsc::Sender<notify::Result<Event>>,
) -> Result<Box<dyn Watcher + Send>> {
    let config = Config::default()
        .with_poll_interval(POLL_INTERVAL)
        .with_compare_contents(true);
    let mut watcher = PollWatcher::new(sender, config)
        .with_context(|| format!("cannot watch {} for changes", root.display()))?;
    watch_inputs(&mut watcher, root)
        .with_context(|| format!("cannot watch {} for changes", root.display()))?;
    Ok(Box::new(watcher))
}

/// Watches the book's folder itself (where `site.toml` is, and where `content/` and
/// `themes/` may be made later) and, with all below them, `content/` and `themes/`.
fn watch_inputs(watcher: &mut dyn Watcher, root: &Path) -> notify::Result<()> {
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for folder in Inputs::of(root).folders {
        if folder.is_dir() {
            watcher.watch(&folder, RecursiveMode::Recursive)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};

    #[test]
    fn changes_are_edits_of_inputs_not_reads() {
        let inputs = Inputs::of(Path::new("/book"));
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let cases = [
            (write, "/book/content/a/b.md", true),
            (write, "/book/themes/x/page.html", true),
            (write, "/book/site.toml", true),
            (write, "/book/public/index.html", false),
            (write, "/book/README.md", false),
            (write, "/book/contents/x.md", false),
            (EventKind::Create(CreateKind::Any), "/book/themes", true),
            (
                EventKind::Remove(RemoveKind::Any),
                "/book/content/a.md",
                true,
            ),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                "/book/content/a.md",
                true,
            ),
            (
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                "/book/content/a.md",
                false,
            ),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                "/book/site.toml",
                false,
            ),
        ];
        for (kind, path, expected) in cases {
            let event = Event::new(kind).add_path(PathBuf::from(path));
            assert_eq!(changes_inputs(&event, &inputs), expected, "{kind:?} {path}");
        }
        let lost = Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        assert!(changes_inputs(&lost, &inputs), "lost events mean a rebuild");
    }
}
