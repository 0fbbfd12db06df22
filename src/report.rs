//! Formats an error chain for people, once: the command line and the dev server's error
//! page both use it; and colours diagnostics for a terminal.

use crate::diagnostic::Diagnostics;

/// `error: …` lines: one per problem for diagnostics, else the error and its causes.
pub fn format_error(err: &anyhow::Error) -> String {
    if let Some(diags) = err.downcast_ref::<Diagnostics>() {
        let n = diags.0.len();
        let mut out: Vec<String> = diags.0.iter().map(|d| format!("error: {d}")).collect();
        if n > 1 {
            out.push(format!("error: {n} problems; fix them and run again"));
        }
        return out.join("\n");
    }
    let mut out = format!("error: {err}");
    for cause in err.chain().skip(1) {
        out.push_str(&format!("\n  caused by: {cause}"));
    }
    out
}

/// Whether to colour what goes to a stream: only on a terminal, never when `NO_COLOR` is set
/// (to anything but the empty string, as no-color.org says); `CLICOLOR_FORCE` (set, not `0`)
/// colours a pipe too, for pagers such as `less -R`.
pub fn colour_wanted(stream_is_terminal: bool) -> bool {
    let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let force = std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
    decide_colour(stream_is_terminal, set("NO_COLOR"), force)
}

/// The rule of [`colour_wanted`], apart from the environment.
fn decide_colour(terminal: bool, no_color: bool, force: bool) -> bool {
    !no_color && (terminal || force)
}

/// Colours the heads of diagnostics and errors in `text` when `colour` is set: `error` red
/// and `warning` yellow, both bold, a `[rule]` id after them bold, `help`/`note` cyan and
/// `ok` green. Lines that start otherwise stay as they are.
pub fn paint(text: &str, colour: bool) -> String {
    if !colour {
        return text.to_string();
    }
    text.split_inclusive('\n').map(paint_line).collect()
}

/// One line of [`paint`].
fn paint_line(line: &str) -> String {
    use anstyle::{AnsiColor, Style};
    const HEADS: [(&str, AnsiColor); 5] = [
        ("error", AnsiColor::Red),
        ("warning", AnsiColor::Yellow),
        ("help", AnsiColor::Cyan),
        ("note", AnsiColor::Cyan),
        ("ok", AnsiColor::Green),
    ];
    let bold = Style::new().bold();
    for (word, colour) in HEADS {
        let Some(rest) = line.strip_prefix(word) else {
            continue;
        };
        let head = bold.fg_color(Some(colour.into()));
        if rest.starts_with(':') {
            return format!("{head}{word}{head:#}{rest}");
        }
        if let Some((rule, rest)) = rest
            .strip_prefix('[')
            .and_then(|r| r.split_once("]:"))
            .filter(|(rule, _)| !rule.contains(' '))
        {
            return format!("{head}{word}{head:#}[{bold}{rule}{bold:#}]:{rest}");
        }
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_only_terminals_and_never_with_no_color() {
        // (terminal, NO_COLOR, CLICOLOR_FORCE) -> colour
        let table = [
            ((true, false, false), true),
            ((false, false, false), false),
            ((true, true, false), false),
            ((false, false, true), true),
            ((false, true, true), false),
        ];
        for ((terminal, no_color, force), want) in table {
            assert_eq!(
                decide_colour(terminal, no_color, force),
                want,
                "terminal {terminal}, NO_COLOR {no_color}, CLICOLOR_FORCE {force}"
            );
        }
    }

    #[test]
    fn paints_severity_and_rule_of_diagnostic_heads() {
        let text = "warning[trailing-whitespace]: trailing whitespace; remove it\n  --> a.md:3:52\n   |\nerror: a.md:1:1: unknown field `x`\nok: 3 questions\nerrors: not a head\n";
        let painted = paint(text, true);
        let lines: Vec<&str> = painted.lines().collect();
        assert_eq!(
            lines[0],
            "\u{1b}[1m\u{1b}[33mwarning\u{1b}[0m[\u{1b}[1mtrailing-whitespace\u{1b}[0m]: trailing whitespace; remove it"
        );
        assert_eq!(lines[1], "  --> a.md:3:52");
        assert_eq!(
            lines[3],
            "\u{1b}[1m\u{1b}[31merror\u{1b}[0m: a.md:1:1: unknown field `x`"
        );
        assert_eq!(lines[4], "\u{1b}[1m\u{1b}[32mok\u{1b}[0m: 3 questions");
        assert_eq!(lines[5], "errors: not a head");
        assert!(painted.ends_with('\n'));
    }

    #[test]
    fn leaves_text_alone_without_colour() {
        let text = "error[unknown-key]: x\n";
        assert_eq!(paint(text, false), text);
    }
}
