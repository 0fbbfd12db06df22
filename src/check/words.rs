//! Text -> content terms for near-duplicate detection: lowercase, `ё` = `е`, words split at
//! anything but letters and digits, stop words dropped, Snowball stems (Russian for
//! Cyrillic, English for Latin). Normalising and stemming are search's, so that both read
//! a word the same way.
//!
//! Besides ordinary stop words it drops the words every interview question is made of
//! ("объясните", "разница", "пример", "использовать", "python"): two questions sharing them
//! share nothing. Then one term stands for one idea across the two languages a Russian
//! technical text mixes: English stems map to their Russian counterparts (`cach` -> `кэш`,
//! `async` -> `асинхрон`), and Russian stems are cut to [`RU_STEM_CHARS`] letters, which
//! joins forms Snowball keeps apart (`оптимизац`/`оптимизирова`).

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::search::tokenize::{normalize, stem};

/// Words (any form listed) that say nothing about a question's topic.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    // Russian function words.
    "и", "в", "во", "не", "что", "на", "с", "со", "как", "а", "то", "все", "так", "его", "но",
    "да", "к", "у", "же", "за", "бы", "по", "только", "ее", "от", "еще", "о", "об", "из",
    "когда", "ли", "если", "уже", "или", "ни", "быть", "до", "там", "себя", "может", "они",
    "где", "есть", "для", "их", "чем", "без", "под", "будет", "тогда", "кто", "этот", "того",
    "какой", "какие", "при", "после", "над", "через", "эти", "про", "это", "такое", "такие",
    "между", "почему", "зачем", "каких", "каком", "свой", "свои", "собственный", "собственные",
    "своих", "него", "них", "ним", "все", "всё", "же", "нет", "ее", "вместо", "помощью",
    "которые", "который", "случаях", "случае",
    // Words every interview question is made of.
    "объясните", "объяснить", "приведите", "пример", "примеры", "примерами", "примерах",
    "практический", "практическая", "практические", "практическими", "практическое",
    "практическую", "практике", "разница", "разницу", "разнице", "отличия", "отличие",
    "отличается", "отличаются", "использовать", "использование", "использования",
    "использовании", "использованием", "применение", "применения", "применять", "работает",
    "работают", "работа", "работу", "работы", "работать", "работе", "работой", "правильно",
    "правильный", "реализовать", "реализация", "реализации", "реализуйте", "создать",
    "создание", "создания", "нужен", "нужно", "лучше", "различные", "различных", "основные",
    "основы", "ключевые", "преимущества", "недостатки", "происходит", "каким", "образом",
    "дает", "даёт", "влияет", "влияние", "влияния", "особенности", "подводные", "камни",
    "проблема", "проблемы", "проблем", "подход", "подходы", "стратегии", "стратегия",
    "реальных", "проектах", "проекты", "python", "питон", "питоне", "pythonic", "настроить",
    "используя", "привести",
    // Settings nearly every question is asked in, which say nothing about its topic.
    "приложение", "приложения", "приложений", "приложениях", "приложении", "код", "кода",
    "коде", "продакшен", "продакшене", "продакшн", "production",
    // English function and question words.
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "what", "how", "why",
    "when", "which", "does", "do", "is", "are", "be", "it", "its", "you", "your", "by", "as",
    "at", "this", "that", "from", "vs", "versus", "between", "difference", "use", "using",
    "used", "explain", "example", "examples", "work", "works", "implement",
];

/// Russian stems are cut to this many letters.
const RU_STEM_CHARS: usize = 7;

/// One term for one idea: English stem (or Russian variant) -> the Russian stem used instead.
#[rustfmt::skip]
const SYNONYMS: &[(&str, &str)] = &[
    ("async", "асинхрон"), ("asynchron", "асинхрон"), ("asyncio", "асинхрон"),
    ("await", "асинхрон"), ("generat", "генератор"), ("iter", "итератор"),
    ("iterat", "итератор"), ("cach", "кэш"), ("кеш", "кэш"), ("кэширован", "кэш"),
    ("кеширован", "кэш"), ("tupl", "кортеж"), ("list", "списк"), ("dictionari", "словар"),
    ("dict", "словар"), ("databas", "бд"), ("баз", "бд"), ("db", "бд"),
    ("transact", "транзакц"), ("pool", "пул"), ("index", "индекс"), ("migrat", "миграц"),
    ("valid", "валидац"), ("validat", "валидац"), ("валидир", "валидац"), ("data", "дан"),
    ("profil", "профилирован"), ("профилирова", "профилирован"), ("monitor", "мониторинг"),
    ("pattern", "паттерн"), ("decor", "декоратор"), ("decorat", "декоратор"),
    ("except", "исключен"), ("error", "исключен"), ("ошибок", "исключен"),
    ("ошибк", "исключен"), ("test", "тест"), ("тестирован", "тест"), ("тестирова", "тест"),
    ("memori", "памят"), ("памя", "памят"), ("garbag", "мусор"), ("collect", "сборщик"),
    ("protocol", "протокол"), ("inherit", "наследован"), ("class", "класс"),
    ("method", "метод"), ("function", "функц"), ("object", "объект"), ("queue", "очеред"),
    ("event", "событ"), ("messag", "сообщен"), ("secur", "безопасн"),
    ("authent", "аутентификац"), ("author", "авторизац"), ("perform", "производительн"),
    ("optim", "оптимизац"), ("оптимизирова", "оптимизац"), ("scale", "масштабир"),
    ("consist", "консистентн"), ("replic", "репликац"), ("shard", "шардинг"),
    ("log", "логирован"), ("логирова", "логирован"), ("deploy", "развертыван"),
    ("serial", "сериализац"), ("request", "запрос"), ("queri", "запрос"), ("mock", "мокирован"),
    ("fixtur", "фикстур"), ("coroutin", "корутин"), ("thread", "поток"),
    ("concurr", "конкурентн"), ("connect", "соединен"), ("version", "версионирован"),
    ("context", "контекстн"), ("contextmanag", "контекстн"), ("manag", "менеджер"),
    ("throttl", "limit"), ("weak", "слаб"), ("weakref", "слаб"), ("refer", "ссылк"),
    ("real", "realtim"), ("time", "realtim"), ("metric", "метрик"),
];

/// The term that stands for a stem: its synonym, Russian stems cut short.
fn canonical(stem: String) -> String {
    let term = SYNONYMS
        .iter()
        .find(|(from, _)| *from == stem)
        .map_or(stem, |(_, to)| (*to).to_string());
    if term.chars().all(|c| ('а'..='я').contains(&c)) {
        term.chars().take(RU_STEM_CHARS).collect()
    } else {
        term
    }
}

/// The stems of [`STOP_WORDS`], so that any form of them is dropped.
fn stop_stems() -> &'static HashSet<String> {
    static STEMS: OnceLock<HashSet<String>> = OnceLock::new();
    STEMS.get_or_init(|| STOP_WORDS.iter().map(|w| stem(w)).collect())
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
        .map(canonical)
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

    #[test]
    fn joins_languages_and_forms() {
        let sorted = |text: &str| {
            let mut t = terms(text);
            t.sort();
            t
        };
        assert_eq!(sorted("async generators"), sorted("асинхронные генераторы"));
        assert_eq!(sorted("оптимизация"), sorted("оптимизировать"));
        assert_eq!(sorted("Garbage collection"), sorted("сборщик мусора"));
    }
}
