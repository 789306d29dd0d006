//! The extractor never panics, whatever the page holds: pages are assembled from
//! fragments of the real syntax in random order and random cuts.

use crate::support;

use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "# Метод a.b.c\n",
    "# \n",
    "## Параметры метода\n",
    "## Обработка ответа\n",
    "## Обработка ошибок\n",
    "## Примеры кода\n",
    "### Параметр fields {#fields}\n",
    "#|\n",
    "|#\n",
    "|| **Название**\n`тип` | **Описание** ||\n",
    "|| **fields***\n[`object`](x) | См. [поля](#fields) ||\n",
    "|| **a.b[].c**\n`integer[]` | - `1` — один\n- `2` — два ||\n",
    "|| **x****\n`char` | `Y` или `N` ||\n",
    "|| **Код** | **Описание** ||\n",
    "|| `ERR` | x ||\n",
    "```json\n{\"result\": [1, {\"a\": null}], \"total\": 3}\n```\n",
    "```json\n{\"result\": \n```\n",
    "{% list tabs %}\n\n- JS\n\n    ```js\n    BX24.callMethod('a.b', {x: [1, 'y',]});\n    ```\n\n{% endlist %}\n",
    "    curl -d '{\"a\":' https://x/rest/a.b\n",
    "$b24.actions.v2.call.make<R<T>>({ method: 'a', params: { z: 1 } })\n",
    "type R = { a: number; b: string[] | null }\n",
    "> Scope: [`im`](x), `crm`\n>\n> Кто может выполнять метод: все\n",
    "{% note warning \"DEPRECATED\" %}\n\nРазвитие метода остановлено. Используйте [a.c](x)\n\n{% endnote %}\n",
    "- `A` — a\n- B\n",
    "\\<x\\> ` ** * ^*^ [ ] ( ) | \\| — –\n",
    "\n",
];

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec((0..FRAGMENTS.len(), 0usize..80), 0..24).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(i, cut)| {
                let f = FRAGMENTS[i];
                // Cut some fragments short, at a character boundary.
                let end = (0..=f.len().min(cut.max(1) * 4))
                    .rev()
                    .find(|&e| f.is_char_boundary(e))
                    .unwrap_or(0);
                if cut % 3 == 0 { &f[..end] } else { f }.to_string()
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics(text in page()) {
        let _ = support::run_str("api-reference/x/page.md", &text);
    }

    #[test]
    fn lenient_json_never_panics(text in "[\\[\\]{}()'\",:0-9a-z.\\-/ \n=>]{0,64}") {
        let _ = b24_codegen::extract::json::parse_lenient(&text);
        let _ = b24_codegen::extract::examples::params(&text);
    }
}
