//! Project commands: `cargo xtask codegen [--check]`, `ir`, `lint`, `corpus`, `bench`.

fn main() {}
