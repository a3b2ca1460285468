//! The conformance test every state store must pass: what a run relies on, checked through the
//! [`StateStore`] interface only. Call [`check`] from the store's own tests with a way to open
//! the store afresh (as a second process would).

use super::store::StateStore;
use super::{ResourceState, State, StateError};
use crate::addr::{Address, Mode};

/// A small stored object named `name`.
pub(crate) fn resource(name: &str) -> ResourceState {
    ResourceState {
        address: Address::managed("aws_iam_role", name),
        mode: Mode::Managed,
        type_name: "aws_iam_role".into(),
        name: name.into(),
        provider: "aws".into(),
        region: "us-east-1".into(),
        attributes: serde_json::Map::from_iter([("name".to_string(), serde_json::Value::from(name))]),
        dependencies: vec![],
        deposed: vec![],
        sensitive: vec![],
        terraform: Default::default(),
    }
}

/// Runs the conformance checks against an empty store; `open` opens the same store again (a
/// second handle, as another run would have). Panics, naming the broken promise, on failure.
pub async fn check(open: &(dyn Fn() -> Box<dyn StateStore> + Sync)) {
    let store = open();
    assert!(store.read().await.expect("read an empty store").is_none(), "a new store holds no state");

    // Whole writes, read back exactly, by another handle too.
    let mut state = State::new();
    state.serial = 1;
    state.put(resource("a"));
    store.write(&state).await.expect("first write");
    let again = open();
    let read = again.read().await.expect("read after write").expect("a state after write");
    assert_eq!(read.lineage, state.lineage, "lineage survives a round trip");
    assert_eq!(read.serial, 1, "serial survives a round trip");
    assert!(read.same_content(&state), "content survives a round trip");

    // A backup keeps the stored version; the next write replaces the state, not the backup.
    store.backup().await.expect("backup");
    state.serial = 2;
    state.put(resource("b"));
    store.write(&state).await.expect("second write");
    let read = again.read().await.expect("read").expect("state");
    assert_eq!((read.serial, read.resources.len()), (2, 2), "a write replaces the whole state");

    // One lock at a time, naming its holder; released on drop.
    let held = store.lock("apply", "alice@ci").await.expect("take the lock");
    assert_eq!((held.info().operation.as_str(), held.info().who.as_str()), ("OperationTypeApply", "alice@ci"));
    match again.lock("plan", "bob@laptop").await {
        Err(StateError::Locked { holder, .. }) => {
            assert!(
                holder.contains("OperationTypeApply") && holder.contains("alice@ci"),
                "the refusal names the holder: {holder}"
            )
        }
        other => panic!("a second lock must be refused while one is held, got {other:?}"),
    }
    assert!(again.read().await.is_ok(), "reading needs no lock");
    drop(held);
    let relocked = again.lock("plan", "bob@laptop").await.expect("the lock is free once its guard drops");
    drop(relocked);
}
