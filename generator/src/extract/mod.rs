//! The extractor: a [`Page`] into an [`ir::Method`], or a reason to skip it.

use crate::diag::Diags;
use crate::ir;
use crate::page::Page;
use crate::source::SourceMap;

/// What became of one page.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Method(Box<ir::Method>),
    Skipped { reason: SkipReason, detail: String },
}

/// Why a page did not become a method. Shown in the coverage report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// An index or overview page.
    Index,
    /// Documents an event handler, not a method.
    Event,
    /// Documents a widget placement code.
    Placement,
    /// Documents a JS SDK command of the browser library.
    JsCommand,
    /// Documents an outbound webhook the portal calls.
    OutboundWebhook,
    /// A fragment meant to be included, not read alone.
    Fragment,
    /// Anything else without a method name.
    NoMethod,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Index => "index",
            SkipReason::Event => "event",
            SkipReason::Placement => "placement",
            SkipReason::JsCommand => "js-command",
            SkipReason::OutboundWebhook => "outbound-webhook",
            SkipReason::Fragment => "fragment",
            SkipReason::NoMethod => "no-method",
        }
    }
}

/// Turns one parsed page into a method.
pub fn extract(page: &Page, map: &SourceMap, diags: &mut Diags) -> Outcome {
    let _ = (page, map, diags);
    Outcome::Skipped {
        reason: SkipReason::NoMethod,
        detail: String::new(),
    }
}

/// Puts the methods of one run together: sorted, duplicates reported, shared types
/// collected.
pub fn assemble(methods: Vec<ir::Method>, diags: &mut Diags) -> ir::Api {
    let _ = diags;
    let mut methods = methods;
    methods.sort_by(|a, b| (&a.name, &a.variant).cmp(&(&b.name, &b.variant)));
    ir::Api {
        methods,
        types: Vec::new(),
    }
}
