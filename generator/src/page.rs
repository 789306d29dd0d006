//! The parsed page: what the readers (`parse`) hand to the extractor (`extract`).
//!
//! A page is a flat list of blocks in document order, with `{% include %}` already
//! expanded, dev-only content dropped and directives turned into structure. Every block,
//! row and cell carries the position it came from (which may be inside an included file),
//! so later stages can point diagnostics at the right line.
//!
//! All three input forms (front matter + Markdown, Markdown, legacy text) produce this
//! same model: the extractor never needs to know which one it is reading.

use crate::source::Pos;

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Position of the page's first line.
    pub pos: Pos,
    pub form: Form,
    pub front_matter: Option<FrontMatter>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Yandex-flavoured Markdown.
    Markdown,
    /// YAML front matter followed by Markdown.
    FrontMatter,
    /// Plain-text export of an old page: one table cell per line.
    Legacy,
}

/// The YAML block at the top of a descriptor file. Keys the generator does not know
/// were reported while parsing and are not kept.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub pos: Pos,
    pub method: Option<String>,
    pub scopes: Vec<String>,
    pub deprecated: Option<bool>,
    pub aliases: Vec<String>,
    pub rate_limit_per_sec: Option<f64>,
    /// As written (`unknown`, `none`, `start`).
    pub pagination: Option<String>,
    /// JSON Schema of the parameters object.
    pub params: Option<serde_json::Value>,
    /// JSON Schema of `result`.
    pub returns: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub pos: Pos,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// ATX heading; `text` has the `{#anchor}` removed.
    Heading {
        level: u8,
        text: String,
        anchor: Option<String>,
    },
    /// A run of ordinary Markdown (paragraphs, lists, block quotes), raw text with
    /// line breaks kept.
    Text(String),
    Table(Table),
    /// A fenced (or, in legacy pages, recognised) code block.
    Code {
        lang: String,
        text: String,
    },
    /// `{% list tabs %}`: one entry per `- Label` bullet.
    Tabs(Vec<Tab>),
    /// `{% note kind "title" %}`; `{% cut "title" %}` becomes a note of kind `cut`.
    Note {
        kind: String,
        title: String,
        blocks: Vec<Block>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The first row is the header when the table has one; the extractor decides.
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub pos: Pos,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub pos: Pos,
    /// Raw Markdown of the cell, trimmed, inner line breaks kept.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tab {
    pub pos: Pos,
    pub label: String,
    pub blocks: Vec<Block>,
}
