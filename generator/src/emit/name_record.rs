//! The Rust names given to every item, kept from one regeneration to the next
//! (`generated/rust-names.txt`).
//!
//! Names are derived from wire names, so a new page can produce a name that an existing
//! item already had, and whichever was claimed first used to win. With the record, every
//! recorded name goes back to its item and a newcomer that collides gets the numbered
//! name. The file is rewritten on every run from the names actually given, so removed
//! items drop out of it; it is ignored only when renaming is asked for explicitly.
//!
//! Format: a scope line (no leading tab) names where the names live (`api` for modules,
//! `im` for the types of module `im`, `im::ChatAdd` for the fields of `ChatAdd`), then one
//! line per item: a tab, the item's key, a tab, its Rust name. A key is the wire name of a
//! field, variant, error code or namespace; `method NAME` for a request struct (the wire
//! name lower-cased, then any variant); the composed name (`ChatAddColor`) for the other
//! types of a module.

use std::collections::BTreeMap;

use crate::tsv;

/// The file in the generated crate.
pub const FILE: &str = "rust-names.txt";

/// Rust names by scope, then key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameRecord {
    pub scopes: BTreeMap<String, BTreeMap<String, String>>,
}

/// A name that differs between two records for the same item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub scope: String,
    pub key: String,
    pub from: String,
    pub to: String,
}

impl NameRecord {
    pub fn get(&self, scope: &str) -> Option<&BTreeMap<String, String>> {
        self.scopes.get(scope)
    }

    pub fn insert(&mut self, scope: &str, key: String, rust: String) {
        self.scopes
            .entry(scope.to_string())
            .or_default()
            .insert(key, rust);
    }

    pub fn extend(&mut self, other: NameRecord) {
        for (scope, names) in other.scopes {
            self.scopes.entry(scope).or_default().extend(names);
        }
    }

    pub fn len(&self) -> usize {
        self.scopes.values().map(BTreeMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    /// The names of items present in both records that differ, in order.
    pub fn moves(&self, newer: &NameRecord) -> Vec<Moved> {
        let mut out = Vec::new();
        for (scope, names) in &self.scopes {
            let Some(now) = newer.scopes.get(scope) else {
                continue;
            };
            for (key, from) in names {
                if let Some(to) = now.get(key).filter(|to| *to != from) {
                    out.push(Moved {
                        scope: scope.clone(),
                        key: key.clone(),
                        from: from.clone(),
                        to: to.clone(),
                    });
                }
            }
        }
        out
    }

    /// The file's text, after `header` (comment lines).
    pub fn render(&self, header: &str) -> String {
        let mut out = String::with_capacity(self.len() * 32);
        tsv::comment(&mut out, header);
        for (scope, names) in &self.scopes {
            tsv::line(&mut out, &[scope]);
            for (key, rust) in names {
                out.push('\t');
                tsv::line(&mut out, &[key, rust]);
            }
        }
        out
    }

    /// Reads a record back; `Err` names the first line that is not one of ours.
    pub fn parse(text: &str) -> Result<NameRecord, String> {
        let mut record = NameRecord::default();
        let mut scope: Option<String> = None;
        for (n, raw) in text.lines().enumerate() {
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            let bad = || format!("line {}: not a names record: {raw:?}", n + 1);
            match raw.strip_prefix('\t') {
                None => scope = tsv::cells(raw).into_iter().next(),
                Some(entry) => {
                    let scope = scope.as_deref().ok_or_else(bad)?;
                    let mut cells = tsv::cells(entry).into_iter();
                    let (Some(key), Some(rust), None) = (cells.next(), cells.next(), cells.next())
                    else {
                        return Err(bad());
                    };
                    record.insert(scope, key, rust);
                }
            }
        }
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let mut record = NameRecord::default();
        record.insert("im", "method im.chat.add".into(), "ChatAdd".into());
        record.insert("im::ChatAdd", "TYPE".into(), "r#type".into());
        record.insert("im::ChatAdd", "".into(), "field".into());
        record.insert("im::ChatAdd", "a\tb".into(), "a_b".into());
        let text = record.render("header");
        assert!(text.starts_with("# header\nim\n\tmethod im.chat.add\tChatAdd\n"));
        assert_eq!(NameRecord::parse(&text), Ok(record.clone()));
        assert!(NameRecord::parse("\tx\ty").is_err());
        let mut newer = record.clone();
        newer.insert("im", "method im.chat.add".into(), "ChatAdd2".into());
        let moves = record.moves(&newer);
        assert_eq!(moves.len(), 1);
        assert_eq!(
            (moves[0].from.as_str(), moves[0].to.as_str()),
            ("ChatAdd", "ChatAdd2")
        );
    }
}
