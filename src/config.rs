//! `site.toml` -> [`SiteConfig`]: the book's settings, with unknown keys rejected.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use crate::model::Pos;

/// The name of the configuration file at the book's root.
pub const CONFIG_FILE: &str = "site.toml";

/// The settings of one book, from `site.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// The site's title; when empty, the title of `content/_index.md` is used.
    pub title: String,
    /// The language of the book's content and UI strings (`ru` or `en`).
    pub language: String,
    /// The URL the site is published at, ending in `/` (used for `sitemap.xml` and canonical links).
    pub base_url: String,
    /// The theme's name: `default`, or a folder under the book's `themes/`.
    pub theme: String,
    /// Where the book's sources live, for "edit this question" links.
    pub repository: Option<Repository>,
    /// The allowed tags; when given, `check` flags any other tag.
    pub tags: Option<Vec<String>>,
}

/// The repository that holds the book, for edit links.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    /// The repository's web address (`https://github.com/owner/name`).
    pub url: String,
    /// The branch edit links point at.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The book's folder inside the repository (empty when the book is the repository root).
    #[serde(default)]
    pub path: String,
}

fn default_branch() -> String {
    "main".into()
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: String::new(),
            language: "en".into(),
            base_url: "/".into(),
            theme: "default".into(),
            repository: None,
            tags: None,
        }
    }
}

impl SiteConfig {
    /// `base_url` with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}

/// Parses `text` (the content of `path`) into a [`SiteConfig`].
pub fn parse_config(path: &Path, text: &str) -> Result<SiteConfig, Diagnostics> {
    let config: SiteConfig = toml::from_str(text).map_err(|err| {
        let pos = err.span().map(|span| pos_at(text, span.start));
        Diagnostic::error("bad-config", path, pos, toml_message(&err))
    })?;
    if !["ru", "en"].contains(&config.language.as_str()) {
        let pos = find_key(text, "language");
        let msg = format!(
            "unsupported language `{}`; use \"ru\" or \"en\" (or add UI strings to your theme)",
            config.language
        );
        return Err(Diagnostic::error("bad-config", path, pos, msg).into());
    }
    Ok(config)
}

/// The `toml` error's message without its own rendering of the source line.
fn toml_message(err: &toml::de::Error) -> String {
    let message = err.message().trim();
    format!("{message} (in site.toml)")
}

/// The line and column (1-based, in characters) of byte `offset` in `text`, for a single
/// position; several positions in one text go through one [`LineIndex`].
pub fn pos_at(text: &str, offset: usize) -> Pos {
    LineIndex::new(text).pos(offset)
}

fn find_key(text: &str, key: &str) -> Option<Pos> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key)?;
        rest.trim_start()
            .starts_with('=')
            .then(|| Pos::new(i + 1, line.len() - trimmed.len() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_config() {
        let text = "title = \"T\"\nlanguage = \"ru\"\nbase_url = \"https://x.org/b\"\n[repository]\nurl = \"https://github.com/o/r\"\n";
        let config = parse_config(Path::new("site.toml"), text).unwrap();
        assert_eq!(config.language, "ru");
        assert_eq!(config.base_url(), "https://x.org/b/");
        assert_eq!(config.repository.unwrap().branch, "main");
    }

    #[test]
    fn rejects_unknown_keys_with_position() {
        let err =
            parse_config(Path::new("site.toml"), "title = \"T\"\ntitel = \"x\"\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("site.toml:2:1: unknown field `titel`"),
            "{text}"
        );
    }

    #[test]
    fn rejects_unknown_language() {
        let err = parse_config(Path::new("site.toml"), "language = \"de\"\n").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("site.toml:1:1: unsupported language `de`"));
    }

    #[test]
    fn counts_positions_in_characters() {
        assert_eq!(pos_at("ab\nвгд", 7), Pos::new(2, 3));
        assert_eq!(pos_at("", 0), Pos::new(1, 1));
    }
}
