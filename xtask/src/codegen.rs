//! `cargo xtask codegen [--check]` and `cargo xtask ir`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use b24_codegen::diag::Severity;
use b24_codegen::emit::{EmitOptions, Rename};
use b24_codegen::pipeline::{self, Inputs, Reading};
use b24_codegen::project::{self, GenerateError, Generation};
use b24_codegen::provenance::{self, Provenance};
use b24_codegen::{report, write};

use crate::paths;

/// Where the inputs and the output are, as the command line gave them.
pub struct Args {
    pub docs: Option<PathBuf>,
    pub no_docs: bool,
    pub specs: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub revision: Option<String>,
}

/// What `codegen` does besides writing.
#[derive(Default)]
pub struct Mode {
    /// Write nothing; fail when the output is stale.
    pub check: bool,
    /// With `check`: print the full text diff of the stale files.
    pub diff: bool,
    /// Give every item a fresh Rust name instead of the recorded one.
    pub rename: bool,
}

/// Prints warnings and errors for people; notes only as a count. Problems of pages
/// outside `own` (the official docs) are counted, not shown: they only leave their page
/// out, and `cargo xtask lint --docs DIR` lists them.
pub fn print_problems(reading: &Reading, own: Option<&Path>) {
    let prefix = own
        .and_then(Path::file_name)
        .map(|name| format!("{}/", name.to_string_lossy()));
    let (mut notes, mut docs) = (0, 0);
    for d in &reading.diagnostics {
        if d.severity == Severity::Note {
            notes += 1;
        } else if prefix
            .as_ref()
            .is_some_and(|p| !d.file.starts_with(p.as_str()))
        {
            docs += 1;
        } else {
            eprintln!("{}\n", report::human(d, false));
        }
    }
    if docs > 0 {
        eprintln!(
            "({docs} problem(s) in the official docs; `cargo xtask lint --docs DIR` shows them)"
        );
    }
    if notes > 0 {
        eprintln!("({notes} note(s); `cargo xtask lint` shows them)");
    }
}

/// The inputs, or the reason there are none: the docs are required for `generated/`.
pub fn inputs(args: &Args, out: &Path) -> Result<Inputs, String> {
    let specs = paths::specs(args.specs.clone());
    if args.no_docs {
        if same_folder(out, &paths::generated(None)) {
            return Err(format!(
                "--no-docs would leave the official methods out of {}; pass --out DIR to generate specs/ alone elsewhere",
                out.display()
            ));
        }
        return Ok(Inputs { docs: None, specs });
    }
    let docs = paths::docs(args.docs.clone());
    if !docs.join("api-reference").is_dir() {
        return Err(missing_docs(&docs, out));
    }
    Ok(Inputs {
        docs: Some(docs),
        specs,
    })
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The refusal when there is no docs checkout: which revision, and how to get it.
fn missing_docs(docs: &Path, out: &Path) -> String {
    let recorded = Provenance::read(out).and_then(|p| p.docs);
    let revision = recorded
        .as_ref()
        .and_then(|d| d.revision.clone())
        .unwrap_or_else(|| "the newest".to_string());
    let checkout = if recorded
        .as_ref()
        .and_then(|d| d.revision.as_ref())
        .is_some()
    {
        format!("\n    git -C DIR checkout {revision}")
    } else {
        String::new()
    };
    format!(
        "no checkout of the official docs at {} ({} was left as it was).\n\
         {} is generated from the docs and specs/ together; it was made from docs revision {revision}.\n\
         Get that revision and pass it with --docs (or set B24_DOCS):\n    \
         git clone https://github.com/bitrix-tools/b24-rest-docs DIR{checkout}\n    \
         cargo xtask codegen --docs DIR",
        docs.display(),
        out.display(),
        out.display(),
    )
}

pub fn run(args: Args, mode: Mode) -> Result<ExitCode, String> {
    let out = paths::generated(args.out.clone());
    if let Some(rev) = args
        .revision
        .as_deref()
        .filter(|r| !provenance::is_commit(r))
    {
        return Err(format!(
            "--docs-revision takes a full commit id (40 hexadecimal digits), not `{rev}`"
        ));
    }
    let inputs = inputs(&args, &out)?;
    let opts = EmitOptions {
        runtime_path: paths::runtime_path_from(&out),
        rename: mode.rename,
        ..EmitOptions::default()
    };
    let generation = match project::generate(&inputs, &out, args.revision.clone(), opts) {
        Ok(generation) => generation,
        Err(GenerateError::Emit(e)) => {
            for d in e.diagnostics() {
                eprintln!("{}\n", report::human(&d, false));
            }
            eprintln!("error: {} was left as it was", out.display());
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(format!("{e} ({} was left as it was)", out.display())),
    };
    let reading = &generation.combined.reading;
    print_problems(
        reading,
        inputs.docs.as_ref().map(|_| inputs.specs.as_path()),
    );
    if generation.combined.specs_errors > 0 {
        eprintln!(
            "error: {} error(s) in {}; {} left as it was. Fix the pages above and run `cargo xtask codegen` again.",
            generation.combined.specs_errors,
            inputs.specs.display(),
            out.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    for note in generation.renames.iter().filter_map(Rename::diagnostic) {
        eprintln!("{}\n", report::human(&note, false));
    }
    for problem in &generation.unreadable_records {
        eprintln!("warning: {problem}; read as if nothing was recorded");
    }
    if mode.check {
        return check_fresh(&out, &generation, mode.diff);
    }
    if let Some((old, new)) = generation.revision_change() {
        eprintln!("docs revision: {old} -> {new}");
    }
    let written = write::apply_whole(&out, &generation.files).map_err(|e| {
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
    for c in generation
        .changes
        .of_kind(b24_codegen::changes::Kind::Renamed)
    {
        eprintln!("renamed: {}", b24_codegen::changelog::describe(c));
    }
    eprintln!("{}", api_summary(&generation));
    Ok(ExitCode::SUCCESS)
}

/// `API: +12 methods, 3 changed, 1 breaking (suggested bump: major)`.
fn api_summary(generation: &Generation) -> String {
    let changes = &generation.changes;
    format!(
        "API: {} (suggested bump: {}; `cargo xtask diff` lists them)",
        changes.summary(),
        changes.bump().as_str()
    )
}

fn check_fresh(out: &Path, generation: &Generation, full_diff: bool) -> Result<ExitCode, String> {
    let plan = write::plan_whole(out, &generation.files)
        .map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    if plan.is_empty() {
        eprintln!("{} is up to date", out.display());
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", api_summary(generation));
    println!("stale files:");
    for c in &plan.changed {
        let state = if c.old.is_some() { "changed" } else { "new" };
        println!("  {state:8} {}", c.path);
    }
    for path in &plan.removed {
        println!("  {:8} {path}", "removed");
    }
    if full_diff {
        print!("{}", plan.diff());
    }
    if let Some((old, new)) = generation.revision_change() {
        eprintln!(
            "error: {} was generated from docs revision {old}, but the checkout is at {new}",
            out.display()
        );
    }
    eprintln!(
        "error: {} is stale ({} file(s) differ, {} to remove): run `cargo xtask codegen` and commit the result{}",
        out.display(),
        plan.changed.len(),
        plan.removed.len(),
        if full_diff { "" } else { " (`--check --diff` prints the text diff)" }
    );
    Ok(ExitCode::FAILURE)
}

pub fn print_ir(args: Args) -> Result<ExitCode, String> {
    let out = paths::generated(args.out.clone());
    let inputs = inputs(&args, &out)?;
    let combined =
        pipeline::read_inputs(&inputs).map_err(|e| format!("cannot read the inputs: {e}"))?;
    print_problems(
        &combined.reading,
        inputs.docs.as_ref().map(|_| inputs.specs.as_path()),
    );
    let json = serde_json::to_string_pretty(&combined.reading.api).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(if combined.specs_errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
