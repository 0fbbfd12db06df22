//! Formats an error chain for people, once: the command line and the dev server's error
//! page both use it.

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
