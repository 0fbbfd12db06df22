//! The typed template context: the theme's public API.
//!
//! Every template gets `site` (a [`SiteView`], the same for all pages), `root` (the relative
//! path from the page to the site's root, ending in `/` or empty) and `page` (a
//! [`PageView`]); each page kind adds its own value, named in the docs of
//! [`crate::render`]. HTML fields end in `_html`: they are already escaped and sanitised,
//! and marked safe, so `{{ question.answer_html }}` prints them as they are (a `| safe`
//! there is harmless but copies the text). Every other string is plain text that templates
//! escape.
//!
//! A view that many pages show (the site, a question as listed, a level as linked) is a
//! [`Shared`]: made once per build, and each page that shows it gets it for the price of a
//! pointer.

use std::ops::Deref;

use serde::{Serialize, Serializer};
use tera::Value;

pub use crate::theme::Strings;

/// A view made once per build and shown on many pages (`T` is what templates see).
///
/// Tera turns every page's context into its own values; this one is turned into a value
/// once, when it is made, and serializes as that value, which Tera copies by reference (a
/// question is listed on its level page, its neighbours' pages, its tags' pages and the
/// print pages: 10,000 questions would otherwise be turned into values some 100,000 times).
#[derive(Debug, Clone)]
pub struct Shared<T> {
    view: T,
    value: Value,
}

impl<T: Serialize> Shared<T> {
    /// `view`, with its template value made now.
    pub fn new(view: T) -> Self {
        let value = Value::from_serializable(&view);
        Shared { view, value }
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.view
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// What every page knows about the site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// The book's title (plain text).
    pub title: String,
    /// The book's description (plain text).
    pub description: String,
    /// The content language (`ru`, `en`): `<html lang>`.
    pub language: String,
    /// The published URL, ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/book/`), for pages served at any depth (404).
    pub base_path: String,
    /// UI strings of the theme for `language` (`site.t.search`).
    pub t: Strings,
    /// The levels, for navigation.
    pub levels: Vec<Shared<LevelLink>>,
    /// Number of questions in the book.
    pub question_count: usize,
    /// Number of follow-ups in the book.
    pub follow_up_count: usize,
    /// Whether any answer has code (so `static/highlight.css` exists and is linked).
    pub has_code: bool,
    /// Whether any tag exists (so the tags page is worth a link).
    pub has_tags: bool,
    /// The build date, `YYYY-MM-DD` (from `SOURCE_DATE_EPOCH` when set).
    pub build_date: String,
    /// A link to suggest a new question, when `[repository]` is configured.
    pub suggest_url: Option<String>,
    /// A namespace for browser storage, unique per book (`qbook:<slug of base_url+title>`).
    pub storage_key: String,
}

/// A level in navigation and on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct LevelLink {
    /// The 1-based position of the level.
    pub number: usize,
    /// The level's slug.
    pub slug: String,
    /// Title (inline HTML).
    #[serde(serialize_with = "safe_html")]
    pub title_html: String,
    /// Title (plain text).
    pub title: String,
    /// A short title for navigation: the title without a leading "Level 3: " (inline HTML).
    #[serde(serialize_with = "safe_html")]
    pub short_title_html: String,
    /// URL relative to the site root (`osnovy-python/index.html`).
    pub url: String,
    /// Number of questions.
    pub question_count: usize,
    /// Number of sections.
    pub section_count: usize,
    /// "25 вопросов": the count with the right plural form.
    pub count_label: String,
    /// First and last question numbers of the level.
    pub first_number: usize,
    /// Last question number of the level.
    pub last_number: usize,
}

/// What every page says about itself.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// `home`, `level`, `question`, `tags`, `tag`, `sources`, `search`, `404`.
    pub kind: &'static str,
    /// The `<title>` text (plain).
    pub title: String,
    /// The page's path relative to the site root, for canonical links (`q/gil.html`).
    pub path: String,
    /// `<meta name="description">`.
    pub description: String,
    /// The slug of the level the page belongs to (level pages), else empty.
    pub level: String,
}

/// A question as listed on level, tag and search pages.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionSummary {
    /// The stable id.
    pub id: String,
    /// The display number.
    pub number: usize,
    /// Title (inline HTML).
    #[serde(serialize_with = "safe_html")]
    pub title_html: String,
    /// Title (plain text).
    pub title: String,
    /// Follow-ups (inline HTML each).
    #[serde(serialize_with = "safe_html_list")]
    pub follow_ups_html: Vec<String>,
    /// URL relative to the site root (`q/gil.html`).
    pub url: String,
    /// Whether the question has an answer.
    pub has_answer: bool,
    /// Tags.
    pub tags: Vec<String>,
}

/// A section with its questions, on a level page.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView<'a> {
    /// The section's slug, its anchor on the level page.
    pub slug: &'a str,
    /// Title (inline HTML).
    #[serde(serialize_with = "safe_html")]
    pub title_html: &'a str,
    /// Title (plain text).
    pub title: &'a str,
    /// The questions.
    pub questions: &'a [Shared<QuestionSummary>],
}

/// A level page's own value, `level`.
#[derive(Debug, Clone, Serialize)]
pub struct LevelView<'a> {
    /// The level as in navigation.
    pub link: &'a Shared<LevelLink>,
    /// The level's intro (HTML).
    #[serde(serialize_with = "safe_html")]
    pub intro_html: String,
    /// Its sections.
    pub sections: Vec<SectionView<'a>>,
}

/// A question page's own value, `question`.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView<'a> {
    /// The question as listed elsewhere.
    pub summary: &'a Shared<QuestionSummary>,
    /// Title (plain text).
    pub title: &'a str,
    /// The answer (HTML), empty when there is none.
    #[serde(serialize_with = "safe_html")]
    pub answer_html: &'a str,
    /// The level it belongs to.
    pub level: &'a Shared<LevelLink>,
    /// Its section's title (inline HTML).
    #[serde(serialize_with = "safe_html")]
    pub section_title_html: &'a str,
    /// Its section's anchor on the level page.
    pub section_slug: &'a str,
    /// The previous question in book order.
    pub prev: Option<&'a Shared<QuestionSummary>>,
    /// The next question in book order.
    pub next: Option<&'a Shared<QuestionSummary>>,
    /// Other questions of the same section.
    pub related: Vec<&'a Shared<QuestionSummary>>,
    /// A link to edit the question's file in the repository, when configured.
    pub edit_url: Option<String>,
    /// The file, relative to the book root.
    pub source_path: String,
}

/// A tag with its questions.
#[derive(Debug, Clone, Serialize)]
pub struct TagView<'a> {
    /// The tag.
    pub name: &'a str,
    /// URL relative to the site root (`tags/django/index.html`).
    pub url: String,
    /// The questions with this tag, in book order (only on the tag's own page; empty in
    /// the list of all tags).
    pub questions: Vec<&'a Shared<QuestionSummary>>,
    /// "3 вопроса".
    pub count_label: String,
}

/// A source on the sources page.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// The footnote label; the anchor is `source-<id>`.
    pub id: String,
    /// The URL.
    pub url: String,
}

/// Serializes an `_html` field as a safe string (see the module docs):
/// `#[serde(serialize_with = "safe_html")]`.
pub fn safe_html<S: Serializer>(html: &str, serializer: S) -> Result<S::Ok, S::Error> {
    Value::safe_string(html).serialize(serializer)
}

/// [`safe_html`] for a list of fragments.
pub fn safe_html_list<S: Serializer>(html: &[String], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(html.iter().map(|h| Value::safe_string(h)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Listing<'a, T> {
        heading: &'a str,
        items: Vec<&'a T>,
    }

    fn summary(id: &str) -> QuestionSummary {
        QuestionSummary {
            id: id.into(),
            number: 7,
            title_html: "<code>is</code> or <code>==</code>, a title long enough".into(),
            title: "is".into(),
            follow_ups_html: vec!["<em>why</em>?".into()],
            url: format!("q/{id}.html"),
            has_answer: true,
            tags: vec!["python".into()],
        }
    }

    #[test]
    fn a_shared_view_is_the_value_of_its_view() {
        let (a, b) = (summary("a"), summary("b"));
        let plain = Listing {
            heading: "h",
            items: vec![&a, &b],
        };
        let (a, b) = (Shared::new(a.clone()), Shared::new(b.clone()));
        let shared = Listing {
            heading: "h",
            items: vec![&a, &b],
        };
        let value = Value::from_serializable(&shared);
        assert_eq!(value, Value::from_serializable(&plain));
        // HTML stays marked safe through the shared value; plain text does not.
        let field = |path| value.get_from_path(path).unwrap();
        assert!(field("items.0.title_html").is_safe());
        assert!(field("items.1.follow_ups_html.0").is_safe());
        assert!(!field("items.0.title").is_safe());
        assert_eq!(a.id, "a");
    }
}
