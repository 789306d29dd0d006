//! Which part of a method page a heading starts: parameters, response, errors,
//! examples. Russian and English titles.

use super::{text, vocabulary};

/// A part of a method page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Params,
    Response,
    Errors,
    Examples,
    /// Anything else ("Продолжите изучение", notes, sub-object headings).
    Other,
}

/// Classifies a heading title. Checked most specific first: "Response example on
/// error" is about errors, "Параметры ответа" about the response.
pub fn classify(title: &str) -> Section {
    let t = text::lowercase(title.trim().trim_end_matches(':'));
    let t = t.as_str();
    if sub_object_name(t).is_some() {
        // "Объект error", "Параметры filter": the definition of a nested object.
        Section::Other
    } else if is_errors(t) {
        Section::Errors
    } else if is_response(t) {
        Section::Response
    } else if is_examples(t) {
        Section::Examples
    } else if is_params(t) {
        Section::Params
    } else {
        Section::Other
    }
}

fn is_errors(t: &str) -> bool {
    vocabulary::ERRORS_HEADING.within(t)
}

fn is_response(t: &str) -> bool {
    vocabulary::RESPONSE_HEADING.starts(t) || vocabulary::RESPONSE_EXAMPLE_HEADING.within(t)
}

fn is_examples(t: &str) -> bool {
    vocabulary::EXAMPLES_HEADING.starts(t)
}

fn is_params(t: &str) -> bool {
    vocabulary::PARAMS_HEADING.starts(t)
}

/// Whether a heading introduces the definition of a nested object
/// (`Параметр fields`, `Объект result`, `Тип item`, `Поля …`), and of which name.
pub fn sub_object_name(title: &str) -> Option<&str> {
    let t = title.trim();
    // Titles whose first letter starts no prefix are ruled out before anything is
    // lower-cased.
    let first = t.chars().next()?.to_lowercase().next()?;
    if !vocabulary::SUB_OBJECT_HEADING
        .iter()
        .any(|p| p.starts_with(first))
    {
        return None;
    }
    let cut = (0..=t.len().min(24))
        .rev()
        .find(|&i| t.is_char_boundary(i))?;
    let lower = text::lowercase(&t[..cut]);
    // Cyrillic and ASCII letters keep their byte length when lower-cased, so a match on
    // the lower-cased title slices the original.
    let prefix = vocabulary::SUB_OBJECT_HEADING.prefix_of(&lower)?;
    let rest = t.get(prefix.len()..)?;
    let name = rest.trim().trim_matches('`').trim();
    // `fields`, `filter`, `item[]`: an identifier, not a phrase ("метода").
    let identifier = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'));
    identifier.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_titles() {
        assert_eq!(classify("Параметры метода"), Section::Params);
        assert_eq!(classify("Обработка ответа"), Section::Response);
        assert_eq!(classify("Ответ в случае успеха"), Section::Response);
        assert_eq!(classify("Возвращаемые данные"), Section::Response);
        assert_eq!(classify("Обработка ошибок"), Section::Errors);
        assert_eq!(classify("Ответ в случае ошибки"), Section::Errors);
        assert_eq!(classify("Возможные коды ошибок"), Section::Errors);
        assert_eq!(classify("Примеры кода"), Section::Examples);
        assert_eq!(classify("Продолжите изучение"), Section::Other);
        assert_eq!(classify("Параметр fields"), Section::Other);
        assert_eq!(classify("Параметры filter"), Section::Other);
        assert_eq!(classify("Параметры запроса"), Section::Params);
    }

    #[test]
    fn english_titles() {
        assert_eq!(classify("Parameters"), Section::Params);
        assert_eq!(classify("Response example"), Section::Response);
        assert_eq!(classify("Response example on error"), Section::Errors);
        assert_eq!(classify("Possible error codes"), Section::Errors);
        assert_eq!(classify("Called method and response"), Section::Examples);
        assert_eq!(classify("Returned data"), Section::Response);
    }

    #[test]
    fn sub_objects() {
        assert_eq!(sub_object_name("Параметр fields"), Some("fields"));
        assert_eq!(sub_object_name("Объект `result`"), Some("result"));
        assert_eq!(sub_object_name("Параметры метода"), None);
    }
}
