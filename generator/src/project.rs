//! The project's one way from its inputs to the files of the generated crate, shared by
//! `cargo xtask codegen` and the test that fails when `generated/` is stale.

use std::fs;
use std::io;
use std::path::Path;
use std::sync::Arc;

use crate::changes::{self, Changes};
use crate::emit::name_record::{self, NameRecord};
use crate::emit::{self, EmitError, EmitOptions, OutputFile, Rename};
use crate::pipeline::{self, Combined, Inputs};
use crate::provenance::Provenance;
use crate::surface::{self, Surface};

/// Everything one run makes.
#[derive(Debug)]
pub struct Generation {
    pub combined: Combined,
    /// What the output records it was made from.
    pub provenance: Provenance,
    /// What `out_dir` recorded before this run, if anything.
    pub recorded: Option<Provenance>,
    pub files: Vec<OutputFile>,
    pub renames: Vec<Rename>,
    /// What changed in the API since the surface `out_dir` recorded (everything is new
    /// when it recorded none), Rust names that moved included.
    pub changes: Changes,
    /// Records in `out_dir` that could not be read and were treated as absent.
    pub unreadable_records: Vec<String>,
}

/// Why a run made nothing.
#[derive(Debug)]
pub enum GenerateError {
    /// The inputs could not be read.
    Read(io::Error),
    /// A template failed (`B24E030`).
    Emit(EmitError),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Read(e) => write!(f, "cannot read the inputs: {e}"),
            GenerateError::Emit(e) => write!(f, "cannot emit the crate: {e}"),
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<io::Error> for GenerateError {
    fn from(e: io::Error) -> Self {
        GenerateError::Read(e)
    }
}

/// Reads `inputs` and emits the crate that belongs in `out_dir`, keeping the Rust names
/// `out_dir` records unless `opts.rename`. `revision` names the docs checkout's commit
/// when it cannot be read from the checkout itself.
pub fn generate(
    inputs: &Inputs,
    out_dir: &Path,
    revision: Option<String>,
    opts: EmitOptions,
) -> Result<Generation, GenerateError> {
    let combined = pipeline::read_inputs(inputs)?;
    let recorded = Provenance::read(out_dir);
    let mut unreadable_records = Vec::new();
    let surface_before = read_record(
        out_dir,
        surface::FILE,
        Surface::parse,
        &mut unreadable_records,
    );
    let names_before = read_record(
        out_dir,
        name_record::FILE,
        NameRecord::parse,
        &mut unreadable_records,
    )
    .unwrap_or_default();
    let mut provenance = combined.provenance(inputs, None)?;
    if let Some(docs) = &inputs.docs {
        provenance.settle_revision(docs, revision, recorded.as_ref());
    }
    let opts = EmitOptions {
        provenance: Some(provenance.clone()),
        names: Arc::new(names_before.clone()),
        ..opts
    };
    let emitted = emit::emit_all(&combined.reading.api, &opts).map_err(GenerateError::Emit)?;
    let mut changes = changes::compare(
        &surface_before.unwrap_or_default(),
        &Surface::of(&combined.reading.api),
    );
    changes.add_renames(&names_before.moves(&emitted.names));
    Ok(Generation {
        combined,
        provenance,
        recorded,
        files: emitted.files,
        renames: emitted.renames,
        changes,
        unreadable_records,
    })
}

/// A record of `out_dir` parsed; `None` when it is missing or unreadable (noted in
/// `problems`: the run then behaves as on a first regeneration).
fn read_record<T>(
    out_dir: &Path,
    file: &str,
    parse: fn(&str) -> Result<T, String>,
    problems: &mut Vec<String>,
) -> Option<T> {
    let path = out_dir.join(file);
    let text = fs::read_to_string(&path).ok()?;
    parse(&text)
        .map_err(|e| problems.push(format!("{}: {e}", path.display())))
        .ok()
}

impl Generation {
    /// The docs revisions recorded and now, when they differ: `(recorded, now)`.
    pub fn revision_change(&self) -> Option<(String, String)> {
        let now = self.provenance.docs.as_ref()?;
        let old = self.recorded.as_ref()?.docs.as_ref()?;
        (old.sha256 != now.sha256 || old.revision != now.revision)
            .then(|| (old.label(), now.label()))
    }
}
