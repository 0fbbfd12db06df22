//! Text -> content terms for near-duplicate detection: lowercase, `ё` = `е`, words split at
//! anything but letters and digits, stop words dropped, Snowball stems (Russian for
//! Cyrillic, English for Latin).
//!
//! Besides ordinary stop words it drops the words every interview question is made of
//! ("объясните", "разница", "пример", "использовать", "python"): two questions sharing them
//! share nothing.

use std::collections::HashSet;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Words (any form listed) that say nothing about a question's topic.
const STOP_WORDS: &[&str] = &[
    // Russian function words.
    "и",
    "в",
    "во",
    "не",
    "что",
    "на",
    "с",
    "со",
    "как",
    "а",
    "то",
    "все",
    "так",
    "его",
    "но",
    "да",
    "к",
    "у",
    "же",
    "за",
    "бы",
    "по",
    "только",
    "ее",
    "от",
    "еще",
    "о",
    "об",
    "из",
    "когда",
    "ли",
    "если",
    "уже",
    "или",
    "ни",
    "быть",
    "до",
    "там",
    "себя",
    "может",
    "они",
    "где",
    "есть",
    "для",
    "их",
    "чем",
    "без",
    "под",
    "будет",
    "тогда",
    "кто",
    "этот",
    "того",
    "какой",
    "какие",
    "при",
    "после",
    "над",
    "через",
    "эти",
    "про",
    "это",
    "такое",
    "такие",
    "между",
    "почему",
    "зачем",
    "каких",
    "каком",
    "свой",
    "свои",
    "собственный",
    "собственные",
    "своих",
    "него",
    "них",
    "ним",
    "все",
    "всё",
    "же",
    "нет",
    "ее",
    "вместо",
    "помощью",
    "которые",
    "который",
    "случаях",
    "случае",
    // Words every interview question is made of.
    "объясните",
    "объяснить",
    "приведите",
    "пример",
    "примеры",
    "примерами",
    "примерах",
    "практический",
    "практическая",
    "практические",
    "практическими",
    "практическое",
    "практическую",
    "практике",
    "разница",
    "разницу",
    "разнице",
    "отличия",
    "отличие",
    "отличается",
    "отличаются",
    "использовать",
    "использование",
    "использования",
    "использовании",
    "использованием",
    "применение",
    "применения",
    "применять",
    "работает",
    "работают",
    "работа",
    "работу",
    "работы",
    "работать",
    "работе",
    "работой",
    "правильно",
    "правильный",
    "реализовать",
    "реализация",
    "реализации",
    "реализуйте",
    "создать",
    "создание",
    "создания",
    "нужен",
    "нужно",
    "лучше",
    "различные",
    "различных",
    "основные",
    "основы",
    "ключевые",
    "преимущества",
    "недостатки",
    "происходит",
    "каким",
    "образом",
    "дает",
    "даёт",
    "влияет",
    "влияние",
    "влияния",
    "особенности",
    "подводные",
    "камни",
    "проблема",
    "проблемы",
    "проблем",
    "подход",
    "подходы",
    "стратегии",
    "стратегия",
    "реальных",
    "проектах",
    "проекты",
    "python",
    "питон",
    "питоне",
    "pythonic",
    // English function and question words.
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "what",
    "how",
    "why",
    "when",
    "which",
    "does",
    "do",
    "is",
    "are",
    "be",
    "it",
    "its",
    "you",
    "your",
    "by",
    "as",
    "at",
    "this",
    "that",
    "from",
    "vs",
    "versus",
    "between",
    "difference",
    "use",
    "using",
    "used",
    "explain",
    "example",
    "examples",
    "work",
    "works",
    "implement",
];

/// The stems of [`STOP_WORDS`], so that any form of them is dropped.
fn stop_stems() -> &'static HashSet<String> {
    static STEMS: OnceLock<HashSet<String>> = OnceLock::new();
    STEMS.get_or_init(|| STOP_WORDS.iter().map(|w| stem(w)).collect())
}

/// Lowercase with `ё` folded into `е`.
fn normalize(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// The Snowball stem of a lowercase word: Russian for Cyrillic, English for ASCII.
pub fn stem(word: &str) -> String {
    thread_local! {
        static RU: Stemmer = Stemmer::create(Algorithm::Russian);
        static EN: Stemmer = Stemmer::create(Algorithm::English);
    }
    if word.chars().all(|c| c.is_ascii_alphanumeric()) {
        EN.with(|s| s.stem(word).into_owned())
    } else if word.chars().all(|c| ('а'..='я').contains(&c)) {
        RU.with(|s| s.stem(word).into_owned())
    } else {
        word.to_string()
    }
}

/// Whether a lowercase word is a stop word (in any of its forms).
pub fn is_stop_word(word: &str) -> bool {
    let word = normalize(word);
    STOP_WORDS.contains(&word.as_str()) || stop_stems().contains(&stem(&word))
}

/// The content terms of `text`, in order (repeats kept).
pub fn terms(text: &str) -> Vec<String> {
    normalize(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(stem)
        .filter(|s| !stop_stems().contains(s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_content_terms_only() {
        assert_eq!(
            terms("Объясните разницу между `staticmethod` и `classmethod`"),
            ["staticmethod", "classmethod"]
        );
        assert_eq!(terms("Что такое ёмкость пулов?"), ["емкост", "пул"]);
        assert_eq!(terms("`__slots__` в Python 3.10"), ["slot"]);
        assert_eq!(terms("Индексы"), terms("индексов"));
    }
}
