//! `site.toml` -> [`SiteConfig`]: the book's settings, with unknown keys rejected.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{pos_at, Diagnostic, Diagnostics, RuleId};
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
    /// The largest content file, in bytes, that qbook reads (default 1 MiB): a bigger one
    /// is an error, so a stray upload cannot stall a build.
    pub max_file_size: u64,
    /// `[check]`: how `qbook check` treats its lint rules in this book.
    pub check: CheckConfig,
}

/// `[check]` of site.toml: `rules = { unused-source = "error", near-duplicate = "off" }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// A lint rule's id -> its level in this book, as written (`"off"`, `"warning"`,
    /// `"error"`; checked by [`read_config`], so that a misspelled level does not hide the
    /// other entries' problems). Both keep their place in site.toml, for messages.
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// How a lint rule is treated in one book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    /// Not reported.
    Off,
    /// Reported; fails only `check --strict`.
    Warning,
    /// Reported and fails `check`.
    Error,
}

impl RuleLevel {
    /// The level named `name` in site.toml.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "off" => Some(Self::Off),
            "warning" => Some(Self::Warning),
            "error" => Some(Self::Error),
            _ => None,
        }
    }
}

impl CheckConfig {
    /// The level this book sets for `rule`, if it sets one (and names a level).
    pub fn level(&self, rule: RuleId) -> Option<RuleLevel> {
        self.rules
            .iter()
            .find(|(id, _)| id.get_ref() == rule.as_str())
            .and_then(|(_, level)| RuleLevel::from_name(level.get_ref()))
    }
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
            max_file_size: crate::content::DEFAULT_MAX_FILE_SIZE,
            check: CheckConfig::default(),
        }
    }
}

impl SiteConfig {
    /// How the content is loaded under these settings.
    pub fn load_options(&self) -> crate::content::LoadOptions {
        crate::content::LoadOptions {
            max_file_size: self.max_file_size,
        }
    }

    /// `base_url` with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}

/// Reads `site.toml` (required: it marks the book's root).
pub fn read_config(root: &Path) -> Result<SiteConfig, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    match fs::read_to_string(&path) {
        Ok(text) => parse_config(Path::new(CONFIG_FILE), &text),
        Err(err) => {
            let msg = format!(
                "cannot read {CONFIG_FILE} in {}: {err}; is --root the book's folder?",
                root.display()
            );
            Err(Diagnostic::error(RuleId::Io, Path::new(CONFIG_FILE), None, msg).into())
        }
    }
}

/// Parses `text` (the content of `path`) into a [`SiteConfig`].
pub fn parse_config(path: &Path, text: &str) -> Result<SiteConfig, Diagnostics> {
    let config: SiteConfig = toml::from_str(text).map_err(|err| {
        let pos = err.span().map(|span| pos_at(text, span.start));
        Diagnostic::error(RuleId::BadConfig, path, pos, toml_message(&err))
    })?;
    let mut diags = Diagnostics::default();
    let mut refuse = |key: &str, msg: String| {
        diags.push(Diagnostic::error(
            RuleId::BadConfig,
            path,
            find_value(text, key),
            msg,
        ));
    };
    if !["ru", "en"].contains(&config.language.as_str()) {
        refuse(
            "language",
            format!(
                "unsupported language `{}`; use \"ru\" or \"en\" (or add UI strings to your theme)",
                config.language
            ),
        );
    }
    if !is_web_url(&config.base_url) && !is_root_path(&config.base_url) {
        refuse("base_url", format!(
            "base_url `{}` is neither a web address nor a path from the host's root; write the address the site is published at, such as \"https://example.org/book/\" (or \"/\")",
            config.base_url
        ));
    }
    if !is_theme_name(&config.theme) {
        refuse("theme", format!(
            "theme `{}` is not the name of a folder under themes/; write \"default\" or the name of a folder `themes/<name>` of the book (letters, digits, `-`, `_`, `.`; no `/` or `..`)",
            config.theme
        ));
    }
    if let Some(repo) = config.repository.as_ref().filter(|r| !is_web_url(&r.url)) {
        refuse("url", format!(
            "repository url `{}` is not a web address; write the repository's https:// address, such as \"https://github.com/owner/name\"",
            repo.url
        ));
    }
    for (id, level) in &config.check.rules {
        let Some(parsed) = RuleLevel::from_name(level.get_ref()) else {
            let msg = format!(
                "unknown level `{}` for rule `{}` in [check] rules; write \"off\", \"warning\" or \"error\"",
                level.get_ref(),
                id.get_ref()
            );
            let pos = pos_at(text, level.span().start);
            diags.push(Diagnostic::error(RuleId::BadConfig, path, Some(pos), msg));
            continue;
        };
        if let Some(msg) = refuse_rule_level(id.get_ref(), parsed) {
            let pos = pos_at(text, id.span().start);
            diags.push(Diagnostic::error(RuleId::BadConfig, path, Some(pos), msg));
        }
    }
    if diags.is_empty() {
        Ok(config)
    } else {
        Err(diags)
    }
}

/// Why `[check] rules` may not set rule `id` to `level`, if it may not: the id is unknown,
/// or the rule is an error (a problem that stops the build or breaks the site).
fn refuse_rule_level(id: &str, level: RuleLevel) -> Option<String> {
    use crate::check::rules::{adjustable_rule_ids, find_rule};
    use crate::diagnostic::Severity;
    match find_rule(id).filter(|r| !r.id.as_str().starts_with("import-")) {
        None => Some(format!(
            "unknown rule `{id}` in [check] rules; the rules a book can set are: {}",
            adjustable_rule_ids()
        )),
        Some(rule) if rule.severity == Severity::Error && level != RuleLevel::Error => {
            Some(format!(
                "rule `{id}` is an error (the build stops, or the site would be broken), so it cannot be turned off or down to a warning; remove it from [check] rules and fix what it finds"
            ))
        }
        Some(_) => None,
    }
}

/// Whether `url` is an `http://` or `https://` address with a host and no spaces or
/// control characters: what may stand in a link on every page.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.starts_with(['/', '?', '#', ':', '@'])
            && !rest.is_empty()
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    })
}

/// Whether `url` is a path from the host's root (`/`, `/book/`): a site served from the
/// root of whatever host serves it.
pub fn is_root_path(url: &str) -> bool {
    url.starts_with('/')
        && !url.starts_with("//")
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
}

/// Whether `name` can only name a folder right under `themes/`.
fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The `toml` error's message without its own rendering of the source line.
fn toml_message(err: &toml::de::Error) -> String {
    let message = err.message().trim();
    format!("{message} (in site.toml)")
}

/// Where the value of the first `key = value` line stands.
fn find_value(text: &str, key: &str) -> Option<Pos> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key)?.trim_start().strip_prefix('=')?;
        let value = rest.trim_start();
        let col = line[..line.len() - value.len()].chars().count() + 1;
        Some(Pos::new(i + 1, col))
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
            .starts_with("site.toml:1:12: unsupported language `de`"));
    }

    #[test]
    fn rejects_addresses_that_are_not_web_addresses_and_themes_outside_themes() {
        let cases = [
            (
                "base_url = \"javascript:alert(1)//\"\n",
                "site.toml:1:12: base_url `javascript:alert(1)//` is neither",
            ),
            (
                "base_url = \"//evil.example/\"\n",
                "site.toml:1:12: base_url `//evil.example/`",
            ),
            (
                "base_url = \"file:///tmp/\"\n",
                "site.toml:1:12: base_url `file:///tmp/`",
            ),
            (
                "theme = \"/etc\"\n",
                "site.toml:1:9: theme `/etc` is not the name of a folder under themes/",
            ),
            ("theme = \"../x\"\n", "site.toml:1:9: theme `../x`"),
            ("theme = \"a/b\"\n", "site.toml:1:9: theme `a/b`"),
            (
                "[repository]\nurl   =  \"javascript:alert(1)\"\n",
                "site.toml:2:10: repository url `javascript:alert(1)` is not a web address",
            ),
            (
                "[repository]\nurl = \"https://\"\n",
                "site.toml:2:7: repository url `https://`",
            ),
            (
                "[repository]\nurl = \"https://a.org/x y\"\n",
                "site.toml:2:7: repository url",
            ),
        ];
        for (text, want) in cases {
            let err = parse_config(Path::new("site.toml"), text)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
        for text in [
            "base_url = \"/\"\ntheme = \"my-theme_2\"\n",
            "base_url = \"HTTPS://x.org/b/\"\n[repository]\nurl = \"http://git.example/o/r\"\n",
            "base_url = \"/book/\"\n",
        ] {
            assert!(
                parse_config(Path::new("site.toml"), text).is_ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn counts_positions_in_characters() {
        assert_eq!(pos_at("ab\nвгд", 7), Pos::new(2, 3));
        assert_eq!(pos_at("", 0), Pos::new(1, 1));
    }
}
