//! `cargo xtask lint`: the generator as a linter for the docs.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use b24_codegen::diag::Severity;
use b24_codegen::pipeline::{self, Layout};
use b24_codegen::report;
use b24_codegen::walk;

use crate::paths;

pub fn run(
    docs: Option<PathBuf>,
    specs: Option<PathBuf>,
    json: bool,
    deny_warnings: bool,
) -> Result<ExitCode, String> {
    let started = Instant::now();
    let (dir, layout, display_root) = match docs {
        Some(d) => (d.clone(), Layout::Docs, d),
        None => {
            let s = paths::specs(specs);
            let root = paths::display_root(&s);
            (s, Layout::Specs, root)
        }
    };
    let listing =
        walk::list(&dir, layout).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut reading = pipeline::read(&display_root, &listing.files, 0);
    reading
        .diagnostics
        .extend(listing.diagnostics(&display_root).into_sorted());
    for d in &reading.diagnostics {
        if json {
            println!("{}", report::json_line(d));
        } else {
            println!("{}\n", report::human(d, false));
        }
    }
    // The summary goes to stdout for people; beside JSON Lines it goes to stderr so
    // stdout stays one object per line.
    if json {
        eprint!("{}", report::summary(&reading.diagnostics));
    } else {
        print!("{}", report::summary(&reading.diagnostics));
    }
    eprintln!(
        "{} file(s), {} method(s), {} diagnostic(s) in {:.2} s",
        reading.pages.len(),
        reading.api.methods.len(),
        reading.diagnostics.len(),
        started.elapsed().as_secs_f64()
    );
    let fails = |d: &&b24_codegen::diag::Diagnostic| {
        d.is_error() || (deny_warnings && d.severity == Severity::Warning)
    };
    Ok(if reading.diagnostics.iter().any(|d| fails(&d)) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
