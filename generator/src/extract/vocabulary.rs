//! The docs' wording, Russian and English, in one table: every phrase the extractor
//! recognises, grouped by what a text that uses it means. Lists hold lower-case text
//! unless they say otherwise; how a list is matched (a prefix, a part, the whole text)
//! is the caller's, named by the method it calls. A new phrase is one entry here.

/// Phrases that mean one thing.
pub struct Phrases {
    /// What a text that uses one of the phrases means.
    #[cfg_attr(not(test), allow(dead_code))]
    pub means: &'static str,
    pub phrases: &'static [&'static str],
}

impl Phrases {
    /// Whether `t` starts with one of the phrases.
    pub fn starts(&self, t: &str) -> bool {
        self.phrases.iter().any(|p| t.starts_with(p))
    }

    /// The first phrase `t` starts with.
    pub fn prefix_of(&self, t: &str) -> Option<&'static str> {
        self.phrases.iter().copied().find(|p| t.starts_with(p))
    }

    /// Whether `t` contains one of the phrases.
    pub fn within(&self, t: &str) -> bool {
        self.phrases.iter().any(|p| t.contains(p))
    }

    /// Whether `t` ends with one of the phrases.
    pub fn ends(&self, t: &str) -> bool {
        self.phrases.iter().any(|p| t.ends_with(p))
    }

    /// Whether `t` is one of the phrases.
    pub fn is(&self, t: &str) -> bool {
        self.phrases.contains(&t)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static str> {
        self.phrases.iter().copied()
    }
}

const fn means(means: &'static str, phrases: &'static [&'static str]) -> Phrases {
    Phrases { means, phrases }
}

/// The Cyrillic letter a Latin `c` at the start of a table header stands for.
pub const LOOKALIKE_C: char = 'с';

// Section headings (lower-cased heading text).

pub const ERRORS_HEADING: Phrases = means(
    "a heading, containing one of these, opens the error section",
    &["ошиб", "error", "исключени"],
);
pub const RESPONSE_HEADING: Phrases = means(
    "a heading starting with one of these opens the response section",
    &[
        "обработка ответа",
        "ответ в случае успеха",
        "возвращаемые данные",
        "возвращаемое значение",
        "возвращаемые значения",
        "результат",
        "ответ",
        "response",
        "returned data",
        "return value",
        "returns",
        "result",
        "executed result",
    ],
);
pub const RESPONSE_EXAMPLE_HEADING: Phrases = means(
    "a heading containing one of these opens the response section",
    &["пример ответа"],
);
pub const EXAMPLES_HEADING: Phrases = means(
    "a heading starting with one of these opens the examples section",
    &[
        "примеры",
        "пример кода",
        "пример вызова",
        "пример",
        "examples",
        "example",
        "code example",
        "called method",
        "вызов метода",
    ],
);
pub const PARAMS_HEADING: Phrases = means(
    "a heading starting with one of these opens the parameters section",
    &[
        "параметры метода",
        "параметры",
        "входные параметры",
        "parameters",
        "method parameters",
        "params",
        "аргументы",
    ],
);
pub const SUB_OBJECT_HEADING: Phrases = means(
    "a heading starting with one of these, then a name, defines the nested object of that name",
    &[
        "параметр ",
        "параметры ",
        "объект ",
        "тип ",
        "поля ",
        "структура ",
        "parameter ",
        "object ",
        "type ",
    ],
);
pub const OVERVIEW_TITLE: Phrases = means(
    "a title containing one of these is an overview page, not a method",
    &["обзор", "overview"],
);

// The page's intro (original case).

pub const SCOPE_LABEL: Phrases = means(
    "the label before the scopes a method needs",
    &["Scope:", "Скоуп:", "Область:"],
);
pub const WHO_LABEL: Phrases = means(
    "the label before who may call a method",
    &[
        "Кто может выполнять метод:",
        "Who can execute the method:",
        "Who can call the method:",
    ],
);
pub const METHOD_INTRO: Phrases = means(
    "the word before a method's name in code, introducing the method the page documents",
    &["Метод", "method", "Method"],
);
pub const REQUIRED_FOOTNOTE: Phrases = means(
    "the footnote saying required parameters are marked with a star",
    &[
        "Обязательные параметры отмечены",
        "Required parameters are marked",
    ],
);

// Deprecation.

pub const DEPRECATION_STEM: Phrases = means(
    "a text without one of these (original case) says nothing of deprecation",
    &["остановлен", "устаре", "eprecat", "EPRECAT"],
);
pub const DEPRECATED_WORD: Phrases = means(
    "a text with one of these as a word says the method is deprecated",
    &["deprecated"],
);
pub const DEPRECATED: Phrases = means(
    "a text containing one of these says the method is deprecated",
    &[
        "развитие метода остановлено",
        "метод устарел",
        "устаревший метод",
    ],
);

// Field tables.

pub const TABLE_HEADER_WORD: Phrases = means(
    "every line of a header cell starts with one of these",
    &[
        "название",
        "параметр",
        "поле",
        "ключ",
        "тип",
        "описание",
        "пример",
        "обязатель",
        "умолчани",
        "по умолчанию",
        "ревизи",
        "примечание",
        "ограничени",
        "значени",
        "назначение",
        "код",
        "статус",
        "текст ошибки",
        "сообщение",
        "когда возникает",
        "дополнительная",
        "как исправить",
        "name",
        "parameter",
        "field",
        "key",
        "type",
        "description",
        "example",
        "required",
        "default",
        "revision",
        "note",
        "value",
        "code",
        "status",
        "message",
    ],
);
pub const PARAM_NAME_COLUMN: Phrases = means(
    "a table whose first header is one of these lists parameters",
    &["параметр", "название", "parameter", "name"],
);
pub const REQUIRED_COLUMN: Phrases = means(
    "a column whose header contains one of these says whether a field is required",
    &["обязат", "required"],
);
pub const EXAMPLE_COLUMN: Phrases = means(
    "a column whose header contains one of these holds example values",
    &["пример", "example"],
);
pub const DEFAULT_COLUMN: Phrases = means(
    "a column whose header contains one of these holds default values",
    &["умолчани", "default"],
);
pub const REVISION_COLUMN: Phrases = means(
    "a column whose header contains one of these holds the revision a field came in",
    &["ревизи", "revision"],
);
pub const TYPE_COLUMN: Phrases = means(
    "a column whose header is one of these holds types",
    &["тип", "type"],
);
pub const DESCRIPTION_COLUMN: Phrases = means(
    "a column whose header contains one of these holds descriptions",
    &["описание", "description", "назначение"],
);
pub const REQUIRED_YES: Phrases = means(
    "a required column's cell that is one of these marks the field required",
    &["yes", "да", "y", "true", "обязательный", "+"],
);
pub const FLAG_CELL: Phrases = means(
    "a cell of an old text export that is one of these is a yes/no column",
    &["yes", "no", "y", "n", "true", "false", "да", "нет"],
);
pub const TYPE_ALTERNATIVE: Phrases = means(
    "a word between two types (original case): either type",
    &["или", "or", "либо"],
);

// Error tables.

pub const NOT_AN_ERROR_TABLE: Phrases = means(
    "a table with a header containing one of these lists validation fields, not errors",
    &["как исправить"],
);
pub const FIELD_COLUMN: Phrases = means(
    "a table with a header starting with one of these lists fields, not errors",
    &["поле"],
);
pub const ERROR_CODE_COLUMN: Phrases = means(
    "a header that is one of these holds error codes",
    &["код", "code", "error code"],
);
pub const ERROR_CODE_COLUMN_START: Phrases = means(
    "a header starting with one of these holds error codes",
    &["код ошибки"],
);
pub const STATUS_COLUMN: Phrases = means(
    "a header starting with one of these holds HTTP statuses",
    &["статус", "status"],
);
pub const STATUS_COLUMN_WITHIN: Phrases = means(
    "a header containing one of these holds HTTP statuses",
    &["http"],
);
pub const VALUE_COLUMN_START: Phrases = means(
    "a header starting with one of these holds the error's text as the server sends it",
    &["значение"],
);
pub const VALUE_COLUMN: Phrases = means(
    "a header that is one of these holds the error's text as the server sends it",
    &["value"],
);
pub const ERROR_DESCRIPTION_COLUMN: Phrases = means(
    "a header containing one of these holds the error's description",
    &["описание", "description", "сообщение", "текст", "message"],
);
pub const NO_CODE_START: Phrases = means(
    "an error code starting with one of these names no code the server sends",
    &["зависит от", "depends on"],
);
pub const NO_CODE: Phrases = means(
    "an error code that is one of these names no code the server sends",
    &[
        "пустое значение",
        "пустая строка",
        "пусто",
        "empty value",
        "empty string",
        "empty",
    ],
);
pub const HTTP_STATUS_LABEL: Phrases = means(
    "a line containing one of these (original case) gives the HTTP status of the errors below",
    &["HTTP-статус", "HTTP status"],
);

// Value lists in descriptions.

pub const NOT_VALUES: Phrases = means(
    "bullets after a lead-in containing one of these are formats, operators, examples or keys, not values",
    &[
        "формат",
        "format",
        "оператор",
        "operator",
        "пример",
        "example",
        "ключ",
        "поля",
        "fields",
        "keys",
        "содержит",
    ],
);
pub const EXPLAINS_PLACEHOLDERS: Phrases = means(
    "bullets after a lead-in ending with one of these explain placeholders, not values",
    &["где", "where"],
);

// Types from descriptions.

pub const COUNT_DESCRIPTION: Phrases = means(
    "a description starting with one of these is of a count or a number: an integer",
    &[
        "количество",
        "число ",
        "номер страницы",
        "смещение",
        "лимит",
    ],
);
pub const TIMESTAMP_DESCRIPTION: Phrases = means(
    "a description containing one of these is of a timestamp: an integer",
    &["timestamp"],
);
pub const ID_DESCRIPTION: Phrases = means(
    "a description starting with one of these is of an identifier: an integer",
    &["идентификатор "],
);
pub const SITE_ID_DESCRIPTION: Phrases = means(
    "an identifier description containing one of these is of a site's id: text",
    &["сайта"],
);
pub const IDENTIFIER_WORD: Phrases = means(
    "a description containing one of these calls the key an identifier",
    &["идентификатор"],
);
pub const TEXT_ID_DESCRIPTION: Phrases = means(
    "an identifier described with one of these is a code or external text, not a number",
    &["символьн", "строк", "внешн", "код"],
);
pub const DATE_DESCRIPTION: Phrases = means(
    "a description starting with one of these is of a date: a date-time",
    &["дата "],
);
pub const SORT_DESCRIPTION: Phrases = means(
    "a description starting with one of these is of a sort index: an integer",
    &["индекс сортировки", "сортировка"],
);
pub const TEXT_DESCRIPTION: Phrases = means(
    "a description starting with one of these is of a name or text: a string",
    &[
        "название",
        "имя ",
        "заголовок",
        "текст",
        "символьный код",
        "код ",
        "ссылка",
        "цвет",
    ],
);

// What the response prose says of the result.

pub const NULL_RESULT: Phrases = means(
    "response prose containing one of these says the result is `null`",
    &[
        "`null`",
        "возвращает null",
        "вернет null",
        "всегда null",
        "returns null",
        "не возвращает данн",
        "does not return any data",
    ],
);
pub const RETURNS: Phrases = means(
    "response prose containing one of these says what the method returns",
    &["возвращ", "вернет", "вернёт", "return", "в случае успе"],
);
pub const TRUE_RESULT: Phrases = means(
    "prose saying what a method returns, containing one of these: `true`",
    &["`true`", " true ", "true,", "true."],
);
pub const ID_RESULT: Phrases = means(
    "response prose containing one of these speaks of an ID",
    &["идентификатор", " id ", "`id`", "the id"],
);
pub const CREATED_RESULT: Phrases = means(
    "response prose containing one of these (with an ID) returns the new record's ID",
    &["созданн", "добавленн", "нового", "новой", "created", "new "],
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_says_what_it_means_and_has_phrases() {
        for p in [
            &ERRORS_HEADING,
            &RESPONSE_HEADING,
            &SUB_OBJECT_HEADING,
            &TABLE_HEADER_WORD,
            &NO_CODE,
            &NOT_VALUES,
            &TEXT_DESCRIPTION,
            &CREATED_RESULT,
        ] {
            assert!(!p.means.is_empty() && !p.phrases.is_empty());
        }
    }

    #[test]
    fn matching() {
        assert!(RESPONSE_HEADING.starts("ответ в случае успеха"));
        assert_eq!(
            SUB_OBJECT_HEADING.prefix_of("объект fields"),
            Some("объект ")
        );
        assert!(ERRORS_HEADING.within("коды ошибок"));
        assert!(EXPLAINS_PLACEHOLDERS.ends("по шаблону, где"));
        assert!(REQUIRED_YES.is("да"));
        assert!(!REQUIRED_YES.is("нет"));
    }
}
