//! `application/x-www-form-urlencoded` bodies with PHP-style nested keys into JSON,
//! the way PHP fills `$_POST`: `data[FIELDS][ID]=42` nests, `a[]=1&a[]=2` appends, a
//! repeated key keeps its last value, and an array whose keys are `0..n` in order
//! becomes a JSON array (as `json_encode` would write it). Every leaf is a string.

use std::collections::HashMap;

use serde_json::{Map as JsonMap, Value};

use super::error::BodyError;
use super::limits::Limits;

/// Parses a whole form body.
pub fn parse(body: &[u8], limits: &Limits) -> Result<Value, BodyError> {
    let mut root = Node::new_map();
    let mut fields = 0usize;
    for pair in body.split(|&b| b == b'&') {
        if pair.is_empty() {
            continue;
        }
        fields += 1;
        if fields > limits.max_fields {
            return Err(BodyError::TooManyFields {
                limit: limits.max_fields,
            });
        }
        let (raw_key, raw_value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        let key = decode(raw_key)?;
        let value = decode(raw_value)?;
        let Some(path) = key_path(&key) else {
            continue;
        };
        if path.len() > limits.max_depth {
            return Err(BodyError::TooDeep {
                limit: limits.max_depth,
            });
        }
        root.assign(&path, value);
    }
    Ok(root.into_value())
}

/// Percent-decoding with `+` as a space; a `%` not followed by two hex digits stays as
/// it is, as PHP leaves it.
fn decode(raw: &[u8]) -> Result<String, BodyError> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => match (raw.get(i + 1).and_then(hex), raw.get(i + 2).and_then(hex)) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| BodyError::InvalidUtf8)
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

/// One step of a key: `[name]` or `[]`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Name(String),
    Append,
}

/// `a[b][]` → `a`, `b`, append. PHP's rules: leading spaces of the base name are
/// dropped; a base name with an unclosed `[` is taken whole with that `[` as `_`;
/// anything after the last `]` is ignored. `None` for an empty name.
fn key_path(key: &str) -> Option<Vec<Segment>> {
    let key = key.trim_start_matches(' ');
    let Some(open) = key.find('[') else {
        return (!key.is_empty()).then(|| vec![Segment::Name(key.to_string())]);
    };
    let base = &key[..open];
    if base.is_empty() {
        return None;
    }
    if !key[open..].contains(']') {
        return Some(vec![Segment::Name(key.replacen('[', "_", 1))]);
    }
    let mut path = vec![Segment::Name(base.to_string())];
    let mut rest = &key[open..];
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            break;
        };
        let name = &inner[..close];
        path.push(if name.is_empty() {
            Segment::Append
        } else {
            Segment::Name(name.to_string())
        });
        rest = &inner[close + 1..];
    }
    Some(path)
}

/// A PHP value as `$_POST` holds it: a string, or an ordered array with string or
/// integer keys.
enum Node {
    Leaf(String),
    Map(Ordered),
}

#[derive(Default)]
struct Ordered {
    entries: Vec<(String, Node)>,
    index: HashMap<String, usize>,
    /// The key `[]` takes next: one more than the largest integer key so far.
    next: Option<u64>,
}

impl Node {
    fn new_map() -> Node {
        Node::Map(Ordered {
            next: Some(0),
            ..Ordered::default()
        })
    }

    /// Sets the value at `path`, turning a string on the way into an array (a later key
    /// wins, as in PHP).
    fn assign(&mut self, path: &[Segment], value: String) {
        let mut node = self;
        for (i, seg) in path.iter().enumerate() {
            if !matches!(node, Node::Map(_)) {
                *node = Node::new_map();
            }
            let Node::Map(map) = node else {
                return;
            };
            let Some(key) = map.key_for(seg) else {
                // `[]` past the largest integer key: PHP drops the value too.
                return;
            };
            let last = i + 1 == path.len();
            let slot = map.slot(key);
            if last {
                *slot = Node::Leaf(value);
                return;
            }
            node = slot;
        }
    }

    fn into_value(self) -> Value {
        match self {
            Node::Leaf(text) => Value::String(text),
            Node::Map(map) => map.into_value(),
        }
    }
}

impl Ordered {
    fn key_for(&mut self, seg: &Segment) -> Option<String> {
        let key = match seg {
            Segment::Append => self.next?.to_string(),
            Segment::Name(name) => name.clone(),
        };
        if let Some(n) = integer_key(&key) {
            if self.next.is_some_and(|next| n >= next) {
                self.next = n.checked_add(1);
            }
        }
        Some(key)
    }

    fn slot(&mut self, key: String) -> &mut Node {
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                self.index.insert(key.clone(), self.entries.len());
                self.entries.push((key, Node::Leaf(String::new())));
                self.entries.len() - 1
            }
        };
        &mut self.entries[i].1
    }

    fn into_value(self) -> Value {
        let listed = self
            .entries
            .iter()
            .enumerate()
            .all(|(i, (k, _))| integer_key(k) == Some(i as u64));
        if listed && !self.entries.is_empty() {
            Value::Array(
                self.entries
                    .into_iter()
                    .map(|(_, v)| v.into_value())
                    .collect(),
            )
        } else {
            Value::Object(
                self.entries
                    .into_iter()
                    .map(|(k, v)| (k, v.into_value()))
                    .collect::<JsonMap<String, Value>>(),
            )
        }
    }
}

/// A key PHP stores as an integer: decimal, no sign, no leading zero.
fn integer_key(key: &str) -> Option<u64> {
    let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty());
    if !canonical || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(body: &str) -> Value {
        parse(body.as_bytes(), &Limits::default()).unwrap()
    }

    #[test]
    fn nested_keys_nest() {
        assert_eq!(
            form("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=42&auth[domain]=x.bitrix24.ru"),
            json!({"event": "ONCRMDEALUPDATE", "data": {"FIELDS": {"ID": "42"}}, "auth": {"domain": "x.bitrix24.ru"}})
        );
    }

    #[test]
    fn appends_indexes_and_repeats_follow_php() {
        assert_eq!(form("a[]=1&a[]=2"), json!({"a": ["1", "2"]}));
        assert_eq!(form("a[0]=x&a[1]=y"), json!({"a": ["x", "y"]}));
        assert_eq!(form("a[1]=x&a[]=y"), json!({"a": {"1": "x", "2": "y"}}));
        assert_eq!(form("a=1&a=2"), json!({"a": "2"}));
        assert_eq!(form("a=1&a[b]=2"), json!({"a": {"b": "2"}}));
        assert_eq!(form("a[b]=2&a=1"), json!({"a": "1"}));
        assert_eq!(
            form("a[x][]=1&a[x][]=2&a[y]=3"),
            json!({"a": {"x": ["1", "2"], "y": "3"}})
        );
    }

    #[test]
    fn odd_keys_follow_php() {
        assert_eq!(form("a[b=1"), json!({"a_b": "1"}));
        assert_eq!(form("a[b]c=1"), json!({"a": {"b": "1"}}));
        assert_eq!(form("[x]=1&=2&&"), json!({}));
        assert_eq!(form("q=a+b%20c%zz"), json!({"q": "a b c%zz"}));
        assert_eq!(form("flag"), json!({"flag": ""}));
        assert_eq!(form("a[01]=x"), json!({"a": {"01": "x"}}));
    }

    #[test]
    fn limits_and_bad_bytes_are_errors() {
        let tight = Limits {
            max_depth: 2,
            max_fields: 2,
            ..Limits::default()
        };
        assert!(matches!(
            parse(b"a[b][c]=1", &tight),
            Err(BodyError::TooDeep { limit: 2 })
        ));
        assert!(matches!(
            parse(b"a=1&b=2&c=3", &tight),
            Err(BodyError::TooManyFields { limit: 2 })
        ));
        assert!(matches!(
            parse(b"a=%ff%fe", &Limits::default()),
            Err(BodyError::InvalidUtf8)
        ));
        // An append past the largest index is dropped, not a panic.
        assert_eq!(
            form("a[18446744073709551615]=1&a[]=2"),
            json!({"a": {"18446744073709551615": "1"}})
        );
    }
}
