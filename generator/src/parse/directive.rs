//! `{% … %}` directive lines.

/// A line that is a single `{% … %}` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Directive {
    Include {
        notitle: bool,
        path: String,
    },
    If(String),
    Else,
    EndIf,
    Note {
        kind: String,
        title: String,
    },
    EndNote,
    Cut {
        title: String,
    },
    EndCut,
    List {
        kind: String,
    },
    EndList,
    /// A directive this reader does not know; kept as text.
    Other,
}

/// Container directives: the ones with an opening and a closing line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Note,
    Cut,
    List,
    If,
}

impl Directive {
    /// Parses a line consisting of one directive (surrounding whitespace allowed).
    pub fn parse(line: &str) -> Option<Directive> {
        if !may_open_directive(line) {
            return None;
        }
        let inner = line.trim().strip_prefix("{%")?.strip_suffix("%}")?.trim();
        let (word, args) = match inner.split_once(char::is_whitespace) {
            Some((w, a)) => (w, a.trim()),
            None => (inner, ""),
        };
        Some(match word {
            "include" => parse_include(args)?,
            "if" => Directive::If(args.to_string()),
            "else" => Directive::Else,
            "endif" => Directive::EndIf,
            "note" => parse_note(args),
            "endnote" => Directive::EndNote,
            "cut" => Directive::Cut {
                title: quoted(args)
                    .unwrap_or_else(|| args.to_string())
                    .trim()
                    .to_string(),
            },
            "endcut" => Directive::EndCut,
            "list" => Directive::List {
                kind: args.to_string(),
            },
            "endlist" => Directive::EndList,
            _ => Directive::Other,
        })
    }

    /// The container this directive opens, if any.
    pub fn opens(&self) -> Option<Container> {
        match self {
            Directive::Note { .. } => Some(Container::Note),
            Directive::Cut { .. } => Some(Container::Cut),
            Directive::List { .. } => Some(Container::List),
            Directive::If(_) => Some(Container::If),
            _ => None,
        }
    }

    /// The container this directive closes, if any.
    pub fn closes(&self) -> Option<Container> {
        match self {
            Directive::EndNote => Some(Container::Note),
            Directive::EndCut => Some(Container::Cut),
            Directive::EndList => Some(Container::List),
            Directive::EndIf => Some(Container::If),
            _ => None,
        }
    }
}

/// Whether `line` may start with `{%` once trimmed. Every line of a page comes here,
/// several times: most are ruled out by their first byte after spaces and tabs.
fn may_open_directive(line: &str) -> bool {
    let first = line.bytes().find(|b| !matches!(b, b' ' | b'\t'));
    match first {
        // Other whitespace `trim` would remove, or a character that may be some.
        Some(b) if b.is_ascii() => b == b'{' || (b'\x09'..=b'\x0d').contains(&b),
        _ => true,
    }
}

/// `[title](path)` or `notitle [title](path)`.
fn parse_include(args: &str) -> Option<Directive> {
    let (notitle, rest) = match args.strip_prefix("notitle") {
        Some(r) => (true, r.trim_start()),
        None => (false, args),
    };
    let rest = rest.strip_prefix('[')?;
    let (_, after) = rest.rsplit_once("](")?;
    let path = after.strip_suffix(')')?.trim();
    if path.is_empty() {
        return None;
    }
    Some(Directive::Include {
        notitle,
        path: path.to_string(),
    })
}

/// `kind "title"`, where either part may be missing.
fn parse_note(args: &str) -> Directive {
    let (kind, rest) = if args.starts_with(['"', '\'']) {
        ("", args)
    } else {
        match args.split_once(char::is_whitespace) {
            Some((k, r)) => (k, r.trim()),
            None => (args, ""),
        }
    };
    let kind = if kind.is_empty() { "info" } else { kind };
    Directive::Note {
        kind: kind.to_string(),
        title: quoted(rest)
            .unwrap_or_else(|| rest.to_string())
            .trim()
            .to_string(),
    }
}

/// The content of a `"…"` or `'…'` string at the start of `s`.
fn quoted(s: &str) -> Option<String> {
    let q = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = s.get(1..)?;
    let end = body.rfind(q)?;
    body.get(..end).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_includes() {
        assert_eq!(
            Directive::parse("  {% include notitle [a [b]](../x.md) %}"),
            Some(Directive::Include {
                notitle: true,
                path: "../x.md".into()
            })
        );
        assert_eq!(
            Directive::parse("{% include [t](./y.md) %}"),
            Some(Directive::Include {
                notitle: false,
                path: "./y.md".into()
            })
        );
    }

    #[test]
    fn parses_notes() {
        let note = |k: &str, t: &str| {
            Some(Directive::Note {
                kind: k.into(),
                title: t.into(),
            })
        };
        assert_eq!(Directive::parse(r#"{% note tip "" %}"#), note("tip", ""));
        assert_eq!(
            Directive::parse(r#"{% note warning "DEPRECATED" %}"#),
            note("warning", "DEPRECATED")
        );
        assert_eq!(Directive::parse("{% note alert %}"), note("alert", ""));
        assert_eq!(
            Directive::parse(r#"{% note "Title" %}"#),
            note("info", "Title")
        );
        assert_eq!(Directive::parse("{% endnote %} ||"), None);
    }

    #[test]
    fn parses_others() {
        assert_eq!(
            Directive::parse("{% list tabs %}").and_then(|d| d.opens()),
            Some(Container::List)
        );
        assert_eq!(
            Directive::parse(r#"{% cut "Пример" %}"#),
            Some(Directive::Cut {
                title: "Пример".into()
            })
        );
        assert_eq!(
            Directive::parse("{% if build == 'dev' %}"),
            Some(Directive::If("build == 'dev'".into()))
        );
        assert_eq!(Directive::parse("{% frobnicate %}"), Some(Directive::Other));
        // Any whitespace `trim` removes may come first, not only spaces and tabs.
        assert_eq!(
            Directive::parse("\u{2003}{% endif %}"),
            Some(Directive::EndIf)
        );
        assert_eq!(Directive::parse("\x0b {% endif %}"), Some(Directive::EndIf));
        assert_eq!(Directive::parse("  text {% endif %}"), None);
        assert_eq!(Directive::parse("{{ x }}"), None);
    }
}
