//! The client and the generated bindings against the fake portal, one module per former
//! test file, linked into one binary.

mod client_support;

mod client_batch;
mod client_calls;
mod client_faults;
mod client_files;
mod client_limits;
mod client_oauth;
mod client_pacing;
mod client_paging;
mod client_portal;
mod client_rest_v3;
mod client_secrets;
mod events_delivery;
mod generated_bindings;
mod top_methods;
