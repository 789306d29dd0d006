//! Rust identifiers from wire names: casing, keyword safety and collision resolution.
//!
//! Wire names are whatever the documentation spells (`DIALOG_ID`, `taskId`, `<chatId>`,
//! `UF_CRM_...`, Cyrillic placeholders, error codes such as `Bad Request` or `0`). Every
//! name that leaves this module is a valid Rust identifier.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::sync::Arc;

use super::name_record::NameRecord;

/// A name that could not be used as spelled: fixed up or given a numbered suffix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rename {
    /// Where the name lives: a module path, or `module::Type` for fields and variants.
    pub scope: String,
    /// The name as documented.
    pub wire: String,
    /// The Rust identifier it became.
    pub rust: String,
    /// Why it differs from the plain casing of the wire name.
    pub reason: RenameReason,
    /// The page that documents the item holding the name, when one does.
    pub origin: Option<Origin>,
}

/// Why a name is not the plain casing of its wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RenameReason {
    /// The casing alone is not an identifier (a keyword, a leading digit, Cyrillic …).
    Fixed(&'static str),
    /// An earlier run's name, kept from the names record.
    Kept,
    /// Another name in the scope took the identifier first: a `B24N023` note.
    Clash,
}

/// A page and line, as the IR records them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    pub path: String,
    pub line: u32,
}

impl Origin {
    pub fn of(source: &crate::ir::SourceRef) -> Self {
        Origin {
            path: source.path.clone(),
            line: source.line,
        }
    }
}

impl Rename {
    pub fn is_clash(&self) -> bool {
        self.reason == RenameReason::Clash
    }

    /// Why, in words: `keyword`, `clashes with another name in im::ChatAdd`.
    pub fn explain(&self) -> String {
        match self.reason {
            RenameReason::Fixed(why) => why.to_string(),
            RenameReason::Kept => format!("kept as recorded in {}", super::name_record::FILE),
            RenameReason::Clash => format!("clashes with another name in {}", self.scope),
        }
    }

    /// A clash as the `B24N023` note, at the page of the item holding the name (or, for
    /// an item no page documents, named by its scope); `None` for other renames.
    pub fn diagnostic(&self) -> Option<crate::diag::Diagnostic> {
        if !self.is_clash() {
            return None;
        }
        let code = crate::diag::Code::NameCollision;
        let (file, line) = match &self.origin {
            Some(origin) => (origin.path.clone(), origin.line),
            None => (format!("generated: {}", self.scope), 0),
        };
        Some(crate::diag::Diagnostic {
            code: code.id(),
            severity: code.severity(),
            file,
            line,
            column: u32::from(line > 0),
            message: format!(
                "in `{}`, `{}` became `{}`: another name in the scope took the identifier first",
                self.scope, self.wire, self.rust
            ),
            source_line: String::new(),
        })
    }
}

/// Places `origin` on the renames made since `from` (those of one method or event).
pub fn locate(renames: &mut [Rename], from: usize, origin: &Origin) {
    for rename in renames.iter_mut().skip(from) {
        rename.origin.get_or_insert_with(|| origin.clone());
    }
}

/// Strict, reserved and edition-dependent keywords (raw identifiers are fine for these).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Prelude names the generated code uses unqualified (`String`, `Option`, …) or that
/// readers expect to mean the standard item; a generated type must never shadow them.
pub const PRELUDE_TYPES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The casing a name gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Fields, functions: `dialog_id`; keywords become raw identifiers.
    Snake,
    /// Modules and features: `dialog_id`; keywords get a `_` suffix (file names stay plain).
    Module,
    /// Types and variants: `DialogId`.
    UpperCamel,
}

/// A converted name, before collision handling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub ident: String,
    /// Why the identifier is not the plain casing of the wire name, if it is not.
    pub fixed: Option<&'static str>,
}

/// Turns `wire` into an identifier of the given case. `fallback` (already in the right case)
/// names empty results and prefixes names that start with a digit.
pub fn convert(wire: &str, case: Case, fallback: &str) -> Converted {
    let mut fixed = None;
    let ascii = transliterate(wire);
    if ascii != wire {
        fixed = Some("non-ASCII letters transliterated");
    }
    let cased = match case {
        Case::Snake | Case::Module => ascii.to_snake_case(),
        Case::UpperCamel => ascii.to_upper_camel_case(),
    };
    let mut ident: String = cased
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if ident.trim_matches('_').is_empty() {
        fixed = Some("no usable characters");
        ident = fallback.to_string();
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        fixed = Some("starts with a digit");
        ident = match case {
            Case::UpperCamel => format!("{fallback}{ident}"),
            _ => format!("{fallback}_{ident}"),
        };
    }
    if NOT_RAW.contains(&ident.as_str()) {
        fixed = Some("keyword that cannot be a raw identifier");
        match case {
            // `Self_` would trip `non_camel_case_types` (and look odd in `Self_Error`).
            Case::UpperCamel => ident.push_str(fallback),
            Case::Snake | Case::Module => ident.push('_'),
        }
    } else if KEYWORDS.contains(&ident.as_str()) {
        if case == Case::Module {
            fixed = Some("keyword");
            ident.push('_');
        } else {
            ident = format!("r#{ident}");
        }
    }
    Converted { ident, fixed }
}

/// The identifier without a `r#` prefix: for composing longer names and file names.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The names recorded by earlier runs, and the names this run gives, for one thread's
/// scopes (see `name_record`).
#[derive(Debug, Clone, Default)]
pub struct Book {
    recorded: Arc<NameRecord>,
    given: Rc<RefCell<NameRecord>>,
}

impl Book {
    pub fn new(recorded: Arc<NameRecord>) -> Self {
        Book {
            recorded,
            given: Rc::default(),
        }
    }

    /// A scope that keeps the names recorded for `label` and records what it gives.
    pub fn scope(&self, label: impl Into<String>) -> Scope {
        let label = label.into();
        let recorded = self.recorded.get(&label).cloned().unwrap_or_default();
        let mut scope = Scope::new(label);
        scope.kept = recorded
            .into_iter()
            .filter(|(_, rust)| is_ident(rust))
            .collect();
        scope.reserved = scope.kept.values().map(|r| bare(r).to_string()).collect();
        scope.book = Some(self.given.clone());
        scope
    }

    /// Every name given through this book's scopes.
    pub fn given(&self) -> NameRecord {
        self.given.borrow().clone()
    }
}

/// Whether a recorded name can still be used as an identifier.
fn is_ident(name: &str) -> bool {
    let bare = bare(name);
    bare.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !NOT_RAW.contains(&bare)
        && (name.starts_with("r#") || !KEYWORDS.contains(&bare))
}

/// Identifiers already taken in one scope (a module's types, a struct's fields, an
/// enum's variants). Clashes get a numbered suffix, in the order names are claimed; in a
/// scope made by a [`Book`], a recorded name goes to its item whatever the order.
#[derive(Debug, Default)]
pub struct Scope {
    label: String,
    taken: BTreeSet<String>,
    /// Recorded names by key, and those names (bare): no newcomer may take them.
    kept: BTreeMap<String, String>,
    reserved: BTreeSet<String>,
    /// How often each key was claimed: a repeated key is told apart by its count.
    seen: BTreeMap<String, usize>,
    book: Option<Rc<RefCell<NameRecord>>>,
}

impl Scope {
    pub fn new(label: impl Into<String>) -> Self {
        Scope {
            label: label.into(),
            ..Scope::default()
        }
    }

    /// Marks names as used without reporting them (runtime names such as `extra`).
    pub fn reserve(&mut self, names: &[&str]) {
        for name in names {
            self.taken.insert((*name).to_string());
        }
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    /// Converts and claims `wire`, recording a [`Rename`] when the result is not its plain casing.
    pub fn claim(
        &mut self,
        wire: &str,
        case: Case,
        fallback: &str,
        renames: &mut Vec<Rename>,
    ) -> String {
        let converted = convert(wire, case, fallback);
        self.claim_ident(wire, wire, converted, renames)
    }

    /// Claims an identifier composed by the caller (`ChatAddError`), suffixing it on a clash.
    pub fn claim_composed(&mut self, ident: &str, renames: &mut Vec<Rename>) -> String {
        self.claim_keyed(ident, ident, renames)
    }

    /// Claims a composed identifier for the item `key` names in the names record.
    pub fn claim_keyed(&mut self, key: &str, ident: &str, renames: &mut Vec<Rename>) -> String {
        let converted = Converted {
            ident: ident.to_string(),
            fixed: None,
        };
        self.claim_ident(key, ident, converted, renames)
    }

    fn claim_ident(
        &mut self,
        key: &str,
        wire: &str,
        converted: Converted,
        renames: &mut Vec<Rename>,
    ) -> String {
        let count = self.seen.entry(key.to_string()).or_default();
        *count += 1;
        let key = match *count {
            1 => key.to_string(),
            n => format!("{key} #{n}"),
        };
        if let Some(kept) = self.kept.get(&key).cloned() {
            if self.taken.insert(bare(&kept).to_string()) {
                let reason = if bare(&kept) == bare(&converted.ident) {
                    converted.fixed.map(RenameReason::Fixed)
                } else {
                    Some(RenameReason::Kept)
                };
                return self.given(key, wire, kept, reason, renames);
            }
        }
        let mut ident = converted.ident;
        let mut reason = converted.fixed.map(RenameReason::Fixed);
        let busy = |scope: &Scope, name: &str| {
            scope.taken.contains(name)
                || (scope.reserved.contains(name)
                    && scope.kept.get(&key).map(|k| bare(k)) != Some(name))
        };
        if busy(self, bare(&ident)) {
            let base = bare(&ident).to_string();
            let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
                "_"
            } else {
                ""
            };
            let mut n = 2;
            while busy(self, &format!("{base}{sep}{n}")) {
                n += 1;
            }
            ident = format!("{base}{sep}{n}");
            reason = Some(RenameReason::Clash);
        }
        self.taken.insert(bare(&ident).to_string());
        self.given(key, wire, ident, reason, renames)
    }

    /// Records the name given to `key` and reports it when it is not the plain casing.
    fn given(
        &mut self,
        key: String,
        wire: &str,
        ident: String,
        reason: Option<RenameReason>,
        renames: &mut Vec<Rename>,
    ) -> String {
        if let Some(book) = &self.book {
            book.borrow_mut().insert(&self.label, key, ident.clone());
        }
        if let Some(reason) = reason {
            renames.push(Rename {
                scope: self.label.clone(),
                wire: wire.to_string(),
                rust: ident.clone(),
                reason,
                origin: None,
            });
        }
        ident
    }
}

/// Latin spelling of Cyrillic letters (Russian and common Ukrainian ones); other
/// non-ASCII characters become separators.
fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        let Some(latin) = latin(lower) else {
            out.push('_');
            continue;
        };
        if c == lower {
            out.push_str(latin);
        } else if chars.get(i + 1).is_some_and(|next| next.is_lowercase()) {
            // `Жёлтый` → `Zheltyy`, but `ЖУК` → `ZHUK`.
            let mut letters = latin.chars();
            out.extend(letters.next().map(|first| first.to_ascii_uppercase()));
            out.extend(letters);
        } else {
            out.push_str(&latin.to_uppercase());
        }
    }
    out
}

fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'є' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' => "i",
        'ї' => "yi",
        'й' | 'ы' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snake(wire: &str) -> String {
        convert(wire, Case::Snake, "field").ident
    }

    fn camel(wire: &str) -> String {
        convert(wire, Case::UpperCamel, "Value").ident
    }

    #[test]
    fn cases_wire_names() {
        assert_eq!(snake("DIALOG_ID"), "dialog_id");
        assert_eq!(snake("taskId"), "task_id");
        assert_eq!(snake("<chatId>"), "chat_id");
        assert_eq!(snake("\\<id\\>"), "id");
        assert_eq!(snake("UF_CRM_..."), "uf_crm");
        assert_eq!(camel("Bad Request"), "BadRequest");
        assert_eq!(camel("ACCESS_DENIED"), "AccessDenied");
    }

    #[test]
    fn keywords_and_special_names() {
        assert_eq!(snake("TYPE"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(camel("self"), "SelfValue");
        assert_eq!(convert("type", Case::Module, "ns").ident, "type_");
        assert_eq!(snake("_"), "field");
        assert_eq!(snake(""), "field");
        assert_eq!(snake("***"), "field");
    }

    #[test]
    fn digits_and_non_ascii() {
        assert_eq!(snake("1C"), "field_1c");
        assert_eq!(camel("0"), "Value0");
        assert_eq!(snake("<КОД_ПОЛЯ>"), "kod_polya");
        assert_eq!(camel("Жёлтый"), "Zheltyy");
        assert_eq!(snake("日本"), "field");
    }

    #[test]
    fn every_result_is_an_identifier() {
        for wire in [
            "", "1", "self", "Self", "type", "a b", "—", "ID", "x-y", "__", "r#x",
        ] {
            for case in [Case::Snake, Case::Module, Case::UpperCamel] {
                let ident = convert(wire, case, "fallback").ident;
                assert!(
                    syn::parse_str::<syn::Ident>(&ident).is_ok(),
                    "{wire:?} -> {ident:?}"
                );
            }
        }
    }

    #[test]
    fn clashes_get_numbered_suffixes() {
        let mut renames = Vec::new();
        let mut scope = Scope::new("im::ChatAdd");
        assert_eq!(
            scope.claim("TITLE", Case::Snake, "field", &mut renames),
            "title"
        );
        assert_eq!(
            scope.claim("title", Case::Snake, "field", &mut renames),
            "title2"
        );
        assert_eq!(
            scope.claim("Title", Case::Snake, "field", &mut renames),
            "title3"
        );
        assert_eq!(
            scope.claim("type", Case::Snake, "field", &mut renames),
            "r#type"
        );
        assert_eq!(
            scope.claim("TYPE", Case::Snake, "field", &mut renames),
            "type2"
        );
        assert_eq!(renames.len(), 3);
        assert_eq!(renames[0].wire, "title");
        assert!(renames.iter().all(Rename::is_clash));
        assert_eq!(
            renames[0].explain(),
            "clashes with another name in im::ChatAdd"
        );
    }

    #[test]
    fn a_clash_is_a_located_b24n023_note_and_a_fix_up_is_not() {
        let mut renames = Vec::new();
        let mut scope = Scope::new("im::ChatAdd");
        scope.claim("ID", Case::Snake, "field", &mut renames);
        scope.claim("id", Case::Snake, "field", &mut renames);
        scope.claim("1C", Case::Snake, "field", &mut renames);
        locate(
            &mut renames,
            0,
            &Origin {
                path: "im/chat-add.md".into(),
                line: 12,
            },
        );
        let notes: Vec<_> = renames.iter().filter_map(Rename::diagnostic).collect();
        assert_eq!(notes.len(), 1, "{renames:?}");
        assert_eq!(notes[0].code, "B24N023");
        assert_eq!(
            (notes[0].file.as_str(), notes[0].line),
            ("im/chat-add.md", 12)
        );
        assert!(
            notes[0].message.contains("`id` became `id2`"),
            "{}",
            notes[0].message
        );
        assert_eq!(
            renames[1].reason,
            RenameReason::Fixed("starts with a digit")
        );
    }
}
