//! The client's one error type.

use std::fmt;

use crate::method::{ErrorCode, Method};

use super::envelope::Time;

/// Everything a call can fail with. No variant holds a credential or a URL, so an
/// error can be logged as is.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The portal answered with an error envelope.
    Api(Box<ApiError>),
    /// The portal answered with an HTTP error and a body that is not an envelope.
    Http {
        /// The method called.
        method: String,
        /// HTTP status.
        status: u16,
    },
    /// The request could not be sent or its answer not received.
    Transport {
        /// The method called.
        method: String,
        /// The underlying error, stripped of its URL.
        source: reqwest::Error,
    },
    /// No connection could be made (refused, unreachable, or not within the connect
    /// timeout): nothing reached the portal.
    Unreachable {
        /// The method called.
        method: String,
        /// The underlying error, stripped of its URL.
        source: reqwest::Error,
    },
    /// No answer within the configured per-request timeout.
    Timeout {
        /// The method called.
        method: String,
    },
    /// The answer did not match the expected type.
    Decode {
        /// The method called.
        method: String,
        /// JSON path of the value that failed, e.g. `result.items[3].id`.
        path: String,
        /// What was wrong with it.
        message: String,
    },
    /// The request parameters could not be serialised.
    Encode {
        /// The method called.
        method: String,
        /// Why.
        message: String,
    },
    /// Renewing the OAuth access token failed.
    TokenRefresh {
        /// HTTP status of the token endpoint, if it answered.
        status: Option<u16>,
        /// The endpoint's error code, if any.
        code: String,
        /// The endpoint's description, if any.
        description: String,
    },
    /// A batch command was not run because an earlier one failed under `halt`.
    NotExecuted {
        /// Key of the command.
        key: String,
    },
    /// A fast list read met a row without its id while rows remained, so it cannot
    /// ask for the rows after it.
    MissingRowId {
        /// The list method.
        method: String,
        /// The id field the rows should carry.
        field: String,
        /// Rows read so far.
        fetched: u64,
        /// Rows the list said it had.
        total: u64,
    },
    /// A file is too large to send: its encoded form would exceed the body limit.
    FileTooLarge {
        /// The file's name.
        name: String,
        /// Bytes of the request body it needs.
        needed: u64,
        /// The limit ([`ClientConfig::max_body_bytes`](super::ClientConfig::max_body_bytes)).
        limit: u64,
    },
    /// A file could not be read.
    File {
        /// The file's name.
        name: String,
        /// Why.
        message: String,
    },
    /// The client or a request was set up wrongly (bad URL, plain HTTP to a remote
    /// host, duplicate batch key, …).
    Config(String),
}

/// An error answer of the portal.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The method that failed.
    pub method: String,
    /// The code as sent (`"ACCESS_DENIED"`, `"expired_token"`, `"200040300010"`).
    pub code: String,
    /// `error_description` (or the REST 3.0 `message`); may be empty.
    pub description: String,
    /// HTTP status; `None` for a command inside a batch.
    pub status: Option<u16>,
    /// Per-field problems of a REST 3.0 validation error.
    pub validation: Vec<ValidationIssue>,
    /// The answer's `time`, when it had one (it tells when a time limit lifts).
    pub time: Option<Time>,
}

/// One field a REST 3.0 request validation rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationIssue {
    /// The field.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl ApiError {
    /// The code as a typed code of method `M`: one of the codes its documentation
    /// lists, or the catch-all variant.
    pub fn code_for<M: Method>(&self) -> M::Error {
        M::Error::from_code(&self.code)
    }

    /// Whether the code is `code`, compared without case (the portal mixes
    /// `expired_token` and `QUERY_LIMIT_EXCEEDED`).
    pub fn is(&self, code: &str) -> bool {
        self.code.eq_ignore_ascii_case(code)
    }
}

impl Error {
    /// The API error, when the portal answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The typed code of method `M`, when the portal answered with an error.
    pub fn code_for<M: Method>(&self) -> Option<M::Error> {
        self.api().map(ApiError::code_for::<M>)
    }

    pub(crate) fn transport(method: &str, source: reqwest::Error) -> Error {
        if source.is_connect() {
            Error::Unreachable {
                method: method.to_string(),
                source: source.without_url(),
            }
        } else if source.is_timeout() {
            Error::Timeout {
                method: method.to_string(),
            }
        } else {
            Error::Transport {
                method: method.to_string(),
                source: source.without_url(),
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => write!(f, "{api}"),
            Error::Http { method, status } => write!(f, "{method}: HTTP {status}"),
            Error::Transport { method, source } => write!(f, "{method}: transport error: {source}"),
            Error::Unreachable { method, source } => {
                write!(f, "{method}: portal unreachable: {source}")
            }
            Error::Timeout { method } => write!(f, "{method}: timed out"),
            Error::MissingRowId {
                method,
                field,
                fetched,
                total,
            } => write!(
                f,
                "{method}: a row has no `{field}` after {fetched} of {total} rows; the rest cannot be read by id"
            ),
            Error::FileTooLarge {
                name,
                needed,
                limit,
            } => write!(
                f,
                "file `{name}` needs a {needed}-byte request body; the limit is {limit}"
            ),
            Error::File { name, message } => write!(f, "file `{name}`: {message}"),
            Error::Decode {
                method,
                path,
                message,
            } => {
                write!(f, "{method}: cannot decode `{path}`: {message}")
            }
            Error::Encode { method, message } => {
                write!(f, "{method}: cannot encode request: {message}")
            }
            Error::TokenRefresh {
                status,
                code,
                description,
            } => {
                write!(f, "token refresh failed")?;
                if let Some(status) = status {
                    write!(f, " (HTTP {status})")?;
                }
                write!(f, ": {code} {description}")
            }
            Error::NotExecuted { key } => write!(f, "batch command `{key}` was not executed"),
            Error::Config(message) => write!(f, "configuration: {message}"),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: API error {}", self.method, self.code)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        if !self.description.is_empty() {
            write!(f, ": {}", self.description)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } | Error::Unreachable { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_can_cross_threads() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error>();
    }

    #[test]
    fn display_names_method_code_and_status() {
        let api = ApiError {
            method: "crm.deal.get".into(),
            code: "NOT_FOUND".into(),
            description: "Not found.".into(),
            status: Some(400),
            validation: Vec::new(),
            time: None,
        };
        assert_eq!(
            Error::Api(Box::new(api)).to_string(),
            "crm.deal.get: API error NOT_FOUND (HTTP 400): Not found."
        );
        let decode = Error::Decode {
            method: "user.get".into(),
            path: "result[0].ID".into(),
            message: "invalid type".into(),
        };
        assert_eq!(
            decode.to_string(),
            "user.get: cannot decode `result[0].ID`: invalid type"
        );
    }
}
