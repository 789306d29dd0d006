//! The result type a TypeScript example declares for its call
//! (`call.make<TaskAddResult>(…)` with `type TaskAddResult = number`): the page's own
//! statement of the response shape when it has no response section.

use crate::ir::{BoolForm, Field, Type};

/// Nesting deeper than this is read as `Any`.
const MAX_DEPTH: usize = 16;

/// The type argument of `.make<…>(` resolved against the declarations in `code`.
pub fn declared_result(code: &str) -> Option<Type> {
    let i = code.find(".make<")?;
    let rest = &code[i + ".make<".len()..];
    let end = rest.find(">(")?;
    let arg = rest[..end].trim();
    let mut p = Parser::new(arg, code);
    let ty = p.union(0)?;
    ty.is_typed().then_some(ty)
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    /// The whole example, where named types are declared.
    code: &'a str,
}

impl<'a> Parser<'a> {
    fn new(s: &'a str, code: &'a str) -> Self {
        Parser { s, pos: 0, code }
    }

    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }

    fn skip(&mut self) {
        loop {
            let r = self.rest();
            let t = r.trim_start();
            self.pos += r.len() - t.len();
            if t.starts_with("//") {
                self.pos += t.find('\n').unwrap_or(t.len());
            } else if t.starts_with("/*") {
                self.pos += t.find("*/").map_or(t.len(), |i| i + 2);
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, tok: &str) -> bool {
        self.skip();
        if self.rest().starts_with(tok) {
            self.pos += tok.len();
            true
        } else {
            false
        }
    }

    fn union(&mut self, depth: usize) -> Option<Type> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.eat("|");
        let mut members = Vec::new();
        let mut nulls = 0;
        loop {
            match self.postfix(depth)? {
                Some(t) => members.push(t),
                None => nulls += 1,
            }
            if self.eat("&") || self.eat("|") {
                continue;
            }
            break;
        }
        // `null` alone is a result that is always null; `T | null` is `T`.
        if members.is_empty() && nulls > 0 {
            return Some(Type::Null);
        }
        Some(pick(members))
    }

    /// A primary type with `[]` suffixes; `Ok(None)`-like `Some(None)` for `null`.
    fn postfix(&mut self, depth: usize) -> Option<Option<Type>> {
        let mut t = self.primary(depth)?;
        while self.eat("[]") {
            t = Some(Type::Array {
                item: Box::new(t.unwrap_or(Type::Any)),
            });
        }
        Some(t)
    }

    fn primary(&mut self, depth: usize) -> Option<Option<Type>> {
        self.skip();
        let r = self.rest();
        if self.eat("{") {
            return self.object(depth).map(Some);
        }
        if self.eat("(") {
            let t = self.union(depth + 1)?;
            return self.eat(")").then_some(Some(t));
        }
        if self.eat("[") {
            // A tuple: an array of mixed items.
            let mut depth_b = 1usize;
            for (i, c) in self.rest().char_indices() {
                match c {
                    '[' => depth_b += 1,
                    ']' => {
                        depth_b -= 1;
                        if depth_b == 0 {
                            self.pos += i + 1;
                            return Some(Some(Type::Array {
                                item: Box::new(Type::Any),
                            }));
                        }
                    }
                    _ => {}
                }
            }
            return None;
        }
        if r.starts_with(['\'', '"', '`']) {
            let q = r.chars().next()?;
            let end = r[1..].find(q)?;
            self.pos += end + 2;
            return Some(Some(Type::String));
        }
        if r.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            let len = r
                .find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '.'))
                .unwrap_or(r.len());
            self.pos += len;
            return Some(Some(Type::Integer));
        }
        let name = self.ident()?;
        self.named(name, depth)
    }

    fn ident(&mut self) -> Option<&'a str> {
        self.skip();
        let r = self.rest();
        let len = r
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.'))
            .unwrap_or(r.len());
        if len == 0 {
            return None;
        }
        self.pos += len;
        Some(&r[..len])
    }

    fn generic_args(&mut self, depth: usize) -> Option<Vec<Type>> {
        let mut args = Vec::new();
        if !self.eat("<") {
            return Some(args);
        }
        loop {
            args.push(self.union(depth + 1)?);
            if self.eat(",") {
                continue;
            }
            return self.eat(">").then_some(args);
        }
    }

    fn named(&mut self, name: &str, depth: usize) -> Option<Option<Type>> {
        let args = self.generic_args(depth)?;
        let t = match name {
            "null" | "undefined" | "void" | "never" => return Some(None),
            "number" | "bigint" => Type::Number,
            "string" => Type::String,
            "boolean" | "true" | "false" => Type::Boolean {
                form: BoolForm::Json,
            },
            "ISODate" | "Date" => Type::DateTime,
            "unknown" | "any" => Type::Any,
            "object" => Type::Object { fields: Vec::new() },
            "Record" | "Map" => Type::Map {
                value: Box::new(args.get(1).cloned().unwrap_or(Type::Any)),
            },
            "Array" | "ReadonlyArray" => Type::Array {
                item: Box::new(args.first().cloned().unwrap_or(Type::Any)),
            },
            "Partial" | "Readonly" | "Required" => args.first().cloned().unwrap_or(Type::Any),
            other => declared(self.code, other, depth + 1).unwrap_or(Type::Any),
        };
        Some(Some(t))
    }

    fn object(&mut self, depth: usize) -> Option<Type> {
        let mut fields = Vec::new();
        let mut index_value = None;
        loop {
            self.eat(";");
            self.eat(",");
            if self.eat("}") {
                break;
            }
            if self.eat("[") {
                // `[key: string]: T` — an index signature: a map.
                let close = self.rest().find(']')?;
                self.pos += close + 1;
                if !self.eat(":") {
                    return None;
                }
                index_value = Some(self.union(depth + 1)?);
                continue;
            }
            let key = self.key()?;
            self.eat("?");
            if !self.eat(":") {
                return None;
            }
            let ty = self.union(depth + 1)?;
            fields.push(field(key, ty));
        }
        if fields.is_empty() {
            if let Some(v) = index_value {
                return Some(Type::Map { value: Box::new(v) });
            }
        }
        Some(Type::Object { fields })
    }

    fn key(&mut self) -> Option<String> {
        self.skip();
        let r = self.rest();
        if let Some(q) = r.chars().next().filter(|c| *c == '\'' || *c == '"') {
            let end = r[1..].find(q)?;
            self.pos += end + 2;
            return Some(r[1..end + 1].to_string());
        }
        self.ident().map(str::to_string)
    }
}

/// The most specific member; `T | null` is `T`.
fn pick(members: Vec<Type>) -> Type {
    super::tokens::union(members)
}

/// A `type Name = …` or `interface Name {…}` declared in the example.
fn declared(code: &str, name: &str, depth: usize) -> Option<Type> {
    if depth > MAX_DEPTH {
        return None;
    }
    for (kw, sep) in [("type ", "="), ("interface ", "{")] {
        let head = format!("{kw}{name}");
        for (i, _) in code.match_indices(&head) {
            let after = &code[i + head.len()..];
            if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let after = after.trim_start();
            let Some(body) = after.strip_prefix(sep) else {
                continue;
            };
            let src = if sep == "{" { after } else { body };
            let mut p = Parser::new(src, code);
            let t = p.union(depth);
            if t.is_some() {
                return t;
            }
        }
    }
    None
}

fn field(name: String, ty: Type) -> Field {
    Field {
        name,
        ty,
        required: false,
        required_known: false,
        description: String::new(),
        example: None,
        default: None,
        revision: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_alias() {
        let code =
            "type TaskItemAddResult = number\nawait $b24.actions.v2.call.make<TaskItemAddResult>({";
        assert_eq!(declared_result(code), Some(Type::Number));
    }

    #[test]
    fn object_with_arrays_and_nulls() {
        let code = "type R = {\n  prices: {\n    id: number\n    extraId: string | null\n  }[]\n}\n x.make<R>({})";
        let Some(Type::Object { fields }) = declared_result(code) else {
            panic!("not an object")
        };
        assert_eq!(fields[0].name, "prices");
        let Type::Array { item } = &fields[0].ty else {
            panic!("not an array")
        };
        let Type::Object { fields } = item.as_ref() else {
            panic!("not an object item")
        };
        assert_eq!(fields[1].ty, Type::String);
    }

    #[test]
    fn records_and_interfaces() {
        let code = "interface Item { id: number; name?: string }\ntype R = Record<string, Item>\n.make<R>(";
        let Some(Type::Map { value }) = declared_result(code) else {
            panic!("not a map")
        };
        assert!(matches!(*value, Type::Object { .. }));
    }

    #[test]
    fn unknown_is_untyped() {
        assert_eq!(declared_result("type R = unknown\n.make<R>("), None);
        assert_eq!(declared_result("call.make({"), None);
    }
}
