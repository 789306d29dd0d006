//! Hostile spec files cannot inject code: through the whole pipeline, names that are
//! keywords, `self`, digits, placeholders or non-ASCII become valid identifiers, and doc
//! text cannot close its attribute, form a doctest or an intra-doc link. The emitted
//! crate must compile without warnings.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use b24_codegen::emit::{self, EmitOptions, OutputFile};
use b24_codegen::pipeline::{self, Layout};

const PAGE: &str = r#"# Опасный метод hostile.self.type

> Scope: [`hostile`](../scopes/permissions.md)
>
> Кто может выполнять метод: "]; fn evil() {} #[doc = "

Метод `hostile.self.type` */ fn injected() {} /* [crate::evil] <script>alert(1)</script>

## Параметры метода

#|
|| **Название**
`тип` | **Описание** ||
|| **self***
[`string`](../data-types.md) | Закрывает атрибут: "] #[cfg(any())] ||
|| **Self**
[`integer`](../data-types.md) | Код:

```rust
fn main() { panic!("doctest") }
```

||
|| **super**
[`string`](../data-types.md) | [ссылка](../other.md) и [crate::api] и [`Method`] ||
|| **crate**
[`string`](../data-types.md) | <details><summary>x</summary> без закрытия ||
|| **type**
[`string`](../data-types.md) | Тип:
- `fn` — ключевое слово
- `self` — тоже
- `1st` — цифра
- `` — пусто
- `a"b` — кавычка ||
|| **1ST_FIELD**
[`integer`](../data-types.md) | Начинается с цифры ||
|| **\<chatId\>**
[`string`](../data-types.md) | Заполнитель ||
|| **UF_...**
[`string`](../data-types.md) | Пользовательские поля ||
|| **ИМЯ_ПОЛЯ**
[`string`](../data-types.md) | Кириллица ||
|| **id**
[`integer`](../data-types.md) | Совпадает с ID после приведения регистра ||
|| **ID**
[`integer`](../data-types.md) | Совпадает с id ||
|| **async**
[`boolean`](../data-types.md) | Y/N ||
|#

## Обработка ответа

```json
{"result": {"self": 1, "fn": "x", "0": true, "a-b": [1, 2]}}
```

## Обработка ошибок

#|
|| **Код** | **Описание** ||
|| `"]` | Кавычка и скобка ||
|| `Self` | Ключевое слово ||
|| `0` | Цифра ||
|| `ERROR` | Обычная ||
|| `error` | Регистр ||
|#
"#;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("b24-hostile-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Reads the hostile pages from a scratch folder named for the calling test (tests run
/// in parallel) and emits them.
fn generate(test: &str) -> Vec<OutputFile> {
    let dir = scratch(&format!("specs-{test}"));
    let specs = dir.join("specs");
    fs::create_dir_all(&specs).unwrap();
    fs::write(specs.join("hostile.md"), PAGE).unwrap();
    fs::write(
        specs.join("other.md"),
        PAGE.replace("hostile.self.type", "crate.super.fn"),
    )
    .unwrap();
    let files = pipeline::discover(&specs, Layout::Specs).unwrap();
    let reading = pipeline::read(&dir, &files, 1);
    assert_eq!(reading.api.methods.len(), 2, "{:#?}", reading.diagnostics);
    for m in &reading.api.methods {
        assert_eq!(m.params.len(), 12, "{}: {:#?}", m.name, reading.diagnostics);
        assert!(m.response.ty.is_typed(), "{}", m.name);
    }
    let runtime = root_dir().join("runtime").canonicalize().unwrap();
    let opts = EmitOptions {
        runtime_path: runtime.to_string_lossy().into_owned(),
        ..EmitOptions::default()
    };
    emit::emit(&reading.api, &opts).expect("the templates render")
}

#[test]
fn emitted_rust_parses_and_doc_text_stays_inside_its_attributes() {
    for f in generate("parse").iter().filter(|f| f.path.ends_with(".rs")) {
        let file = syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        let text = f.contents.as_str();
        for bad in [
            "fn evil",
            "fn injected",
            "panic!(\"doctest\")",
            "#[cfg(any())]",
        ] {
            // The text may appear inside doc comments, never as code.
            for line in text.lines().filter(|l| l.contains(bad)) {
                assert!(
                    line.trim_start().starts_with("///") || line.trim_start().starts_with("//!"),
                    "{}: `{bad}` escaped its doc comment: {line}",
                    f.path
                );
            }
        }
        assert!(
            !text.contains("```rust"),
            "{}: a doc code block is not `text`",
            f.path
        );
        assert!(
            !text.contains("[crate::evil]"),
            "{}: an intra-doc link survived",
            f.path
        );
        assert!(!file.items.is_empty() || f.path.ends_with("types.rs"));
    }
}

fn root_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn emitted_crate_compiles_without_warnings() {
    let out = scratch("crate");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for f in generate("compile") {
        let path = out.join(&f.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, f.contents).unwrap();
    }
    let lock = root.join("Cargo.lock");
    fs::copy(lock, out.join("Cargo.lock")).unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("hostile-specs");
    let status = Command::new(env!("CARGO"))
        .args([
            "check",
            "--quiet",
            "--no-default-features",
            "--features",
            "full",
            "--manifest-path",
        ])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}
