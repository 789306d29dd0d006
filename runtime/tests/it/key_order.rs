//! Key order on the wire, seen from a crate outside this workspace: its own
//! `serde_json` asks for no feature, and an `order`, a `filter` and a generated map
//! (`wire::IndexMap`) with two keys each must still reach the portal in the order written
//! (in a JSON body and in a batch command).
//!
//! Builds and runs `tests/downstream` with the same cargo, in a target folder of its
//! own (built once, then up to date).

use std::path::Path;
use std::process::Command;

#[test]
fn an_order_with_two_keys_keeps_its_order_outside_the_workspace() {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = runtime.join("tests/downstream/Cargo.toml");
    let target = runtime.join("../target/downstream");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target)
        .output()
        .unwrap_or_else(|err| panic!("cannot run cargo: {err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "downstream crate failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("JSON body: order kept"), "{stdout}");
    assert!(stdout.contains("batch command: order kept"), "{stdout}");
}
