//! `terraform_data`: Terraform's built-in managed resource (provider
//! `terraform.io/builtin/terraform`, since Terraform 1.4). It keeps a value in the state and
//! calls nothing: `input` is copied to `output` by apply, `id` is a new UUID per object, and a
//! change of `triggers_replace` replaces the object (so whatever `replace_triggered_by` names
//! it is replaced too).

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value as Json;

use super::{Ctx, Obj, Resource};
use crate::cloud::CloudResult;
use crate::schema::{Attr, Schema, Ty};

resource_type!(TerraformData = "terraform_data");

/// The provider address Terraform records for its built-in resources.
pub const PROVIDER: &str = "terraform.io/builtin/terraform";

static SCHEMA: Schema = Schema {
    attrs: &[
        // Terraform plans the id unknown but not null.
        Attr::computed("id", Ty::String).not_null(),
        Attr::optional("input", Ty::Dynamic),
        Attr::computed("output", Ty::Dynamic).mirrors("input"),
        Attr::optional("triggers_replace", Ty::Dynamic).force_new(),
    ],
    ..Schema::NONE
};

/// What the verbs read: the whole object is kept as planned, so nothing is typed.
#[derive(Deserialize)]
pub struct Args {}

/// `planned` as stored: `output` is `input`, `id` the given one.
fn stored(planned: &Obj, id: Json) -> Obj {
    let mut o = planned.clone();
    o.insert("id".into(), id);
    o.insert("output".into(), planned.get("input").cloned().unwrap_or(Json::Null));
    o
}

#[async_trait]
impl Resource for TerraformData {
    fn reads() -> Vec<String> {
        vec!["input".into()]
    }

    /// The object lives in the state only: it is as stored.
    async fn read(&self, _ctx: &Ctx<'_>, prior: &Obj) -> CloudResult<Option<Obj>> {
        Ok(Some(prior.clone()))
    }

    /// A new UUID, as Terraform's `go-uuid` makes one.
    async fn create(&self, _ctx: &Ctx<'_>, planned: &Obj) -> CloudResult<Obj> {
        Ok(stored(planned, Json::from(uuid::Uuid::new_v4().to_string())))
    }

    async fn update(&self, _ctx: &Ctx<'_>, prior: &Obj, planned: &Obj) -> CloudResult<Obj> {
        Ok(stored(planned, prior.get("id").cloned().unwrap_or(Json::Null)))
    }

    async fn delete(&self, _ctx: &Ctx<'_>, _prior: &Obj) -> CloudResult<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::resources::{resource_type, Ctx};
    use serde_json::json;

    #[tokio::test]
    async fn apply_copies_input_to_output_and_keeps_the_id_on_update() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let sandbox = crate::services::sandbox::Sandbox::open(&dir.path().join("s.json")).expect("a sandbox");
        let cloud = crate::services::Account::from(sandbox);
        let ctx = Ctx::for_tests(&cloud);
        let rt = resource_type("terraform_data").expect("registered");
        let planned = json!({"id": null, "input": {"a": [1, "x"]}, "output": null, "triggers_replace": null});
        let planned = planned.as_object().cloned().unwrap_or_default();
        let made = rt.create(&ctx, &planned).await.expect("created");
        assert_eq!(made["output"], json!({"a": [1, "x"]}));
        let id = made["id"].as_str().expect("an id").to_string();
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
        let mut next = made.clone();
        next.insert("input".into(), json!("b"));
        let updated = rt.update(&ctx, &made, &next).await.expect("updated");
        assert_eq!((updated["id"].as_str(), &updated["output"]), (Some(id.as_str()), &json!("b")));
        assert_eq!(rt.read(&ctx, &updated).await.expect("read"), Some(updated.clone()));
    }
}
