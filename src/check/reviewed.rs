//! `content/reviewed.toml`: the near-duplicate pairs a maintainer has reviewed and kept.
//!
//! ```toml
//! # Pairs that look alike but ask different things; `check` does not raise them again.
//! not_duplicates = [
//!   ["deskriptory", "staticmethod-vs-classmethod"],  # how they work vs when to use them
//! ]
//! ```
//!
//! One line per pair, by question id (ids do not change when files are renumbered), so a
//! pull request that records a decision adds one line. Each id must name a question.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::content::edit_distance;
use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex, RuleId};

/// The reviewed pairs file, relative to the book root.
pub const REVIEWED_FILE: &str = "content/reviewed.toml";

/// What the file says.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReviewed {
    #[serde(default)]
    not_duplicates: Vec<Spanned<Vec<Spanned<String>>>>,
}

/// Reviewed pairs as sorted id pairs; the file's problems go to `diags`.
pub fn reviewed_pairs(
    text: Option<&str>,
    ids: &HashSet<&str>,
    diags: &mut Diagnostics,
) -> BTreeSet<(String, String)> {
    let Some(text) = text else {
        return BTreeSet::new();
    };
    let path = Path::new(REVIEWED_FILE);
    let index = LineIndex::new(text);
    let raw: RawReviewed = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            let pos = err.span().map(|s| index.pos(s.start));
            let msg = format!(
                "{} (in {REVIEWED_FILE}); write `not_duplicates = [[\"id-a\", \"id-b\"]]`",
                err.message().trim()
            );
            diags.push(Diagnostic::error(RuleId::BadReviewed, path, pos, msg));
            return BTreeSet::new();
        }
    };
    let mut pairs = BTreeSet::new();
    for entry in &raw.not_duplicates {
        let [a, b] = entry.get_ref().as_slice() else {
            let msg = format!(
                "an entry of not_duplicates has {} ids; write exactly two question ids: [\"id-a\", \"id-b\"]",
                entry.get_ref().len()
            );
            let pos = Some(index.pos(entry.span().start));
            diags.push(Diagnostic::error(RuleId::BadReviewed, path, pos, msg));
            continue;
        };
        let unknown: Vec<&Spanned<String>> = [a, b]
            .into_iter()
            .filter(|id| !ids.contains(id.get_ref().as_str()))
            .collect();
        for id in &unknown {
            let hint = closest_id(id.get_ref(), ids)
                .map(|near| format!("did you mean `{near}`? "))
                .unwrap_or_default();
            let msg = format!(
                "no question has the id `{}`; {hint}write the id of an existing question (its file name without the number, or its `id:`), or remove the entry if the question is gone",
                id.get_ref()
            );
            let pos = Some(index.pos(id.span().start));
            diags.push(Diagnostic::error(RuleId::BadReviewed, path, pos, msg));
        }
        if unknown.is_empty() {
            pairs.insert(sorted_pair(a.get_ref(), b.get_ref()));
        }
    }
    pairs
}

/// The id of `ids` that `id` is a typo of (at most two letters away), the nearest first.
fn closest_id<'a>(id: &str, ids: &HashSet<&'a str>) -> Option<&'a str> {
    ids.iter()
        .map(|&known| (edit_distance(id, known), known))
        .filter(|&(d, _)| d <= 2)
        .min()
        .map(|(_, known)| known)
}

/// `(a, b)` with the smaller id first.
pub fn sorted_pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pairs_and_rejects_unknown_ids_at_their_place() {
        let ids: HashSet<&str> = ["gil", "threads", "slots"].into();
        let text = "not_duplicates = [\n  [\"threads\", \"gil\"],\n  [\"gil\", \"nope\"],\n  [\"slots\"],\n  [\"gil\", \"treads\"],\n]\n";
        let mut diags = Diagnostics::default();
        let pairs = reviewed_pairs(Some(text), &ids, &mut diags);
        assert_eq!(pairs, BTreeSet::from([sorted_pair("gil", "threads")]));
        let found: Vec<String> = diags.0.iter().map(|d| d.to_string()).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].starts_with(
                "content/reviewed.toml:3:11: no question has the id `nope`; write the id"
            ),
            "{found:?}"
        );
        assert!(
            found[2].starts_with("content/reviewed.toml:5:11: no question has the id `treads`; did you mean `threads`? write the id"),
            "{found:?}"
        );
        assert!(
            found[1].starts_with("content/reviewed.toml:4:3: an entry of not_duplicates has 1 ids"),
            "{found:?}"
        );
    }

    #[test]
    fn rejects_an_unknown_key() {
        let mut diags = Diagnostics::default();
        reviewed_pairs(Some("not_duplicate = []\n"), &HashSet::new(), &mut diags);
        assert_eq!(diags.0.len(), 1);
        let shown = diags.0[0].to_string();
        assert!(shown.starts_with("content/reviewed.toml:1:1: "), "{shown}");
        assert!(shown.contains("not_duplicates"), "{shown}");
    }
}
