//! Showing diagnostics to people (annotated source lines) and to machines (JSON Lines).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use annotate_snippets::{Level, Renderer, Snippet};
use serde::Serialize;

use crate::diag::{Diagnostic, Severity};

/// Renders one diagnostic the way compilers do: code, message, file:line:col and the
/// source line with a caret under the column.
pub fn human(d: &Diagnostic, color: bool) -> String {
    let level = level(d.severity);
    let title = level.title(&d.message).id(d.code);
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    if d.line == 0 || d.source_line.is_empty() {
        let origin = format!("{}: ", d.file);
        let message = level.title(&d.message).id(d.code);
        let text = renderer.render(message).to_string();
        let text = text.replacen(": ", &format!(": {origin}"), 1);
        return text;
    }
    let span = caret_span(&d.source_line, d.column);
    // The renderer appends line and column to the origin itself.
    let snippet = Snippet::source(&d.source_line)
        .line_start(d.line as usize)
        .origin(&d.file)
        .fold(false)
        // The error level draws `^` under the column; the others draw `-`.
        .annotation(Level::Error.span(span));
    let text = renderer.render(title.snippet(snippet)).to_string();
    text
}

/// One JSON object per diagnostic, without the source line (CI annotations need only
/// the position).
pub fn json_line(d: &Diagnostic) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        code: &'a str,
        severity: Severity,
        file: &'a str,
        line: u32,
        column: u32,
        message: &'a str,
    }
    let line = Line {
        code: d.code,
        severity: d.severity,
        file: &d.file,
        line: d.line,
        column: d.column,
        message: &d.message,
    };
    serde_json::to_string(&line).unwrap_or_default()
}

/// Counts per code, with the code's severity, sorted by code.
pub fn counts(diags: &[Diagnostic]) -> BTreeMap<&'static str, (Severity, usize)> {
    let mut out: BTreeMap<&'static str, (Severity, usize)> = BTreeMap::new();
    for d in diags {
        out.entry(d.code).or_insert((d.severity, 0)).1 += 1;
    }
    out
}

/// A table of counts per code, for the end of a human report.
pub fn summary(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    let counts = counts(diags);
    if counts.is_empty() {
        return "no diagnostics\n".to_string();
    }
    for (code, (severity, n)) in &counts {
        let slug = crate::diag::Code::ALL
            .iter()
            .find(|c| c.id() == *code)
            .map(|c| c.slug())
            .unwrap_or("");
        let _ = writeln!(out, "{n:>7}  {code} {slug} ({severity:?})");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
    out
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Note => Level::Note,
    }
}

/// Byte range of the character at 1-based `column`, clamped to the line.
fn caret_span(line: &str, column: u32) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    let end = line[start..]
        .chars()
        .next()
        .map(|c| start + c.len_utf8())
        .unwrap_or(start);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(line: u32, column: u32, source_line: &str) -> Diagnostic {
        Diagnostic {
            code: "B24W011",
            severity: Severity::Warning,
            file: "specs/a.md".into(),
            line,
            column,
            message: "parameter `X` has no type; expected a type on the line after the name".into(),
            source_line: source_line.into(),
        }
    }

    #[test]
    fn human_output_names_file_line_code_and_quotes_the_line() {
        let out = human(&diag(12, 4, "|| **Имя** | x ||"), false);
        assert!(out.contains("B24W011"), "{out}");
        assert!(out.contains("specs/a.md:12:4"), "{out}");
        assert!(out.contains("|| **Имя** | x ||"), "{out}");
        assert!(out.contains("12 |"), "{out}");
        assert!(out.contains('^'), "{out}");
    }

    #[test]
    fn human_output_for_whole_file_problems() {
        let out = human(&diag(0, 0, ""), false);
        assert!(out.contains("specs/a.md"), "{out}");
        assert!(out.contains("B24W011"), "{out}");
    }

    #[test]
    fn caret_span_handles_columns_past_the_end_and_multibyte_text() {
        assert_eq!(caret_span("ab", 9), 2..2);
        assert_eq!(caret_span("жж", 2), 2..4);
    }

    #[test]
    fn json_line_has_the_documented_keys() {
        let v: serde_json::Value = serde_json::from_str(&json_line(&diag(3, 1, "x"))).unwrap();
        for key in ["code", "severity", "file", "line", "column", "message"] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        assert_eq!(v["severity"], "warning");
    }
}
