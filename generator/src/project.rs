//! The project's one way from its inputs to the files of the generated crate, shared by
//! `cargo xtask codegen` and the test that fails when `generated/` is stale.

use std::io;
use std::path::Path;

use crate::emit::{self, EmitOptions, OutputFile, Rename};
use crate::pipeline::{self, Combined, Inputs};
use crate::provenance::Provenance;

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
}

/// Reads `inputs` and emits the crate that belongs in `out_dir`. `revision` names the
/// docs checkout's commit when it cannot be read from the checkout itself.
pub fn generate(
    inputs: &Inputs,
    out_dir: &Path,
    revision: Option<String>,
    opts: EmitOptions,
) -> io::Result<Generation> {
    let combined = pipeline::read_inputs(inputs)?;
    let recorded = Provenance::read(out_dir);
    let mut provenance = combined.provenance(inputs, None)?;
    if let Some(docs) = &inputs.docs {
        provenance.settle_revision(docs, revision, recorded.as_ref());
    }
    let opts = EmitOptions {
        provenance: Some(provenance.clone()),
        ..opts
    };
    let (files, renames) = emit::emit_with_report(&combined.reading.api, &opts);
    Ok(Generation {
        combined,
        provenance,
        recorded,
        files,
        renames,
    })
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
