//! The Markdown reference (`docs/`), rendered with minijinja templates.

use super::model::ModuleDoc;
use minijinja::{context, Environment};
use serde::{Serialize, Serializer};

const INDEX: &str = include_str!("../../templates/docs-index.md.j2");
const NAMESPACE: &str = include_str!("../../templates/docs-namespace.md.j2");

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_filter("cell", cell);
    env.add_filter("code", code);
    // Templates are compiled into the generator; a broken one fails its tests.
    let _ = env.add_template("index", INDEX);
    let _ = env.add_template("namespace", NAMESPACE);
    env
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

/// Renders a one-off template with the reference's filters.
pub fn render_str(template: &str, ctx: minijinja::Value) -> String {
    let mut env = environment();
    let _ = env.add_template("one-off", template);
    render(&env, "one-off", ctx)
}

fn render(env: &Environment, name: &str, ctx: minijinja::Value) -> String {
    let mut pieces = Pieces::default();
    match env
        .get_template(name)
        .and_then(|t| t.render_captured_to(ctx, &mut pieces))
    {
        Ok(_) => tidy(&pieces.join()),
        Err(err) => format!(
            "<!-- template {name} failed: {} -->\n",
            cell(err.to_string())
        ),
    }
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

/// What the index shows of a module: its names and its methods, only ever counted.
#[derive(Serialize)]
struct IndexEntry<'a> {
    namespace: &'a str,
    module: &'a str,
    methods: Count,
}

/// A list known only by its length. The index counts each module's methods
/// (`| length`); converting every method for the template just to count them would be
/// most of the index's cost.
struct Count(usize);

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((0..self.0).map(|_| ()))
    }
}

/// `docs/README.md`.
pub fn index(command: &str, modules: &[ModuleDoc]) -> String {
    let method_count: usize = modules.iter().map(|m| m.methods.len()).sum();
    let entries: Vec<IndexEntry> = modules
        .iter()
        .map(|m| IndexEntry {
            namespace: &m.namespace,
            module: &m.module,
            methods: Count(m.methods.len()),
        })
        .collect();
    let ctx = context! { command => command, modules => entries, method_count => method_count };
    render(&environment(), "index", ctx)
}

/// `docs/<module>.md`.
pub fn namespace(command: &str, module: &ModuleDoc) -> String {
    let ctx = context! { command => command, module => module };
    render(&environment(), "namespace", ctx)
}
