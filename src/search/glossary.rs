//! The search's vocabulary: the theme's `glossary.toml` and a book's own
//! `content/synonyms.toml` (one format), checked with `path:line:col` errors, then cut down
//! to what the book's index can use and shipped in `search/index.js`, where
//! `static/search/query.js` expands query words with it. Expanding at query time keeps the
//! index as it is: the book's words are indexed once, and only the glossary's groups that
//! reach one of them are shipped.
//!
//! ```toml
//! synonyms = [["pandas", "пандас"], ["garbage collector", "сборщик мусора", "gc"]]
//! spellings = [["хеш", "хэш"]]
//! ```

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;
use serde_json::{json, Value};
use toml::Spanned;

use super::tokenize::{is_plain_word, is_stop_word, normalize, term_keys, tokenize};
use crate::diagnostic::{pos_at, Diagnostic, Diagnostics, RuleId};

/// The rule id of a broken glossary or synonyms file.
pub const RULE: RuleId = RuleId::BadSynonyms;

/// Groups of words that find each other, and spellings that are the same word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Glossary {
    /// Groups of entries (a word or a phrase, normalised) that find each other.
    pub synonyms: Vec<Vec<String>>,
    /// Pairs of word parts written two ways (`хеш`, `хэш`), normalised.
    pub spellings: Vec<[String; 2]>,
}

/// What the file says, with positions for errors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    #[serde(default)]
    synonyms: Vec<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    spellings: Vec<Spanned<Vec<Spanned<String>>>>,
}

impl Glossary {
    /// Adds the groups and spellings of `other` (a book's synonyms after the theme's).
    pub fn extend(&mut self, other: Glossary) {
        self.synonyms.extend(other.synonyms);
        self.spellings.extend(other.spellings);
    }

    /// The part of the glossary that the index of `terms` can use, as `search/index.js`
    /// carries it: `syn`, groups of entries as their terms (`"garbag collector"`), each with at
    /// least one entry whose terms are all in the index; `sp`, the spelling pairs one of
    /// whose parts occurs in a term. A group also holds its entries' other spellings.
    pub fn for_index(&self, terms: &[&str]) -> Value {
        let known: rustc_hash::FxHashSet<&str> = terms.iter().copied().collect();
        let in_index = |key: &str| known.contains(key);
        let mut groups: Vec<Vec<String>> = Vec::new();
        for group in &self.synonyms {
            let mut entries = BTreeSet::new();
            for entry in group.iter().flat_map(|e| self.spelled(e)) {
                let keys = entry_keys(&entry);
                if !keys.is_empty() {
                    entries.insert(keys.join(" "));
                }
            }
            let reaches = entries.iter().any(|e| e.split(' ').all(in_index));
            if reaches && entries.len() > 1 {
                groups.push(entries.into_iter().collect());
            }
        }
        let spellings: Vec<&[String; 2]> = self
            .spellings
            .iter()
            .filter(|pair| {
                terms
                    .iter()
                    .any(|t| pair.iter().any(|p| t.contains(p.as_str())))
            })
            .collect();
        json!({ "syn": groups, "sp": spellings })
    }

    /// `entry` and its other spellings.
    fn spelled(&self, entry: &str) -> Vec<String> {
        let mut out = vec![entry.to_string()];
        for [a, b] in &self.spellings {
            for (from, to) in [(a, b), (b, a)] {
                if entry.contains(from.as_str()) {
                    out.push(entry.replace(from.as_str(), to));
                }
            }
        }
        out
    }
}

/// The main term of each searchable word of a glossary entry (stop words dropped, as a
/// query drops them): what a query's words are compared with. An entry of Latin stop words
/// only is a keyword of the field (`with`, `is`): it keeps them, and a query keeps such a
/// word when it reads as code (in backticks, or in a query with Cyrillic letters:
/// "оператор with").
pub fn entry_keys(entry: &str) -> Vec<String> {
    let tokens = tokenize(entry);
    let stop = |t: &String| is_plain_word(t) && is_stop_word(t);
    let keyword = tokens
        .iter()
        .all(|t| stop(t) && t.chars().all(|c| c.is_ascii_lowercase()));
    tokens
        .iter()
        .filter(|t| keyword || !stop(t))
        .filter_map(|t| term_keys(t).into_iter().next())
        .collect()
}

/// Parses a glossary file: `path` is shown in errors, `text` is its content.
pub fn parse_glossary(path: &Path, text: &str) -> Result<Glossary, Diagnostics> {
    let raw: RawGlossary = toml::from_str(text).map_err(|err| {
        let pos = err.span().map(|span| pos_at(text, span.start));
        Diagnostic::error(RULE, path, pos, err.message().trim().to_string())
    })?;
    let mut diags = Diagnostics::default();
    let mut error = |span: std::ops::Range<usize>, msg: String| {
        diags.push(Diagnostic::error(
            RULE,
            path,
            Some(pos_at(text, span.start)),
            msg,
        ));
    };
    let mut glossary = Glossary::default();
    for group in raw.synonyms {
        let span = group.span();
        let entries = checked_entries(group.into_inner(), &mut error);
        if entries.len() < 2 {
            let msg = "a group of synonyms needs at least two entries that search can \
                       tell apart: [\"pandas\", \"пандас\"]";
            error(span, msg.to_string());
        } else {
            glossary.synonyms.push(entries);
        }
    }
    for pair in raw.spellings {
        let span = pair.span();
        let parts: Vec<String> = pair
            .into_inner()
            .into_iter()
            .map(|p| normalize(p.get_ref().trim()))
            .collect();
        match <[String; 2]>::try_from(parts) {
            Ok([a, b]) if a != b && is_fragment(&a) && is_fragment(&b) => {
                glossary.spellings.push([a, b]);
            }
            _ => error(span, "a spelling is a pair of two different word parts of letters only: [\"хеш\", \"хэш\"]".to_string()),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(glossary)
}

/// The entries of a group, normalised; an entry without a searchable word is an error.
fn checked_entries(
    group: Vec<Spanned<String>>,
    error: &mut impl FnMut(std::ops::Range<usize>, String),
) -> Vec<String> {
    let mut entries: Vec<String> = Vec::new();
    let mut keys = BTreeSet::new();
    for entry in group {
        let text = normalize(entry.get_ref().trim());
        let entry_keys = entry_keys(&text);
        if entry_keys.is_empty() {
            let msg = format!(
                "`{}` has no word that search can find (stop words and single letters are \
                 left out): write a word or a phrase, or remove the entry",
                entry.get_ref()
            );
            error(entry.span(), msg);
        } else if keys.insert(entry_keys.join(" ")) {
            entries.push(text);
        }
    }
    entries
}

/// A word part a spelling can replace: two or more letters.
fn is_fragment(part: &str) -> bool {
    part.chars().count() >= 2 && is_plain_word(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> String {
        match parse_glossary(Path::new("content/synonyms.toml"), text) {
            Ok(g) => panic!("expected errors, got {g:?}"),
            Err(d) => d.to_string(),
        }
    }

    #[test]
    fn parses_groups_and_spellings() {
        let text = "synonyms = [[\"Pandas\", \"пандас\"]]\nspellings = [[\"хеш\", \"хэш\"]]\n";
        let g = parse_glossary(Path::new("g.toml"), text).unwrap();
        assert_eq!(g.synonyms, [["pandas", "пандас"]]);
        assert_eq!(g.spellings, [["хеш".to_string(), "хэш".to_string()]]);
    }

    #[test]
    fn rejects_bad_files_with_positions() {
        let err = errors("synonims = []\n");
        assert!(err.starts_with("content/synonyms.toml:1:1:"), "{err}");
        assert!(err.contains("unknown field `synonims`"), "{err}");
        let err = errors("synonyms = [\n  [\"pandas\"],\n]\n");
        assert!(err.starts_with("content/synonyms.toml:2:3:"), "{err}");
        assert!(err.contains("at least two entries"), "{err}");
        let err = errors("synonyms = [[\"pandas\", \"как\", \"пандас\"]]\n");
        assert!(err.starts_with("content/synonyms.toml:1:24:"), "{err}");
        assert!(err.contains("`как` has no word"), "{err}");
        let err = errors("spellings = [[\"хеш\"], [\"a\", \"b\"], [\"х-ш\", \"хэш\"]]\n");
        assert_eq!(err.matches("content/synonyms.toml:1:").count(), 3, "{err}");
        let err = errors("synonyms = [[\"pandas\", 1]]\n");
        assert!(err.starts_with("content/synonyms.toml:1:"), "{err}");
    }

    #[test]
    fn ships_only_groups_that_reach_the_index() {
        let text = r#"
synonyms = [["pandas", "пандас"], ["flask", "фласк"], ["garbage collector", "сборщик мусора"], ["cache", "кеш"]]
spellings = [["хеш", "хэш"], ["кеш", "кэш"], ["бекап", "бэкап"]]
"#;
        let g = parse_glossary(Path::new("g.toml"), text).unwrap();
        let terms: Vec<String> = ["pandas", "кэш", "мусора", "сборщик", "хеширование"]
            .iter()
            .flat_map(|w| term_keys(w))
            .collect();
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        let shipped = g.for_index(&terms);
        assert_eq!(
            shipped["syn"],
            json!([
                ["panda", "пандас"],
                ["garbag collector", "сборщик мусор"],
                ["cach", "кеш", "кэш"]
            ])
        );
        assert_eq!(shipped["sp"], json!([["хеш", "хэш"], ["кеш", "кэш"]]));
    }

    #[test]
    fn keeps_a_keyword_entry_of_latin_stop_words() {
        assert_eq!(entry_keys("with"), ["with"]);
        assert_eq!(entry_keys("with statement"), ["statement"]);
        assert!(entry_keys("как").is_empty());
    }
}
