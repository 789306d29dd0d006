//! Small helpers shared by the Rust emitters: identifiers and doc paragraphs.

/// An identifier token; `r#` prefixes become raw identifiers.
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// Appends `extra` to `lines` as a new paragraph.
pub fn paragraph(lines: &mut Vec<String>, extra: impl IntoIterator<Item = String>) {
    let extra: Vec<String> = extra.into_iter().collect();
    if extra.is_empty() {
        return;
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(extra);
}
