//! Links from a type cell to an object another page defines (`crm-deal-get.md#deal`),
//! as the `path#anchor` targets assembly resolves.

/// The target a link names, relative to the input root: `from` is the display path of
/// the file holding the link. `None` for links within the page, to a page without an
/// anchor, or out of the docs (`https://…`).
pub fn target(from: &str, link: &str) -> Option<String> {
    let link = link.trim();
    if link.contains("://") || link.starts_with('/') {
        return None;
    }
    let (path, anchor) = link.split_once('#')?;
    let anchor = anchor.trim();
    if path.is_empty() || anchor.is_empty() || !path.ends_with(".md") {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(format!("{}#{}", parts.join("/"), anchor.to_lowercase()))
}

/// Whether a link goes to another page's anchor.
pub fn is_elsewhere(link: &str) -> bool {
    link.split_once('#')
        .is_some_and(|(path, anchor)| path.ends_with(".md") && !anchor.trim().is_empty())
}

/// `path#anchor` of a definition.
pub fn key(page: &str, anchor: &str) -> String {
    format!("{page}#{}", anchor.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_relative_to_the_linking_file() {
        let from = "api-reference/crm/deals/crm-deal-list.md";
        assert_eq!(
            target(from, "crm-deal-get.md#deal").as_deref(),
            Some("api-reference/crm/deals/crm-deal-get.md#deal")
        );
        assert_eq!(
            target(from, "../../data-types.md#Time").as_deref(),
            Some("api-reference/data-types.md#time")
        );
        assert_eq!(target(from, "#deal"), None);
        assert_eq!(target(from, "crm-deal-get.md"), None);
        assert_eq!(target(from, "https://x.ru/a.md#b"), None);
        assert_eq!(target("a.md", "../../b.md#c"), None);
    }
}
