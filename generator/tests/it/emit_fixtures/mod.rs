//! Hand-built IR for the emitter tests, for cases no seed can give: hostile names and
//! shapes (`hostile_api`), APIs of a chosen size (`synthetic_api`), and the crate that
//! `emit_compile` builds from a fixed IR (`seed_api`), whose behaviour test names codes
//! (`0`, `Bad Request`) the seeds do not document. Snapshots of the seeds themselves are
//! taken from `specs/` (`emit_seeds.rs`).
#![allow(dead_code)]

use b24_codegen::ir::*;

pub fn field(name: &str, ty: Type, required: bool, description: &str) -> Field {
    Field {
        name: name.into(),
        ty,
        required,
        required_known: true,
        description: description.into(),
        example: None,
        default: None,
        revision: None,
    }
}

pub fn enum_of(values: &[(&str, &str)]) -> Type {
    Type::Enum(EnumType {
        repr: EnumRepr::String,
        values: values
            .iter()
            .map(|(value, description)| EnumValue {
                value: (*value).into(),
                description: (*description).into(),
            })
            .collect(),
    })
}

pub fn error(code: &str, description: &str) -> ErrorCode {
    ErrorCode {
        code: code.into(),
        description: description.into(),
        http_status: None,
    }
}

pub fn method(name: &str, title: &str, summary: &str, scope: &str) -> Method {
    Method {
        name: name.into(),
        namespace: name.split('.').next().unwrap_or_default().to_lowercase(),
        source: SourceRef {
            path: format!("specs/{name}.md"),
            line: 1,
        },
        title: title.into(),
        summary: summary.into(),
        scopes: vec![scope.into()],
        who_can: Some("любой пользователь".into()),
        pagination: Pagination::None,
        ..Method::default()
    }
}

pub fn response(ty: Type) -> Response {
    Response {
        ty,
        source: ResponseSource::Example,
        description: String::new(),
    }
}

pub fn im_message_share() -> Method {
    let mut m = method(
        "im.message.share",
        "Создать новый объект на основе сообщения",
        "Метод `im.message.share` создает новый объект на основе сообщения.",
        "im",
    );
    m.params = vec![
        field("MESSAGE_ID", Type::Integer, true, "Идентификатор сообщения"),
        field("DIALOG_ID", Type::String, true, "Идентификатор диалога. Формат:\n- **chatXXX** – чат получателя\n- **XXX** – идентификатор получателя"),
        field(
            "TYPE",
            enum_of(&[
                ("CHAT", "по сообщению будет создан новый чат"),
                ("TASK", "по сообщению будет создана задача"),
                ("POST", "по сообщению будет создан пост в Новостях"),
                ("CALEND", "по сообщению будет создано событие в календаре"),
            ]),
            true,
            "Тип создаваемой сущности",
        ),
    ];
    m.response = response(Type::Boolean {
        form: BoolForm::Json,
    });
    m.errors = vec![
        error(
            "MESSAGE_ID_ERROR",
            "Параметр `MESSAGE_ID` не задан или не является числом",
        ),
        error(
            "DIALOG_ID_EMPTY",
            "Параметр `DIALOG_ID` не задан или не соответствует формату",
        ),
        error(
            "ACCESS_ERROR",
            "Текущий пользователь не имеет прав доступа к чату или диалогу",
        ),
        error(
            "PARAMS_ERROR",
            "Параметр `TYPE` не задан или не соответвует имеющимся типам",
        ),
    ];
    m
}

pub fn imopenlines_crm_message_add() -> Method {
    let mut m = method(
        "imopenlines.crm.message.add",
        "Отправить сообщение в чат открытой линии",
        "Метод `imopenlines.crm.message.add` отправляет сообщение от имени сотрудника или бота в чат, привязанный к CRM-сущности.",
        "imopenlines",
    );
    m.params = vec![
        field(
            "CRM_ENTITY_TYPE",
            enum_of(&[
                ("lead", "лид"),
                ("deal", "сделка"),
                ("company", "компания"),
                ("contact", "контакт"),
            ]),
            true,
            "Тип CRM-сущности",
        ),
        field(
            "CRM_ENTITY",
            Type::Integer,
            true,
            "Идентификатор CRM-сущности",
        ),
        field(
            "USER_ID",
            Type::Integer,
            true,
            "Идентификатор пользователя или бота",
        ),
        field("CHAT_ID", Type::Integer, true, "Идентификатор чата"),
        field("MESSAGE", Type::String, true, "Текст сообщения"),
    ];
    m.response = response(Type::Integer);
    m.errors = vec![
        error("ACCESS_DENIED", "Нет прав на чтение CRM-сущности"),
        error("ERROR_ARGUMENT", "Неверные параметры"),
        error("CHAT_NOT_IN_CRM", "Чат не привязан к CRM"),
        error("MESSAGE_ADD_ERROR", "Не удалось отправить сообщение"),
    ];
    m
}

pub fn im_chat_add() -> Method {
    let mut m = method(
        "im.chat.add",
        "Создать чат",
        "Метод `im.chat.add` создает новый чат.",
        "im",
    );
    let colors = [
        ("RED", "красный"),
        ("GREEN", "зеленый"),
        ("MINT", "мятный"),
        ("LIGHT_BLUE", "светло-синий"),
        ("DARK_BLUE", "темно-синий"),
        ("PURPLE", "фиолетовый"),
        ("AQUA", "аквамариновый"),
        ("PINK", "розовый"),
        ("LIME", "лаймовый"),
        ("BROWN", "коричневый"),
        ("AZURE", "лазурный"),
        ("KHAKI", "хаки"),
        ("SAND", "песочный"),
        ("MARENGO", "маренго"),
        ("GRAY", "серый"),
        ("GRAPHITE", "графитовый"),
    ];
    let entity_types = [
        ("VIDEOCONF", "чат видеоконференции"),
        ("AI_ASSISTANT_PRIVATE", "приватный чат с AI-ассистентом"),
        ("LINES", "чат открытой линии со стороны оператора"),
        ("LIVECHAT", "чат открытой линии со стороны клиента"),
        ("ANNOUNCEMENT", "чат объявлений"),
        ("CALENDAR", "чат, связанный с событием календаря"),
        ("MAIL", "чат, связанный с почтовой перепиской"),
        ("CRM", "чат, связанный с CRM-элементом"),
        ("SONET_GROUP", "чат группы социальной сети"),
        ("TASKS", "чат, связанный с задачей"),
        ("CALL", "чат, связанный со звонком"),
    ];
    m.params = vec![
        field("USERS", Type::Array { item: Box::new(Type::Integer) }, false, "Массив идентификаторов пользователей, которых нужно добавить в чат."),
        field("TYPE", enum_of(&[("OPEN", "открытый чат"), ("CHAT", "закрытый чат")]), false, "Тип чата"),
        field("TITLE", Type::String, false, "Название чата.\n\nЕсли не передать параметр, название сформируется автоматически по шаблону `#COLOR# чат №#NUMBER#`"),
        field("DESCRIPTION", Type::String, false, "Описание чата"),
        field("COLOR", enum_of(&colors), false, "Цвет чата"),
        field("MESSAGE", Type::String, false, "Первое сообщение в чате"),
        field("AVATAR", Type::String, false, "Аватар чата в формате строки base64."),
        field("ENTITY_TYPE", enum_of(&entity_types), false, "Тип объекта для связи чата с внешним контекстом."),
        field("ENTITY_ID", Type::String, false, "Идентификатор объекта в рамках `ENTITY_TYPE`.\n\n- `CRM` — `<CRM_TYPE>`\\|`<ID>`, например `LEAD`\\|`13`\n- `LIVECHAT` — `<connectorId>`\\|`<lineId>`\nДля остальных `ENTITY_TYPE` формат определяется модулем."),
        field("COPILOT_MAIN_ROLE", Type::String, false, "Код основной роли для BitrixGPT."),
    ];
    m.response = response(Type::Integer);
    m.doc_url = Some("https://apidocs.bitrix24.ru/api-reference/chats/im-chat-add.html".into());
    m
}

pub fn tasks_task_chat_message_send() -> Method {
    let mut m = method(
        "tasks.task.chat.message.send",
        "Отправить сообщение в чат задачи",
        "Метод `tasks.task.chat.message.send` отправляет новое сообщение в чат задачи.",
        "task",
    );
    m.who_can = Some("любой пользователь с правом доступа на чтение задачи или выше".into());
    m.params = vec![field(
        "fields",
        Type::Object {
            fields: vec![
                field(
                    "taskId",
                    Type::Integer,
                    true,
                    "Идентификатор задачи, в чат которой нужно отправить сообщение.",
                ),
                field("text", Type::String, true, "Текст сообщения"),
            ],
        },
        true,
        "Объект с [параметрами сообщения](#fields)",
    )];
    m.response = response(Type::Object {
        fields: vec![field(
            "result",
            Type::Boolean {
                form: BoolForm::Json,
            },
            false,
            "Результат отправки сообщения",
        )],
    });
    m.errors = vec![
        ErrorCode {
            code: "0".into(),
            description: "Доступ запрещен".into(),
            http_status: Some(400),
        },
        ErrorCode {
            code: "Bad Request".into(),
            description: "Задача не найдена".into(),
            http_status: Some(400),
        },
    ];
    m
}

pub fn im_message_add() -> Method {
    let mut m = method("im.message.add", "Sends message to chat", "", "im");
    m.who_can = None;
    let yes_no = || Type::Boolean {
        form: BoolForm::YesNo,
    };
    m.params = vec![
        field("DIALOG_ID", Type::String, true, "Dialog ID. Format: chatXXX – recipient chat, in case of message for chat\nor XXX – recipient ID, in case of private conversation message"),
        field("MESSAGE", Type::String, true, "Message text"),
        field("SYSTEM", yes_no(), false, "Show message as a system message. Optional fields, 'N' by default."),
        field("ATTACH", Type::Any, false, "Attachment"),
        field("URL_PREVIEW", yes_no(), false, "Convert links to rich links. Optional field, 'Y' by default"),
        field("KEYBOARD", Type::Any, false, "Keyboard"),
        field("MENU", Type::Any, false, "Context menu"),
    ];
    m.response = response(Type::Integer);
    m.errors = [
        (
            "USER_ID_EMPTY",
            "Recipient code not specified for person-to-person chat message",
        ),
        (
            "CHAT_ID_EMPTY",
            "Message recipient chat not specified for a chat message",
        ),
        (
            "ACCESS_ERROR",
            "Insufficient access permissions to send the message",
        ),
        ("MESSAGE_EMPTY", "Message text not passed"),
        (
            "ATTACH_ERROR",
            "Весь переданный объект вложения не прошел валидацию",
        ),
        (
            "ATTACH_OVERSIZE",
            "Maximum allowed attachment size exceeded (30 Kb)",
        ),
        (
            "KEYBOARD_ERROR",
            "Complete passed keyboard object was not validated",
        ),
        (
            "KEYBOARD_OVERSIZE",
            "Maximum permissible keyboard size exceeded (30 Kb)",
        ),
        ("MENU_ERROR", "Complete passed menu object not validated"),
        (
            "MENU_OVERSIZE",
            "Maximum permissible menu size exceeded (30 Kb)",
        ),
        ("PARAMS_ERROR", "Something went wrong"),
    ]
    .iter()
    .map(|(code, description)| error(code, description))
    .collect();
    m
}

/// The five seeds, sorted by wire name as [`Api::methods`] requires.
pub fn seed_api() -> Api {
    let mut methods = vec![
        im_message_share(),
        imopenlines_crm_message_add(),
        im_chat_add(),
        tasks_task_chat_message_send(),
        im_message_add(),
    ];
    methods.sort_by(|a, b| a.name.cmp(&b.name));
    Api {
        events: Vec::new(),
        methods,
        types: Vec::new(),
    }
}

/// A file of the emitted output by path.
pub fn contents<'a>(files: &'a [b24_codegen::emit::OutputFile], path: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| {
            panic!(
                "no {path} among {:?}",
                files.iter().map(|f| &f.path).collect::<Vec<_>>()
            )
        })
}

/// Text that tries to break out of doc attributes, comments and Markdown.
pub const HOSTILE_TEXT: &str = "Ends \"] here */ and #[doc = \"x\"] \\ back\u{0}slash\u{7}\n\
```\nfn main() { panic!() }\n```\n\
[foo] and [bar](./x.md) and <script>alert(1)</script> {% note info %} {#anchor}\n\
See https://example.com/a_(b) now.\n    indented code?\n- item\nlazy line\n\
~~~rust\nunclosed";

/// An API built to trip every naming and escaping rule.
pub fn hostile_api() -> Api {
    let mut methods = Vec::new();

    let mut keywords = method("type.self", HOSTILE_TEXT, HOSTILE_TEXT, "type");
    keywords.namespace = "type".into();
    keywords.who_can = Some(HOSTILE_TEXT.into());
    keywords.doc_url = Some("https://example.com/\"]".into());
    keywords.params = vec![
        field("type", Type::String, true, HOSTILE_TEXT),
        field("self", Type::Integer, true, "self"),
        field("Self", Type::Integer, true, "Self"),
        field("super", Type::Integer, true, "super"),
        field("crate", Type::Integer, true, "crate"),
        field("_", Type::Integer, true, "underscore"),
        field("1st", Type::Integer, true, "digit"),
        field("", Type::Integer, true, "empty"),
        field("<КОД_ПОЛЯ>", Type::String, false, "Cyrillic placeholder"),
        field("UF_CRM_...", Type::String, false, "placeholder"),
        field("\\<id\\>", Type::String, false, "escaped placeholder"),
        field("TITLE", Type::String, false, "title"),
        field("title", Type::String, false, "title again"),
        field("new", Type::String, false, "clashes with the constructor"),
        field(
            "*",
            Type::Boolean {
                form: BoolForm::Digit,
            },
            false,
            "star",
        ),
        field(
            "IS_ACTIVE",
            Type::Boolean {
                form: BoolForm::YesNo,
            },
            false,
            "setter named like a predicate",
        ),
        field(
            "TO_USER",
            Type::Integer,
            false,
            "setter named like a conversion",
        ),
        field(
            "FROM_ID",
            Type::Integer,
            false,
            "setter named like a constructor",
        ),
        field(
            "AS_HTML",
            Type::Boolean {
                form: BoolForm::Json,
            },
            false,
            "setter named like a view",
        ),
        field(
            "INTO_CHAT",
            Type::Integer,
            false,
            "setter named like a conversion",
        ),
        field("add", Type::Integer, false, "setter named like an operator"),
        field("sub", Type::Integer, false, "setter named like an operator"),
        field(
            "next",
            Type::Integer,
            false,
            "setter named like an iterator method",
        ),
        field(
            "default",
            Type::Integer,
            false,
            "setter named like a trait method",
        ),
        field(
            "clone",
            Type::Integer,
            false,
            "setter named like a trait method",
        ),
        field(
            "mode",
            enum_of(&[
                ("", "empty"),
                ("1", "one"),
                ("Unknown", "clashes with the catch-all"),
                ("self", "keyword"),
                ("1", "duplicate"),
                ("a\"]b", HOSTILE_TEXT),
            ]),
            false,
            "",
        ),
    ];
    keywords.errors = vec![
        error("0", HOSTILE_TEXT),
        error("Bad Request", "bad"),
        error("Other", "clashes with the catch-all"),
        error("", "empty"),
        error("0", "duplicate"),
        error("bad request", "clashes after casing"),
    ];
    keywords.response = response(Type::Enum(EnumType {
        repr: EnumRepr::Integer,
        values: vec![
            EnumValue {
                value: "0".into(),
                description: "no".into(),
            },
            EnumValue {
                value: "1".into(),
                description: "yes".into(),
            },
        ],
    }));
    keywords.deprecated = Some(Deprecation {
        note: HOSTILE_TEXT.into(),
        replacement: Some("type.other".into()),
    });
    methods.push(keywords);

    let mut same = method("methods", "", "", "базовый");
    same.namespace = "methods".into();
    same.response = response(Type::Array {
        item: Box::new(Type::Object {
            fields: vec![
                field(
                    "extra",
                    Type::String,
                    false,
                    "clashes with the unknown-fields map",
                ),
                field("ID", Type::Integer, false, "id"),
                field(
                    "when",
                    Type::Named {
                        name: "time".into(),
                    },
                    false,
                    "named",
                ),
                field(
                    "gone",
                    Type::Named {
                        name: "missing_type".into(),
                    },
                    false,
                    "unknown named",
                ),
                field(
                    "flags",
                    Type::Map {
                        value: Box::new(Type::Boolean {
                            form: BoolForm::YesNo,
                        }),
                    },
                    false,
                    "",
                ),
            ],
        }),
    });
    methods.push(same);

    let mut v3 = method("methods", "v3 page", "", "базовый");
    v3.namespace = "methods".into();
    v3.variant = Some("v3".into());
    v3.response = response(Type::Map {
        value: Box::new(Type::Named {
            name: "lang_map".into(),
        }),
    });
    methods.push(v3);

    let mut many = method("crate.many.required", "Many required", "", "crate");
    many.namespace = "crate".into();
    many.params = (0..10)
        .map(|i| field(&format!("P{i}"), Type::Integer, true, ""))
        .chain([
            field(
                "yes",
                Type::Boolean {
                    form: BoolForm::YesNo,
                },
                true,
                "",
            ),
            field(
                "digit",
                Type::Boolean {
                    form: BoolForm::Digit,
                },
                true,
                "",
            ),
            field("empty", Type::Object { fields: Vec::new() }, true, ""),
            field(
                "rows",
                Type::Array {
                    item: Box::new(Type::Object {
                        fields: vec![
                            field("A", Type::Number, true, ""),
                            field("B", Type::Date, false, ""),
                        ],
                    }),
                },
                false,
                "",
            ),
            field("file", Type::File, false, ""),
            field("stamp", Type::DateTime, false, ""),
            field(
                "shared",
                Type::Named {
                    name: "time".into(),
                },
                false,
                "",
            ),
        ])
        .collect();
    methods.push(many);

    // `chat.add` and `chatAdd` both become `ChatAdd`; the first keeps the name.
    let mut first = method("im.chat.add", "first", "", "im");
    first.response = response(Type::Boolean {
        form: BoolForm::YesNo,
    });
    let mut second = method("im.chatAdd", "second", "", "im");
    second.response = response(Type::Any);
    let mut error_named = method(
        "im.chat.add.error",
        "type named like an error enum",
        "",
        "im",
    );
    error_named.errors = vec![error("X", "x")];
    // Deprecated with nothing required: `Default` is derived and used inside the crate.
    error_named.deprecated = Some(Deprecation {
        note: String::new(),
        replacement: None,
    });
    error_named.params = vec![field("when", Type::Date, false, "")];
    methods.extend([first, second, error_named]);

    // Would shadow the prelude's `String` and `Option` in the module.
    let mut string = method("im.string", "named like a prelude type", "", "im");
    string.params = vec![field("name", Type::String, false, "")];
    let mut option = method("im.option", "named like a prelude type", "", "im");
    option.response = response(Type::Array {
        item: Box::new(Type::String),
    });
    methods.extend([string, option]);

    let mut cyrillic = method("типы.получить", "Cyrillic namespace", "", "x");
    cyrillic.namespace = "типы".into();
    methods.push(cyrillic);

    let mut digit = method("1c.sync", "Digit namespace", "", "x");
    digit.namespace = "1c".into();
    methods.push(digit);

    let mut client = method("client.get", "Clashes with the client feature", "", "x");
    client.namespace = "client".into();
    methods.push(client);

    methods.sort_by(|a, b| (&a.name, &a.variant).cmp(&(&b.name, &b.variant)));
    Api {
        events: Vec::new(),
        methods,
        types: vec![
            NamedType {
                name: "lang_map".into(),
                description: "Strings by language id.".into(),
                defined_at: None,
                ty: Type::Map {
                    value: Box::new(Type::String),
                },
            },
            NamedType {
                name: "self_ref".into(),
                description: HOSTILE_TEXT.into(),
                defined_at: None,
                ty: Type::Object {
                    fields: vec![
                        field(
                            "next",
                            Type::Named {
                                name: "self_ref".into(),
                            },
                            false,
                            "",
                        ),
                        field("kind", enum_of(&[("a", "A"), ("b", "B")]), false, ""),
                        field(
                            "ok",
                            Type::Boolean {
                                form: BoolForm::YesNo,
                            },
                            false,
                            "",
                        ),
                    ],
                },
            },
            NamedType {
                name: "string".into(),
                description: "Named like a prelude type.".into(),
                defined_at: None,
                ty: Type::Object {
                    fields: vec![field("value", Type::String, false, "")],
                },
            },
            NamedType {
                name: "self_alias".into(),
                description: "An alias naming itself.".into(),
                defined_at: None,
                ty: Type::Array {
                    item: Box::new(Type::Named {
                        name: "self_alias".into(),
                    }),
                },
            },
            NamedType {
                name: "time".into(),
                description: "Timing of a call.".into(),
                defined_at: None,
                ty: Type::Object {
                    fields: vec![
                        field("start", Type::Number, false, ""),
                        field("finish", Type::Number, false, ""),
                        field("date_start", Type::DateTime, false, ""),
                    ],
                },
            },
        ],
    }
}

/// A crate folder: the emitted files plus the hand-written runtime of `generated/`.
/// Emit options for a crate written outside the workspace: the manifest names the
/// workspace's runtime crate by its absolute path.
pub fn crate_options() -> b24_codegen::emit::EmitOptions {
    let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = runtime.canonicalize().expect("the runtime crate is there");
    b24_codegen::emit::EmitOptions {
        runtime_path: runtime.to_string_lossy().into_owned(),
        ..Default::default()
    }
}

/// Writes `files` (emitted with [`crate_options`]) and `tests` into a temporary crate.
pub fn write_crate(
    name: &str,
    files: &[b24_codegen::emit::OutputFile],
    tests: &[(&str, &str)],
) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::temp_dir().join(format!("b24-emit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for file in files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
        let mut contents = file.contents.clone();
        if file.path == "Cargo.toml" {
            // Standalone: not a member of any workspace above the temp folder.
            contents.push_str("\n[workspace]\n");
        }
        std::fs::write(path, contents).expect("write file");
    }
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    for (path, contents) in tests {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
        std::fs::write(path, contents).expect("write test");
    }
    dir
}

/// Runs cargo in `dir` with a target folder kept between runs; returns success, output, time.
pub fn cargo(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (bool, String, std::time::Duration) {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(|t| std::path::PathBuf::from(t).join("emit-check"))
        .unwrap_or_else(|_| std::env::temp_dir().join("b24-emit-target"));
    let started = std::time::Instant::now();
    let output = std::process::Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .envs(env.iter().copied())
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text, started.elapsed())
}

/// A small deterministic generator (64-bit LCG), so synthetic APIs are the same every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Parameter count drawn from the corpus's distribution of rows per table.
fn param_count(rng: &mut Rng) -> u64 {
    match rng.below(100) {
        0..=12 => 0,
        13..=62 => 1 + rng.below(3),
        63..=88 => 4 + rng.below(7),
        89..=97 => 11 + rng.below(20),
        _ => 31 + rng.below(40),
    }
}

/// A field type drawn from the corpus's type frequencies; objects nest up to `depth`.
fn synthetic_type(rng: &mut Rng, depth: u32, name: &str) -> Type {
    match rng.below(100) {
        0..=37 => Type::String,
        38..=59 => Type::Integer,
        60..=66 if depth > 0 => {
            let count = 2 + rng.below(5);
            Type::Object {
                fields: synthetic_fields(rng, depth - 1, count, name),
            }
        }
        60..=66 => Type::Object { fields: Vec::new() },
        67..=75 => Type::Boolean {
            form: if rng.chance(70) {
                BoolForm::YesNo
            } else {
                BoolForm::Json
            },
        },
        76..=83 => Type::Named {
            name: "time".into(),
        },
        84..=88 => Type::Array {
            item: Box::new(if rng.chance(70) {
                Type::Integer
            } else {
                Type::String
            }),
        },
        89..=91 => Type::DateTime,
        92..=93 => Type::Number,
        94..=95 => Type::Date,
        96 => Type::Map {
            value: Box::new(Type::String),
        },
        _ => Type::Any,
    }
}

fn synthetic_fields(rng: &mut Rng, depth: u32, count: u64, prefix: &str) -> Vec<Field> {
    (0..count)
        .map(|i| {
            let name = format!("{prefix}_FIELD_{i}");
            let ty = if rng.chance(8) {
                let values = (0..2 + rng.below(6))
                    .map(|v| EnumValue { value: format!("VALUE_{v}"), description: format!("Meaning of value {v}.") })
                    .collect();
                let repr = if rng.chance(20) { EnumRepr::Integer } else { EnumRepr::String };
                Type::Enum(EnumType { repr, values })
            } else {
                synthetic_type(rng, depth, &name)
            };
            let mut f = field(&name, ty, rng.chance(25), "Описание поля: что оно значит, в каком формате передается.\n\n- `A` — вариант\n- `B` — другой вариант");
            if rng.chance(10) {
                f.default = Some("0".into());
            }
            f
        })
        .collect()
}

/// `methods` methods over `namespaces` namespaces, in the corpus's proportions.
pub fn synthetic_api(methods: usize, namespaces: usize) -> Api {
    let mut rng = Rng::new(1660);
    let actions = [
        "add", "get", "list", "update", "delete", "fields", "set", "send",
    ];
    let mut all: Vec<Method> = (0..methods)
        .map(|i| {
            let ns = format!("ns{}", i % namespaces);
            let name = format!(
                "{ns}.entity{}.{}",
                i / namespaces / actions.len(),
                actions[i % actions.len()]
            );
            let mut m = method(
                &name,
                "Сделать что-то с сущностью",
                "Метод делает что-то с сущностью и возвращает результат.",
                &ns,
            );
            let count = param_count(&mut rng);
            m.params = synthetic_fields(&mut rng, 2, count, "P");
            let kind = rng.below(10);
            let count = 2 + rng.below(10);
            m.response = response(match kind {
                0..=3 => Type::Object {
                    fields: synthetic_fields(&mut rng, 1, count, "R"),
                },
                4..=5 => Type::Integer,
                6..=7 => Type::Boolean {
                    form: BoolForm::Json,
                },
                8 => Type::Array {
                    item: Box::new(Type::Object {
                        fields: synthetic_fields(&mut rng, 1, count, "R"),
                    }),
                },
                _ => Type::Any,
            });
            if rng.chance(90) {
                let count = 1 + rng.below(6);
                m.errors = (0..count)
                    .map(|e| error(&format!("ERROR_CODE_{e}"), "Описание ошибки"))
                    .collect();
            }
            if rng.chance(5) {
                m.deprecated = Some(Deprecation {
                    note: "Устарел.".into(),
                    replacement: None,
                });
            }
            m
        })
        .collect();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Api {
        events: Vec::new(),
        methods: all,
        types: vec![NamedType {
            name: "time".into(),
            description: "Timing of a call.".into(),
            defined_at: None,
            ty: Type::Object {
                fields: vec![
                    field("start", Type::Number, false, ""),
                    field("finish", Type::Number, false, ""),
                ],
            },
        }],
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("dir entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}
