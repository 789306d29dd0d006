//! Method detection on titles worded as other editions and older snapshots word them: the
//! name anywhere in the H1, confirmed or found by the example calls. Titles written for
//! the test, in English and Russian.

use crate::support;

use b24_codegen::extract::{Outcome, SkipReason};
use support::run_str;

const BODY: &str = r#"
## Parameters

#|
|| **Name**
`type` | **Description** ||
|| **id**
[`integer`](../data-types.md) | Identifier ||
|#

## Example

```js
CALL
```
"#;

fn page(h1: &str, call: &str) -> String {
    format!("# {h1}\n{}", BODY.replace("CALL", call))
}

fn detected(h1: &str, call: &str) -> Result<(String, String), SkipReason> {
    match run_str("api-reference/test/page.md", &page(h1, call)).0 {
        Outcome::Method(m) => Ok((m.name, m.title)),
        Outcome::Skipped { reason, .. } => Err(reason),
    }
}

const NO_CALL: &str = "console.log(1);";

#[test]
fn the_title_alone_names_the_method_at_its_start() {
    for (h1, title) in [
        ("Method zoo.cage.open: opens a cage", "opens a cage"),
        ("Метод zoo.cage.open: открывает клетку", "открывает клетку"),
        ("zoo.cage.open — open a cage", "open a cage"),
        ("zoo.cage.open - открыть клетку", "открыть клетку"),
        ("`zoo.cage.open`", ""),
        ("zoo.cage.open", ""),
        ("Open a cage zoo.cage.open", "Open a cage"),
        ("Открыть клетку `zoo.cage.open`", "Открыть клетку"),
    ] {
        assert_eq!(
            detected(h1, NO_CALL),
            Ok(("zoo.cage.open".to_string(), title.to_string())),
            "{h1}"
        );
    }
}

#[test]
fn a_name_in_the_middle_of_the_title_needs_an_example_call() {
    let h1 = "Open zoo.cage.open for visitors";
    assert_eq!(detected(h1, NO_CALL), Err(SkipReason::NoMethod));
    for call in [
        "BX24.callMethod('zoo.cage.open', {id: 1});",
        "CRest::call('zoo.cage.open', ['id' => 1]);",
        "$b24->call('zoo.cage.open', ['id' => 1]);",
        "curl -X POST https://portal.example/rest/1/secret/zoo.cage.open.json -d 'id=1'",
        "curl https://portal.example/rest/zoo.cage.open?id=1",
    ] {
        assert_eq!(
            detected(h1, call).map(|(name, _)| name),
            Ok("zoo.cage.open".to_string()),
            "{call}"
        );
    }
}

#[test]
fn with_two_names_in_the_title_the_called_one_wins() {
    let h1 = "Открыть клетку zoo.cage.open вместо zoo.cage.unlock днём";
    assert_eq!(
        detected(h1, "BX24.callMethod('zoo.cage.unlock', {});").map(|(n, _)| n),
        Ok("zoo.cage.unlock".to_string())
    );
    // The name ending the title is the method whatever the calls say (rule R1).
    let h1 = "Открыть клетку zoo.cage.open вместо zoo.cage.unlock";
    assert_eq!(
        detected(h1, "BX24.callMethod('zoo.cage.open', {});").map(|(n, _)| n),
        Ok("zoo.cage.unlock".to_string())
    );
}

#[test]
fn articles_that_mention_methods_stay_articles() {
    // A guide showing calls of methods its title does not name is not a method page.
    assert_eq!(
        detected(
            "Как кормить животных",
            "BX24.callMethod('zoo.cage.open', {});"
        ),
        Err(SkipReason::NoMethod)
    );
    // A name in the middle of a title that no call confirms.
    assert_eq!(
        detected(
            "How zoo.cage.open and zoo.cage.close share a lock",
            "BX24.callMethod('zoo.keeper.get', {});"
        ),
        Err(SkipReason::NoMethod)
    );
    // A version, not a method.
    assert_eq!(detected("zoo.v2 — обзор", NO_CALL), Err(SkipReason::Index));
}
