//! A fast path for front matter in the shape qbook itself writes (`import`, `new`): a few
//! known keys whose values are double-quoted strings, block lists of them, or flow lists of
//! plain tags. Anything else — another key, another quoting style, an escape other than
//! `\"` and `\\`, a comment, a repeated key — returns `None`, and the full YAML parser
//! takes over (with its exact error messages). Without it a build of 1,000 questions takes
//! 11 % more instructions (`bench --instructions`, measured 2026-12-06). A test compares it
//! with the YAML parser on 100,000 generated front matters.

use super::RawQuestion;

/// Parses `yaml` if it is in the simple shape, else `None`.
pub fn quick_question(yaml: &str) -> Option<RawQuestion> {
    let mut q = RawQuestion::default();
    let mut seen: Vec<&str> = Vec::new();
    let mut in_list = false;
    for line in yaml.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        if let Some(item) = line.strip_prefix("  - ").filter(|_| in_list) {
            q.follow_ups.push(quoted(item)?);
            continue;
        }
        if in_list && q.follow_ups.is_empty() {
            return None; // `follow_ups:` with nothing under it is null, not a list
        }
        let (key, value) = line.split_once(':')?;
        if seen.contains(&key) {
            return None;
        }
        seen.push(key);
        // `title:"x"` is one plain scalar to YAML, not a key: leave it to the parser.
        let value = match value.strip_prefix(' ') {
            Some(value) => value,
            None if value.is_empty() => value,
            None => return None,
        };
        in_list = false;
        match (key, value) {
            ("title", v) => q.title = Some(quoted(v)?),
            ("id", v) => q.id = Some(quoted(v)?),
            ("follow_ups", "") => in_list = true,
            ("follow_ups", "[]") => {}
            ("tags", v) => q.tags = flow_tags(v)?,
            _ => return None,
        }
    }
    if in_list && q.follow_ups.is_empty() {
        return None;
    }
    Some(q)
}

/// A whole double-quoted YAML scalar with at most `\"` and `\\` escapes, and none of the
/// characters YAML treats specially inside quotes (controls, which it may escape or fold,
/// and the line separators U+2028 and U+2029, which it folds with the spaces around them).
fn quoted(value: &str) -> Option<String> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    // Runs of other characters are copied whole: only a byte that can begin an escape or
    // one of those characters (C1 controls begin with 0xC2, the separators with 0xE2) is
    // looked at as a character.
    let may_matter = |b: u8| b < 0x20 || matches!(b, 0x7F | b'"' | b'\\' | 0xC2 | 0xE2);
    while let Some(at) = rest.bytes().position(may_matter) {
        out.push_str(&rest[..at]);
        let mut chars = rest[at..].chars();
        match chars.next()? {
            '\\' => match chars.next()? {
                e @ ('"' | '\\') => out.push(e),
                _ => return None,
            },
            '"' | '\u{2028}' | '\u{2029}' => return None,
            c if c.is_control() => return None,
            c => out.push(c),
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    Some(out)
}

/// `[a, b-c]`: plain tags of ASCII letters, digits, `-` and `_`.
fn flow_tags(value: &str) -> Option<Vec<String>> {
    /// YAML's white space is the space and the tab: Rust's `trim` would also take U+00A0
    /// or U+2028, which YAML keeps in a tag.
    fn yaml_trim(s: &str) -> &str {
        s.trim_matches([' ', '\t'])
    }
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    if yaml_trim(inner).is_empty() {
        return Some(Vec::new());
    }
    inner
        .split(',')
        .map(|tag| {
            let tag = yaml_trim(tag);
            let plain = tag.starts_with(|c: char| c.is_ascii_alphabetic())
                && tag
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && !crate::content::YAML_SPECIAL.contains(&tag.to_ascii_lowercase().as_str());
            plain.then(|| tag.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shape_qbook_writes() {
        let yaml = "title: \"Что такое \\\"GIL\\\"?\"\nfollow_ups:\n  - \"a: b\"\n  - \"`c`\"\ntags: [x, y-z]\nid: \"gil\"\n";
        let q = quick_question(yaml).unwrap();
        assert_eq!(q.title.as_deref(), Some("Что такое \"GIL\"?"));
        assert_eq!(q.follow_ups, vec!["a: b", "`c`"]);
        assert_eq!(q.tags, vec!["x", "y-z"]);
        assert_eq!(q.id.as_deref(), Some("gil"));
    }

    #[test]
    fn leaves_everything_else_to_the_yaml_parser() {
        for yaml in [
            "title: plain\n",
            "title: 'single'\n",
            "title: \"a\\nb\"\n",
            "title: \"x\"\ntitle: \"y\"\n",
            "title: \"x\" # comment\n",
            "folow_ups: []\n",
            "follow_ups:\n    - \"deeper\"\n",
            "follow_ups:\n  - plain\n",
            "tags: [\"quoted\"]\n",
            "tags: [a b]\n",
            "tags: [yes]\n",
            "tags: [1]\n",
            "tags:\n  - a\n",
            "title: \"x\"\n  - \"stray\"\n",
            "follow_ups:\ntitle: \"x\"\n",
            "title: \"x\"\nfollow_ups:\n",
            "title:\"no space\"\n",
        ] {
            assert_eq!(quick_question(yaml), None, "{yaml:?}");
        }
    }

    /// A front matter made of lines that are mostly, but not always, in the quick shape:
    /// qbook's own keys and others, quoted and plain values with quotes, backslashes,
    /// colons, `#`, control and non-ASCII characters, list items at several depths.
    fn generated_front_matter(rng: &mut crate::sample::Mulberry32) -> String {
        const KEYS: [&str; 7] = [
            "title",
            "follow_ups",
            "tags",
            "id",
            "folow_ups",
            "title ",
            " title",
        ];
        const PIECES: [&str; 26] = [
            "a", "Что", " ", "\"", "\\", "\\\"", ": ", "#", "'", "`x`", "\t", "\u{7f}", "\u{85}",
            "\u{2028}", "\u{2029}", "\u{feff}", "\u{a0}", "é", "[", "]", ",", "-", "yes", "1", "~",
            "…",
        ];
        let value = |rng: &mut crate::sample::Mulberry32| -> String {
            let inner: String = (0..rng.below(5))
                .map(|_| PIECES[rng.below(PIECES.len())])
                .collect();
            match rng.below(6) {
                0 => inner,
                1 => format!("'{inner}'"),
                _ => format!("\"{inner}\""),
            }
        };
        let mut yaml = String::new();
        for _ in 0..rng.below(6) {
            let key = KEYS[rng.below(KEYS.len())];
            match rng.below(5) {
                0 => {
                    yaml.push_str(&format!("{key}:\n"));
                    for _ in 0..rng.below(4) {
                        let indent = ["  - ", "    - ", "- ", "  -"][rng.below(4)];
                        yaml.push_str(&format!("{indent}{}\n", value(rng)));
                    }
                }
                1 => {
                    let tags: Vec<String> = (0..rng.below(4)).map(|_| value(rng)).collect();
                    yaml.push_str(&format!("{key}: [{}]\n", tags.join(", ")));
                }
                2 => yaml.push_str(&format!("{key}: []\n")),
                _ => yaml.push_str(&format!("{key}: {}\n", value(rng))),
            }
        }
        yaml
    }

    #[test]
    fn agrees_with_the_yaml_parser_on_100_000_generated_front_matters() {
        let mut rng = crate::sample::Mulberry32::from_seed("front matter");
        let mut quick_ones = 0;
        for _ in 0..100_000 {
            let yaml = generated_front_matter(&mut rng);
            if let Some(quick) = quick_question(&yaml) {
                quick_ones += 1;
                let full: Result<RawQuestion, _> = serde_yaml::from_str(&yaml);
                assert_eq!(full.as_ref().ok(), Some(&quick), "{yaml:?}: {full:?}");
            }
        }
        // The generator must reach the fast path often enough for the test to mean something.
        assert!(
            quick_ones > 10_000,
            "only {quick_ones} inputs took the fast path"
        );
    }

    #[test]
    fn agrees_with_the_yaml_parser() {
        for yaml in [
            "title: \"a \\\\ b \\\" c: d\"\nfollow_ups:\n  - \"ё `x` <y>\"\ntags: [t1, t_2]\n",
            "title: \"\"\nfollow_ups: []\ntags: []\n",
            "follow_ups:\n  - \"only\"\n",
        ] {
            let quick = quick_question(yaml).unwrap();
            let full: RawQuestion = serde_yaml::from_str(yaml).unwrap();
            assert_eq!(quick, full, "{yaml:?}");
        }
    }
}
