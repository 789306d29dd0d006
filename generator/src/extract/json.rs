//! A lenient reader for the data literals found in examples: strict JSON, JSON with
//! comments / `...` / trailing commas, JavaScript object literals (unquoted keys, single
//! quotes) and PHP arrays (`Array('K' => 'v')`, `['K' => 'v']`).
//!
//! One small recursive-descent parser covers all of them; anything it does not
//! understand (a variable, a function call) makes the whole literal unreadable.

use serde_json::{Map, Number, Value};

/// Nesting deeper than this is treated as unreadable rather than risking the stack.
const MAX_DEPTH: usize = 64;

/// Parses strict JSON first, then the lenient dialects.
pub fn parse_lenient(text: &str) -> Option<Value> {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return Some(v);
    }
    let mut p = Parser::new(text);
    let v = p.value(0)?;
    p.skip_trivia();
    p.at_end().then_some(v)
}

/// Parses one literal at the start of `text` and returns it with the number of bytes read.
pub fn parse_prefix(text: &str) -> Option<(Value, usize)> {
    let mut p = Parser::new(text);
    let v = p.value(0)?;
    Some((v, p.pos))
}

/// Reads an object literal at the start of `text` only as far as `key`, and returns
/// that key's value: later entries may hold code (`requestId: uuid()`).
pub fn key_of_prefix(text: &str, key: &str) -> Option<Value> {
    let mut p = Parser::new(text);
    if !p.eat(b'{') {
        return None;
    }
    loop {
        let k = p.key()?;
        if !p.eat(b':') {
            return None;
        }
        let v = p.value(0)?;
        if k == key {
            return Some(v);
        }
        if !p.eat(b',') {
            return None;
        }
    }
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn new(s: &'a str) -> Self {
        Parser {
            s,
            b: s.as_bytes(),
            pos: 0,
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.b.len()
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }

    /// Skips whitespace, comments and `...` placeholders.
    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if trimmed.starts_with("/*") {
                self.pos += trimmed.find("*/").map_or(trimmed.len(), |i| i + 2);
            } else if trimmed.starts_with("...") {
                self.pos += 3;
            } else if trimmed.starts_with('…') {
                self.pos += '…'.len_utf8();
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.skip_trivia();
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                self.object(b'}', depth)
            }
            b'[' => {
                self.pos += 1;
                self.array_or_php(b']', depth)
            }
            b'"' | b'\'' => self.string().map(Value::String),
            b'-' | b'+' | b'.' | b'0'..=b'9' => self.number(),
            _ => self.word(depth),
        }
    }

    /// `true`, `false`, `null`, `undefined`, or PHP `array(` / `Array(`.
    fn word(&mut self, depth: usize) -> Option<Value> {
        let w = self.ident()?;
        match w.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            "null" | "undefined" => Some(Value::Null),
            "array" if self.eat(b'(') => self.array_or_php(b')', depth),
            _ => None,
        }
    }

    fn ident(&mut self) -> Option<&'a str> {
        self.skip_trivia();
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' {
                self.pos += 1;
            } else {
                break;
            }
        }
        (self.pos > start).then(|| &self.s[start..self.pos])
    }

    fn key(&mut self) -> Option<String> {
        self.skip_trivia();
        match self.peek()? {
            b'"' | b'\'' => self.string(),
            b'0'..=b'9' | b'-' => match self.number()? {
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            },
            _ => self.ident().map(str::to_string),
        }
    }

    fn object(&mut self, close: u8, depth: usize) -> Option<Value> {
        let mut map = Map::new();
        loop {
            if self.eat(close) {
                return Some(Value::Object(map));
            }
            let key = self.key()?;
            if !(self.eat(b':') || self.eat_arrow()) {
                return None;
            }
            let v = self.value(depth + 1)?;
            map.insert(key, v);
            if !self.eat(b',') {
                return self.eat(close).then_some(Value::Object(map));
            }
        }
    }

    fn eat_arrow(&mut self) -> bool {
        self.skip_trivia();
        if self.rest().starts_with("=>") {
            self.pos += 2;
            true
        } else {
            false
        }
    }

    /// A JSON/JS array, or a PHP array which is an object when its entries use `=>`.
    fn array_or_php(&mut self, close: u8, depth: usize) -> Option<Value> {
        let mut items = Vec::new();
        let mut map = Map::new();
        loop {
            if self.eat(close) {
                return Some(if map.is_empty() {
                    Value::Array(items)
                } else if items.is_empty() {
                    Value::Object(map)
                } else {
                    return None;
                });
            }
            let v = self.value(depth + 1)?;
            if self.eat_arrow() {
                let key = match v {
                    Value::String(s) => s,
                    Value::Number(n) => n.to_string(),
                    _ => return None,
                };
                let item = self.value(depth + 1)?;
                map.insert(key, item);
            } else {
                items.push(v);
            }
            if !self.eat(b',') {
                if !self.eat(close) {
                    return None;
                }
                return Some(if map.is_empty() {
                    Value::Array(items)
                } else if items.is_empty() {
                    Value::Object(map)
                } else {
                    return None;
                });
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        let quote = self.peek()?;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            if c as u32 == quote as u32 {
                self.pos += i + 1;
                return Some(out);
            }
            if c == '\\' {
                let (_, e) = chars.next()?;
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'u' => {
                        let hex: String = (0..4)
                            .filter_map(|_| chars.next().map(|(_, h)| h))
                            .collect();
                        let code = u32::from_str_radix(&hex, 16).ok()?;
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    other => out.push(other),
                }
            } else {
                out.push(c);
            }
        }
        None
    }

    fn number(&mut self) -> Option<Value> {
        self.skip_trivia();
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = self.s.get(start..self.pos)?.trim_start_matches('+');
        if let Ok(i) = text.parse::<i64>() {
            return Some(Value::Number(i.into()));
        }
        if let Ok(u) = text.parse::<u64>() {
            return Some(Value::Number(u.into()));
        }
        let f = text.parse::<f64>().ok()?;
        Number::from_f64(f).map(Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strict_json() {
        assert_eq!(parse_lenient(r#"{"a":[1,2]}"#), Some(json!({"a":[1,2]})));
    }

    #[test]
    fn comments_ellipsis_trailing_commas() {
        let text = "{\n \"a\": 1, // one\n \"b\": [\"x\", ...],\n ...\n}";
        assert_eq!(parse_lenient(text), Some(json!({"a":1,"b":["x"]})));
    }

    #[test]
    fn js_literal() {
        let text = "{ fields: { taskId: 51, text: 'Сообщение', }, list: [1, 'a'], }";
        assert_eq!(
            parse_lenient(text),
            Some(json!({"fields":{"taskId":51,"text":"Сообщение"},"list":[1,"a"]}))
        );
    }

    #[test]
    fn php_arrays() {
        let text = "Array('DIALOG_ID' => 'chat13', 'LIST' => [1, 2], 'EMPTY' => '',)";
        assert_eq!(
            parse_lenient(text),
            Some(json!({"DIALOG_ID":"chat13","LIST":[1,2],"EMPTY":""}))
        );
    }

    #[test]
    fn urls_in_strings_are_not_comments() {
        assert_eq!(
            parse_lenient("{'u': 'https://x.y/z'}"),
            Some(json!({"u":"https://x.y/z"}))
        );
    }

    #[test]
    fn variables_are_unreadable() {
        assert_eq!(parse_lenient("{ id: taskId }"), None);
        assert_eq!(parse_lenient("{ a: 1 "), None);
    }

    #[test]
    fn key_before_code() {
        let text = "{ method: 'x', params: { id: 8 }, requestId: uuid() }";
        assert_eq!(key_of_prefix(text, "params"), Some(json!({"id":8})));
    }

    #[test]
    fn bare_number_and_float() {
        assert_eq!(parse_lenient("19880117"), Some(json!(19880117)));
        assert_eq!(parse_lenient("1.5"), Some(json!(1.5)));
    }

    #[test]
    fn prefix_stops_after_value() {
        let (v, n) = parse_prefix("{a: 1}, function() {}").unwrap();
        assert_eq!(v, json!({"a":1}));
        assert_eq!(n, 6);
    }
}
