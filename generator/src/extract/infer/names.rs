//! Types for the keys a success example shows only as `null` (`"closedDate": null`),
//! read from the key's name by the API's naming conventions: `…Date`/`DATE_…` are
//! dates, `…Id`/`…_ID` and `…By` are numeric IDs, `…Count` and `…Sort` are numbers,
//! `is…`/`has…` a flag, codes (`xmlId`, `CODE`) and texts (`…Title`, `…Text`, `…Url`)
//! strings. Answers are decoded leniently, so a wrong guess costs one `None`.

use crate::ir::{BoolForm, Field, Type};

/// Types the untyped fields of `ty` by their names; returns the paths it typed.
pub fn fill(ty: &mut Type) -> Vec<String> {
    let mut typed = Vec::new();
    walk(ty, "", &mut typed);
    typed
}

fn walk(ty: &mut Type, path: &str, typed: &mut Vec<String>) {
    match ty {
        Type::Object { fields } => {
            for f in fields.iter_mut() {
                let here = if path.is_empty() {
                    f.name.clone()
                } else {
                    format!("{path}.{}", f.name)
                };
                fill_field(f, &here, typed);
            }
        }
        Type::Array { item } => walk(item, path, typed),
        Type::Map { value } => walk(value, path, typed),
        _ => {}
    }
}

fn fill_field(f: &mut Field, path: &str, typed: &mut Vec<String>) {
    if f.ty == Type::Any {
        if let Some(t) = by_name(&f.name) {
            f.ty = t;
            typed.push(path.to_string());
        }
        return;
    }
    walk(&mut f.ty, path, typed);
}

/// The type a key's name promises, if its words say one clearly.
pub fn by_name(name: &str) -> Option<Type> {
    let words = words(name);
    let first = words.first()?.as_str();
    let last = words.last()?.as_str();
    let has = |w: &str| words.iter().any(|x| x == w);
    if [
        "xml", "guid", "uuid", "site", "code", "lang", "external", "hash",
    ]
    .iter()
    .any(|w| has(w))
    {
        // String codes, however the name ends: `xmlId`, `SITE_ID`, `CODE`.
        return Some(Type::String);
    }
    if has("date") {
        return Some(Type::DateTime);
    }
    // Counts and measures: `COMMENTS_COUNT`, `SIZE`, `SECONDS`.
    if matches!(last, "id" | "by") || matches!(last, "count" | "cnt" | "size" | "seconds") {
        return Some(Type::Integer);
    }
    if matches!(first, "is" | "has") && words.len() > 1 {
        return Some(Type::Boolean {
            form: BoolForm::Json,
        });
    }
    if matches!(last, "sort" | "sorting") || (has("sort") && last == "index") {
        return Some(Type::Integer);
    }
    let text = [
        "url",
        "link",
        "title",
        "text",
        "name",
        "description",
        "message",
        "label",
    ];
    if text.contains(&last) {
        return Some(Type::String);
    }
    None
}

/// Lower-cased words of `camelCase`, `snake_case` and `UPPER_CASE` names; digits end
/// a word and are dropped (`parentId1244` is `parent id`).
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphabetic() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(by_name("closedDate"), Some(Type::DateTime));
        assert_eq!(by_name("DATE_CREATE"), Some(Type::DateTime));
        assert_eq!(by_name("updateType"), None);
        assert_eq!(by_name("forkedByTemplateId"), Some(Type::Integer));
        assert_eq!(by_name("parentId1244"), Some(Type::Integer));
        assert_eq!(by_name("RESPONSIBLE_ID"), Some(Type::Integer));
        assert_eq!(by_name("xmlId"), Some(Type::String));
        assert_eq!(by_name("previewText"), Some(Type::String));
        assert_eq!(by_name("sortIndex"), Some(Type::Integer));
        assert_eq!(by_name("value"), None);
        assert_eq!(by_name("toggledBy"), Some(Type::Integer));
        assert_eq!(by_name("commentsCount"), Some(Type::Integer));
        assert_eq!(by_name("SIZE"), Some(Type::Integer));
        assert_eq!(by_name("fileSize"), Some(Type::Integer));
        assert_eq!(by_name("SECONDS"), Some(Type::Integer));
        assert_eq!(
            by_name("isMuted"),
            Some(Type::Boolean {
                form: BoolForm::Json
            })
        );
        assert_eq!(by_name("DETAIL_PAGE_URL"), Some(Type::String));
        assert_eq!(by_name("title"), Some(Type::String));
        assert_eq!(by_name("STATUS"), None);
        assert_eq!(by_name("id"), Some(Type::Integer));
    }
}
