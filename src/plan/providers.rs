//! Provider blocks evaluated into connection settings: which accounts a run talks to, how
//! (region, profile, assume_role, endpoints), and the region of every provider.

use std::collections::BTreeMap;

use super::world::World;
use crate::cloud::aws::{AssumeRole, AwsSettings};
use crate::config::{self, Config};
use crate::diag::{Diag, Diags};
use crate::lang::{eval, Value};
use crate::services::connect::ProviderSettings;
use crate::services::Clouds;

/// Evaluates the provider blocks; mistakes go to `diags`, pointing at the value.
pub fn from_config(
    config: &Config,
    vars: &BTreeMap<String, Value>,
    debug: bool,
    diags: &mut Diags,
) -> ProviderSettings {
    let world = World::new(config, vars);
    let text = |e: &Option<config::Expr>, diags: &mut Diags| -> Option<String> {
        let e = e.as_ref()?;
        match eval(&e.expr, e.file, &world, diags) {
            Value::String(s) if !s.is_empty() => Some(s),
            Value::Null(_) => None,
            other => {
                diags.push(
                    Diag::error("baseline::provider::value", format!("expected a string, got {}", other.type_name()))
                        .at(e.span, "not a string"),
                );
                None
            }
        }
    };
    let settings_of = |pc: &config::ProviderConfig, diags: &mut Diags| {
        let mut s = AwsSettings { debug, ..AwsSettings::default() };
        s.region = text(&pc.region, diags);
        s.profile = text(&pc.profile, diags);
        if let Some(ar) = &pc.assume_role {
            s.assume_role = Some(AssumeRole {
                role_arn: text(&ar.get("role_arn").cloned(), diags).unwrap_or_default(),
                session_name: text(&ar.get("session_name").cloned(), diags),
                external_id: text(&ar.get("external_id").cloned(), diags),
            });
        }
        for (k, e) in &pc.endpoints {
            if let Some(url) = text(&Some(e.clone()), diags) {
                s.endpoints.insert(k.clone(), url);
            }
        }
        s
    };
    let mut out = ProviderSettings { default: AwsSettings { debug, ..AwsSettings::default() }, aliases: Vec::new() };
    for pc in &config.providers {
        match &pc.alias {
            None => out.default = settings_of(pc, diags),
            Some(a) if pc.profile.is_some() || pc.assume_role.is_some() || !pc.endpoints.is_empty() => {
                out.aliases.push((a.clone(), settings_of(pc, diags)));
            }
            Some(_) => {}
        }
    }
    out
}

/// Refuses credentials of the wrong account before anything is read or changed: for each
/// provider block with `allowed_account_ids` or `forbidden_account_ids`, the account its
/// connection belongs to (STS `GetCallerIdentity`) must be allowed and not forbidden.
pub async fn check_accounts(config: &Config, vars: &BTreeMap<String, Value>, clouds: &Clouds, diags: &mut Diags) {
    let world = World::new(config, vars);
    for pc in &config.providers {
        if pc.allowed_account_ids.is_none() && pc.forbidden_account_ids.is_none() {
            continue;
        }
        let list = |e: &Option<config::Expr>, diags: &mut Diags| -> Option<Vec<String>> {
            let e = e.as_ref()?;
            match eval(&e.expr, e.file, &world, diags) {
                Value::List(items) => Some(items.iter().filter_map(Value::as_template_string).collect()),
                _ => {
                    diags.push(
                        Diag::error("baseline::provider::accounts", "expected a list of account ids")
                            .at(e.span, "not a list"),
                    );
                    None
                }
            }
        };
        let allowed = list(&pc.allowed_account_ids, diags);
        let forbidden = list(&pc.forbidden_account_ids, diags).unwrap_or_default();
        let name = super::provider_name(pc.alias.as_deref());
        let account = match clouds.get(&name).account_id().await {
            Ok(a) => a,
            Err(e) => {
                diags.push(
                    Diag::error("baseline::provider::accounts", format!("cannot tell which account {name} uses: {e}"))
                        .at(pc.span, "account check"),
                );
                continue;
            }
        };
        let refused = if forbidden.contains(&account) {
            Some(format!("account {account} is in `forbidden_account_ids`"))
        } else {
            allowed
                .filter(|a| !a.contains(&account))
                .map(|a| format!("account {account} is not in `allowed_account_ids` ({})", a.join(", ")))
        };
        if let Some(why) = refused {
            diags.push(
                Diag::error(
                    "baseline::provider::accounts",
                    format!("the credentials of {name} are for the wrong account: {why}"),
                )
                .at(pc.span, "refused before any change")
                .help("use credentials for an allowed account, or change the list"),
            );
        }
    }
}
