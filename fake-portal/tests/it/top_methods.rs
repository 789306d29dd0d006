//! Top methods of the `im` namespace against the fake portal: it answers in the shape of
//! the page's JSON example (`tests/data/`, the method's wire name), and the answer decodes
//! through the generated type with nothing the docs document left in `extra`; a list's
//! rows come out through its `ListMethod` facts.
//!
//! The other namespaces' top methods need their cargo features in this crate's
//! dev-dependencies; their streaming tests follow the client's `ListMethod` API.

use b24_fake_portal::{FakePortal, Fault};
use bitrix24::api::im::{ChatUserList, DialogMessagesGet};
use bitrix24::client::Client;
use bitrix24::{ListMethod, Method};

fn answer(method: &str) -> String {
    let path = format!("{}/tests/data/{method}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

async fn portal_answering<M: Method>() -> (FakePortal, Client) {
    let portal = FakePortal::start().await.expect("portal starts");
    portal.inject_for(
        M::NAME,
        Fault::Reply {
            status: 200,
            body: answer(M::NAME),
        },
    );
    let client = Client::from_webhook(&portal.webhook_url()).expect("client builds");
    (portal, client)
}

#[tokio::test]
async fn dialog_messages_decode_with_nothing_documented_left_over() {
    let (_portal, client) = portal_answering::<DialogMessagesGet>().await;
    let result = client
        .call(&DialogMessagesGet::new("chat17".to_string()))
        .await
        .expect("im.dialog.messages.get succeeds");
    assert!(result.extra.is_empty(), "left over: {:?}", result.extra);
    assert_eq!(result.chat_id, Some(17));
    let messages = result.messages.expect("messages");
    assert_eq!(messages.len(), 2);
    for m in &messages {
        assert!(m.extra.is_empty(), "left over: {:?}", m.extra);
    }
    assert_eq!(messages[0].id, Some(901));
    assert_eq!(messages[1].unread, Some(false));
    const { assert!(DialogMessagesGet::READ_ONLY) };
}

#[tokio::test]
async fn a_bare_list_gives_its_rows_through_its_paging_facts() {
    let (_portal, client) = portal_answering::<ChatUserList>().await;
    let result = client
        .call(&ChatUserList::new(17))
        .await
        .expect("im.chat.user.list succeeds");
    assert_eq!(ChatUserList::PAGING.rows, None);
    assert_eq!(ChatUserList::rows(result), vec![5, 7, 11]);
    const { assert!(ChatUserList::READ_ONLY) };
}
