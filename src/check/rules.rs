//! The rules `check` knows: a stable id, a severity and one paragraph for `--explain`.
//!
//! The first group are the problems `build` rejects (found by loading, theming and rendering);
//! the second are lint rules that only `check` applies.

use crate::diagnostic::{RuleId, Severity};

/// One rule of `qbook check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The rule (`warning[trailing-whitespace]` shows its id in brackets).
    pub id: RuleId,
    /// How bad a finding of this rule is.
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// One paragraph: why it matters and how to fix it.
    pub explanation: &'static str,
}

const fn rule(
    id: RuleId,
    severity: Severity,
    summary: &'static str,
    explanation: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        summary,
        explanation,
    }
}

use Severity::{Error, Warning};

/// Every rule, build-stopping ones first.
pub const RULES: &[Rule] = &[
    rule(RuleId::Io, Error, "a file or folder cannot be read",
        "qbook could not read a file it needs (site.toml, the content/ folder, a question file, a theme file). Check that the path exists, that you passed the book's folder with --root, and that the file is readable UTF-8 text. A Markdown file named `.MD` or `.markdown` is reported here too: qbook reads only `.md` files, so rename it."),
    rule(RuleId::Encoding, Error, "a file is not UTF-8 text",
        "Every file of a book is read as UTF-8 text. The position points at the first byte that is not UTF-8; save the file as UTF-8 (every editor can), which also keeps Cyrillic and other scripts intact."),
    rule(RuleId::BadConfig, Error, "site.toml is invalid",
        "site.toml has an unknown key, a value of the wrong type, an unsupported language, or names a theme that does not exist. Unknown keys are errors so that a typo never passes silently; the message lists the keys qbook expects. `base_url` must be a web address (`https://example.org/book/`) or a path from the host's root (`/`), `repository.url` a web address (it becomes a link on every page), and `theme` \"default\" or the plain name of a folder under the book's `themes/` (no `/`, no `..`)."),
    rule(RuleId::FrontMatter, Error, "a file's front matter cannot be read",
        "Every Markdown file starts with YAML front matter between two `---` lines. This finding means the fences are missing or unclosed, the YAML does not parse, a value has the wrong type, or a key is unknown (question files know only `title`, `follow_ups`, `tags` and `id`). Quote titles with double quotes: `title: \"Что такое `yield`?\"`. Unquoted, YAML misreads a `: ` inside the text, a text starting with `*`, `&`, `!`, `%`, `>`, `|`, `{`, `[`, `@`, `?`, `- ` or a backtick, and a ` #` (the rest becomes a comment and is lost); inside double quotes a backslash starts an escape (`\\d` must be `\\\\d`). Each list item starts with `- ` (not Markdown's `*` or `1.`) at the same column, indented with spaces, never tabs."),
    rule(RuleId::DuplicateKey, Error, "a front-matter key appears twice",
        "A key such as `title` or `follow_ups` is written twice in one front matter; YAML would silently keep one of them. Keep one and merge what the other said."),
    rule(RuleId::MissingTitle, Error, "a title is missing or empty",
        "Every question, `_level.md` and `_section.md` needs a non-empty `title:`. A folder without its `_level.md` or `_section.md` is reported here too. Write the question (or heading) after `title:` in double quotes."),
    rule(RuleId::BadId, Error, "a question id has characters a URL cannot keep",
        "A question's id is its file name without the numeric prefix (`010-gil.md` -> `gil`), or the `id:` in its front matter. It becomes the page's URL (`q/gil.html`), so it may use only ASCII letters, digits, `-` and `_`. Rename the file or set `id:`."),
    rule(RuleId::BadTag, Error, "a tag has characters a URL cannot keep",
        "Tags become URLs (`tags/concurrency/`), so they may use only ASCII letters, digits, `-` and `_`; they are lowercased. Write `tags: [concurrency, web]`."),
    rule(RuleId::BadSources, Error, "content/sources.yaml is invalid",
        "content/sources.yaml must be a YAML list of entries with exactly two keys, `id` and `url`: `- id: \"1\"` then `  url: \"https://…\"`. Each id is used once (a second entry with the same id could never be cited), and each url is a web address. Footnotes `[^1]` in answers point at these entries."),
    rule(RuleId::DuplicateId, Error, "two question files claim one id",
        "Two questions have the same id (file name without numeric prefix, or `id:`), so they would share one URL. Ids that differ only in case (`gil`, `GIL`) clash too: macOS and Windows file systems ignore case, so the two pages would be one file. Rename one file, or give it its own `id:`. Ids must be unique in the whole book, not just in a section."),
    rule(RuleId::BadSlug, Error, "a level or section folder name cannot become an address",
        "A level's or section's slug (its folder name without the numeric prefix, `01-basics` -> `basics`) becomes part of the site's addresses, so it may use only ASCII letters, digits, `-` and `_`: a name such as `01-..` could otherwise point outside the site. Rename the folder."),
    rule(RuleId::FileSize, Error, "a content file is larger than the limit",
        "qbook reads content files up to `max_file_size` bytes (site.toml, default 1048576, 1 MiB), far above any real question, so that one stray or hostile file cannot stall a build or a pull request's check. Split the file, or raise the limit in site.toml if the book really needs it."),
    rule(RuleId::ReservedSlug, Error, "a level folder clashes with a page of the site",
        "A level's slug (its folder name without the numeric prefix) becomes a top-level folder of the site, so it cannot be one the site uses itself (`q`, `tags`, `sources`, `search`, `static`, …). Rename the level folder."),
    rule(RuleId::Template, Error, "a theme template does not compile or render",
        "A template of the theme (the book's own override under themes/, or the default theme) has a syntax error or fails while rendering a page. The position points into the template file; fix it or delete the override to fall back to the default."),
    rule(RuleId::BadStrings, Error, "a theme's UI strings file is invalid",
        "The theme's i18n/<language>.toml (UI strings) does not parse as TOML. Fix the syntax at the position shown, or delete the override to fall back to the default strings."),
    rule(RuleId::BadSynonyms, Error, "the search's synonyms file is invalid",
        "content/synonyms.toml (the book's own search synonyms) or a theme's glossary.toml does not parse, has an unknown key, a group with fewer than two entries, an entry with no searchable word, or a spelling that is not a pair of two word parts: `synonyms = [[\"pandas\", \"пандас\"]]`, `spellings = [[\"хеш\", \"хэш\"]]`. Fix it at the position shown."),
    rule(RuleId::BadReviewed, Error, "content/reviewed.toml is invalid",
        "content/reviewed.toml records the near-duplicate pairs a maintainer has reviewed and kept, so that `check` does not raise them again: `not_duplicates = [[\"gil\", \"threads\"]]`, each entry two ids of existing questions. The file does not parse, has an unknown key, an entry that is not two ids, or an id no question has (a question renamed or removed since): fix the entry at the position shown, or remove it."),
    rule(RuleId::PrefixCollision, Error, "two siblings share one numeric prefix",
        "Numbers in file and folder names (`010-gil.md`, `02-oop/`) set the order of questions, sections and levels, and so the display numbers. Two siblings with the same number have no defined order: usually two pull requests each added `030-…`. Renumber one of them; `qbook new` always picks the next free number (steps of 10), and the message names a free one."),
    rule(RuleId::UnknownTag, Error, "a tag is not in site.toml's tag list",
        "When site.toml declares `tags = [\"…\"]`, every question's tags must come from that list, so that the tag pages stay few and meaningful and a typo (`concurency`) does not create a new page. Use one of the listed tags, or add the new tag to site.toml in the same pull request."),
    rule(RuleId::BrokenLink, Error, "a link points at a question that does not exist",
        "Links between questions are relative URLs of the built site. In an answer (shown on the page `q/<id>.html`) write `[text](gil.html)`; in content/_index.md write `[text](q/gil.html)`; in a level intro `[text](../q/gil.html)`. A link whose target resolves to `q/<id>.html` must name an existing question id, otherwise the reader gets a 404; a link to a folder `q/<id>/` (as other generators make pages) is reported too, since no such page exists. Forms such as `@gil` or `@/gil` are not rewritten by qbook and are reported too, as are links to a book's `.md` file (as on GitHub: the site has only the pages) and `q/<id>.html` written in an answer (it leads to `q/q/…`). Fix the id, or remove the link. In a pull request's check (`--changed-since REV`), a link to a question whose file the change deletes says so: remove or update the link, or keep the question."),
    rule(RuleId::LocalLink, Error, "a link or image points at the local disk",
        "Links and images in answers, intros, titles and follow-ups must be web addresses (https://…), relative links within the book (`gil.html`, `#anchor`) or files of the built site. A `file:` URL, an absolute path (`/etc/passwd`, `/some/local.png`) or a relative path that climbs above the site's root (`../../../x.png`) would name a file on the disk of whoever opens the page as a file, as `qbook pdf` does to print it, so qbook drops them (an image becomes its alt text, a link its text). Titles and follow-ups are shown on pages at every depth, from the home page down, so a relative path in them may not climb at all. Use a web address or a path inside the site, or remove the link."),
    rule(RuleId::MissingSource, Error, "a footnote cites a source that does not exist",
        "A footnote reference `[^N]` in an answer, a level intro or content/_index.md links to entry `N` of the book's sources page. Entry `N` must exist in content/sources.yaml (`- id: \"N\"` with its `url:`); add it, or fix the number."),
    rule(RuleId::HiddenCharacter, Error, "a title or follow-up holds an invisible or reordering character",
        "Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder the text around them, and zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are invisible: with either, a title or follow-up reads differently from what it is (and from what search finds), a trick used to hide what a change really says. qbook flags each one in front matter at its exact position, and one written as a YAML escape at the value. Delete it; most editors show such characters only when asked to show invisible ones."),
    rule(RuleId::UnusedSource, Warning, "a source is never cited",
        "An entry of content/sources.yaml is not cited by any footnote `[^N]` in the book. It still appears on the sources page, but nothing points at it. A book imported from a document often keeps the document's whole reading list there (the shipped book cites 4 of its 40), so plain `qbook check` does not list the book's uncited sources: `qbook check --changed-since REV` reports the uncited entries added since REV (a pull request's new source that nothing cites), and `qbook check --whole-book` lists every uncited entry (so does every run when site.toml's `[check] rules` sets this rule's level). Cite it where it supports an answer, or remove it."),
    rule(RuleId::MissingFollowUps, Warning, "a question has no follow-ups, or an empty one",
        "Every question of a question book comes with follow-up questions (two in the shipped book) that an interviewer asks next. Add them under `follow_ups:` as a list of double-quoted strings; remove empty items."),
    rule(RuleId::DuplicateFollowUp, Warning, "a follow-up repeats the title or another follow-up",
        "Two follow-ups of one question say the same thing (compared without case, spacing and final punctuation), or a follow-up repeats the question itself. Remove it or ask something the question does not already ask."),
    rule(RuleId::LongTitle, Warning, "a question's title is overlong",
        "A question should fit on one line of a handout and in a search result: titles longer than 150 characters are flagged. Move details into a follow-up or into the answer."),
    rule(RuleId::TrailingWhitespace, Warning, "a line ends with spaces or tabs",
        "Trailing spaces and tabs are invisible noise in diffs. In Markdown two trailing spaces also make a hidden line break; end the line with a backslash `\\` if you mean one. Most editors can strip trailing whitespace on save."),
    rule(RuleId::NearDuplicate, Warning, "two questions ask nearly the same thing",
        "qbook compares questions by the words of their titles and follow-ups (lowercased, stemmed for Russian and English, without stop words and the words every interview question is made of, weighted by how rare each word is in the book; English terms count as their Russian counterparts). Two questions are near-duplicates when their titles ask the same thing (or name the same technical subject and no other: `CSRF`), when a follow-up of one asks the other's title (and little else), or when the two questions as a whole share most of their rare words; sharing one topic word (`атаки`, `память`) is not enough. In a pull request, `qbook check --changed-since origin/main` compares each new or edited question with the whole book and puts the warning on the changed question, naming the other's file and line. `qbook check --whole-book` lists every pair of the book (the overlap report); plain `qbook check` does not, since the book's own pairs were reviewed when they came in (unless site.toml's `[check] rules` sets this rule's level: then every run lists them). Merge the two, or make the difference clear in the titles; if a maintainer decides the pair is fine, record it in content/reviewed.toml (`not_duplicates = [[\"gil\", \"threads\"]]`, by question id) and it is not raised again."),
    // `qbook import`'s findings in a seed document.
    rule(RuleId::ImportEmpty, Error, "the seed document has no questions",
        "`qbook import` found no question in the document: it expects the seed format (a level heading, section headings, numbered questions in bold with their follow-ups as a list). Check that the file is the seed document and that it is complete."),
    rule(RuleId::ImportEmptyTitle, Error, "a heading or question in the seed document is empty",
        "A level, section or question heading of the seed document has no text after its number or marker. Write the heading, or remove the empty line, and import again."),
    rule(RuleId::ImportNumbering, Error, "questions in the seed document are numbered out of order",
        "The seed numbers its questions 1..N through the whole document; a number that skips or repeats usually means a question was lost or pasted twice. Fix the numbering at the line shown and import again."),
    rule(RuleId::ImportQuestionTitle, Error, "a question line of the seed document cannot be read",
        "A numbered question of the seed document must be a bold title (`**1. Question?**`) followed by its follow-ups. The position points at the part that does not fit; fix the line and import again."),
    rule(RuleId::ImportSource, Error, "a source link of the seed document cannot be read",
        "The seed document ends with its numbered sources (`[1]: https://…`). An entry without a number, without a web address, or given twice is reported here; fix it and import again."),
    rule(RuleId::ImportStrayText, Error, "text in the seed document belongs to no question",
        "A line of text stands where the importer expects a heading, a question or a follow-up, so it would be lost. Move it into a question, make it a heading, or remove it, and import again."),
    rule(RuleId::ImportStructure, Error, "the headings of the seed document are not in order",
        "Levels, sections and questions must nest in that order: a question before any section, or a section before any level, has nowhere to go. Add the missing heading or move the block, and import again."),
    rule(RuleId::ImportUnclosedBold, Error, "a bold question title is not closed",
        "A question title of the seed document starts with `**` but never closes it, so the importer cannot tell where the title ends. Add the closing `**` and import again."),
];

/// The rule with this id (`trailing-whitespace`).
pub fn find_rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id.as_str() == id)
}

/// The text `qbook check --explain RULE` prints: the rule, then whether a book can set it.
pub fn explain(rule: &Rule) -> String {
    let level = match rule.severity {
        Severity::Warning => format!(
            "A book sets this rule in site.toml: `[check] rules = {{ {} = \"off\" }}` (or \"warning\", \"error\").",
            rule.id
        ),
        Severity::Error => {
            "This is an error: site.toml's `[check] rules` cannot turn it off or down.".to_string()
        }
    };
    format!(
        "{}[{}]: {}\n\n{}\n\n{level}\n",
        rule.severity.name(),
        rule.id,
        rule.summary,
        rule.explanation
    )
}

/// The ids of the rules a book can turn off or up (`[check] rules` in site.toml): the
/// warnings, comma-separated.
pub fn adjustable_rule_ids() -> String {
    RULES
        .iter()
        .filter(|r| r.severity == Severity::Warning)
        .map(|r| r.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// All rule ids, comma-separated, for "unknown rule" messages.
pub fn rule_ids() -> String {
    RULES
        .iter()
        .map(|r| r.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_is_explained_once_in_order() {
        let ids: Vec<RuleId> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(
            ids,
            RuleId::ALL,
            "RULES lists every RuleId once, in the same order"
        );
    }

    #[test]
    fn rule_ids_are_unique_and_explained() {
        for (i, rule) in RULES.iter().enumerate() {
            assert!(
                RULES[..i].iter().all(|r| r.id != rule.id),
                "{} twice",
                rule.id
            );
            assert!(
                rule.explanation.len() > 80,
                "{} explains too little",
                rule.id
            );
        }
    }
}
