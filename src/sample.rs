//! Seeded interview sets: the draw that `qbook pdf --sample N --seed S` and the site's
//! interview page (`static/interview.js`) make identically, so a seed names one set.
//!
//! The algorithm, which `interview.js` mirrors line for line:
//!
//! 1. The seed string's UTF-8 bytes are hashed with 32-bit FNV-1a into the PRNG's state.
//! 2. The PRNG is mulberry32 on `u32` (wrapping arithmetic), one output per call.
//! 3. The pool is every question (book order) whose level is among the chosen levels and
//!    whose section (`level/section`) is among the chosen sections; an empty choice means
//!    all. The pool is grouped by section, in book order.
//! 4. Each group is shuffled (Fisher–Yates from the end, `j = below(i + 1)`), group after
//!    group, then the order of the groups is shuffled the same way.
//! 5. Questions are taken round-robin over the groups (the first of each, then the second
//!    of each, …) until `n` are taken or the pool is empty, so a set spreads over sections.
//! 6. The set is returned in book order.
//!
//! `below(n)` is `(next() * n) >> 32`, exact in JavaScript doubles while `n < 2^21`.

use std::collections::BTreeSet;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::model::Book;

/// Which questions a set may draw from; empty lists mean "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SampleFilter {
    /// Level slugs.
    pub levels: Vec<String>,
    /// Sections as `level-slug/section-slug`.
    pub sections: Vec<String>,
}

/// 32-bit FNV-1a of a string's UTF-8 bytes: the seed string -> the PRNG's first state.
pub fn seed_hash(seed: &str) -> u32 {
    fnv1a(seed.as_bytes())
}

/// 32-bit FNV-1a: a short, stable hash (seeds here; the search index's content hashes,
/// which make browsers fetch changed shards).
pub fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(*byte)).wrapping_mul(0x0100_0193)
    })
}

/// The mulberry32 generator (Tommy Ettinger), as in `interview.js`.
#[derive(Debug, Clone)]
pub struct Mulberry32 {
    state: u32,
}

impl Mulberry32 {
    /// A generator seeded with a seed string (through [`seed_hash`]).
    pub fn from_seed(seed: &str) -> Self {
        Mulberry32 {
            state: seed_hash(seed),
        }
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        self.state = self.state.wrapping_add(0x6D2B_79F5);
        let mut t = self.state;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        t ^ (t >> 14)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((u64::from(self.next_u32()) * n as u64) >> 32) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates, from the end).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Draws up to `n` question ids for `seed` under `filter`, in book order.
pub fn draw_set<'a>(book: &'a Book, seed: &str, n: usize, filter: &SampleFilter) -> Vec<&'a str> {
    let levels: BTreeSet<&str> = filter.levels.iter().map(String::as_str).collect();
    let sections: BTreeSet<&str> = filter.sections.iter().map(String::as_str).collect();
    // Groups of (book index, id), one per section with questions in the pool.
    let mut groups: Vec<Vec<(usize, &str)>> = Vec::new();
    let mut index = 0;
    for level in &book.levels {
        let level_in = levels.is_empty() || levels.contains(level.slug.as_str());
        for section in &level.sections {
            let key = format!("{}/{}", level.slug, section.slug);
            let start = index;
            index += section.questions.len();
            if !level_in || !(sections.is_empty() || sections.contains(key.as_str())) {
                continue;
            }
            let group: Vec<(usize, &str)> = section
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| (start + i, q.id.as_str()))
                .collect();
            if !group.is_empty() {
                groups.push(group);
            }
        }
    }
    let mut rng = Mulberry32::from_seed(seed);
    for group in &mut groups {
        rng.shuffle(group);
    }
    rng.shuffle(&mut groups);
    let mut set = round_robin(&groups, n);
    set.sort_unstable();
    set.into_iter().map(|(_, id)| id).collect()
}

/// The first of each group, then the second of each, … until `n` are taken.
fn round_robin<'a>(groups: &[Vec<(usize, &'a str)>], n: usize) -> Vec<(usize, &'a str)> {
    let mut set = Vec::with_capacity(n.min(groups.iter().map(Vec::len).sum()));
    let mut round = 0;
    while set.len() < n {
        let before = set.len();
        for group in groups {
            if set.len() == n {
                break;
            }
            if let Some(item) = group.get(round) {
                set.push(*item);
            }
        }
        if set.len() == before {
            break;
        }
        round += 1;
    }
    set
}

/// A fresh seed when the user gives none: six base-36 characters from the clock.
pub fn random_seed() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut x = seed_hash(&format!("{nanos}:{}", std::process::id()));
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..6)
        .map(|_| {
            let c = digits[(x % 36) as usize] as char;
            x /= 36;
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Question, Section};

    /// Three levels (`l1`..`l3`) of two sections (`a`, `b`) of five questions each, with ids
    /// `l1a1`..`l3b5`. `tests/browser/interview-sampler.test.mjs` uses the same book.
    fn grid_book() -> Book {
        let mut book = Book::default();
        for l in 1..=3 {
            let mut level = Level {
                slug: format!("l{l}"),
                ..Default::default()
            };
            for s in ["a", "b"] {
                let mut section = Section {
                    slug: s.to_string(),
                    ..Default::default()
                };
                for q in 1..=5 {
                    section.questions.push(Question {
                        id: format!("l{l}{s}{q}"),
                        ..Default::default()
                    });
                }
                level.sections.push(section);
            }
            book.levels.push(level);
        }
        book.number_questions();
        book
    }

    #[test]
    fn hashes_seeds_with_fnv1a() {
        let cases = [
            ("", 0x811c_9dc5),
            ("a", 0xe40c_292c),
            ("foobar", 0xbf9c_f968),
        ];
        for (seed, expected) in cases {
            assert_eq!(seed_hash(seed), expected, "{seed:?}");
        }
    }

    #[test]
    fn generates_mulberry32_outputs() {
        // Reference values of mulberry32 with state 0 and with the hash of "demo".
        let mut rng = Mulberry32 { state: 0 };
        let first: Vec<u32> = (0..3).map(|_| rng.next_u32()).collect();
        assert_eq!(first, [1_144_304_738, 1_416_247, 958_946_056]);
        let mut demo = Mulberry32::from_seed("demo");
        let got: Vec<u32> = (0..3).map(|_| demo.next_u32()).collect();
        assert_eq!(got, DEMO_OUTPUTS);
    }

    /// The first outputs for seed "demo"; `interview-sampler.test.mjs` checks the same.
    const DEMO_OUTPUTS: [u32; 3] = [3_603_001_048, 581_339_189, 238_296_426];

    #[test]
    fn draws_the_same_set_for_the_same_seed() {
        let book = grid_book();
        let all = SampleFilter::default();
        assert_eq!(
            draw_set(&book, "demo", 7, &all),
            draw_set(&book, "demo", 7, &all)
        );
        assert_ne!(
            draw_set(&book, "demo", 7, &all),
            draw_set(&book, "other", 7, &all)
        );
    }

    #[test]
    fn draws_the_documented_sets() {
        let book = grid_book();
        let all = SampleFilter::default();
        assert_eq!(draw_set(&book, "demo", 7, &all), EXPECTED_DEMO_7);
        let filter = SampleFilter {
            levels: vec!["l2".into(), "l3".into()],
            sections: vec!["l2/a".into(), "l3/b".into(), "l1/a".into()],
        };
        assert_eq!(draw_set(&book, "set-42", 5, &filter), EXPECTED_FILTERED_5);
    }

    /// Shared with `tests/browser/interview-sampler.test.mjs`.
    const EXPECTED_DEMO_7: [&str; 7] = ["l1a2", "l1b3", "l2a3", "l2a5", "l2b2", "l3a1", "l3b3"];
    const EXPECTED_FILTERED_5: [&str; 5] = ["l2a3", "l2a4", "l3b1", "l3b4", "l3b5"];

    #[test]
    fn spreads_a_set_over_sections() {
        let book = grid_book();
        for seed in ["a", "b", "c", "d"] {
            let set = draw_set(&book, seed, 6, &SampleFilter::default());
            let sections: BTreeSet<&str> = set.iter().map(|id| &id[..3]).collect();
            assert_eq!(sections.len(), 6, "{seed}: {set:?}");
        }
    }

    #[test]
    fn filters_by_level_and_section() {
        let book = grid_book();
        let filter = SampleFilter {
            levels: vec!["l2".into()],
            sections: vec![],
        };
        let set = draw_set(&book, "x", 100, &filter);
        assert_eq!(set.len(), 10);
        assert!(set.iter().all(|id| id.starts_with("l2")));
        let filter = SampleFilter {
            levels: vec![],
            sections: vec!["l3/b".into()],
        };
        let set = draw_set(&book, "x", 3, &filter);
        assert_eq!(set.len(), 3);
        assert!(set.iter().all(|id| id.starts_with("l3b")));
        assert!(draw_set(&book, "x", 0, &filter).is_empty());
    }

    #[test]
    fn returns_sets_in_book_order() {
        let book = grid_book();
        let set = draw_set(&book, "order", 12, &SampleFilter::default());
        let mut sorted = set.clone();
        sorted.sort_by_key(|id| book.questions().position(|r| r.question.id == *id));
        assert_eq!(set, sorted);
    }

    #[test]
    fn makes_short_random_seeds() {
        let seed = random_seed();
        assert_eq!(seed.len(), 6);
        assert!(seed.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
