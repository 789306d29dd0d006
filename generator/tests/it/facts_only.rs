//! The docs' prose is never republished: no sentence describing an official page's method
//! (its title, summary, parameter, value, error or result descriptions) appears anywhere in
//! `generated/`. Pages in `specs/` are the project's own and may say what they like, so a
//! sentence they share with an official page is not counted.

use crate::support;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use aho_corasick::AhoCorasick;
use b24_codegen::ir::{Field, Method, Type};
use b24_codegen::pipeline::{self, Layout};

/// Shorter sentences ("Да", "Идентификатор сделки") are names of things, not prose.
const MIN_WORDS: usize = 5;

#[test]
fn no_sentence_of_an_official_page_is_in_the_generated_crate() {
    let Some(docs) = support::corpus_root() else {
        return;
    };
    let official = read_methods(&docs, Layout::Docs);
    let ours: BTreeSet<String> = read_methods(&support::specs_root(), Layout::Specs)
        .iter()
        .flat_map(sentences_of)
        .collect();
    let sentences: Vec<String> = official
        .iter()
        .flat_map(sentences_of)
        .filter(|s| !ours.contains(s))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // Error codes are facts even when a page words them as messages ("The field X is not
    // defined or invalid"): a description repeating one repeats the fact.
    let codes: String = official
        .iter()
        .flat_map(|m| &m.errors)
        .map(|e| normalise(&e.code) + "\n")
        .collect();
    let in_codes: BTreeSet<usize> = AhoCorasick::new(&sentences)
        .expect("patterns build")
        .find_overlapping_iter(&codes)
        .map(|m| m.pattern().as_usize())
        .collect();
    let sentences: Vec<String> = sentences
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !in_codes.contains(i))
        .map(|(_, s)| s)
        .collect();
    assert!(
        sentences.len() > 10_000,
        "the docs should yield many sentences, got {}",
        sentences.len()
    );
    let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut text = String::new();
    collect_text(&generated, &mut text);
    assert!(text.len() > 1_000_000, "generated/ looks empty");
    let matcher = AhoCorasick::new(&sentences).expect("patterns build");
    let found: BTreeSet<&str> = matcher
        .find_iter(&text)
        .map(|m| sentences[m.pattern().as_usize()].as_str())
        .take(20)
        .collect();
    assert!(
        found.is_empty(),
        "official prose found in generated/:\n{}",
        found.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// The matcher itself: a copied sentence is found through any Rust or Markdown framing.
#[test]
fn a_copied_sentence_is_found_through_doc_comment_framing() {
    let sentence = normalise("Метод возвращает список сделок по фильтру.");
    let mut text = String::new();
    add_file_text(
        "x.rs",
        "/// Метод возвращает список\n/// сделок по фильтру.\npub struct X;",
        &mut text,
    );
    assert!(text.contains(&sentence), "{text}");
    let mut md = String::new();
    add_file_text(
        "x.md",
        "| `A` | Метод возвращает **список** сделок по фильтру |",
        &mut md,
    );
    assert!(md.contains(&sentence), "{md}");
}

fn read_methods(root: &Path, layout: Layout) -> Vec<Method> {
    let files = pipeline::discover(root, layout).expect("the folder is listable");
    pipeline::read(root, &files, 0).api.methods
}

fn sentences_of(m: &Method) -> Vec<String> {
    let mut prose = vec![
        m.title.clone(),
        m.summary.clone(),
        m.response.description.clone(),
    ];
    prose.extend(m.who_can.clone());
    prose.extend(m.deprecated.iter().map(|d| d.note.clone()));
    prose.extend(m.errors.iter().map(|e| e.description.clone()));
    for f in &m.params {
        field_prose(f, &mut prose);
    }
    type_prose(&m.response.ty, &mut prose);
    prose
        .iter()
        .flat_map(|p| split_sentences(p))
        .map(|s| normalise(&words_only(&s)))
        .filter(|s| s.split(' ').count() >= MIN_WORDS)
        .collect()
}

/// Sentences end at `.`, `!`, `?`, `;`, `:` followed by a space or the end, and at line
/// breaks; a dot inside a name (`crm.deal.list`) ends nothing.
fn split_sentences(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let ends =
            c == '\n' || (".!?;:".contains(c) && chars.peek().is_none_or(|n| n.is_whitespace()));
        if ends {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// The words of a sentence without names and code: a token with a backtick, a dot, an
/// underscore or a slash in it is a name of something (facts), not prose.
fn words_only(sentence: &str) -> String {
    sentence
        .split_whitespace()
        .filter(|t| !t.contains(['`', '.', '_', '/']))
        .collect::<Vec<_>>()
        .join(" ")
}

fn field_prose(f: &Field, out: &mut Vec<String>) {
    out.push(f.description.clone());
    type_prose(&f.ty, out);
}

fn type_prose(ty: &Type, out: &mut Vec<String>) {
    match ty {
        Type::Object { fields } => fields.iter().for_each(|f| field_prose(f, out)),
        Type::Array { item } | Type::Map { value: item } => type_prose(item, out),
        Type::Enum(e) => out.extend(e.values.iter().map(|v| v.description.clone())),
        _ => {}
    }
}

/// Words only, lower case, one space between: what survives any Markdown or Rust framing.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

fn collect_text(dir: &Path, out: &mut String) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_text(&path, out);
        } else if let Ok(text) = fs::read_to_string(&path) {
            add_file_text(&path.to_string_lossy(), &text, out);
        }
    }
}

/// The prose-bearing text of one file, normalised: the comments of a Rust file (doc
/// lines run on across line breaks), the whole of any other file.
fn add_file_text(path: &str, text: &str, out: &mut String) {
    if path.ends_with(".rs") {
        let comments: Vec<&str> = text
            .lines()
            .filter_map(|l| {
                let l = l.trim_start();
                l.strip_prefix("///")
                    .or_else(|| l.strip_prefix("//!"))
                    .or_else(|| l.strip_prefix("//"))
            })
            .collect();
        out.push_str(&normalise(&comments.join(" ")));
    } else {
        out.push_str(&normalise(text));
    }
    out.push('\n');
}
