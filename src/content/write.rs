//! The text of content files, as `import` and `new` write them: one format, which the
//! loader's fast path reads without the full YAML parser.

/// `text` as a YAML double-quoted string: `\` and `"` escaped, and every character YAML
/// does not allow raw (controls, line and paragraph separators, BOM, non-characters)
/// written as an escape, so any string survives a round trip.
pub fn yaml_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Words YAML might read as something other than a string when left plain.
pub const YAML_SPECIAL: &[&str] = &["true", "false", "null", "yes", "no", "on", "off", "y", "n"];

/// A tag, plain when it is a simple slug that YAML reads as a string, else quoted.
pub fn yaml_tag(tag: &str) -> String {
    let plain = tag.starts_with(|c: char| c.is_ascii_lowercase())
        && tag
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !YAML_SPECIAL.contains(&tag);
    if plain {
        tag.to_string()
    } else {
        yaml_quote(tag)
    }
}

/// A question file: front matter (title, follow-ups, tags), then the answer if any.
pub fn question_file(title: &str, follow_ups: &[&str], tags: &[String], answer: &str) -> String {
    let mut text = format!("---\ntitle: {}\n", yaml_quote(title));
    if !follow_ups.is_empty() {
        text.push_str("follow_ups:\n");
        for follow_up in follow_ups {
            text.push_str(&format!("  - {}\n", yaml_quote(follow_up)));
        }
    }
    if !tags.is_empty() {
        let tags: Vec<String> = tags.iter().map(|t| yaml_tag(t)).collect();
        text.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    text.push_str("---\n");
    if !answer.is_empty() {
        text.push_str(&format!("\n{}\n", answer.trim_end()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_question_file() {
        let text = question_file(
            "`a`: \"b\"",
            &["x", "y\\z"],
            &["web".into(), "yes".into()],
            "",
        );
        assert_eq!(text, "---\ntitle: \"`a`: \\\"b\\\"\"\nfollow_ups:\n  - \"x\"\n  - \"y\\\\z\"\ntags: [web, \"yes\"]\n---\n");
    }

    #[test]
    fn quotes_what_yaml_would_misread() {
        assert_eq!(yaml_quote("x\ny\u{7}\u{2028}"), "\"x\\ny\\u0007\\u2028\"");
        assert_eq!(yaml_tag("no"), "\"no\"");
        assert_eq!(yaml_tag("c-3po"), "c-3po");
    }
}
