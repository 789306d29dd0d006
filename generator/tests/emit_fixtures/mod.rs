//! Hand-built IR for the emitter tests: the five seed methods, and synthetic APIs.
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
        field("AVATAR", Type::String, false, "Аватар чата в формате строки base64.\n\n{% note tip \"Частые кейсы и сценарии\" %}\n\n- [Как загрузить файлы](../files/how-to-upload-files.md)\n\n{% endnote %}"),
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
