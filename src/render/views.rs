//! The typed template context: the theme's public API.
//!
//! Every template gets `site` (a [`SiteView`], the same for all pages), `root` (the relative
//! path from the page to the site's root, ending in `/` or empty) and `page` (a
//! [`PageView`]); each page kind adds its own value, named in the docs of
//! [`crate::render`]. HTML fields end in `_html`: they are already escaped and sanitised,
//! and marked safe, so `{{ question.answer_html }}` prints them as they are (a `| safe`
//! there is harmless but copies the text). Every other string is plain text that templates
//! escape.

use serde::{Serialize, Serializer};
use tera::{Map, Value};

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
    pub t: toml::Value,
    /// The levels, for navigation.
    pub levels: Vec<LevelLink>,
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
    /// The questions (each a [`QuestionSummary`]).
    pub questions: &'a [Value],
}

impl SectionView<'_> {
    /// The template value, with the fields' names as keys.
    pub fn to_value(&self) -> Value {
        value_map([
            ("slug", self.slug.into()),
            ("title_html", html_value(self.title_html)),
            ("title", self.title.into()),
            ("questions", Value::from(self.questions)),
        ])
    }
}

/// A level page's own value, `level`.
#[derive(Debug, Clone, Serialize)]
pub struct LevelView<'a> {
    /// The level as in navigation.
    pub link: &'a Value,
    /// The level's intro (HTML).
    #[serde(serialize_with = "safe_html")]
    pub intro_html: String,
    /// Its sections.
    pub sections: Vec<SectionView<'a>>,
}

impl LevelView<'_> {
    /// The template value, with the fields' names as keys.
    pub fn into_value(self) -> Value {
        let sections: Vec<Value> = self.sections.iter().map(SectionView::to_value).collect();
        value_map([
            ("link", self.link.clone()),
            ("intro_html", html_value(&self.intro_html)),
            ("sections", sections.into()),
        ])
    }
}

/// A question page's own value, `question`.
///
/// Its summary, level and links are template values made once per build and shared by
/// every page that shows them (a value is cheap to share, costly to make). Pages get it
/// through [`QuestionView::into_value`], which builds the same value as serializing the
/// struct would, without copying the shared parts (a test checks the two agree; so for
/// the other views with `into_value` or `to_value`).
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView<'a> {
    /// The question as listed elsewhere (a [`QuestionSummary`]).
    pub summary: &'a Value,
    /// Title (plain text).
    pub title: &'a str,
    /// The answer (HTML), empty when there is none.
    #[serde(serialize_with = "safe_html")]
    pub answer_html: String,
    /// The level it belongs to (a [`LevelLink`]).
    pub level: &'a Value,
    /// Its section's title (inline HTML).
    #[serde(serialize_with = "safe_html")]
    pub section_title_html: &'a str,
    /// Its section's anchor on the level page.
    pub section_slug: &'a str,
    /// The previous question in book order (a [`QuestionSummary`]).
    pub prev: Option<&'a Value>,
    /// The next question in book order (a [`QuestionSummary`]).
    pub next: Option<&'a Value>,
    /// Other questions of the same section (each a [`QuestionSummary`]).
    pub related: Vec<&'a Value>,
    /// A link to edit the question's file in the repository, when configured.
    pub edit_url: Option<String>,
    /// The file, relative to the book root.
    pub source_path: String,
}

impl QuestionView<'_> {
    /// The template value, with the fields' names as keys.
    pub fn into_value(self) -> Value {
        value_map([
            ("summary", self.summary.clone()),
            ("title", self.title.into()),
            ("answer_html", html_value(&self.answer_html)),
            ("level", self.level.clone()),
            ("section_title_html", html_value(self.section_title_html)),
            ("section_slug", self.section_slug.into()),
            ("prev", self.prev.cloned().into()),
            ("next", self.next.cloned().into()),
            (
                "related",
                self.related.into_iter().cloned().collect::<Vec<_>>().into(),
            ),
            ("edit_url", self.edit_url.into()),
            ("source_path", self.source_path.into()),
        ])
    }
}

/// Serializes an `_html` field as a safe string (see the module docs):
/// `#[serde(serialize_with = "safe_html")]`.
pub fn safe_html<S: Serializer>(html: &str, serializer: S) -> Result<S::Ok, S::Error> {
    html_value(html).serialize(serializer)
}

/// [`safe_html`] for a list of fragments.
pub fn safe_html_list<S: Serializer>(html: &[String], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(html.iter().map(|h| html_value(h)))
}

/// An HTML fragment's template value: marked safe (see the module docs).
pub fn html_value(html: &str) -> Value {
    Value::safe_string(html)
}

/// A template map of `entries`.
pub fn value_map<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    let mut map = Map::with_capacity(N);
    for (key, value) in entries {
        map.insert(key.into(), value);
    }
    Value::from(map)
}

/// A tag with its questions.
#[derive(Debug, Clone, Serialize)]
pub struct TagView<'a> {
    /// The tag.
    pub name: String,
    /// URL relative to the site root (`tags/django/index.html`).
    pub url: String,
    /// The questions with this tag, in book order (only on the tag's own page; empty in
    /// the list of all tags).
    pub questions: Vec<&'a Value>,
    /// "3 вопроса".
    pub count_label: String,
}

impl TagView<'_> {
    /// The template value, with the fields' names as keys; `with_questions: false` leaves
    /// the questions out (the list of all tags needs names and counts only).
    pub fn to_value(&self, with_questions: bool) -> Value {
        let questions: Vec<Value> = if with_questions {
            self.questions.iter().map(|&q| q.clone()).collect()
        } else {
            Vec::new()
        };
        value_map([
            ("name", self.name.as_str().into()),
            ("url", self.url.as_str().into()),
            ("questions", questions.into()),
            ("count_label", self.count_label.as_str().into()),
        ])
    }
}

/// A source on the sources page.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// The footnote label; the anchor is `source-<id>`.
    pub id: String,
    /// The URL.
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: &str) -> Value {
        value_map([
            ("id", id.into()),
            ("number", 7usize.into()),
            ("title_html", "<code>is</code>".into()),
        ])
    }

    #[test]
    fn hand_made_values_are_the_serialized_structs() {
        let (a, b, c, level) = (summary("a"), summary("b"), summary("c"), summary("l"));
        let question = QuestionView {
            summary: &a,
            title: "is",
            answer_html: "<p>x</p>".into(),
            level: &level,
            section_title_html: "S",
            section_slug: "s",
            prev: None,
            next: Some(&b),
            related: vec![&b, &c],
            edit_url: Some("https://example.org/edit".into()),
            source_path: "content/a.md".into(),
        };
        assert_eq!(
            question.clone().into_value(),
            Value::from_serializable(&question)
        );
        let questions = [a.clone(), b.clone()];
        let section = SectionView {
            slug: "s",
            title_html: "S",
            title: "S",
            questions: &questions,
        };
        assert_eq!(section.to_value(), Value::from_serializable(&section));
        let level_view = LevelView {
            link: &level,
            intro_html: "<p>i</p>".into(),
            sections: vec![section],
        };
        assert_eq!(
            level_view.clone().into_value(),
            Value::from_serializable(&level_view)
        );
        let tag = TagView {
            name: "django".into(),
            url: "tags/django/index.html".into(),
            questions: vec![&a, &c],
            count_label: "2 вопроса".into(),
        };
        assert_eq!(tag.to_value(true), Value::from_serializable(&tag));
    }
}
