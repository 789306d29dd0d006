//! `cargo xtask codegen [--check]` and `cargo xtask ir`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use b24_codegen::diag::Severity;
use b24_codegen::emit::{self, EmitOptions};
use b24_codegen::pipeline::{self, Layout, Reading};
use b24_codegen::{report, write};

use crate::paths;

/// Reads a folder of method pages.
pub fn read_specs(specs: &Path) -> Result<Reading, String> {
    let files = pipeline::discover(specs, Layout::Specs)
        .map_err(|e| format!("cannot list {}: {e}", specs.display()))?;
    Ok(pipeline::read(&paths::display_root(specs), &files, 0))
}

/// Prints warnings and errors for people; notes only as a count.
pub fn print_problems(reading: &Reading) {
    let mut notes = 0;
    for d in &reading.diagnostics {
        if d.severity == Severity::Note {
            notes += 1;
        } else {
            eprintln!("{}\n", report::human(d, false));
        }
    }
    if notes > 0 {
        eprintln!("({notes} note(s); `cargo xtask lint` shows them)");
    }
}

pub fn run(specs: Option<PathBuf>, out: Option<PathBuf>, check: bool) -> Result<ExitCode, String> {
    let specs = paths::specs(specs);
    let out = paths::generated(out);
    let reading = read_specs(&specs)?;
    print_problems(&reading);
    if reading.has_errors() {
        let errors = reading.diagnostics.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "error: {errors} error(s) in {}; {} left as it was. Fix the pages above and run `cargo xtask codegen` again.",
            specs.display(),
            out.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let files = emit::emit(&reading.api, &EmitOptions::default());
    if check {
        return check_fresh(&out, &files);
    }
    let written = write::apply(&out, &files, emit::OWNED).map_err(|e| {
        format!(
            "cannot write {}: {e} (it was left as it was)",
            out.display()
        )
    })?;
    eprintln!(
        "{} method(s) from {} page(s): {} file(s) changed, {} removed",
        reading.api.methods.len(),
        reading.pages.len(),
        written.files_changed,
        written.files_removed
    );
    Ok(ExitCode::SUCCESS)
}

fn check_fresh(out: &Path, files: &[emit::OutputFile]) -> Result<ExitCode, String> {
    let plan = write::plan(out, files, emit::OWNED)
        .map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    if plan.is_empty() {
        eprintln!("{} is up to date", out.display());
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", plan.diff());
    eprintln!(
        "error: {} is stale ({} file(s) differ, {} to remove): run `cargo xtask codegen` and commit the result",
        out.display(),
        plan.changed.len(),
        plan.removed.len()
    );
    Ok(ExitCode::FAILURE)
}

pub fn print_ir(specs: Option<PathBuf>) -> Result<ExitCode, String> {
    let specs = paths::specs(specs);
    let reading = read_specs(&specs)?;
    print_problems(&reading);
    let json = serde_json::to_string_pretty(&reading.api).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(if reading.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
