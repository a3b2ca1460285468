//! Calling a resource type's verbs for one step of an apply, and holding what they return to
//! the plan. The verbs send and return every tag (`tags_all`); state keeps them split again.

use std::collections::BTreeMap;

use crate::cloud::CloudError;
use crate::lang::Value;
use crate::plan::tags::TagPolicy;
use crate::resources::{self, Ctx, Obj};

use super::Step;

/// The arguments of `got` that differ from their known `planned` values (see
/// `Run::inconsistent_result`), each worded as Terraform does (`.name: was …, but now …`); a
/// sensitive one is named, its values never shown.
pub(super) fn inconsistencies(
    schema: &crate::schema::Schema,
    planned: &BTreeMap<String, Value>,
    sensitive: &[String],
    got: &Obj,
) -> Vec<String> {
    schema
        .attrs
        .iter()
        .filter(|a| a.configurable() && !a.shared && a.name != "region")
        .filter_map(|a| {
            let want = planned.get(a.name)?.to_json()?;
            let now = got.get(a.name).cloned().unwrap_or(serde_json::Value::Null);
            if crate::schema::same(a, &want, &now) {
                return None;
            }
            Some(if a.sensitive || sensitive.iter().any(|s| s == a.name) {
                format!(".{}: inconsistent values for sensitive attribute", a.name)
            } else {
                format!(".{}: was {}, but now {}", a.name, brief(&want), brief(&now))
            })
        })
        .collect()
}

/// A value for a message, cut at 60 characters.
fn brief(v: &serde_json::Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// Calls the verb of `step` for an object of type `type_name`: `obj` is the planned object
/// (the read's arguments), `prior` the stored one. Verbs send and return every tag
/// (`tags_all`); state keeps them split again. The new object to record, if any.
pub(super) async fn call_verb(
    step: Step,
    type_name: &str,
    ctx: &Ctx<'_>,
    tags: &TagPolicy,
    obj: Obj,
    prior: Option<Obj>,
    deposed: &[Obj],
) -> Result<Option<Obj>, CloudError> {
    let own = obj.get("tags").cloned();
    let rt = resources::resource_type(type_name);
    match (step, rt) {
        (Step::Create, Some(rt)) => {
            let planned = tags.outgoing(rt.schema(), &obj);
            let made = match rt.create(ctx, &planned).await {
                Err(e) if e.kind == crate::cloud::ErrorKind::AlreadyExists => {
                    adopt_lost_create(rt, ctx, &planned).await.ok_or(e)
                }
                other => other,
            };
            made.map(|o| Some(tags.incoming(rt.schema(), o, own.as_ref(), None)))
        }
        (Step::Update, Some(rt)) => {
            let (before, after) = (prior.unwrap_or_default(), tags.outgoing(rt.schema(), &obj));
            rt.update(ctx, &tags.outgoing(rt.schema(), &before), &after)
                .await
                .map(|o| Some(tags.incoming(rt.schema(), o, own.as_ref(), None)))
        }
        (Step::Delete, Some(rt)) => match prior {
            Some(p) => rt.delete(ctx, &p).await.map(|_| None),
            None => Ok(None),
        },
        (Step::Read, _) => match resources::data_source(type_name) {
            Some(ds) => ds.read(ctx, &obj).await.map(|o| Some(tags.read_by_data_source(ds.schema(), o))),
            None => Ok(None),
        },
        (Step::DeleteDeposed, Some(rt)) => delete_all(rt, ctx, deposed).await.map(|_| None),
        _ => Ok(None),
    }
}

/// Deletes each deposed object in turn; stops at the first failure.
async fn delete_all(rt: &dyn resources::ResourceType, ctx: &Ctx<'_>, objects: &[Obj]) -> Result<(), CloudError> {
    for old in objects {
        rt.delete(ctx, old).await?;
    }
    Ok(())
}

/// True when a failed call may still have taken effect: AWS did not refuse it outright.
pub(super) fn unknown_outcome(e: &CloudError) -> bool {
    use crate::cloud::ErrorKind::*;
    matches!(e.kind, Other) && e.code != "InjectedFault"
}

/// After "already exists" on a create: the object the planned identity names, adopted when
/// its settings are the planned ones (the create's own call had succeeded and its response was
/// lost, or a retry met it), then brought to the planned object in full (`update`). Anything
/// else is a real conflict: `None`, and the create fails as AWS said.
async fn adopt_lost_create(rt: &dyn resources::ResourceType, ctx: &Ctx<'_>, planned: &Obj) -> Option<Obj> {
    let (id, live) = match rt.identity(planned) {
        Some(id) => {
            let live = rt.read(ctx, &rt.import_prior(&id)?).await.ok()??;
            (id, live)
        }
        // AWS chose the id: the type looks the object up by what the configuration names.
        None => {
            let live = rt.find_made(ctx, planned).await.ok()??;
            (live.get("name").and_then(serde_json::Value::as_str).unwrap_or("the object").to_string(), live)
        }
    };
    // `region` says where the object is (it was looked up there), not what it is.
    let compared = |a: &&crate::schema::Attr| a.configurable() && a.name != "tags_all" && a.name != "region";
    let matches = rt.schema().attrs.iter().filter(compared).all(|a| match planned.get(a.name) {
        None | Some(serde_json::Value::Null) => true,
        Some(p) => live.get(a.name).is_some_and(|l| crate::schema::same(a, p, l)),
    });
    if !matches {
        return None;
    }
    (ctx.log)(&format!("{id} already exists as planned (an earlier attempt made it); adopting it"));
    rt.update(ctx, &live, planned).await.ok()
}
