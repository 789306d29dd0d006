//! The catalogue of diagnostic codes documents every code, with its slug and severity.

use b24_codegen::diag::{Code, Severity};

#[test]
fn every_code_is_in_the_catalogue_with_its_slug_and_severity() {
    let text = include_str!("../../DIAGNOSTICS.md");
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let heading = format!("## {} {} ({severity})", code.id(), code.slug());
        assert!(text.contains(&heading), "DIAGNOSTICS.md lacks `{heading}`");
    }
}

#[test]
fn codes_are_unique_and_their_letter_matches_their_severity() {
    let mut ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), Code::ALL.len(), "duplicate code ids");
    for code in Code::ALL {
        let letter = match code.severity() {
            Severity::Error => 'E',
            Severity::Warning => 'W',
            Severity::Note => 'N',
        };
        assert_eq!(code.id().chars().nth(3), Some(letter), "{}", code.id());
    }
}
