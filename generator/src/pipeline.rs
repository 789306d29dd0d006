//! Strings the stages together.
