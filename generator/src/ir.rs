//! The intermediate representation: the one contract between parsing and emitting.
//!
//! Everything the emitters know about a method comes from these structs, and nothing else.
//! They are plain serde data (`cargo xtask ir` prints them as JSON), every struct rejects
//! unknown fields so a stale JSON dump fails loudly, and every list is kept in a stable
//! order so output is deterministic.
//!
//! Names are always wire names (exactly as the API spells them); turning them into Rust
//! identifiers is the emitter's job.

use serde::{Deserialize, Serialize};

/// All methods read from one set of descriptor files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// Sorted by wire name, then by `variant`.
    pub methods: Vec<Method>,
    /// Types shared by many methods (`time`, `crm_multifield`, …), referenced by
    /// [`Type::Named`]; sorted by name, only those some method uses.
    pub types: Vec<NamedType>,
    /// Events the portal sends to handlers, sorted by wire name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
}

/// One event the portal delivers to a handler bound with `event.bind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Wire name as the portal sends it in `event` (`ONCRMDEALUPDATE`,
    /// `CATALOG.PRICE.ON.ADD`); compared without case.
    pub name: String,
    /// The name as the page spells it (`onCrmDealUpdate`), which Rust names are made from.
    pub documented_name: String,
    /// The API group it belongs with: the namespace of the methods documented beside it.
    pub namespace: String,
    /// Where the event was read from.
    pub source: SourceRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
    /// Page title without the event name.
    pub title: String,
    /// Permission scopes, in page order.
    pub scopes: Vec<String>,
    /// Type of the delivery's `data`.
    pub payload: Type,
    /// Where `payload` came from.
    pub payload_source: PayloadSource,
    /// The `data` of the page's delivery example, when it has one (a JSON shape).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
}

/// Where an event's payload type was read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayloadSource {
    /// Nothing documented.
    #[default]
    None,
    /// The `data` row of the delivery table, with its nested tables.
    Table,
    /// A table of the fields of `data` itself (older pages).
    DataTable,
    /// Inferred from the delivery example's `data`.
    Example,
}

/// A type defined once and referenced by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedType {
    /// Name as the docs spell it (`crm_multifield`, `time`, `deal`).
    pub name: String,
    pub description: String,
    pub ty: Type,
    /// For an entity a page documents (`deal` on `crm.deal.get`'s page): where, as
    /// `path#anchor`. `None` for the built-in shared types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defined_at: Option<String>,
}

/// An object a page defines under an anchored heading (`#### Тип deal {#deal}` with a
/// field table). Read from every page, method or not, so that assembly can resolve
/// [`Type::Ref`] links between pages; never part of [`Api`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// The page, relative to the input root (`api-reference/crm/deals/crm-deal-get.md`).
    pub page: String,
    /// Every name the heading answers to: its explicit id and its slug, lower-cased.
    pub anchors: Vec<String>,
    /// The table's fields, read as returned data.
    pub fields: Vec<Field>,
}

/// One REST method.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    /// Wire name, case kept: `im.chat.add`, `catalog.productImage.add`.
    pub name: String,
    /// The API group the method belongs to: lower-cased first segment of the name
    /// (`im`, `imopenlines`, `tasks`). One module and one cargo feature per namespace.
    pub namespace: String,
    /// Distinguishes pages documenting the same method twice (`"v3"` for REST 3.0 pages);
    /// `None` for the ordinary page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// Where the method was read from.
    pub source: SourceRef,
    /// Address of the official page, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
    /// Page title without the method name (`Создать чат`).
    pub title: String,
    /// First paragraph of prose describing the method.
    pub summary: String,
    /// Permission scopes (`im`, `crm`, …), in page order.
    pub scopes: Vec<String>,
    /// Who may call the method, as the page words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who_can: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
    /// Other wire names for the same method.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_sec: Option<f64>,
    pub pagination: Pagination,
    /// Request parameters, in page order.
    pub params: Vec<Field>,
    /// Type of the envelope's `result`.
    pub response: Response,
    /// Documented method-specific error codes, in page order, duplicates merged.
    pub errors: Vec<ErrorCode>,
    /// Example calls from the page.
    pub examples: Vec<Example>,
    /// How to read the method's list page by page; set for every list method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    /// The method only reads, so sending it twice does no harm.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// Set when this method's page in `specs/` was layered over the official page of the
    /// same method: which facts came from the official page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layered: Option<Layering>,
}

/// Where a list method's rows are and how to page through them by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// The member of `result` holding the rows (`tasks`, `items`); `None` when `result`
    /// is the list itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<String>,
    /// A row's id field as rows spell it (`ID`, `id`); `None` when undocumented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_id: Option<String>,
    /// The filter parameter as documented (`filter`, `FILTER`).
    pub filter_param: String,
    /// The order parameter as documented (`order`, `ORDER`).
    pub order_param: String,
    /// The id as keys of the filter and order parameters spell it (`ID` for
    /// `tasks.task.list`, whose rows say `id`).
    pub param_id: String,
    /// Where an id condition goes.
    #[serde(default)]
    pub id_filter: IdFilter,
    /// How an order by id is taken.
    #[serde(default)]
    pub id_order: IdOrder,
    /// How the next page is asked for.
    #[serde(default)]
    pub pages: Pages,
}

/// Where a list method reads an id condition (`>ID`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdFilter {
    /// In the map `filter_param`.
    #[default]
    Param,
    /// Among the method's own parameters, which name row fields (`ID`, `NAME`).
    TopLevel,
    /// Nowhere: the method takes no condition on ids.
    None,
}

/// How a list method takes an order by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdOrder {
    /// `order_param` maps fields to directions.
    #[default]
    Map,
    /// `sort_param` names the field, `order_param` the direction.
    Field { sort_param: String },
    /// The method takes no order.
    None,
}

/// How a list method is asked for its next page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pages {
    /// `start` in, `next` in the envelope.
    #[default]
    Start,
    /// An offset and a page size in, `more` in `result` (when documented) saying
    /// whether pages follow.
    Offset {
        offset_param: String,
        limit_param: String,
        /// The page size sent when the request sets none.
        limit: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        more: Option<String>,
    },
}

/// How a method was put together from two pages (see `combine`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layering {
    /// The official page underneath.
    pub official: SourceRef,
    /// The facts taken from it (`param REPLY_ID`, `param ATTACH: type`, `response`, …);
    /// every other fact is the `source` page's.
    pub from_official: Vec<String>,
}

/// A location in a descriptor file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// Path relative to the input root, with `/` separators.
    pub path: String,
    /// 1-based line.
    pub line: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deprecation {
    /// What the page says about it (may be empty).
    pub note: String,
    /// Wire name of the method to use instead, when the page names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pagination {
    /// Nothing known.
    #[default]
    Unknown,
    /// Not a list method.
    None,
    /// Classic list: `start` parameter, `total`/`next` in the envelope.
    Start,
}

/// A parameter, a response field, or a field of a nested object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Wire name, exactly as documented (`DIALOG_ID`, `taskId`, `UF_CRM_...`).
    pub name: String,
    pub ty: Type,
    /// Whether the caller must send it.
    pub required: bool,
    /// Whether `required` was stated by the page (a mark, a column, front matter)
    /// rather than assumed.
    pub required_known: bool,
    /// Markdown prose, directives resolved.
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// API revision that introduced the field, when documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

/// A wire type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Type {
    String,
    Integer,
    Number,
    Boolean {
        form: BoolForm,
    },
    /// `YYYY-MM-DD`, kept as a string on the wire.
    Date,
    /// `YYYY-MM-DDThh:mm:ss±hh:mm`, kept as a string on the wire.
    DateTime,
    /// An uploaded file or file id: shape varies per method.
    File,
    Array {
        item: Box<Type>,
    },
    /// String keys to values (`lang_map`, id-keyed objects).
    Map {
        value: Box<Type>,
    },
    /// An object with documented fields. `fields` may be empty: an object whose keys
    /// the page does not list.
    Object {
        fields: Vec<Field>,
    },
    /// A closed set of documented values; decoding keeps unknown values.
    Enum(EnumType),
    /// A type shared by many methods, defined once in [`Api::types`] (`time`,
    /// `crm_multifield`, `deal`, …).
    Named {
        name: String,
    },
    /// An object defined on another page: `target` is `path#anchor`, the path relative
    /// to the input root. Only the extractor makes it; assembly replaces every one with
    /// the [`Type::Named`] entity it names, or with an object without fields.
    Ref {
        target: String,
    },
    /// A list method's `filter`: field keys with an operator prefix (`>=DATE_CREATE`,
    /// `!STAGE_ID`, `%TITLE`) to values, in the order written. `fields`: the fields the
    /// page lists for it, if any.
    Filter {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<String>,
    },
    /// A list method's `order`: field names to `ASC`/`DESC`; the order of the keys is the
    /// sort priority. `fields`: the fields the page lists for it, if any.
    Order {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<String>,
    },
    /// A list method's `select`: field names, `*` for every standard field, `UF_*` for
    /// every user field. `fields`: the fields the page lists for it, if any.
    Select {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<String>,
    },
    /// Always `null`: the method documents that `result` carries nothing.
    Null,
    /// Nothing usable was documented: emitted as `serde_json::Value`.
    Any,
}

/// How a boolean travels on the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoolForm {
    /// `true` / `false`.
    #[default]
    Json,
    /// `"Y"` / `"N"`.
    YesNo,
    /// `1` / `0`.
    Digit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumType {
    /// Whether the values are strings or integers on the wire.
    pub repr: EnumRepr,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value exactly as sent (`CHAT`, `lead`, `1`).
    pub value: String,
    /// What it means, as the page says.
    pub description: String,
}

/// What `result` holds on success.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub ty: Type,
    /// Where `ty` came from.
    pub source: ResponseSource,
    /// Markdown prose about the result.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Default for Response {
    fn default() -> Self {
        Response {
            ty: Type::Any,
            source: ResponseSource::None,
            description: String::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseSource {
    /// Nothing documented.
    #[default]
    None,
    FrontMatter,
    /// The returned-data table.
    Table,
    /// Inferred from the JSON success example.
    Example,
    /// Inferred from the page's prose about the result or, failing that, from the
    /// method-name convention; a `B24N013` note says which.
    Inferred,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// As the server sends it in `error` (`ACCESS_DENIED`, `0`, `Bad Request`).
    pub code: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Tab label (`cURL (Webhook)`, `JS`, `PHP`), empty when the page has no tabs.
    pub label: String,
    /// Fence language (`bash`, `js`, `php`), empty when unfenced.
    pub language: String,
    pub code: String,
    /// The request parameters the example sends, when they could be read
    /// (the JSON body of a cURL call, the params object of a JS call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<serde_json::Value>,
}

impl Type {
    /// True for everything but the `serde_json::Value` fallback.
    pub fn is_typed(&self) -> bool {
        !matches!(self, Type::Any)
    }
}
