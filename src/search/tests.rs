//! Tests of the index and its ranking over a small in-memory book.

use super::query::{field_score, search};
use super::*;
use crate::model::{FollowUp, Level, Question, Section};

fn question(id: &str, title: &str, follow_ups: &[&str], answer: &str, tags: &[&str]) -> Question {
    Question {
        id: id.into(),
        title: title.into(),
        follow_ups: follow_ups
            .iter()
            .map(|t| FollowUp { text: (*t).into() })
            .collect(),
        answer: answer.into(),
        tags: tags.iter().map(|t| (*t).into()).collect(),
        ..Question::default()
    }
}

fn book() -> Book {
    let questions = vec![
        question("tags-only", "Про итераторы", &[], "", &["generators"]),
        question(
            "answer",
            "Что такое протокол итерации?",
            &[],
            "Генераторами называют функции с `yield`.",
            &[],
        ),
        question(
            "follow-up",
            "Как работает `yield`?",
            &["Чем генератор отличается от списка?"],
            "",
            &[],
        ),
        question(
            "title",
            "Что такое генераторы в Python?",
            &["Когда их использовать?"],
            "",
            &[],
        ),
        question(
            "tech",
            "`__slots__`, N+1 и `select_related`",
            &["async/await в Python 3.10+", "`str | None`"],
            "",
            &[],
        ),
        question("is", "Разница между `is` и `==`", &[], "", &[]),
    ];
    let section = Section {
        slug: "s".into(),
        title: "Итераторы и генераторы".into(),
        questions,
        ..Section::default()
    };
    let level = Level {
        slug: "l".into(),
        title: "Основы".into(),
        sections: vec![section],
        ..Level::default()
    };
    let mut book = Book {
        levels: vec![level],
        ..Book::default()
    };
    book.number_questions();
    book
}

fn ids(index: &SearchIndex, query: &str) -> Vec<String> {
    search(index, query)
        .docs
        .iter()
        .map(|&d| index.docs[d].0.clone())
        .collect()
}

#[test]
fn ranks_title_over_follow_ups_over_answer_over_tags() {
    let index = build_index(&book());
    // Every question mentions generators somewhere (the section name counts as meta).
    assert_eq!(
        ids(&index, "генераторами ")[..3],
        ["title", "follow-up", "answer"]
    );
    assert!(field_score(TITLE) > field_score(FOLLOW_UP | ANSWER | META));
    assert!(field_score(FOLLOW_UP) > field_score(ANSWER | META));
    assert!(field_score(ANSWER) > field_score(META));
}

#[test]
fn breaks_ties_in_book_order() {
    let index = build_index(&book());
    let found = ids(&index, "основы ");
    assert_eq!(
        found,
        ["tags-only", "answer", "follow-up", "title", "tech", "is"]
    );
}

#[test]
fn finds_technical_tokens() {
    let index = build_index(&book());
    for q in [
        "__slots__ ",
        "n+1 ",
        "select_related ",
        "async/await ",
        "3.10+ ",
        "str | none ",
        "== ",
    ] {
        assert_eq!(
            ids(&index, q).first().map(String::as_str),
            Some("tech").filter(|_| q != "== ").or(Some("is")),
            "{q}"
        );
    }
    assert_eq!(ids(&index, "slots related ")[0], "tech");
}

#[test]
fn treats_the_last_word_as_a_prefix() {
    let index = build_index(&book());
    assert_eq!(ids(&index, "генерат")[0], "title");
    assert!(ids(&index, "генерат ").is_empty());
}

#[test]
fn requires_all_words_then_falls_back_to_any() {
    let index = build_index(&book());
    let both = search(&index, "генераторы python ");
    assert_eq!((both.docs[0], both.fallback), (3, false));
    let any = search(&index, "генераторы kubernetes ");
    assert!(any.fallback);
    assert_eq!(any.docs[0], 3);
}

#[test]
fn keeps_stop_words_only_in_code() {
    let index = build_index(&book());
    assert_eq!(ids(&index, "is ==")[0], "is");
    assert!(index.terms.iter().all(|(t, _)| t != "что"));
}

#[test]
fn shows_code_in_display_titles() {
    assert_eq!(display_text("Разница `is` и\n`==`"), "Разница `is` и `==`");
}

#[test]
fn inlines_a_small_index_and_shards_a_large_one() {
    let files = index_files(&build_index(&book()));
    // index.js, and the texts (shown only under results that matched outside the title).
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["search/t0.js", "search/index.js"]);
    let text = String::from_utf8(files[1].bytes.clone()).unwrap();
    assert!(text.starts_with("__qbookSearch({"));
    assert!(text.contains("\"k\":\"p\"") && text.contains("\"k\":\"d\""));
    let mut big = book();
    let one = big.levels[0].sections[0].questions.clone();
    let many: Vec<_> = (0..300).flat_map(|_| one.clone()).collect();
    big.levels[0].sections[0].questions = many;
    let files = index_files(&build_index(&big));
    assert!(files.iter().any(|f| f.path == "search/p1.js"));
    assert!(files.iter().any(|f| f.path == "search/d1.js"));
}

/// Segments with neighbouring text joined and the closing space of a paragraph dropped:
/// what tokens are made of.
fn merged(segments: Vec<(String, bool)>) -> Vec<(String, bool)> {
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for (text, code) in segments {
        match pieces.last_mut() {
            Some((last, false)) if !code => last.push_str(&text),
            _ => pieces.push((text, code)),
        }
    }
    if let Some((last, false)) = pieces.last_mut() {
        last.truncate(last.trim_end().len());
    }
    pieces.retain(|(text, _)| !text.is_empty());
    pieces
}

#[test]
fn the_inline_shortcut_gives_the_parsers_segments() {
    let mut simple = 0;
    for md in crate::markdown::inline_samples() {
        if crate::markdown::simple_inline(&md).is_none() {
            continue;
        }
        simple += 1;
        let (mut fast, mut parsed) = (Vec::new(), Vec::new());
        for_each_segment(&md, false, |text, code| fast.push((text.to_string(), code)));
        for_each_segment_parsed(&md, false, |text, code| {
            parsed.push((text.to_string(), code))
        });
        assert_eq!(merged(fast), merged(parsed), "{md:?}");
    }
    assert!(simple > 2_000, "only {simple} simple samples");
}

#[test]
fn ships_follow_ups_and_answer_passages_apart() {
    let files = index_files(&build_index(&book()));
    let texts = String::from_utf8(files[0].bytes.clone()).unwrap();
    assert!(
        texts.starts_with("__qbookSearch({\"i\":0,\"k\":\"t\",\"t\":[[[],[]],"),
        "{texts}"
    );
    assert!(
        texts.contains("[[\"Чем генератор отличается от списка?\"],[]]"),
        "{texts}"
    );
    assert!(
        texts.contains("[[],[\"Генераторами называют функции с `yield`.\"]]"),
        "{texts}"
    );
}

#[test]
fn splits_an_answer_into_passages() {
    let md = "First *paragraph*\nwrapped.\n\n- one `x`\n- two\n\n```python\nimport os\nos.sep\n```\n\nLast.";
    assert_eq!(
        answer_passages(md, 1_000),
        [
            "First paragraph wrapped.",
            "one `x`",
            "two",
            "`import os os.sep`",
            "Last."
        ]
    );
    // Passages stop once the limit is reached.
    assert_eq!(
        answer_passages(md, 30),
        ["First paragraph wrapped.", "one `x`"]
    );
}

#[test]
fn ships_the_glossary_groups_the_book_reaches() {
    let mut index = build_index(&book());
    let text = "synonyms = [[\"generator\", \"генератор\"], [\"pandas\", \"пандас\"]]";
    index.glossary = glossary::parse_glossary(std::path::Path::new("g.toml"), text).unwrap();
    let files = index_files(&index);
    let meta = String::from_utf8(files[1].bytes.clone()).unwrap();
    assert!(
        meta.contains("\"syn\":[[\"generat\",\"генератор\"]]"),
        "{meta}"
    );
}

#[test]
fn bundles_the_search_scripts_in_order() {
    let statics = SCRIPTS
        .iter()
        .map(|s| {
            (
                s.to_string(),
                format!("// about {s}\n\n  f(\"{s}\"); // {s}").into_bytes(),
            )
        })
        .collect();
    let bundle = script_bundle(&statics);
    assert_eq!(bundle.path, "static/search.js");
    let text = String::from_utf8(bundle.bytes).unwrap();
    let expected: Vec<String> = SCRIPTS
        .iter()
        .map(|s| format!("  f(\"{s}\"); // {s}"))
        .collect();
    assert_eq!(text.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn ships_the_phrasing_words_as_terms() {
    let files = index_files(&build_index(&book()));
    let meta = String::from_utf8(files[1].bytes.clone()).unwrap();
    let soft = meta
        .split("\"soft\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let soft: Vec<&str> = soft.split(' ').collect();
    for term in ["разниц", "работ", "differ", "work"] {
        assert!(soft.contains(&term), "{term} in {soft:?}");
    }
    assert!(!soft.contains(&"gil") && !soft.contains(&"генератор"));
}
