//! Wire-format helpers used by the generated types.
