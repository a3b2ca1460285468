//! Preflight: before anyone approves a plan, the organization actions that the account they
//! would run in may not carry out: a delegated administrator designated from an account that
//! is not the organization's management account, or a service's organization set-up changed
//! from an account that is not that service's delegated administrator in that region. Each is
//! said under its action (`ResourceChange::preflight`), decided here once; the renderers only
//! print it.
//!
//! Contract: read-only calls, made once per provider configuration, region and role (so a plan
//! over many regions costs a few calls per region, none when no change needs a role); an
//! administrator the same plan designates counts as designated (apply orders the designation
//! first); a check that cannot be made says so instead of guessing; nothing fails the plan.

use std::collections::{BTreeMap, BTreeSet};

use super::{Action, Planner, ResourceChange};
use crate::cloud::ErrorKind;
use crate::resources::{self, OrgRole};
use crate::services::Account;

/// What each service that has a delegated administrator is called in words.
fn service_name(service: &str) -> &str {
    match service {
        "inspector2" => "Amazon Inspector",
        "guardduty" => "Amazon GuardDuty",
        "securityhub" => "AWS Security Hub",
        other => other,
    }
}

/// Fills `preflight` on every change of `changes` whose account may not carry it out.
pub(super) async fn check(planner: &Planner<'_>, changes: &mut [ResourceChange]) {
    let acting = |c: &ResourceChange| {
        matches!(c.action, Action::Create | Action::Update | Action::Delete | Action::Replace { .. })
    };
    // The administrators this plan designates: (service, account, region).
    let mut designated: BTreeSet<(&'static str, String, String)> = BTreeSet::new();
    for c in changes.iter().filter(|c| acting(c) && c.action != Action::Delete) {
        // Only the management account's designations name an administrator; the planned
        // object of any other change is not converted (a plan may hold thousands).
        let Some(rt) = resources::resource_type(&c.addr.type_name).filter(|rt| rt.org_role() == OrgRole::Management)
        else {
            continue;
        };
        let planned: crate::resources::Obj =
            c.after.iter().filter_map(|(k, v)| Some((k.clone(), v.to_json()?))).collect();
        if let Some((service, account)) = rt.designates(&planned) {
            designated.insert((service, account, c.region.clone()));
        }
    }
    let mut verdicts: BTreeMap<(String, String, OrgRole), Option<String>> = BTreeMap::new();
    for c in changes.iter_mut().filter(|c| acting(c)) {
        let Some(rt) = resources::resource_type(&c.addr.type_name) else { continue };
        let role = rt.org_role();
        if role == OrgRole::Anyone {
            continue;
        }
        let key = (c.provider.clone(), c.region.clone(), role);
        if !verdicts.contains_key(&key) {
            let cloud = planner.clouds.get(&c.provider);
            let verdict = standing(cloud, &c.region, role, &designated).await;
            verdicts.insert(key.clone(), verdict);
        }
        c.preflight = verdicts.get(&key).cloned().flatten();
    }
}

/// Why the account `cloud` reaches may not act as `role` in `region`; `None` when it may.
async fn standing(
    cloud: &Account,
    region: &str,
    role: OrgRole,
    designated: &BTreeSet<(&'static str, String, String)>,
) -> Option<String> {
    let account = match cloud.sts.account_id().await {
        Ok(a) => a,
        Err(e) => return Some(format!("could not be checked before apply: {}", e.message)),
    };
    match role {
        OrgRole::Anyone => None,
        OrgRole::Management => match cloud.organizations.describe_organization().await {
            Ok(Some(org)) if org.master_account_id == account => None,
            Ok(Some(org)) => Some(format!(
                "account {account} cannot do this: only the organization's management account ({}) can",
                org.master_account_id
            )),
            Ok(None) => Some(format!("account {account} cannot do this: it is in no organization")),
            Err(e) => Some(format!("could not be checked before apply: {}", e.message)),
        },
        OrgRole::DelegatedAdmin(service) => {
            if designated.contains(&(service, account.clone(), region.to_string())) {
                return None;
            }
            let probe = match service {
                // Only the delegated administrator may read the organization configuration.
                "inspector2" => cloud.inspector2.describe_org_config(region).await.map(|_| ()),
                // GuardDuty's is read with the caller's detector: without one yet, nothing to ask.
                "guardduty" => match cloud.guardduty.list_detectors(region).await {
                    Ok(ids) => match ids.first() {
                        Some(id) => cloud.guardduty.describe_organization_configuration(region, id).await.map(|_| ()),
                        None => return None,
                    },
                    Err(e) => Err(e),
                },
                // Only the delegated administrator may read the organization configuration.
                "securityhub" => cloud.securityhub.describe_organization_configuration(region).await.map(|_| ()),
                _ => return None,
            };
            match probe {
                Ok(()) => None,
                Err(e) if e.kind == ErrorKind::AccessDenied => Some(format!(
                    "account {account} cannot do this: only {}'s delegated administrator in {region} can (the \
                     organization's management account designates it)",
                    service_name(service),
                )),
                Err(e) => Some(format!("could not be checked before apply: {}", e.message)),
            }
        }
    }
}
