//! The one home of what the folder layout of the inputs means: which files of a folder are
//! pages, and what a page's path says about it (a fragment, an index, a page in a folder of
//! events, JS commands, outbound webhooks or placements, a REST 3.0 variant, an outdated
//! method) and where the docs site shows it. The pipeline and the extractor ask this module
//! rather than looking at folder names themselves.

use std::path::{Path, PathBuf};

/// Which files of a folder are method pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A `specs/` folder: every `.md` and `.txt` file in it, at any depth.
    Specs,
    /// A checkout of the official docs: the `.md` files under `api-reference/`.
    /// Fragments (under `_include`/`_includes` folders) are listed but not read alone.
    Docs,
}

impl Layout {
    /// The folder the pages of `root` are found under.
    pub fn start(self, root: &Path) -> PathBuf {
        match self {
            Layout::Specs => root.to_path_buf(),
            Layout::Docs => root.join(DOCS_TREE),
        }
    }

    /// Whether a file called `name` is an input page.
    pub fn is_input(self, name: &str) -> bool {
        if name.eq_ignore_ascii_case("README.md") {
            return false;
        }
        match self {
            Layout::Specs => name.ends_with(".md") || name.ends_with(".txt"),
            Layout::Docs => name.ends_with(".md"),
        }
    }
}

/// Whether a file or folder called `name` is left out of the walk (hidden).
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// The docs' folder of method pages, and the prefix of their display paths.
const DOCS_TREE: &str = "api-reference";
/// Folders of fragments that pages include.
const FRAGMENT_FOLDERS: &[&str] = &["_include", "_includes"];
/// The file of an index page.
const INDEX_FILE: &str = "index.md";
/// The file name ending of a REST 3.0 variant of a method page.
const REST_V3_SUFFIX: &str = "-rest-v3.md";
/// The shared page of errors every method can return.
const SYSTEM_ERRORS: &str = "system-errors";
const EVENT_FOLDERS: &[&str] = &["events"];
const JS_COMMAND_FOLDERS: &[&str] = &["ui-interaction"];
const OUTBOUND_WEBHOOK_FOLDERS: &[&str] = &["webhooks"];
const PLACEMENT_FOLDERS: &[&str] = &["placement", "embedding"];
const OUTDATED_FOLDERS: &[&str] = &["outdated", "deprecated"];

/// Whether a file system path lies in a fragment folder.
pub fn is_fragment_file(path: &Path) -> bool {
    path.components()
        .any(|c| c.as_os_str().to_str().is_some_and(is_fragment_folder))
}

fn is_fragment_folder(name: &str) -> bool {
    FRAGMENT_FOLDERS.contains(&name)
}

/// What a page's display path (`/`-separated) says about the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PathKind {
    /// In a fragment folder: included by other pages, never read alone.
    pub fragment: bool,
    /// An index page of its folder.
    pub index: bool,
    /// In a folder of event pages.
    pub events: bool,
    /// In a folder of JS SDK commands.
    pub js_commands: bool,
    /// In a folder of outbound webhooks (requests the portal sends).
    pub outbound_webhooks: bool,
    /// In a folder of widget placements.
    pub placements: bool,
    /// The REST 3.0 variant of a method page.
    pub rest_v3: bool,
    /// In a folder of outdated methods.
    pub outdated: bool,
}

/// Reads what `display` says about its page.
pub fn kind(display: &str) -> PathKind {
    let segments: Vec<&str> = display.split('/').collect();
    let (file, folders) = segments.split_last().unwrap_or((&"", &[]));
    let in_any = |names: &[&str]| folders.iter().any(|f| names.contains(f));
    PathKind {
        fragment: in_any(FRAGMENT_FOLDERS),
        index: *file == INDEX_FILE,
        events: in_any(EVENT_FOLDERS),
        js_commands: in_any(JS_COMMAND_FOLDERS),
        outbound_webhooks: in_any(OUTBOUND_WEBHOOK_FOLDERS),
        placements: in_any(PLACEMENT_FOLDERS),
        rest_v3: file.ends_with(REST_V3_SUFFIX),
        outdated: in_any(OUTDATED_FOLDERS),
    }
}

/// Whether a table in the file shown as `display` is shared by many pages (a fragment, or
/// the page of system errors), so it says nothing about one method.
pub fn is_shared(display: &str) -> bool {
    display.starts_with("_includes/")
        || display.contains("/_includes/")
        || display.contains(SYSTEM_ERRORS)
}

/// `https://apidocs.bitrix24.ru/api-reference/<path>.html` for pages of the official
/// tree.
pub fn doc_url(display: &str) -> Option<String> {
    let rest = display.strip_prefix(DOCS_TREE)?.strip_prefix('/')?;
    let stem = rest.strip_suffix(".md")?;
    Some(format!(
        "https://apidocs.bitrix24.ru/{DOCS_TREE}/{stem}.html"
    ))
}

/// The folder under `api-reference/` a page sits in, lower-cased; `None` for a page
/// outside any folder.
pub fn top_folder(display: &str) -> Option<String> {
    let rest = display
        .strip_prefix(DOCS_TREE)
        .and_then(|r| r.strip_prefix('/'))
        .unwrap_or(display);
    rest.split_once('/').map(|(dir, _)| dir.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_paths() {
        assert!(kind("api-reference/tasks/_includes/x.md").fragment);
        assert!(kind("api-reference/crm/_include/x.md").fragment);
        assert!(!kind("api-reference/tasks/x.md").fragment);
        assert!(kind("api-reference/crm/index.md").index);
        assert!(kind("api-reference/crm/deals/events/on-x.md").events);
        assert!(!kind("api-reference/crm/events.md").events);
        assert!(kind("api-reference/ui-interaction/x.md").js_commands);
        assert!(kind("api-reference/sale/delivery/webhooks/x.md").outbound_webhooks);
        assert!(kind("api-reference/landing/embedding/x.md").placements);
        assert!(kind("api-reference/widgets/placement/x.md").placements);
        assert!(kind("api-reference/tasks/tasks-task-get-rest-v3.md").rest_v3);
        assert!(kind("api-reference/crm/outdated/x.md").outdated);
        assert_eq!(kind("specs/im.chat.add.md"), PathKind::default());
    }

    #[test]
    fn fragment_files() {
        assert!(is_fragment_file(Path::new(
            "/d/api-reference/tasks/_includes/x.md"
        )));
        assert!(!is_fragment_file(Path::new("/d/api-reference/tasks/x.md")));
    }

    #[test]
    fn shared_tables() {
        assert!(is_shared("_includes/system-errors.md"));
        assert!(is_shared("api-reference/_includes/x.md"));
        assert!(!is_shared("api-reference/crm/x.md"));
    }

    #[test]
    fn urls() {
        assert_eq!(
            doc_url("api-reference/chats/im-chat-add.md").as_deref(),
            Some("https://apidocs.bitrix24.ru/api-reference/chats/im-chat-add.html")
        );
        assert_eq!(doc_url("im.chat.add.md"), None);
    }

    #[test]
    fn top_folders() {
        assert_eq!(
            top_folder("api-reference/crm/deals/events/x.md").as_deref(),
            Some("crm")
        );
        assert_eq!(top_folder("x.md"), None);
    }

    #[test]
    fn inputs() {
        assert!(Layout::Specs.is_input("a.txt"));
        assert!(!Layout::Docs.is_input("a.txt"));
        assert!(!Layout::Docs.is_input("readme.md"));
    }
}
