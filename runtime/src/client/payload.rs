//! Request bodies, and where the OAuth token goes in them.

use serde_json::Value;

use super::secret::Secret;

/// A request body before authentication is added.
pub(crate) enum Payload {
    /// Method parameters.
    Params(Value),
    /// A batch: `halt` and `(key, "method?query")` commands, in order.
    Batch {
        halt: bool,
        commands: Vec<(String, String)>,
    },
}

impl Payload {
    /// The JSON body. An OAuth token goes into the body as `auth`, or into the
    /// query when the parameters are not an object (positional parameters; REST 3.0
    /// has none, and does not read the query).
    pub(crate) fn render(&self, token: Option<&Secret>, url: &mut reqwest::Url) -> Vec<u8> {
        match self {
            Payload::Params(Value::Object(params)) => {
                let mut params = params.clone();
                if let Some(token) = token {
                    params.insert(
                        "auth".to_string(),
                        Value::String(token.expose().to_string()),
                    );
                }
                serde_json::to_vec(&params).unwrap_or_default()
            }
            Payload::Params(params) => {
                if let Some(token) = token {
                    url.query_pairs_mut().append_pair("auth", token.expose());
                }
                serde_json::to_vec(params).unwrap_or_default()
            }
            Payload::Batch { halt, commands, .. } => render_batch(*halt, commands, token),
        }
    }
}

/// Writes the batch body by hand: `cmd` must keep the order of the commands (they
/// run in that order and refer to earlier ones), which a JSON map may not.
fn render_batch(halt: bool, commands: &[(String, String)], token: Option<&Secret>) -> Vec<u8> {
    let quote = |text: &str| serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string());
    let mut body = format!("{{\"halt\":{},\"cmd\":{{", u8::from(halt));
    for (index, (key, command)) in commands.iter().enumerate() {
        if index > 0 {
            body.push(',');
        }
        body.push_str(&quote(key));
        body.push(':');
        body.push_str(&quote(command));
    }
    body.push('}');
    if let Some(token) = token {
        body.push_str(",\"auth\":");
        body.push_str(&quote(token.expose()));
    }
    body.push('}');
    body.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_body_keeps_command_order() {
        let commands = vec![
            ("b".to_string(), "user.current".to_string()),
            (
                "a".to_string(),
                "department.get?ID=%24result%5Bb%5D%5BUF_DEPARTMENT%5D%5B0%5D".to_string(),
            ),
        ];
        let body = render_batch(true, &commands, Some(&Secret::new("tok")));
        assert_eq!(
            String::from_utf8_lossy(&body),
            r#"{"halt":1,"cmd":{"b":"user.current","a":"department.get?ID=%24result%5Bb%5D%5BUF_DEPARTMENT%5D%5B0%5D"},"auth":"tok"}"#
        );
    }
}
