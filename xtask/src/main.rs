//! Project commands, run as `cargo xtask <command>`:
//!
//! - `codegen [--check]`: regenerate `generated/` from the official docs and `specs/` (or
//!   check it is fresh);
//! - `diff`: what changed in the API between two versions (Markdown or JSON);
//! - `ir`: print the intermediate representation as JSON;
//! - `lint`: report the diagnostics of a folder of pages;
//! - `corpus`: generate the whole official docs into a scratch crate, compile it, report coverage;
//! - `bench`: time the full-corpus run, regeneration, compilation and the scaling of one
//!   growing page.

mod bench;
mod bench_client;
mod bench_scale;
mod codegen;
mod corpus;
mod diff;
mod lint;
mod paths;
mod scratch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Bitrix24 bindings generator commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the bindings crate from the official docs and specs/.
    Codegen {
        #[command(flatten)]
        inputs: InputArgs,
        /// Write nothing; print the API changes and the stale files, and fail if the
        /// output is stale.
        #[arg(long)]
        check: bool,
        /// With --check: also print the full text diff of the stale files.
        #[arg(long, requires = "check")]
        diff: bool,
        /// Give every item a fresh Rust name instead of the one recorded in
        /// generated/rust-names.txt; the names that change are listed.
        #[arg(long)]
        rename: bool,
    },
    /// What changed in the API: generated/ against the current inputs, or OLD against NEW.
    Diff {
        /// The older version: a docs checkout or a folder of method pages.
        #[arg(long, value_name = "OLD", requires = "to")]
        from: Option<PathBuf>,
        /// The newer version: a docs checkout or a folder of method pages.
        #[arg(long, value_name = "NEW", requires = "from")]
        to: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
        /// Show the names `codegen --rename` would change (default comparison only).
        #[arg(long)]
        rename: bool,
        #[command(flatten)]
        inputs: InputArgs,
    },
    /// Print the intermediate representation as JSON.
    Ir {
        #[command(flatten)]
        inputs: InputArgs,
    },
    /// Report problems found in method pages.
    Lint {
        /// A checkout of the official docs (reads its api-reference/).
        #[arg(long, conflicts_with = "specs")]
        docs: Option<PathBuf>,
        /// A folder of method pages [default: specs/]
        #[arg(long)]
        specs: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on these too (only `warnings`).
        #[arg(long, value_name = "warnings")]
        deny: Option<Deny>,
    },
    /// Generate the whole official docs into a scratch crate, compile it, report coverage.
    Corpus {
        /// Docs checkout [default: $B24_DOCS or ../shared/corpus/b24-rest-docs]
        #[arg(long)]
        docs: Option<PathBuf>,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
        /// Skip `cargo check` of the generated crate.
        #[arg(long)]
        no_compile: bool,
        /// Also run clippy and rustdoc with `-D warnings` on the generated crate.
        #[arg(long)]
        lint_crate: bool,
        /// Exit non-zero when a coverage figure is under the project's bars.
        #[arg(long)]
        enforce: bool,
    },
    /// Time the full-corpus run (release), regeneration and compilation.
    Bench {
        /// Docs checkout [default: $B24_DOCS or ../shared/corpus/b24-rest-docs]
        #[arg(long)]
        docs: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Runs per figure (the median is reported).
        #[arg(long, default_value_t = 7)]
        runs: usize,
        /// Skip the compile-time figures.
        #[arg(long)]
        no_compile: bool,
        /// Skip the HTTP client figures.
        #[arg(long)]
        no_client: bool,
    },
}

/// The inputs and the output of `codegen` and `ir`.
#[derive(clap::Args)]
struct InputArgs {
    /// Checkout of the official docs [default: $B24_DOCS or ../shared/corpus/b24-rest-docs]
    #[arg(long)]
    docs: Option<PathBuf>,
    /// Read specs/ alone (only with --out: generated/ always holds the official methods).
    #[arg(long, conflicts_with = "docs")]
    no_docs: bool,
    /// The docs checkout's commit, when it is not a git checkout.
    #[arg(long, value_name = "COMMIT")]
    docs_revision: Option<String>,
    /// Folder of the project's own method pages [default: specs/]
    #[arg(long)]
    specs: Option<PathBuf>,
    /// Crate folder to write [default: generated/]
    #[arg(long)]
    out: Option<PathBuf>,
}

impl InputArgs {
    fn into_args(self) -> codegen::Args {
        codegen::Args {
            docs: self.docs,
            no_docs: self.no_docs,
            specs: self.specs,
            out: self.out,
            revision: self.docs_revision,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    Warnings,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen {
            inputs,
            check,
            diff,
            rename,
        } => codegen::run(
            inputs.into_args(),
            codegen::Mode {
                check,
                diff,
                rename,
            },
        ),
        Command::Diff {
            from,
            to,
            format,
            rename,
            inputs,
        } => diff::run(diff::Args {
            from,
            to,
            json: format == DiffFormat::Json,
            rename,
            inputs: inputs.into_args(),
        }),
        Command::Ir { inputs } => codegen::print_ir(inputs.into_args()),
        Command::Lint {
            docs,
            specs,
            format,
            deny,
        } => lint::run(docs, specs, format == Format::Json, deny.is_some()),
        Command::Corpus {
            docs,
            json,
            no_compile,
            lint_crate,
            enforce,
        } => corpus::run(docs, json, !no_compile, lint_crate, enforce),
        Command::Bench {
            docs,
            json,
            runs,
            no_compile,
            no_client,
        } => bench::run(docs, json, runs, !no_compile, !no_client),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
