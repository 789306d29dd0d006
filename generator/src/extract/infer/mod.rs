//! Where every type decision of the extractor is made.
//!
//! - [`field`]: the type of a field-table row, as an ordered list of rules and
//!   refinements; each rule's reason is the row's note.
//! - [`tokens`]: what a written type token means, unions of tokens, and the shape of a
//!   JSON example value.
//! - [`description`]: a type from a key's description (sub-keys listed as bullets,
//!   terse nested rows), and the shapes of objects whose keys are data.
//! - [`example`]: the type a text value of an example stands for (`"2909"` under an
//!   id, `"Y"`, a date-time, an amount), and the keys of one portal's user fields.
//! - [`names`]: a type from a key's name, for keys an example shows only as `null`.
//! - [`prose`]: a result type from the response prose or the method-name convention.
//! - [`ts`]: the result type a TypeScript example declares.
//! - [`query_params`]: the list parameters `filter`, `order` and `select`, whose wire form
//!   is the same whatever the page lists.

pub mod description;
pub mod example;
pub mod field;
pub mod names;
pub mod prose;
pub mod query_params;
pub mod tokens;
pub mod ts;
