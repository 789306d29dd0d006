//! The minijinja templates of `generator/templates/`, registered once per run.
//!
//! A template that does not compile, or fails while rendering, fails the run with a
//! `B24E030` diagnostic located in the template: no part of its output is ever returned,
//! so none can reach a file.

use crate::diag::{Code, Diagnostic};
use minijinja::Environment;
use serde::Serialize;

/// Markdown templates: block tags on lines of their own, blank runs collapsed after.
const MARKDOWN: &[(&str, &str)] = &[
    (
        "crate-README.md.j2",
        include_str!("../../templates/crate-README.md.j2"),
    ),
    (
        "docs-events.md.j2",
        include_str!("../../templates/docs-events.md.j2"),
    ),
    (
        "docs-index.md.j2",
        include_str!("../../templates/docs-index.md.j2"),
    ),
    (
        "docs-namespace-events.md.j2",
        include_str!("../../templates/docs-namespace-events.md.j2"),
    ),
    (
        "docs-namespace.md.j2",
        include_str!("../../templates/docs-namespace.md.j2"),
    ),
];

/// The manifest template: TOML, where leading spaces are kept as written.
const MANIFEST: &[(&str, &str)] = &[(
    "Cargo.toml.j2",
    include_str!("../../templates/Cargo.toml.j2"),
)];

/// A template that could not be compiled or rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFailure {
    /// The template's file name in `generator/templates/`.
    pub template: String,
    /// 1-based line in the template; 0 when the engine does not say.
    pub line: u32,
    /// The text of that line.
    pub source_line: String,
    pub message: String,
}

impl TemplateFailure {
    fn new(err: &minijinja::Error, template: &str, source: &str) -> Self {
        let template = err.name().unwrap_or(template).to_string();
        let line = err.line().unwrap_or(0);
        let source_line = line
            .checked_sub(1)
            .and_then(|i| source.lines().nth(i))
            .unwrap_or_default()
            .to_string();
        let message = match err.detail() {
            Some(detail) => format!("template `{template}` failed: {}: {detail}", err.kind()),
            None => format!("template `{template}` failed: {}", err.kind()),
        };
        TemplateFailure {
            template,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            source_line,
            message,
        }
    }

    /// The failure as a `B24E030` diagnostic located in the template.
    pub fn diagnostic(&self) -> Diagnostic {
        let code = Code::TemplateFailed;
        Diagnostic {
            code: code.id(),
            severity: code.severity(),
            file: format!("generator/templates/{}", self.template),
            line: self.line,
            column: u32::from(self.line > 0),
            message: self.message.clone(),
            source_line: self.source_line.clone(),
        }
    }
}

impl std::fmt::Display for TemplateFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every template of the generated crate, compiled.
pub struct Templates {
    markdown: Environment<'static>,
    manifest: Environment<'static>,
    sources: Vec<(&'static str, &'static str)>,
}

impl Templates {
    /// The templates compiled into the generator.
    pub fn new() -> Result<Self, TemplateFailure> {
        Self::from_sources(MARKDOWN, MANIFEST)
    }

    fn from_sources(
        markdown: &[(&'static str, &'static str)],
        manifest: &[(&'static str, &'static str)],
    ) -> Result<Self, TemplateFailure> {
        let mut md = Environment::new();
        md.set_trim_blocks(true);
        md.set_lstrip_blocks(true);
        md.add_filter("cell", cell);
        md.add_filter("code", code);
        let mut toml = Environment::new();
        toml.set_trim_blocks(true);
        for (env, list) in [(&mut md, markdown), (&mut toml, manifest)] {
            for (name, source) in list {
                env.add_template(name, source)
                    .map_err(|e| TemplateFailure::new(&e, name, source))?;
            }
        }
        Ok(Templates {
            markdown: md,
            manifest: toml,
            sources: markdown.iter().chain(manifest).copied().collect(),
        })
    }

    /// A Markdown page: runs of blank lines collapsed, one newline at the end.
    pub fn markdown(&self, name: &str, ctx: impl Serialize) -> Result<String, TemplateFailure> {
        let mut pieces = Pieces::default();
        self.markdown
            .get_template(name)
            .and_then(|t| t.render_captured_to(ctx, &mut pieces))
            .map_err(|e| self.failure(&e, name))?;
        Ok(tidy(&pieces.join()))
    }

    /// The manifest, ending with one newline.
    pub fn manifest(&self, name: &str, ctx: impl Serialize) -> Result<String, TemplateFailure> {
        let rendered = self
            .manifest
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| self.failure(&e, name))?;
        Ok(format!("{}\n", rendered.trim_end()))
    }

    fn failure(&self, err: &minijinja::Error, name: &str) -> TemplateFailure {
        let failing = err.name().unwrap_or(name);
        let source = self
            .sources
            .iter()
            .find(|(n, _)| *n == failing)
            .map_or("", |(_, s)| *s);
        TemplateFailure::new(err, name, source)
    }
}

/// Already sanitised prose made safe in a table cell: one line, column breaks escaped.
fn cell(text: String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
            escaped = false;
        }
        for c in word.chars() {
            if c == '|' && !escaped {
                out.push('\\');
            }
            escaped = c == '\\' && !escaped;
            out.push(c);
        }
    }
    out
}

/// Raw text (a wire name, an error code) for a code span in a table cell: no backticks,
/// one line, column breaks escaped.
fn code(text: String) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '`' { '\'' } else { c })
        .collect::<String>()
        .replace('|', "\\|")
}

/// Rendered text, gathered in pieces of a fixed size. A page runs to megabytes; one
/// string growing to that size would be copied over and over into fresh memory.
#[derive(Default)]
struct Pieces {
    done: Vec<Vec<u8>>,
    current: Vec<u8>,
}

impl Pieces {
    const SIZE: usize = 64 * 1024;

    /// The whole text. The template engine writes whole strings, never parts of a
    /// character, so the bytes are UTF-8.
    fn join(mut self) -> String {
        self.done.push(self.current);
        String::from_utf8(self.done.concat())
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

impl std::io::Write for Pieces {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.current.len() + buf.len() > self.current.capacity() {
            let full = std::mem::replace(
                &mut self.current,
                Vec::with_capacity(Self::SIZE.max(buf.len())),
            );
            if !full.is_empty() {
                self.done.push(full);
            }
        }
        self.current.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Collapses runs of blank lines the templates leave behind and ends with one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    #[test]
    fn the_compiled_in_templates_register() {
        assert!(Templates::new().is_ok());
    }

    #[test]
    fn a_template_that_does_not_compile_is_a_located_error() {
        let broken = [("page.md.j2", "# Title\n\n{% for x in %}\n")];
        let failure = Templates::from_sources(&broken, &[])
            .err()
            .expect("a syntax error fails registration");
        let d = failure.diagnostic();
        assert_eq!(d.code, "B24E030");
        assert!(d.is_error());
        assert_eq!(d.file, "generator/templates/page.md.j2");
        assert_eq!(d.line, 3);
        assert_eq!(d.source_line, "{% for x in %}");
    }

    #[test]
    fn a_broken_manifest_template_is_an_error_not_a_comment() {
        let broken = [("Cargo.toml.j2", "[package]\n{{ version | nope }}\n")];
        let templates = Templates::from_sources(&[], &broken).expect("it compiles");
        let failure = templates
            .manifest("Cargo.toml.j2", context! { version => "1" })
            .expect_err("an unknown filter fails rendering");
        assert_eq!(failure.template, "Cargo.toml.j2");
        assert_eq!(failure.line, 2);
        assert!(failure.message.contains("nope"), "{}", failure.message);
    }

    #[test]
    fn a_render_failure_is_an_error_and_returns_no_text() {
        let pages = [(
            "docs-namespace.md.j2",
            "# {{ module }}\n\n{% include \"missing.md.j2\" %}\n",
        )];
        let templates = Templates::from_sources(&pages, &[]).expect("it compiles");
        let failure = templates
            .markdown("docs-namespace.md.j2", context! { module => "im" })
            .expect_err("a missing include fails rendering");
        assert_eq!(failure.diagnostic().line, 3);
        assert!(!failure.message.contains("<!--"));
    }

    #[test]
    fn an_unknown_template_name_is_an_error() {
        let templates = Templates::new().expect("compiled-in templates register");
        assert!(templates.markdown("nowhere.md.j2", context! {}).is_err());
    }
}
