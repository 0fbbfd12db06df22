//! The one stop-word list: words that say nothing about what a text is about.
//!
//! - [`FUNCTION_WORDS`]: Russian and English function words ("и", "как", "what"). Search
//!   drops them from the index and from queries (the list is written into the index, so
//!   `search.js` drops the same words), and every other user starts from them.
//! - [`TITLE_WORDS`]: what an interview question is phrased with rather than what it asks
//!   about ("объясните", "разница", "приведите", "explain"), and a few function words search
//!   does not list. Ids derived from titles (`qbook import`, `qbook new`) and near-duplicate
//!   detection leave them out too; search keeps them, since a reader may well search for
//!   "пример".
//!
//! Near-duplicate detection drops a few more words that name a question's setting rather than
//! its topic ("приложение", "production"); those stay in ids, so they live in
//! `check/words.rs`.

/// Function words of Russian and English: search's stop words (its index lists them).
#[rustfmt::skip]
pub const FUNCTION_WORDS: &[&str] = &[
    "и", "в", "во", "не", "что", "он", "на", "я", "с", "со", "как", "а", "то", "все", "она",
    "так", "его", "но", "да", "ты", "к", "у", "же", "вы", "за", "бы", "по", "только", "ее",
    "мне", "было", "вот", "от", "меня", "еще", "о", "из", "ему", "когда", "даже", "ну", "ли",
    "если", "уже", "или", "ни", "быть", "был", "него", "до", "вас", "нибудь", "уж", "вам",
    "ведь", "там", "потом", "себя", "ей", "может", "они", "тут", "где", "есть", "надо", "ней",
    "для", "мы", "тебя", "их", "чем", "была", "сам", "чтоб", "без", "будто", "чего", "раз",
    "тоже", "себе", "под", "будет", "ж", "тогда", "кто", "этот", "того", "потому", "этого",
    "какой", "какие", "какая", "каких", "ним", "здесь", "этом", "почти", "мой", "тем", "чтобы",
    "нее", "были", "куда", "зачем", "всех", "можно", "при", "об", "хоть", "после", "над", "тот",
    "через", "эти", "нас", "про", "всего", "них", "много", "разве", "эту", "моя", "свою",
    "этой", "перед", "том", "такой", "такое", "такие", "им", "это", "между", "ваш", "вашем",
    "ваши", "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "what", "how",
    "why", "when", "which", "does", "do", "is", "are", "be", "it", "its", "you", "your", "by",
    "as", "at", "this", "that", "from", "vs", "versus",
];

/// Words that phrase a question without naming its topic, and function words search keeps.
#[rustfmt::skip]
pub const TITLE_WORDS: &[&str] = &[
    "её", "каким", "ко", "объясните", "объясни", "опишите", "оно", "помощью", "почему",
    "правильно", "практическая", "практические", "практический", "практическими",
    "практическое", "пример", "примерами", "примеров", "примеры", "приведите", "применение",
    "применительно", "принцип", "принципа", "принципы", "работа", "работает", "работают",
    "работать", "работе", "работу", "работы", "разница", "разнице", "разницу", "расскажите",
    "реализовать", "реализуйте", "собственные", "собственный", "создать", "использовать",
    "использование", "использования", "обеспечить", "настроить", "организовать", "сделать",
    "проводить", "эффективно", "бороться", "between", "can", "describe", "difference",
    "explain", "give", "into", "their", "them", "use", "using", "where", "who", "work", "works",
    "каком", "свой", "свои", "своих", "всё", "нет", "вместо", "которые", "который", "случаях",
    "случае", "объяснить", "примерах", "практическую", "практике", "отличия", "отличие",
    "отличается", "отличаются", "использовании", "использованием", "применения", "применять",
    "работой", "правильный", "реализация", "реализации", "создание", "создания", "нужен",
    "нужно", "образом", "дает", "даёт", "используя", "привести", "used", "example", "examples",
    "implement",
];

/// Whether a lowercase word is a function word.
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&word)
}

/// Whether a lowercase word says nothing about a title's topic: a function or title word.
pub fn is_title_filler(word: &str) -> bool {
    is_function_word(word) || TITLE_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_each_word_once() {
        let all: Vec<&str> = FUNCTION_WORDS.iter().chain(TITLE_WORDS).copied().collect();
        for (i, word) in all.iter().enumerate() {
            assert!(!all[..i].contains(word), "`{word}` is listed twice");
            assert_eq!(word.to_lowercase(), *word, "`{word}` is not lowercase");
        }
    }

    #[test]
    fn tells_fillers_from_topic_words() {
        assert!(is_function_word("как") && is_function_word("what"));
        assert!(!is_function_word("объясните"));
        assert!(is_title_filler("объясните") && is_title_filler("explain"));
        assert!(!is_title_filler("gil") && !is_title_filler("дескрипторы"));
    }
}
