//! Text -> content terms for near-duplicate detection: lowercase, `ё` = `е`, words split at
//! anything but letters and digits, stop words dropped, Snowball stems (Russian for
//! Cyrillic, English for Latin). Normalising and stemming are search's, so that both read
//! a word the same way.
//!
//! Besides the function words and title words of [`crate::stopwords`] ("как", "объясните",
//! "разница") it drops the words that name nearly every question's setting
//! ([`SETTING_WORDS`]: "приложение", "production", "python"): two questions sharing them share
//! nothing. Then one term stands for one idea across the two languages a Russian
//! technical text mixes: English stems map to their Russian counterparts (`cach` -> `кэш`,
//! `async` -> `асинхрон`), and Russian stems are cut to [`RU_STEM_CHARS`] letters, which
//! joins forms Snowball keeps apart (`оптимизац`/`оптимизирова`).

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::search::tokenize::{normalize, stem};
use crate::stopwords::{is_title_filler, FUNCTION_WORDS, TITLE_WORDS};

/// Words (any form listed) that name the setting of nearly every question of an interview
/// book rather than its topic ("приложение", "production", "проблемы", "python"): two
/// questions sharing them share nothing. Ids keep them, so they are not in
/// [`crate::stopwords`], whose lists this adds to.
#[rustfmt::skip]
const SETTING_WORDS: &[&str] = &[
    "лучше", "различные", "различных", "основные", "основы", "ключевые", "преимущества",
    "недостатки", "происходит", "влияет", "влияние", "влияния", "особенности", "подводные",
    "камни", "проблема", "проблемы", "проблем", "подход", "подходы", "стратегии", "стратегия",
    "реальных", "проектах", "проекты", "python", "питон", "питоне", "pythonic", "приложение",
    "приложения", "приложений", "приложениях", "приложении", "код", "кода", "коде", "продакшен",
    "продакшене", "продакшн", "production",
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
    ("сборк", "сборщик"), ("context", "контекстн"), ("contextmanag", "контекстн"), ("manag", "менеджер"),
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

/// Every stop word: [`crate::stopwords`]' lists and [`SETTING_WORDS`].
fn stop_words() -> impl Iterator<Item = &'static &'static str> {
    FUNCTION_WORDS
        .iter()
        .chain(TITLE_WORDS)
        .chain(SETTING_WORDS)
}

/// The stems of every stop word, so that any form of them is dropped.
fn stop_stems() -> &'static HashSet<String> {
    static STEMS: OnceLock<HashSet<String>> = OnceLock::new();
    STEMS.get_or_init(|| stop_words().map(|w| stem(w)).collect())
}

/// Whether a lowercase word is a stop word (in any of its forms).
pub fn is_stop_word(word: &str) -> bool {
    let word = normalize(word);
    is_title_filler(&word)
        || SETTING_WORDS.contains(&word.as_str())
        || stop_stems().contains(&stem(&word))
}

/// The content terms of `text`, in order (repeats kept). Inside a code span nothing is a
/// stop word (`` `is` `` is what the question asks about), and a span of operator characters
/// (`` `==` ``) is a term of its own.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, piece) in normalize(text).split('`').enumerate() {
        let code = i % 2 == 1;
        let operator = piece.trim();
        if code && !operator.is_empty() && !operator.chars().any(char::is_alphanumeric) {
            out.push(operator.to_string());
            continue;
        }
        if !code {
            // A bare operator (`is от ==`, written without backticks) is a term too.
            out.extend(
                piece
                    .split(|c: char| !"=!<>:+-*/%|&^~@".contains(c))
                    .filter(|op| op.chars().count() >= 2 && op.chars().any(|c| c != '-'))
                    .map(str::to_string),
            );
        }
        let stems = piece
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2 && !w.chars().all(|c| c.is_ascii_digit()))
            .map(stem)
            .filter(|s| code || !stop_stems().contains(s));
        out.extend(stems.map(canonical));
    }
    out
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
        assert_eq!(terms("разница между `is` и `==`"), ["is", "=="]);
        assert_eq!(terms("Чем отличается is от == и :=?"), ["==", ":="]);
        assert_eq!(
            terms("Что такое map — и — filter - reduce?"),
            ["map", "filter", "reduc"]
        );
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
