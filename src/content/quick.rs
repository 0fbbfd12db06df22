//! A fast path for front matter in the shape qbook itself writes (`import`, `new`): a few
//! known keys whose values are double-quoted strings, block lists of them, or flow lists of
//! plain tags. Anything else — another key, another quoting style, an escape other than
//! `\"` and `\\`, a comment, a repeated key — returns `None`, and the full YAML parser
//! takes over (with its exact error messages). Loading 10,000 questions spent most of its
//! time in the YAML parser before this.

use super::raw::RawQuestion;

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
        let value = value.strip_prefix(' ').unwrap_or(value);
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

/// A whole double-quoted YAML scalar with at most `\"` and `\\` escapes.
fn quoted(value: &str) -> Option<String> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    if !needs_a_look(inner.as_bytes()) {
        return Some(inner.to_string());
    }
    quoted_by_char(inner)
}

/// Whether `inner` holds a quote, a backslash or a control character (C0, DEL, or C1, which
/// is `0xC2 0x80..=0x9F` in UTF-8): most titles hold none and are taken as they are.
fn needs_a_look(inner: &[u8]) -> bool {
    inner.iter().enumerate().any(|(i, &b)| {
        b < 0x20
            || b == 0x7f
            || b == b'"'
            || b == b'\\'
            || (b == 0xc2 && inner.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })
}

/// [`quoted`]'s inside, a char at a time.
fn quoted_by_char(inner: &str) -> Option<String> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                e @ ('"' | '\\') => out.push(e),
                _ => return None,
            },
            '"' => return None,
            c if c.is_control() => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// `[a, b-c]`: plain tags of ASCII letters, digits, `-` and `_`.
fn flow_tags(value: &str) -> Option<Vec<String>> {
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    if inner.trim().is_empty() {
        return Some(Vec::new());
    }
    inner
        .split(',')
        .map(|tag| {
            let tag = tag.trim();
            let plain = tag.starts_with(|c: char| c.is_ascii_alphabetic())
                && tag
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && !super::YAML_SPECIAL.contains(&tag.to_ascii_lowercase().as_str());
            plain.then(|| tag.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_look_agrees_with_the_char_by_char_one() {
        let chars = [
            'a', 'я', ' ', '"', '\\', '\n', '\t', '\u{7f}', '\u{85}', '\u{9f}', '\u{a0}', 'ž',
        ];
        let mut rng = crate::sample::Mulberry32::from_seed("quoted values");
        for _ in 0..20_000 {
            let len = rng.below(6);
            let inner: String = (0..len).map(|_| chars[rng.below(chars.len())]).collect();
            let value = format!("\"{inner}\"");
            assert_eq!(quoted(&value), quoted_by_char(&inner), "{inner:?}");
        }
    }

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
        ] {
            assert_eq!(quick_question(yaml), None, "{yaml:?}");
        }
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
