//! Files: sent inside the parameters as Base64 with a name, read back by URL.
//!
//! Methods take a file in one of a few shapes: a `["name.ext", "<base64>"]` pair,
//! `{"fileData": ["name.ext", "<base64>"]}`, or the Base64 text alone. A
//! [`FileUpload`] makes each of them; its size is checked against the body limit
//! before anything is sent.

use std::path::Path;

use base64::Engine;
use reqwest::header::ACCEPT;
use serde_json::{json, Value};

use super::error::Error;
use super::Client;

/// The member that wraps a file in some methods: `{"fileData": [name, content]}`.
pub const FILE_DATA: &str = "fileData";

/// A file to send, encoded.
#[derive(Clone, PartialEq, Eq)]
pub struct FileUpload {
    name: String,
    base64: String,
}

impl std::fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileUpload")
            .field("name", &self.name)
            .field("base64_len", &self.base64.len())
            .finish()
    }
}

impl FileUpload {
    /// A file from memory. Fails when its encoded form would exceed `max_body_bytes`
    /// (see [`ClientConfig::max_body_bytes`](super::ClientConfig::max_body_bytes)).
    pub fn from_bytes(
        name: impl Into<String>,
        content: &[u8],
        max_body_bytes: u64,
    ) -> Result<Self, Error> {
        let name = name.into();
        check_size(&name, content.len() as u64, max_body_bytes)?;
        Ok(FileUpload {
            base64: base64::engine::general_purpose::STANDARD.encode(content),
            name,
        })
    }

    /// A file from disk, named by its file name. The size is checked before reading.
    pub fn from_path(path: impl AsRef<Path>, max_body_bytes: u64) -> Result<Self, Error> {
        let path = path.as_ref();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let failed = |err: std::io::Error| Error::File {
            name: name.clone(),
            message: err.to_string(),
        };
        let size = std::fs::metadata(path).map_err(failed)?.len();
        check_size(&name, size, max_body_bytes)?;
        let content = std::fs::read(path).map_err(failed)?;
        FileUpload::from_bytes(name.clone(), &content, max_body_bytes)
    }

    /// The file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The Base64 content alone (no `data:` prefix).
    pub fn content(&self) -> &str {
        &self.base64
    }

    /// `["name.ext", "<base64>"]`.
    pub fn pair(&self) -> Value {
        json!([self.name, self.base64])
    }

    /// `{"fileData": ["name.ext", "<base64>"]}`.
    pub fn file_data(&self) -> Value {
        json!({ FILE_DATA: self.pair() })
    }
}

/// Base64 turns 3 bytes into 4; a name and the JSON around it add a little.
fn check_size(name: &str, size: u64, limit: u64) -> Result<(), Error> {
    let needed = size.div_ceil(3) * 4 + name.len() as u64 + 64;
    if needed > limit {
        return Err(Error::FileTooLarge {
            name: name.to_string(),
            needed,
            limit,
        });
    }
    Ok(())
}

impl Client {
    /// A file as the portal's settings allow sending it, from memory.
    pub fn file_from_bytes(
        &self,
        name: impl Into<String>,
        content: &[u8],
    ) -> Result<FileUpload, Error> {
        FileUpload::from_bytes(name, content, self.config().max_body_bytes)
    }

    /// A file as the portal's settings allow sending it, from disk.
    pub fn file_from_path(&self, path: impl AsRef<Path>) -> Result<FileUpload, Error> {
        FileUpload::from_path(path, self.config().max_body_bytes)
    }

    /// Downloads a file a method answered with (`urlMachine`, `DOWNLOAD_URL`), with a
    /// separate GET as the portal expects. At most `max_bytes` are read.
    pub async fn download(&self, url: &str, max_bytes: u64) -> Result<Vec<u8>, Error> {
        let url = super::endpoint::secure_url(url, "download URL")?;
        let failed = |err: reqwest::Error| Error::transport("download", err);
        let mut response = self
            .inner
            .http
            .get(url)
            .header(ACCEPT, "*/*")
            .timeout(self.config().timeout)
            .send()
            .await
            .map_err(failed)?;
        let status = response.status().as_u16();
        if status >= 400 {
            return Err(Error::Http {
                method: "download".to_string(),
                status,
            });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            if body.len() as u64 + chunk.len() as u64 > max_bytes {
                return Err(Error::FileTooLarge {
                    name: "download".to_string(),
                    needed: body.len() as u64 + chunk.len() as u64,
                    limit: max_bytes,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_take_the_documented_shapes() {
        let file = FileUpload::from_bytes("a.txt", b"hello", 1_000);
        let file = file.unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(file.pair(), json!(["a.txt", "aGVsbG8="]));
        assert_eq!(file.file_data(), json!({"fileData": ["a.txt", "aGVsbG8="]}));
        assert_eq!(file.content(), "aGVsbG8=");
    }

    #[test]
    fn oversized_files_fail_before_sending() {
        let err = FileUpload::from_bytes("big.bin", &[0; 3000], 1_000);
        assert!(
            matches!(err, Err(Error::FileTooLarge { needed, limit: 1_000, .. }) if needed > 4_000)
        );
    }
}
