//! What the Markdown reference shows of each method: the IR joined with the Rust names
//! and types the Rust emitter chose, so both outputs always agree.

use serde::Serialize;

/// One namespace: a module, a cargo feature and a reference page.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleDoc {
    /// Namespace as the API spells it.
    pub namespace: String,
    /// Module, feature and file name.
    pub module: String,
    pub methods: Vec<MethodDoc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MethodDoc {
    /// Wire name.
    pub name: String,
    /// Request struct.
    pub rust: String,
    pub variant: Option<String>,
    pub title: String,
    pub summary: Vec<String>,
    pub scopes: Vec<String>,
    pub who_can: Option<String>,
    pub deprecated: Option<String>,
    pub doc_url: Option<String>,
    pub params: Vec<FieldRow>,
    /// Structs generated for nested objects and the response.
    pub objects: Vec<ObjectDoc>,
    pub response: ResponseDoc,
    /// Error enum, or `UndocumentedError`.
    pub error_type: String,
    pub errors: Vec<ErrorRow>,
    /// What the docs say of errors documented without a code, if any.
    pub uncoded_errors: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldRow {
    pub wire: String,
    pub rust: String,
    pub rust_type: String,
    pub wire_type: String,
    pub required: bool,
    pub description: String,
    /// Documented values of an enumerated field: (value, meaning).
    pub values: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectDoc {
    pub name: String,
    pub rows: Vec<FieldRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseDoc {
    pub rust_type: String,
    pub wire_type: String,
    pub description: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorRow {
    pub code: String,
    pub variant: String,
    pub http_status: Option<u16>,
    pub description: String,
}
