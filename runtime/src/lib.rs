//! The runtime of the `bitrix24` crate: what its generated bindings stand on.
//!
//! - [`Method`] and [`ErrorCode`]: the contract between a generated request type, its wire
//!   name, its response type and its documented error codes;
//! - [`wire`]: serde helpers for the wire forms Bitrix24 uses (Y/N booleans, ids as strings,
//!   `[]` for an empty object, open enums);
//! - [`list_params`]: `filter`, `order` and `select` of list methods, built in the order
//!   they are sent;
//! - [`events`]: receiving the events the portal posts to a handler, with the application
//!   token checked;
//! - `client` (feature `client`, on by default): an async HTTP client that sends any
//!   [`Method`], with batches, paging, rate limiting and OAuth.
//!
//! Applications depend on `bitrix24`, which re-exports this crate; depend on this one
//! directly only to write a transport of your own.

#[cfg(feature = "client")]
pub mod client;
mod date_time;
pub mod events;
pub mod list_params;
pub mod method;
pub mod wire;

/// The date and time types [`wire::DateTime`] converts from and to.
pub use chrono;
#[cfg(feature = "client")]
pub use client::{Client, Error};
pub use events::{ApplicationToken, Receiver};
pub use method::{ErrorCode, IdFilter, IdOrder, ListMethod, Method, Pages, Paging};
