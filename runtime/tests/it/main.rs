//! The runtime's integration tests, one module per former test file, linked into one
//! binary.

mod events_bodies;
mod events_props;
mod key_order;
