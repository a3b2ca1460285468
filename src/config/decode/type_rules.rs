//! Type-specific rules; to move into the schema. The rules that hold for one resource type
//! only, kept together so they can be lifted out by one edit: an event rule's deprecated
//! `is_enabled` (read while decoding, by [`super::resource`]) and roles whose policies are
//! also managed by other resources (checked with the module, by [`super::module_checks`]).
//! Contract: each rule names the type it is for and does what the AWS provider does for it.

use hcl_edit::expr::Expression;
use hcl_edit::structure::Attribute;

use super::{expr, sp};
use crate::addr::{Address, Mode};
use crate::config::{Config, ResourceConfig};
use crate::diag::{Diag, Diags, FileId};
use crate::lang::RefTarget;

/// Whether the argument `key` of the block at `addr` is read by a type rule below rather than
/// by the schema: an event rule's deprecated `is_enabled`.
pub(super) fn is_type_rule_arg(addr: &Address, key: &str) -> bool {
    key == "is_enabled" && addr.type_name == "aws_cloudwatch_event_rule" && addr.mode == Mode::Managed
}

/// The provider's deprecated `is_enabled` on an event rule: read as
/// `state = is_enabled ? "ENABLED" : "DISABLED"`, with a deprecation warning; setting both is
/// an error, as in the provider.
pub(super) fn is_enabled_to_state(file: FileId, a: &Attribute, r: &mut ResourceConfig, diags: &mut Diags) {
    diags.push(
        Diag::warning("baseline::config::deprecated", "`is_enabled` is deprecated: use `state`")
            .at(sp(file, a), "deprecated argument")
            .help("write `state = \"ENABLED\"` or `state = \"DISABLED\"`; this is read as `state = is_enabled ? \"ENABLED\" : \"DISABLED\"`"),
    );
    if let Some(state) = r.attrs.get("state") {
        diags.push(
            Diag::error("baseline::config::conflict", "`is_enabled` and `state` cannot both be set")
                .at(state.span, "`is_enabled` is set too")
                .help("remove `is_enabled` (deprecated)"),
        );
        return;
    }
    let cond =
        hcl_edit::expr::Conditional::new(a.value.clone(), Expression::from("ENABLED"), Expression::from("DISABLED"));
    let mut e = expr(file, a);
    e.expr = Expression::Conditional(Box::new(cond));
    r.attrs.insert("state".into(), e);
}

/// A role that declares `inline_policy` blocks manages all of its inline policies, and one
/// that declares `managed_policy_arns` all of its attachments, so an `aws_iam_role_policy`
/// (an `aws_iam_role_policy_attachment`) for the same role is undone by it on every apply,
/// and the other way round, as in the provider: a warning naming both.
pub(super) fn check_exclusive_policies(config: &Config, diags: &mut Diags) {
    let kinds = [
        (
            "aws_iam_role_policy",
            "declares `inline_policy` blocks, which manage all of its inline policies",
            "its `inline_policy` blocks, or `aws_iam_role_policy` resources",
        ),
        (
            "aws_iam_role_policy_attachment",
            "declares `managed_policy_arns`, which manages all of its attached policies",
            "its `managed_policy_arns`, or `aws_iam_role_policy_attachment` resources",
        ),
    ];
    for (other, what, choice) in kinds {
        let exclusive: Vec<&ResourceConfig> = config
            .resources
            .iter()
            .filter(|r| r.addr.type_name == "aws_iam_role")
            .filter(|r| match other {
                "aws_iam_role_policy" => r.blocks.get("inline_policy").is_some_and(|b| !b.is_empty()),
                _ => r.attrs.contains_key("managed_policy_arns"),
            })
            .collect();
        for p in config.resources.iter().filter(|r| r.addr.type_name == other) {
            let Some(role) = p.attrs.get("role") else { continue };
            for rf in role.references(&mut Diags::new()) {
                let RefTarget::Object(a) = &rf.target else { continue };
                let abs = a.in_module(&config.steps());
                if let Some(r) = exclusive.iter().find(|r| r.addr == abs) {
                    diags.push(
                        Diag::warning(
                            "baseline::config::exclusive_policies",
                            format!(
                                "`{}` {what}, and `{}` adds one to it: each apply undoes the other",
                                r.addr, p.addr
                            ),
                        )
                        .at(role.span, "the same role")
                        .help(format!("keep the role's policies in one place: {choice}")),
                    );
                }
            }
        }
    }
}
