//! Rules on the files themselves: trailing whitespace and colliding numeric prefixes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Input, Scope};
use crate::content::next_prefix;
use crate::content::{split_prefix, CONTENT_DIR};
use crate::diagnostic::{Diagnostic, Diagnostics, RuleId};
use crate::model::Pos;

/// Flags every line of every text file that ends with spaces or tabs, at the first of them.
pub(super) fn check_trailing_whitespace(input: &Input<'_>, diags: &mut Diagnostics) {
    for file in input.files {
        for (i, line) in file.text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let kept = line.trim_end_matches([' ', '\t']);
            if kept.len() < line.len() {
                let pos = Pos::new(i + 1, kept.chars().count() + 1);
                let msg = "trailing whitespace; remove it";
                diags.push(Diagnostic::warning(
                    RuleId::TrailingWhitespace,
                    &file.path,
                    Some(pos),
                    msg,
                ));
            }
        }
    }
}

/// One numbered entry of a folder: a level or section folder, or a question file.
#[derive(Debug, Clone)]
struct Entry {
    /// What a diagnostic points at (the file, or the folder's `_level.md`/`_section.md`).
    shown: PathBuf,
    /// The name on disk (`010-gil.md`, `02-oop`).
    name: String,
    prefix: u32,
}

/// Flags siblings (levels, sections of a level, questions of a section) with one prefix.
/// The error stands on the later name, or, in a pull request, on the entry it changed
/// (a new `020-x.md` next to an old `020-y.md` is reported on the new file).
pub(super) fn check_prefixes(input: &Input<'_>, diags: &mut Diagnostics) {
    let changed = |e: &Entry| match input.scope {
        Scope::Changed(changes) => changes.files.contains(&e.shown),
        _ => false,
    };
    for entries in sibling_groups(input).values() {
        let mut first: BTreeMap<u32, &Entry> = BTreeMap::new();
        for entry in entries {
            match first.get(&entry.prefix) {
                Some(other) if changed(other) && !changed(entry) => {
                    diags.push(collision(other, entry, entries));
                }
                Some(other) => diags.push(collision(entry, other, entries)),
                None => {
                    first.insert(entry.prefix, entry);
                }
            }
        }
    }
}

fn collision(entry: &Entry, other: &Entry, siblings: &[Entry]) -> Diagnostic {
    let width = entry.name.chars().take_while(char::is_ascii_digit).count();
    let prefixes = siblings.iter().map(|e| e.prefix);
    // Folders count 01, 02, …; question files step by ten to leave room.
    let free = if entry.name.ends_with(".md") {
        next_prefix(prefixes)
    } else {
        prefixes.max().unwrap_or(0) + 1
    };
    let msg = format!(
        "numeric prefix of `{}` is also used by `{}`, so their order is undefined; renumber one (`{free:0width$}` is free)",
        entry.name, other.name
    );
    Diagnostic::error(
        RuleId::PrefixCollision,
        &entry.shown,
        Some(Pos::new(1, 1)),
        msg,
    )
}

/// Numbered entries grouped by parent folder, each group in name order.
fn sibling_groups(input: &Input<'_>) -> BTreeMap<PathBuf, Vec<Entry>> {
    let mut groups: BTreeMap<PathBuf, BTreeMap<String, Entry>> = BTreeMap::new();
    for file in input.files {
        let Ok(inner) = file.path.strip_prefix(CONTENT_DIR) else {
            continue;
        };
        let parts: Vec<String> = inner
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        for (depth, name) in parts.iter().enumerate() {
            let folder = depth + 1 < parts.len();
            let question = depth == 2 && !name.starts_with('_') && name.ends_with(".md");
            if !(folder && depth < 2 || question) {
                continue;
            }
            let Some(prefix) = split_prefix(name.trim_end_matches(".md")).0 else {
                continue;
            };
            let parent = Path::new(CONTENT_DIR).join(parts[..depth].iter().collect::<PathBuf>());
            let entry = Entry {
                shown: shown_path(&parent, name, depth, folder),
                name: name.clone(),
                prefix,
            };
            groups
                .entry(parent)
                .or_default()
                .insert(name.clone(), entry);
        }
    }
    groups
        .into_iter()
        .map(|(k, v)| (k, v.into_values().collect()))
        .collect()
}

/// A folder is reported at its `_level.md` or `_section.md`, a file at itself.
fn shown_path(parent: &Path, name: &str, depth: usize, folder: bool) -> PathBuf {
    match (folder, depth) {
        (true, 0) => parent.join(name).join("_level.md"),
        (true, _) => parent.join(name).join("_section.md"),
        _ => parent.join(name),
    }
}
