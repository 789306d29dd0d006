//! Lists the input files of a folder. Every folder is read once, however many links lead
//! to it: a link back to a folder already read (a loop, or a second way to the same pages)
//! is reported and not followed, so no page is read twice and no walk runs forever.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diags};
use crate::layout::{self, Layout};

/// The input files of a folder and the links that were not followed.
#[derive(Debug, Default)]
pub struct Listing {
    /// Sorted.
    pub files: Vec<PathBuf>,
    /// Folders reached a second time (through a link), in the order found.
    pub unfollowed: Vec<Unfollowed>,
}

/// A folder link that was not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfollowed {
    /// The link, as found in the walk.
    pub link: PathBuf,
    /// Where it leads.
    pub target: PathBuf,
}

impl Listing {
    /// One located diagnostic per link not followed, paths shown relative to
    /// `display_root`.
    pub fn diagnostics(&self, display_root: &Path) -> Diags {
        let mut diags = Diags::new();
        for u in &self.unfollowed {
            diags.file(
                Code::LinkNotFollowed,
                crate::pipeline::display_path(display_root, &u.link),
                format!(
                    "this link leads to {}, a folder that is already read; it was not followed, so its pages are read once",
                    u.target.display()
                ),
            );
        }
        diags
    }
}

/// Lists the input files under `root` as `layout` defines them, sorted. The folders
/// themselves are walked first and links to folders afterwards, so which way a page is
/// reached never depends on the order the file system lists a folder in.
pub fn list(root: &Path, layout: Layout) -> io::Result<Listing> {
    let start = layout.start(root);
    if !start.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{} is not a folder", start.display()),
        ));
    }
    let mut walk = Walk {
        layout,
        start: fs::canonicalize(&start)?,
        read: BTreeSet::new(),
        links: Vec::new(),
        listing: Listing::default(),
    };
    walk.folder(&start)?;
    // Links found while following links join the queue; each folder is read once, so
    // the queue ends.
    let mut next = 0;
    while next < walk.links.len() {
        let link = walk.links[next].clone();
        next += 1;
        walk.link(&link)?;
    }
    walk.listing.files.sort();
    Ok(walk.listing)
}

struct Walk {
    layout: Layout,
    /// The canonical start folder.
    start: PathBuf,
    /// Canonical folders read so far.
    read: BTreeSet<PathBuf>,
    /// Folder links found, to follow once the folders are read.
    links: Vec<PathBuf>,
    listing: Listing,
}

impl Walk {
    fn folder(&mut self, dir: &Path) -> io::Result<()> {
        let canonical = fs::canonicalize(dir)?;
        if self.read.contains(&canonical) {
            self.listing.unfollowed.push(Unfollowed {
                link: dir.to_path_buf(),
                target: canonical,
            });
            return Ok(());
        }
        self.read.insert(canonical);
        let mut entries = Vec::new();
        for entry in fs::read_dir(dir)? {
            entries.push(entry?);
        }
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if layout::is_hidden(&name) {
                continue;
            }
            let is_link = entry.file_type()?.is_symlink();
            if path.is_dir() {
                if is_link {
                    self.links.push(path);
                } else {
                    self.folder(&path)?;
                }
            } else if self.layout.is_input(&name) {
                self.listing.files.push(path);
            }
        }
        Ok(())
    }

    fn link(&mut self, link: &Path) -> io::Result<()> {
        let target = fs::canonicalize(link)?;
        // A link to the start or to a folder holding it would read the start again.
        if self.start.starts_with(&target) {
            self.listing.unfollowed.push(Unfollowed {
                link: link.to_path_buf(),
                target,
            });
            return Ok(());
        }
        self.folder(link)
    }
}
