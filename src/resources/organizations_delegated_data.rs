//! `data "aws_organizations_delegated_administrators"` (the organization's delegated
//! administrators, of one service or of all) and `data "aws_organizations_delegated_services"`
//! (the services one account administers). Both are read from the management account; their
//! id is the caller's account, as the provider sets it.

use async_trait::async_trait;
use serde_json::{json, Value as Json};

use super::{obj, Ctx, DataSource, Obj, ID};
use crate::cloud::CloudResult;
use crate::schema::{Attr, Schema, Ty};

data_source!(OrganizationsDelegatedAdministrators = "aws_organizations_delegated_administrators", ADMINISTRATORS);
data_source!(OrganizationsDelegatedServices = "aws_organizations_delegated_services", SERVICES);

static ADMINISTRATORS: Schema = Schema {
    attrs: &[
        ID,
        Attr::optional("service_principal", Ty::String),
        // A set of objects: arn, delegation_enabled_date, email, id, joined_method,
        // joined_timestamp, name, status.
        Attr::computed("delegated_administrators", Ty::String),
    ],
    ..Schema::NONE
};

static SERVICES: Schema = Schema {
    attrs: &[
        ID,
        Attr::required("account_id", Ty::String).validate(super::inspector2_enabler::account_id),
        // A set of objects: delegation_enabled_date, service_principal.
        Attr::computed("delegated_services", Ty::String),
    ],
    ..Schema::NONE
};

#[async_trait]
impl DataSource for OrganizationsDelegatedAdministrators {
    fn reads() -> Vec<String> {
        vec!["service_principal".into()]
    }

    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let principal = args.get("service_principal").and_then(Json::as_str);
        let mut admins = ctx.cloud.organizations.list_delegated_administrators(principal).await?;
        admins.sort_by(|a, b| a.id.cmp(&b.id));
        let list: Vec<Json> = admins
            .iter()
            .map(|a| {
                json!({
                    "arn": a.arn, "delegation_enabled_date": a.delegation_enabled_date, "email": a.email,
                    "id": a.id, "joined_method": a.joined_method, "joined_timestamp": a.joined_timestamp,
                    "name": a.name, "status": a.status,
                })
            })
            .collect();
        Ok(obj(
            &ADMINISTRATORS,
            vec![
                ("id", Json::from(ctx.cloud.account_id().await?)),
                ("service_principal", principal.map(Json::from).unwrap_or(Json::Null)),
                ("delegated_administrators", Json::Array(list)),
            ],
        ))
    }
}

#[async_trait]
impl DataSource for OrganizationsDelegatedServices {
    fn reads() -> Vec<String> {
        vec!["account_id".into()]
    }

    async fn read(&self, ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let account = args.get("account_id").and_then(Json::as_str).unwrap_or_default().to_string();
        let mut services = ctx.cloud.organizations.list_delegated_services(&account).await?;
        services.sort_by(|a, b| a.service_principal.cmp(&b.service_principal));
        let list: Vec<Json> = services
            .iter()
            .map(|s| json!({ "delegation_enabled_date": s.delegation_enabled_date, "service_principal": s.service_principal }))
            .collect();
        Ok(obj(
            &SERVICES,
            vec![
                ("id", Json::from(ctx.cloud.account_id().await?)),
                ("account_id", Json::from(account)),
                ("delegated_services", Json::Array(list)),
            ],
        ))
    }
}
