//! Renders a [`Book`] through the theme into the site's files.
//!
//! Pages and the value each template gets besides `site`, `root` and `page`:
//!
//! | file | template | own value |
//! | --- | --- | --- |
//! | `index.html` | `index.html` | `home` ([`HomeView`]) |
//! | `<level>/index.html` | `level.html` | `level` ([`LevelView`]) |
//! | `q/<id>.html` | `question.html` | `question` ([`QuestionView`]) |
//! | `tags/index.html` | `tags.html` | `tags` (list of [`TagView`]) |
//! | `tags/<tag>/index.html` | `tag.html` | `tag` ([`TagView`]) |
//! | `sources/index.html` | `sources.html` | `sources` (list of [`SourceView`]) |
//! | `search/index.html` | `search.html` | — |
//! | `404.html` | `404.html` | — |
//! | `sitemap.xml`, `robots.txt` | same names | `urls` (sitemap) |
//! | `print/…/index.html` | `print.html` | `print` (see [`print`]) |
//! | `study/`, `interview/` | `study.html`, `interview.html` | `study` (see [`study`]) |

mod data;
pub mod print;
pub mod study;
pub mod views;

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, RuleId};
use crate::markdown::{plain_text, render_block, render_inline, BlockContext, KeptHighlights};
use crate::model::{Book, Level, Question, QuestionRef};
use crate::output::Sink;
use crate::theme::{template_diagnostic, Theme};
pub use views::*;

/// Folder names the site uses itself; a level may not take one of them as its slug.
pub const RESERVED_SLUGS: &[&str] = &[
    QUESTION_DIR,
    "tags",
    "sources",
    "search",
    "static",
    "print",
    "study",
    "interview",
];

/// Settings of one render that do not come from `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions<'a> {
    /// `YYYY-MM-DD` shown on print pages and in the sitemap.
    pub build_date: String,
    /// Highlighted code kept between builds (the dev server's), if any.
    pub kept: Option<&'a KeptHighlights>,
}

/// The home page's own value, `home`.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// The intro (HTML).
    #[serde(serialize_with = "crate::render::safe_html")]
    pub intro_html: String,
    /// The outro (HTML).
    #[serde(serialize_with = "crate::render::safe_html")]
    pub outro_html: String,
}

/// Everything a render needs, shared by all pages.
pub struct Renderer<'a> {
    book: &'a Book,
    config: &'a SiteConfig,
    theme: &'a Theme,
    site: Shared<SiteView>,
    /// Each question as listed, in book order.
    summaries: Vec<Shared<QuestionSummary>>,
    refs: Vec<QuestionRef<'a>>,
    /// Each level's sections' titles, rendered once.
    section_titles: Vec<Vec<SectionTitle>>,
    /// Each question's answer, in book order.
    answers: Vec<AnswerHtml>,
}

/// A question's answer (HTML), rendered once for each kind of page that shows it, with
/// that page's links.
struct AnswerHtml {
    /// On a page one folder below the site root: the question's own page (in
    /// [`QUESTION_DIR`]) and study mode (`study/`).
    site: String,
    /// On the print pages: footnotes point at the sources list at the end of the page
    /// itself. With a web address as `base_url`, links to other pages are absolute, the same
    /// at every depth (and they work from the PDF); otherwise this is the book's print pages'
    /// answer (`print/interviewer/`), and see `print_level`.
    print: String,
    /// Without a web address as `base_url`: the levels' print pages' answer, one folder
    /// deeper (`print/<level>/interviewer/`). A path from the disk's root such as
    /// `/q/gil.html` would name a local file in a PDF printed from a file.
    print_level: Option<String>,
}

/// The buffer a page is rendered through: most pages fit whole.
const PAGE_BUFFER: usize = 16 * 1024;

/// The path to the site root from the pages that show [`AnswerHtml::site`].
const ANSWER_ROOT: &str = "../";

/// A section's title, inline HTML and plain text.
struct SectionTitle {
    html: String,
    plain: String,
}

/// Renders every page of the site and `questions.json` into `sink`, each page written as
/// it is made, so that a large site is never held in memory whole.
pub fn render_pages(
    book: &Book,
    config: &SiteConfig,
    theme: &Theme,
    opts: &RenderOptions,
    sink: &dyn Sink,
) -> Result<(), Diagnostics> {
    check_level_slugs(book)?;
    let r = Renderer::new(book, config, theme, opts);
    // Every group of pages is a task of its own, the longest first (print ends in pages
    // that cannot be split): the big ones split further, and the small ones fill the gaps,
    // so that no core waits for a single page.
    let tasks: [&(dyn Fn() -> Result<(), Diagnostics> + Sync); 11] = [
        &|| r.render_print_pages(sink),
        &|| r.render_questions(sink),
        &|| r.render_levels(sink),
        &|| r.render_tags(sink),
        &|| r.render_study_pages(sink),
        &|| sink.put(r.questions_json()),
        &|| r.render_sitemap(sink),
        &|| r.render_home(sink),
        &|| r.render_sources(sink),
        &|| {
            let title = r.site.t.text("not_found");
            r.render_simple(sink, "404.html", "404", "404.html", title)?;
            r.render_plain(sink, "robots.txt", "robots.txt")
        },
        &|| {
            let title = r.site.t.text("search");
            r.render_simple(sink, "search/index.html", "search", "search.html", title)
        },
    ];
    tasks.par_iter().try_for_each(|task| task())
}

fn check_level_slugs(book: &Book) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    for level in book
        .levels
        .iter()
        .filter(|l| RESERVED_SLUGS.contains(&l.slug.as_str()))
    {
        let path = std::path::Path::new("content").join(&level.dir);
        let msg = format!(
            "level folder `{}` clashes with the site's own `{}/`; rename the folder",
            level.dir, level.slug
        );
        diags.push(Diagnostic::error(RuleId::ReservedSlug, &path, None, msg));
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

impl<'a> Renderer<'a> {
    /// Prepares the shared views: the site and every question's summary.
    pub fn new(
        book: &'a Book,
        config: &'a SiteConfig,
        theme: &'a Theme,
        opts: &RenderOptions<'a>,
    ) -> Self {
        let refs: Vec<QuestionRef<'a>> = book.questions().collect();
        let site = site_view(book, config, theme, opts);
        let (summaries, answers) = rayon::join(
            || {
                refs.par_iter()
                    .map(|r| Shared::new(summarize(r.question)))
                    .collect()
            },
            || render_answers(&refs, &site.base_url, opts.kept),
        );
        let section_titles = book
            .levels
            .iter()
            .map(|l| {
                l.sections
                    .iter()
                    .map(|s| SectionTitle {
                        html: render_inline(&s.title),
                        plain: plain_text(&s.title),
                    })
                    .collect()
            })
            .collect();
        Renderer {
            book,
            config,
            theme,
            site: Shared::new(site),
            summaries,
            refs,
            section_titles,
            answers,
        }
    }

    /// Renders `template` into the file `out` of `sink`, with `page` and what `extra` adds.
    fn render(
        &self,
        sink: &dyn Sink,
        out: &str,
        template: &str,
        page: PageView,
        extra: impl FnOnce(&mut Context),
    ) -> Result<(), Diagnostics> {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site);
        // The 404 page is served at any depth, so its links start from the site's path.
        let root = if page.kind == "404" {
            self.site.base_path.clone()
        } else {
            root_of(out)
        };
        ctx.insert("root", &root);
        ctx.insert("page", &page);
        extra(&mut ctx);
        let write = |file: &mut dyn Write| {
            // Tera writes a page in many small pieces: gathered here, in a writer of a known
            // type, so that what the sink does with them (hash, write) is done per 16 KiB.
            let mut bytes = BufWriter::with_capacity(PAGE_BUFFER, file);
            self.theme
                .tera
                .render_to(template, &ctx, &mut bytes)
                .map_err(|err| template_diagnostic(&err, &self.theme.template_paths))?;
            bytes.flush().map_err(|err| {
                let msg = format!("cannot write {out}: {err}");
                Diagnostic::error(RuleId::Io, std::path::Path::new(out), None, msg).into()
            })
        };
        sink.put_with(out.to_string(), Box::new(write))
    }

    fn page(&self, kind: &'static str, title: String, path: &str) -> PageView {
        let title = if kind == "home" {
            title
        } else {
            format!("{title} — {}", self.site.title)
        };
        PageView {
            kind,
            title,
            path: path.to_string(),
            description: self.site.description.clone(),
            level: String::new(),
        }
    }

    fn render_home(&self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        let home = HomeView {
            intro_html: self.render_md(&self.book.intro, ""),
            outro_html: self.render_md(&self.book.outro, ""),
        };
        let page = self.page("home", self.site.title.clone(), "");
        self.render(sink, "index.html", "index.html", page, |ctx| {
            ctx.insert("home", &home)
        })
    }

    fn render_simple(
        &self,
        sink: &dyn Sink,
        out: &str,
        kind: &'static str,
        template: &str,
        title: &str,
    ) -> Result<(), Diagnostics> {
        let path = out.trim_end_matches("index.html");
        self.render(
            sink,
            out,
            template,
            self.page(kind, title.to_string(), path),
            |_| {},
        )
    }

    fn render_plain(&self, sink: &dyn Sink, out: &str, template: &str) -> Result<(), Diagnostics> {
        self.render_simple(sink, out, "file", template, out)
    }

    /// The book's sources, as the sources and print pages show them.
    fn source_views(&self) -> Vec<SourceView> {
        let view = |s: &crate::model::Source| SourceView {
            id: s.id.clone(),
            url: s.url.clone(),
        };
        self.book.sources.iter().map(view).collect()
    }

    fn render_sources(&self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        let sources = self.source_views();
        let page = self.page("sources", self.site.t.text("sources").into(), "sources/");
        self.render(sink, "sources/index.html", "sources.html", page, |ctx| {
            ctx.insert("sources", &sources)
        })
    }

    fn render_levels(&self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        let mut offset = 0;
        let mut jobs = Vec::new();
        for (i, level) in self.book.levels.iter().enumerate() {
            jobs.push((i, level, offset));
            offset += level.question_count();
        }
        jobs.par_iter()
            .try_for_each(|(i, level, offset)| self.render_level(sink, *i, level, *offset))
    }

    fn render_level(
        &self,
        sink: &dyn Sink,
        index: usize,
        level: &Level,
        offset: usize,
    ) -> Result<(), Diagnostics> {
        let mut next = offset;
        let sections = level
            .sections
            .iter()
            .zip(&self.section_titles[index])
            .map(|(s, title)| {
                let questions = &self.summaries[next..next + s.questions.len()];
                next += s.questions.len();
                SectionView {
                    slug: &s.slug,
                    title_html: &title.html,
                    title: &title.plain,
                    questions,
                }
            })
            .collect();
        let out = format!("{}/index.html", level.slug);
        let title = self.site.levels[index].title.clone();
        let mut page = self.page("level", title, &format!("{}/", level.slug));
        page.level = level.slug.clone();
        let view = LevelView {
            link: &self.site.levels[index],
            intro_html: self.render_md(&level.intro, &root_of(&out)),
            sections,
        };
        self.render(sink, &out, "level.html", page, |ctx| {
            ctx.insert("level", &view)
        })
    }

    fn render_questions(&self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        (0..self.refs.len())
            .into_par_iter()
            .try_for_each(|i| self.render_question(sink, i))
    }

    fn render_question(&self, sink: &dyn Sink, i: usize) -> Result<(), Diagnostics> {
        let r = self.refs[i];
        let q = r.question;
        let out = question_path(&q.id);
        let view = self.question_view(i);
        let page = self.page("question", format!("{}. {}", q.number, view.title), &out);
        self.render(sink, &out, "question.html", page, |ctx| {
            ctx.insert("question", &view)
        })
    }

    fn question_view(&self, i: usize) -> QuestionView<'_> {
        let r = self.refs[i];
        let level = &self.book.levels[r.level];
        let section = &level.sections[r.section];
        let link = |j: usize| &self.summaries[j];
        QuestionView {
            summary: &self.summaries[i],
            title: &self.summaries[i].title,
            answer_html: &self.answers[i].site,
            level: &self.site.levels[r.level],
            section_title_html: &self.section_titles[r.level][r.section].html,
            section_slug: &section.slug,
            prev: i.checked_sub(1).map(link),
            next: (i + 1 < self.refs.len()).then(|| link(i + 1)),
            related: self.related(i),
            edit_url: self.edit_url(r.question),
            source_path: r.question.origin.path.to_string_lossy().replace('\\', "/"),
        }
    }

    /// Up to five other questions of the same section, nearest first (linear in section size).
    fn related(&self, i: usize) -> Vec<&Shared<QuestionSummary>> {
        let r = self.refs[i];
        let same = |j: &usize| self.refs[*j].level == r.level && self.refs[*j].section == r.section;
        let before = (i.saturating_sub(5)..i).rev().filter(same);
        let after = (i + 1..(i + 6).min(self.refs.len())).filter(same);
        let mut near: Vec<usize> = before.chain(after).collect();
        near.sort_by_key(|j| (j.abs_diff(i), *j));
        near.truncate(5);
        near.sort();
        near.into_iter().map(|j| &self.summaries[j]).collect()
    }

    fn edit_url(&self, q: &Question) -> Option<String> {
        let repo = self.config.repository.as_ref()?;
        let base = repo.url.trim_end_matches('/');
        let prefix = repo.path.trim_matches('/');
        let file = q.origin.path.to_string_lossy().replace('\\', "/");
        let path = if prefix.is_empty() {
            file
        } else {
            format!("{prefix}/{file}")
        };
        Some(format!("{base}/edit/{}/{path}", repo.branch))
    }

    fn render_tags(&self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        let tags = self.tag_views();
        let page = self.page("tags", self.site.t.text("tags").into(), "tags/");
        // The list of all tags needs names and counts, not every question again.
        let index: Vec<TagView> = tags
            .iter()
            .map(|tag| TagView {
                questions: Vec::new(),
                ..tag.clone()
            })
            .collect();
        self.render(sink, "tags/index.html", "tags.html", page, |ctx| {
            ctx.insert("tags", &index)
        })?;
        tags.par_iter().try_for_each(|tag| {
            let page = self.page(
                "tag",
                format!("#{}", tag.name),
                &format!("tags/{}/", tag.name),
            );
            self.render(sink, &tag.url, "tag.html", page, |ctx| {
                ctx.insert("tag", tag)
            })
        })
    }

    /// Every tag with its questions.
    fn tag_views(&self) -> Vec<TagView<'_>> {
        let mut by_tag: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, r) in self.refs.iter().enumerate() {
            for tag in &r.question.tags {
                by_tag.entry(tag).or_default().push(i);
            }
        }
        by_tag
            .into_iter()
            .map(|(name, indexes)| TagView {
                name,
                url: format!("tags/{name}/index.html"),
                count_label: count_label(
                    &self.site.t,
                    "question_forms",
                    indexes.len(),
                    &self.site.language,
                ),
                questions: indexes.into_iter().map(|i| &self.summaries[i]).collect(),
            })
            .collect()
    }

    fn render_sitemap(&self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        let base = &self.site.base_url;
        let mut urls = vec![base.clone(), format!("{base}sources/")];
        urls.extend(
            self.book
                .levels
                .iter()
                .map(|l| format!("{base}{}/", l.slug)),
        );
        urls.extend(
            self.refs
                .iter()
                .map(|r| format!("{base}{}", question_path(&r.question.id))),
        );
        self.render(
            sink,
            "sitemap.xml",
            "sitemap.xml",
            self.page("file", "sitemap".into(), "sitemap.xml"),
            |ctx| ctx.insert("urls", &urls),
        )
    }

    /// Block Markdown for a page whose root prefix is `root`.
    fn render_md(&self, md: &str, root: &str) -> String {
        let sources_url = format!("{root}sources/index.html");
        render_block(
            md,
            &BlockContext {
                sources_url: &sources_url,
                kept: None,
                links_from: None,
                depth: root.matches("../").count(),
            },
        )
    }
}

/// Every question's answer as the pages that show it link from it ([`AnswerHtml`]). Its
/// code is highlighted once: the second rendering finds it in `kept`, or in a store of its
/// own when the dev server keeps none.
fn render_answers(
    refs: &[QuestionRef<'_>],
    base_url: &str,
    kept: Option<&KeptHighlights>,
) -> Vec<AnswerHtml> {
    let own = KeptHighlights::default();
    let kept = Some(kept.unwrap_or(&own));
    let render = |md: &str, sources_url: &str, root: &str| {
        let links_from = Some((QUESTION_DIR, root));
        render_block(
            md,
            &BlockContext {
                sources_url,
                kept,
                links_from,
                depth: 1,
            },
        )
    };
    let site_sources = format!("{ANSWER_ROOT}sources/index.html");
    let web = crate::config::is_web_url(base_url);
    refs.par_iter()
        .map(|r| {
            let md = &r.question.answer;
            AnswerHtml {
                site: render(md, &site_sources, ANSWER_ROOT),
                print: render(md, "", if web { base_url } else { "../../" }),
                print_level: (!web).then(|| render(md, "", "../../../")),
            }
        })
        .collect()
}

/// The folder of the question pages.
pub const QUESTION_DIR: &str = "q";

/// A question's page, relative to the site root: `q/<id>.html`, a file rather than a folder
/// of its own (one `mkdir` less per question: a tenth of the build at 10,000 questions).
pub fn question_path(id: &str) -> String {
    format!("{QUESTION_DIR}/{id}.html")
}

/// The relative path from a file at `out` to the site's root (`q/gil.html` -> `../`).
pub fn root_of(out: &str) -> String {
    "../".repeat(out.matches('/').count())
}

/// A question's summary: its inline Markdown rendered once, for every page that lists it.
fn summarize(q: &Question) -> QuestionSummary {
    QuestionSummary {
        id: q.id.clone(),
        number: q.number,
        title_html: render_inline(&q.title),
        title: plain_text(&q.title),
        follow_ups_html: q
            .follow_ups
            .iter()
            .map(|f| render_inline(&f.text))
            .collect(),
        url: question_path(&q.id),
        has_answer: !q.answer.is_empty(),
        tags: q.tags.clone(),
    }
}

fn site_view(book: &Book, config: &SiteConfig, theme: &Theme, opts: &RenderOptions) -> SiteView {
    let t = theme.strings.clone();
    let title = if config.title.is_empty() {
        plain_text(&book.title)
    } else {
        config.title.clone()
    };
    let mut first = 1;
    let levels = book
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let count = l.question_count();
            let link = Shared::new(LevelLink {
                number: i + 1,
                slug: l.slug.clone(),
                title_html: render_inline(&l.title),
                title: plain_text(&l.title),
                short_title_html: render_inline(short_title(&l.title)),
                url: format!("{}/index.html", l.slug),
                question_count: count,
                section_count: l.sections.len(),
                count_label: count_label(&t, "question_forms", count, &config.language),
                first_number: first,
                last_number: first + count - 1,
            });
            first += count;
            link
        })
        .collect();
    let base_url = config.base_url();
    SiteView {
        storage_key: storage_key(&base_url, &title),
        title,
        description: book.description.clone(),
        language: config.language.clone(),
        base_path: base_path(&base_url),
        base_url,
        t,
        levels,
        question_count: book.question_count(),
        follow_up_count: book.follow_up_count(),
        has_code: book
            .questions()
            .any(|r| crate::markdown::has_code(&r.question.answer))
            || crate::markdown::has_code(&book.intro),
        has_tags: book.questions().any(|r| !r.question.tags.is_empty()),
        build_date: opts.build_date.clone(),
        suggest_url: config.repository.as_ref().map(|r| {
            format!(
                "{}/issues/new?template=suggest-question.yml",
                r.url.trim_end_matches('/')
            )
        }),
    }
}

/// A level title without a leading "<word> <number>: " (`Уровень 1: Основы` -> `Основы`).
pub fn short_title(title: &str) -> &str {
    let Some((head, rest)) = title.split_once(": ") else {
        return title;
    };
    let mut words = head.split_whitespace();
    let numbered = matches!((words.next(), words.next(), words.next()), (Some(_), Some(n), None) if n.chars().all(|c| c.is_ascii_digit()));
    if numbered && !rest.trim().is_empty() {
        rest.trim()
    } else {
        title
    }
}

/// The path part of a base URL: `https://x.org/book/` -> `/book/`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) if base_url.contains("://") => after_scheme[i..].to_string(),
        _ if base_url.starts_with('/') => base_url.to_string(),
        _ => "/".to_string(),
    }
}

/// A storage namespace unique to the book: `qbook:` and a slug of its URL and title.
fn storage_key(base_url: &str, title: &str) -> String {
    let slug: String = deunicode::deunicode(&format!("{base_url} {title}"))
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("qbook:{}", &slug[..slug.len().min(80)])
}

/// "25 вопросов": `n` with the plural form the language wants, from `t.<key>` (a list of
/// forms: one, few, many for Russian; one, many for English).
pub fn count_label(t: &Strings, key: &str, n: usize, language: &str) -> String {
    let forms = t.forms(key);
    let index = match language {
        "ru" if n % 10 == 1 && n % 100 != 11 => 0,
        "ru" if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) => 1,
        "ru" => 2,
        _ if n == 1 => 0,
        _ => 1,
    };
    match forms.get(index).or(forms.last()) {
        Some(form) => format!("{n} {form}"),
        None => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_plural_forms() {
        let t: Strings =
            toml::from_str("question_forms = [\"вопрос\", \"вопроса\", \"вопросов\"]").unwrap();
        let cases = [
            (1, "1 вопрос"),
            (2, "2 вопроса"),
            (5, "5 вопросов"),
            (11, "11 вопросов"),
            (21, "21 вопрос"),
            (25, "25 вопросов"),
            (104, "104 вопроса"),
        ];
        for (n, expected) in cases {
            assert_eq!(count_label(&t, "question_forms", n, "ru"), expected);
        }
        let en: Strings = toml::from_str("question_forms = [\"question\", \"questions\"]").unwrap();
        assert_eq!(count_label(&en, "question_forms", 1, "en"), "1 question");
        assert_eq!(count_label(&en, "question_forms", 3, "en"), "3 questions");
    }

    #[test]
    fn shortens_numbered_level_titles() {
        assert_eq!(short_title("Уровень 1: Основы Python"), "Основы Python");
        assert_eq!(short_title("Level 12: Web"), "Web");
        assert_eq!(short_title("Basics: the start"), "Basics: the start");
        assert_eq!(short_title("Web"), "Web");
    }

    /// The fixture book `basic`, copied, with `files` (path, text) added or replaced.
    fn basic_book_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let from =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/books/basic");
        let tmp = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&from).into_iter().map(Result::unwrap) {
            let to = tmp.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        for (path, text) in files {
            let path = tmp.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        tmp
    }

    /// Every text file of a book's site (pages, scripts, styles), rendered in memory:
    /// path -> text. Binary files (the app icons) are left out.
    fn render_book(root: &std::path::Path) -> BTreeMap<String, String> {
        let opts = crate::pipeline::BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let (config, book, theme) = crate::pipeline::load_all(&opts).unwrap();
        let files = crate::pipeline::render_all(&book, &config, &theme, None).unwrap();
        files
            .into_iter()
            .filter_map(|f| Some((f.path, String::from_utf8(f.bytes).ok()?)))
            .collect()
    }

    #[test]
    fn renders_each_pages_own_title_in_an_overridden_cached_header() {
        let header = "<header>{{ page.title }} ({{ current_level }})</header>";
        let book = basic_book_with(&[("themes/default/templates/partials/header.html", header)]);
        let pages = render_book(book.path());
        // Two pages with the same root and level: what the default header is made once for.
        let gil =
            "<header>1. What is the GIL and how does it affect threads? — Fixture Book ()</header>";
        let is = "<header>2. Explain is versus == — Fixture Book ()</header>";
        assert!(pages["q/gil.html"].contains(gil), "{}", pages["q/gil.html"]);
        assert!(
            pages["q/is-vs-eq.html"].contains(is),
            "{}",
            pages["q/is-vs-eq.html"]
        );
        let level = "<header>Level 1: Basics — Fixture Book (basics)</header>";
        assert!(
            pages["basics/index.html"].contains(level),
            "{}",
            pages["basics/index.html"]
        );
    }

    #[test]
    fn finds_roots_and_base_paths() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("q/gil.html"), "../");
        assert_eq!(root_of("tags/gil/index.html"), "../../");
        // The pages that show an answer's `site` HTML.
        assert_eq!(root_of(&question_path("gil")), ANSWER_ROOT);
        assert_eq!(root_of("study/index.html"), ANSWER_ROOT);
        assert_eq!(base_path("https://x.org/book/"), "/book/");
        assert_eq!(base_path("https://x.org/"), "/");
        assert_eq!(base_path("/"), "/");
    }
}
