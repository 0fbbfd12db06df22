//! Integration tests of `qbook check` and `qbook new`: broken fixture books (one per rule),
//! the exact text of every format, exit codes, and near-duplicates on the shipped book.

use std::path::{Path, PathBuf};

use qbook::check::{similar_pairs, SimilarityOptions};
use qbook::model::Question;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Prints every scored pair above 0.2 of the book at `$QBOOK_TUNE_ROOT` (default: the repo):
/// `cargo test --test check dump_near_duplicate_scores -- --ignored --nocapture`.
#[test]
#[ignore]
fn dump_near_duplicate_scores() {
    let root = std::env::var("QBOOK_TUNE_ROOT").map_or_else(|_| repo_root(), PathBuf::from);
    let book = qbook::content::load_book(Path::new(&root)).expect("book loads");
    let questions: Vec<&Question> = book.questions().map(|r| r.question).collect();
    let opts = SimilarityOptions {
        threshold: 0.2,
        ..SimilarityOptions::default()
    };
    for p in similar_pairs(&questions, &opts) {
        let (a, b) = (questions[p.first], questions[p.second]);
        println!(
            "{:.3}\t{}\t{}\t{} | {}",
            p.score, a.number, b.number, a.title, b.title
        );
    }
}
