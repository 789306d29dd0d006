//! `cargo xtask diff`: what changed in the API between two versions, as Markdown for a
//! pull-request description or as JSON.
//!
//! With `--from OLD --to NEW`, each side is a checkout of the official docs (read with
//! `specs/` layered over it, as `codegen` would) or a folder of method pages (read alone).
//! Without them, the API recorded in `generated/` (`api-surface.txt`, written by every
//! `codegen`) is compared with the current inputs, exactly as the next `codegen` would
//! report it, Rust names included.

use std::path::PathBuf;
use std::process::ExitCode;

use b24_codegen::changes::{self, Changes};
use b24_codegen::emit::EmitOptions;
use b24_codegen::{changelog, project, snapshot};

use crate::codegen::{self, print_problems};
use crate::paths;

pub struct Args {
    pub from: Option<PathBuf>,
    pub to: Option<PathBuf>,
    pub json: bool,
    /// Preview `codegen --rename` (only for the default comparison).
    pub rename: bool,
    pub inputs: codegen::Args,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let (changes, title) = match (&args.from, &args.to) {
        (Some(from), Some(to)) => {
            if args.rename {
                return Err("--rename compares with generated/; leave out --from and --to".into());
            }
            let specs = paths::specs(args.inputs.specs.clone());
            let old = snapshot::read(from, &specs)?;
            let new = snapshot::read(to, &specs)?;
            let changes = changes::compare_apis(&old.reading.api, &new.reading.api);
            (
                changes,
                format!("API changes: {} → {}", from.display(), to.display()),
            )
        }
        (None, None) => (recorded_vs_inputs(&args)?, "API changes".to_string()),
        _ => return Err("--from and --to go together".into()),
    };
    if args.json {
        let text =
            serde_json::to_string_pretty(&changelog::json(&changes)).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print!("{}", changelog::markdown(&changes, &title));
    }
    Ok(ExitCode::SUCCESS)
}

/// What `generated/` was made from against the current inputs.
fn recorded_vs_inputs(args: &Args) -> Result<Changes, String> {
    let out = paths::generated(args.inputs.out.clone());
    let inputs = codegen::inputs(&args.inputs, &out)?;
    let opts = EmitOptions {
        runtime_path: paths::runtime_path_from(&out),
        rename: args.rename,
        ..EmitOptions::default()
    };
    let generation = project::generate(&inputs, &out, args.inputs.revision.clone(), opts)
        .map_err(|e| e.to_string())?;
    print_problems(
        &generation.combined.reading,
        inputs.docs.as_ref().map(|_| inputs.specs.as_path()),
    );
    for problem in &generation.unreadable_records {
        eprintln!("warning: {problem}; compared as if nothing was recorded");
    }
    Ok(generation.changes)
}
