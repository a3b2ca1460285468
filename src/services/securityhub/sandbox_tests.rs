//! Sandbox tests of Security Hub.

use super::*;
use crate::cloud::ErrorKind;
use crate::services::sandbox::Sandbox;
use crate::services::sandbox_tests::*;

fn sh(sb: &Sandbox) -> &dyn SecurityHub {
    sb
}

const MEMBER: &str = "210987654321";

fn fsbp(region: &str) -> String {
    standard_arn("aws", region, "aws-foundational-security-best-practices/v/1.0.0")
}

/// Nothing works before the hub is enabled; enabling twice is a conflict; the default
/// standards come with it unless declined; disabling takes everything with it.
#[tokio::test]
async fn the_hub_gates_every_call_and_brings_the_default_standards() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    assert!(sh(&sb).describe_hub(REGION).await.unwrap().is_none());
    let e = sh(&sb).enabled_standards(REGION).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "InvalidAccessException"));
    assert!(e.message.contains("not subscribed to AWS Security Hub"), "{e}");

    sh(&sb).enable_hub(REGION, true, None, &Tags::new()).await.unwrap();
    let hub = sh(&sb).describe_hub(REGION).await.unwrap().unwrap();
    assert_eq!(hub.arn, format!("arn:aws:securityhub:{REGION}:{ACCOUNT_ID}:hub/default"));
    assert!(hub.auto_enable_controls);
    assert_eq!(hub.control_finding_generator, "SECURITY_CONTROL");
    let e = sh(&sb).enable_hub(REGION, true, None, &Tags::new()).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AlreadyExists, "{e}");
    let mut standards: Vec<String> =
        sh(&sb).enabled_standards(REGION).await.unwrap().into_iter().map(|s| s.standards_arn).collect();
    standards.sort();
    let mut want = [fsbp(REGION), "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0".to_string()];
    want.sort();
    assert_eq!(standards, want);
    // The service-linked role came with it.
    assert!(iam(&sb).get_role("AWSServiceRoleForSecurityHub").await.unwrap().is_some());

    // Enabling an enabled standard answers its subscription; another region's ARN is refused.
    let s = sh(&sb).enable_standard(REGION, &fsbp(REGION)).await.unwrap();
    assert_eq!(
        s.arn,
        format!(
            "arn:aws:securityhub:{REGION}:{ACCOUNT_ID}:subscription/aws-foundational-security-best-practices/v/1.0.0"
        )
    );
    let e = sh(&sb).enable_standard(REGION, &fsbp("eu-west-1")).await.unwrap_err();
    assert_eq!(e.code, "InvalidInputException", "{e}");

    // A control: disabling needs a reason; the status is read back with it.
    let control = format!(
        "arn:aws:securityhub:{REGION}:{ACCOUNT_ID}:control/aws-foundational-security-best-practices/v/1.0.0/IAM.6"
    );
    let e = sh(&sb).update_standards_control(REGION, &control, "DISABLED", None).await.unwrap_err();
    assert_eq!(e.code, "InvalidInputException", "{e}");
    sh(&sb).update_standards_control(REGION, &control, "DISABLED", Some("hardware MFA in the vault")).await.unwrap();
    let controls = sh(&sb).standards_controls(REGION, &s.arn).await.unwrap();
    let c = controls.iter().find(|c| c.arn == control).unwrap();
    assert_eq!(
        (c.status.as_str(), c.disabled_reason.as_str(), c.severity.as_str()),
        ("DISABLED", "hardware MFA in the vault", "CRITICAL")
    );
    let bogus = control.replace("IAM.6", "not-a-control");
    assert_eq!(
        sh(&sb).update_standards_control(REGION, &bogus, "ENABLED", None).await.unwrap_err().kind,
        ErrorKind::NotFound
    );

    // One aggregator per account, whatever the region; the modes' rules on regions.
    let e = sh(&sb).create_aggregator(REGION, "SPECIFIED_REGIONS", &[]).await.unwrap_err();
    assert_eq!(e.code, "InvalidInputException", "{e}");
    let agg = sh(&sb).create_aggregator(REGION, "ALL_REGIONS", &[]).await.unwrap();
    sh(&sb).enable_hub("eu-west-1", false, None, &Tags::new()).await.unwrap();
    assert!(sh(&sb).enabled_standards("eu-west-1").await.unwrap().is_empty(), "defaults declined");
    let e = sh(&sb).create_aggregator("eu-west-1", "ALL_REGIONS", &[]).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AlreadyExists, "{e}");
    assert_eq!(sh(&sb).list_aggregators("eu-west-1").await.unwrap(), std::slice::from_ref(&agg));

    // Custom actions: the id names the ARN; names are at most 20 characters.
    let e = sh(&sb).create_action_target(REGION, "bad id", "n", "d").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    let action = sh(&sb).create_action_target(REGION, "SendToTicket", "Send to ticket", "d").await.unwrap();
    assert!(action.ends_with(":action/custom/SendToTicket"), "{action}");

    sh(&sb).disable_hub(REGION).await.unwrap();
    assert!(sh(&sb).describe_hub(REGION).await.unwrap().is_none());
    sh(&sb).enable_hub(REGION, false, None, &Tags::new()).await.unwrap();
    assert!(sh(&sb).enabled_standards(REGION).await.unwrap().is_empty(), "standards went with the hub");
    assert!(sh(&sb).describe_action_target(REGION, &action).await.unwrap().is_none());
    assert!(sh(&sb).get_aggregator(REGION, &agg).await.unwrap().is_none());
}

/// The management account designates the administrator, whose hub counts as enabled; only the
/// administrator sets the organization configuration; central configuration needs an
/// aggregator; members outside the organization are invited and accept in their own account.
#[tokio::test]
async fn the_organization_is_set_up_by_its_management_account_and_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let management_path = dir.path().join("account.json");
    let management = open(&dir);
    let member_path = crate::services::connect::member_file(&management_path, MEMBER);
    let member =
        Sandbox::open_account(&member_path, MEMBER).unwrap().in_organization(&management_path).with_faults(vec![]);

    // A member may not designate; an account outside the organization may not be designated.
    let e = sh(&member).enable_organization_admin(REGION, MEMBER).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    let e = sh(&management).enable_organization_admin(REGION, "999999999999").await.unwrap_err();
    assert_eq!(e.code, "InvalidInputException", "{e}");
    // Before designation the member has no hub and is not the administrator.
    assert!(sh(&member).describe_hub(REGION).await.unwrap().is_none());
    sh(&management).enable_organization_admin(REGION, MEMBER).await.unwrap();
    assert_eq!(
        sh(&management).list_organization_admins(REGION).await.unwrap(),
        [(MEMBER.to_string(), "ENABLED".to_string())]
    );
    assert!(sh(&member).describe_hub(REGION).await.unwrap().is_some(), "designation enables the administrator's hub");
    let e = sh(&member).disable_hub(REGION).await.unwrap_err();
    assert!(e.message.contains("Cannot disable Security Hub on the Security Hub administrator"), "{e}");

    // The organization configuration: the administrator only.
    sh(&management).enable_hub(REGION, true, None, &Tags::new()).await.unwrap();
    let e = sh(&management).describe_organization_configuration(REGION).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    let c = sh(&member).describe_organization_configuration(REGION).await.unwrap();
    assert_eq!((c.auto_enable, c.configuration_type.as_str()), (false, "LOCAL"));
    let central =
        OrgConfig { auto_enable: false, auto_enable_standards: "NONE".into(), configuration_type: "CENTRAL".into() };
    let e = sh(&member).update_organization_configuration(REGION, &central).await.unwrap_err();
    assert!(e.message.contains("finding aggregator"), "{e}");
    sh(&member).create_aggregator(REGION, "ALL_REGIONS", &[]).await.unwrap();
    let e = sh(&member)
        .update_organization_configuration(REGION, &OrgConfig { auto_enable: true, ..central.clone() })
        .await
        .unwrap_err();
    assert!(e.message.contains("AutoEnable must be false"), "{e}");
    sh(&member).update_organization_configuration(REGION, &central).await.unwrap();
    assert_eq!(sh(&member).describe_organization_configuration(REGION).await.unwrap(), central);

    // The administrator enrols an organization account at once.
    sh(&member).create_member(REGION, ACCOUNT_ID, "").await.unwrap();
    let m = sh(&member).get_member(REGION, ACCOUNT_ID).await.unwrap().unwrap();
    assert_eq!((m.member_status.as_str(), m.administrator_id.as_str()), ("Enabled", MEMBER));

    // The management account invites the administrator (not as the organization's
    // administrator: by invitation), which accepts in its own account.
    sh(&management).create_member(REGION, MEMBER, "sec@example.com").await.unwrap();
    assert_eq!(sh(&management).get_member(REGION, MEMBER).await.unwrap().unwrap().member_status, "Created");
    assert!(sh(&member).list_invitations(REGION).await.unwrap().is_empty());
    sh(&management).invite_member(REGION, MEMBER).await.unwrap();
    assert_eq!(sh(&management).get_member(REGION, MEMBER).await.unwrap().unwrap().member_status, "Invited");
    let invitations = sh(&member).list_invitations(REGION).await.unwrap();
    assert_eq!(invitations.len(), 1);
    assert_eq!(invitations[0].account_id, ACCOUNT_ID);
    let e = sh(&member).accept_invitation(REGION, ACCOUNT_ID, "wrong").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    sh(&member).accept_invitation(REGION, ACCOUNT_ID, &invitations[0].invitation_id).await.unwrap();
    assert_eq!(sh(&management).get_member(REGION, MEMBER).await.unwrap().unwrap().member_status, "Enabled");
    assert_eq!(sh(&member).get_administrator(REGION).await.unwrap().unwrap().member_status, "Enabled");
    sh(&management).remove_member(REGION, MEMBER).await.unwrap();
    assert_eq!(sh(&member).get_administrator(REGION).await.unwrap().unwrap().member_status, "Removed");
    sh(&member).leave_administrator(REGION).await.unwrap();
    assert!(sh(&member).get_administrator(REGION).await.unwrap().is_none());

    // Removing the designation: management only, then the administrator may disable its hub.
    sh(&management).disable_organization_admin(REGION, MEMBER).await.unwrap();
    assert!(sh(&management).list_organization_admins(REGION).await.unwrap().is_empty());
}

/// A security control is associated with each enabled standard that holds it (CIS v1.2.0 by
/// its documented mapping); disabling needs a reason and shows on the standard's control too.
#[tokio::test]
async fn security_controls_are_associated_with_the_enabled_standards_that_hold_them() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let e = sh(&sb).control_associations(REGION, "IAM.1").await.unwrap_err();
    assert_eq!(e.code, "InvalidAccessException", "{e}");
    sh(&sb).enable_hub(REGION, true, None, &Tags::new()).await.unwrap();
    let cis = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0";
    let mut standards: Vec<String> =
        sh(&sb).control_associations(REGION, "IAM.1").await.unwrap().into_iter().map(|a| a.standards_arn).collect();
    standards.sort();
    let mut want = vec![cis.to_string(), fsbp(REGION)];
    want.sort();
    assert_eq!(standards, want);
    // IAM.16 is CIS 1.10 only; a well-shaped unknown id is in the best practices only.
    let iam16 = sh(&sb).control_associations(REGION, "IAM.16").await.unwrap();
    let mut on: Vec<&str> = iam16.iter().map(|a| a.standards_arn.as_str()).collect();
    on.sort();
    assert_eq!(on, [cis, fsbp(REGION).as_str()]);
    let on_cis = iam16.iter().find(|a| a.standards_arn == cis).unwrap();
    assert_eq!(on_cis.related_requirements, ["CIS AWS Foundations 1.10"]);
    assert_eq!(on_cis.standards_control_title, "Ensure IAM password policy prevents password reuse");
    assert_eq!(sh(&sb).control_associations(REGION, "Lambda.99").await.unwrap().len(), 1);
    let e = sh(&sb).control_associations(REGION, "not a control").await.unwrap_err();
    assert_eq!(e.code, "ResourceNotFoundException", "{e}");

    // Disabling needs a reason; a standard not enabled is refused as AWS refuses it.
    let e = sh(&sb).update_control_association(REGION, "IAM.1", cis, "DISABLED", None).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "INVALID_INPUT"));
    let nist = standard_arn("aws", REGION, "nist-800-53/v/5.0.0");
    let e = sh(&sb).update_control_association(REGION, "IAM.1", &nist, "ENABLED", None).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "RESOURCE_NOT_FOUND"));
    sh(&sb).update_control_association(REGION, "IAM.1", cis, "DISABLED", Some("reviewed")).await.unwrap();
    let a = sh(&sb).control_associations(REGION, "IAM.1").await.unwrap();
    let on_cis = a.iter().find(|a| a.standards_arn == cis).unwrap();
    assert_eq!((on_cis.association_status.as_str(), on_cis.updated_reason.as_str()), ("DISABLED", "reviewed"));
    assert!(!on_cis.updated_at.is_empty());
    let on_fsbp = a.iter().find(|a| a.standards_arn != cis).unwrap();
    assert_eq!(on_fsbp.association_status, "ENABLED", "the other standard keeps its own status");
    // The same control, seen through the standard's controls (CIS 1.22).
    let subscription =
        format!("arn:aws:securityhub:{REGION}:{ACCOUNT_ID}:subscription/cis-aws-foundations-benchmark/v/1.2.0");
    let controls = sh(&sb).standards_controls(REGION, &subscription).await.unwrap();
    let c = controls.iter().find(|c| c.control_id == "CIS.1.22").unwrap();
    assert_eq!((c.status.as_str(), c.disabled_reason.as_str()), ("DISABLED", "reviewed"));
}

/// Configuration policies: only the delegated administrator under central configuration;
/// the service enabled needs exactly one control list; a policy is associated with the
/// organization's root or accounts (no OUs in the sandbox) and cannot be deleted while
/// associated.
#[tokio::test]
async fn configuration_policies_are_the_central_administrators_and_apply_to_organization_targets() {
    let dir = tempfile::tempdir().unwrap();
    let management_path = dir.path().join("account.json");
    let management = open(&dir);
    let member_path = crate::services::connect::member_file(&management_path, MEMBER);
    let member =
        Sandbox::open_account(&member_path, MEMBER).unwrap().in_organization(&management_path).with_faults(vec![]);
    let off = HubPolicy::default();

    // Not the administrator; then the administrator, but under local configuration.
    let e = sh(&management).create_configuration_policy(REGION, "p", "", &off).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    sh(&management).enable_organization_admin(REGION, MEMBER).await.unwrap();
    let e = sh(&member).create_configuration_policy(REGION, "p", "", &off).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert!(e.message.contains("Central Configuration enabled"), "{e}");
    sh(&member).create_aggregator(REGION, "ALL_REGIONS", &[]).await.unwrap();
    let central =
        OrgConfig { auto_enable: false, auto_enable_standards: "NONE".into(), configuration_type: "CENTRAL".into() };
    sh(&member).update_organization_configuration(REGION, &central).await.unwrap();

    // The service on needs exactly one of the control lists; off keeps nothing else.
    let on = |controls: Option<ControlsConfiguration>| HubPolicy {
        service_enabled: true,
        enabled_standard_identifiers: vec![fsbp(REGION)],
        security_controls_configuration: controls,
    };
    let e = sh(&member).create_configuration_policy(REGION, "p", "", &on(None)).await.unwrap_err();
    assert_eq!(e.code, "InvalidInputException", "{e}");
    let both = ControlsConfiguration {
        enabled_security_control_identifiers: Some(vec!["IAM.1".into()]),
        disabled_security_control_identifiers: Some(vec![]),
        ..ControlsConfiguration::default()
    };
    let e = sh(&member).create_configuration_policy(REGION, "p", "", &on(Some(both))).await.unwrap_err();
    assert!(e.message.contains("Exactly one of"), "{e}");
    let mut custom = ControlsConfiguration {
        disabled_security_control_identifiers: Some(vec![]),
        security_control_custom_parameters: vec![CustomParameters {
            security_control_id: "IAM.7".into(),
            parameters: [(
                "MaxPasswordAge".to_string(),
                ParameterConfiguration { value_type: "CUSTOM".into(), value: None },
            )]
            .into(),
        }],
        ..ControlsConfiguration::default()
    };
    let e = sh(&member).create_configuration_policy(REGION, "p", "", &on(Some(custom.clone()))).await.unwrap_err();
    assert!(e.message.contains("CUSTOM value type needs a value"), "{e}");
    custom.security_control_custom_parameters[0].parameters.get_mut("MaxPasswordAge").unwrap().value =
        Some(ParameterValue::Integer(60));
    let p = sh(&member).create_configuration_policy(REGION, "strict", "d", &on(Some(custom))).await.unwrap();
    assert_eq!(p.arn, format!("arn:aws:securityhub:{REGION}:{MEMBER}:configuration-policy/{}", p.id));
    let read = sh(&member).get_configuration_policy(REGION, &p.id).await.unwrap().unwrap();
    assert_eq!(read.policy, p.policy);
    let e = sh(&member).create_configuration_policy(REGION, "strict", "", &off).await.unwrap_err();
    assert_eq!(e.code, "ResourceConflictException", "{e}");
    let loose = HubPolicy { enabled_standard_identifiers: vec![fsbp(REGION)], ..off.clone() };
    let q = sh(&member).create_configuration_policy(REGION, "off", "", &loose).await.unwrap();
    assert_eq!(q.policy, off, "a policy with the service off keeps no standards");

    // Targets: the root, an account of the organization; no OU, no stranger.
    let root = crate::services::organizations::sandbox::root_id_of(&management.organization_view().0.id);
    let e = sh(&member).start_policy_association(REGION, &p.id, "ou-abcd-12345678").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
    let e = sh(&member).start_policy_association(REGION, &p.id, "999999999999").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
    sh(&member).start_policy_association(REGION, &p.id, &root).await.unwrap();
    sh(&member).start_policy_association(REGION, &q.id, ACCOUNT_ID).await.unwrap();
    let a = sh(&member).get_policy_association(REGION, &root).await.unwrap().unwrap();
    assert_eq!((a.policy_id.as_str(), a.status.as_str()), (p.id.as_str(), "SUCCESS"));
    assert!(sh(&member).get_policy_association(REGION, MEMBER).await.unwrap().is_none());

    // An associated policy stays until it is disassociated.
    let e = sh(&member).delete_configuration_policy(REGION, &p.id).await.unwrap_err();
    assert_eq!(e.code, "ResourceConflictException", "{e}");
    let e = sh(&member).start_policy_disassociation(REGION, &q.id, &root).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
    sh(&member).start_policy_disassociation(REGION, &p.id, &root).await.unwrap();
    sh(&member).delete_configuration_policy(REGION, &p.id).await.unwrap();
    assert!(sh(&member).get_configuration_policy(REGION, &p.id).await.unwrap().is_none());
}

/// Automation rules: Security Hub's limits on order, criteria and actions; only the
/// organization's administrator (or an account outside one) keeps them; tags on the rule.
#[tokio::test]
async fn automation_rules_keep_their_limits_and_belong_to_the_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let criteria: criteria::FindingFilters = serde_json::from_value(serde_json::json!({
        "AwsAccountId": [{ "Comparison": "EQUALS", "Value": "1234567890" }]
    }))
    .unwrap();
    let rule = AutomationRule {
        name: "r".into(),
        order: 1,
        description: "d".into(),
        criteria,
        actions: vec![RuleAction {
            r#type: "FINDING_FIELDS_UPDATE".into(),
            finding_fields_update: Some(FindingFieldsUpdate {
                workflow: Some(WorkflowUpdate { status: Some("SUPPRESSED".into()) }),
                ..FindingFieldsUpdate::default()
            }),
        }],
        ..AutomationRule::default()
    };
    let e = sh(&sb).create_automation_rule(REGION, &rule, &Tags::new()).await.unwrap_err();
    assert_eq!(e.code, "InvalidAccessException", "the hub first: {e}");
    sh(&sb).enable_hub(REGION, false, None, &Tags::new()).await.unwrap();
    for bad in [
        AutomationRule { order: 1001, ..rule.clone() },
        AutomationRule { actions: vec![], ..rule.clone() },
        AutomationRule {
            criteria: serde_json::from_value(serde_json::json!({
                "CreatedAt": [{ "DateRange": { "Unit": "WEEKS", "Value": 1 } }]
            }))
            .unwrap(),
            ..rule.clone()
        },
        AutomationRule {
            criteria: serde_json::from_value(serde_json::json!({
                "Title": [{ "Comparison": "LIKE", "Value": "x" }]
            }))
            .unwrap(),
            ..rule.clone()
        },
    ] {
        // Enumerations fail AWS's request validation; the rest, Security Hub's own checks.
        let e = sh(&sb).create_automation_rule(REGION, &bad, &Tags::new()).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Invalid, "{e}");
        assert!(["InvalidInputException", "ValidationException"].contains(&e.code.as_str()), "{e}");
    }
    let tags: Tags = [("team".to_string(), "sec".to_string())].into_iter().collect();
    let arn = sh(&sb).create_automation_rule(REGION, &rule, &tags).await.unwrap();
    assert!(arn.starts_with(&format!("arn:aws:securityhub:{REGION}:{ACCOUNT_ID}:automation-rule/")), "{arn}");
    let got = sh(&sb).get_automation_rule(REGION, &arn).await.unwrap().unwrap();
    assert_eq!((got.status.as_str(), got.criteria.clone()), ("ENABLED", rule.criteria.clone()));
    assert_eq!(sh(&sb).list_tags(REGION, &arn).await.unwrap(), tags);
    sh(&sb).untag_resource(REGION, &arn, &["team".to_string()]).await.unwrap();
    assert!(sh(&sb).list_tags(REGION, &arn).await.unwrap().is_empty());
    sh(&sb)
        .update_automation_rule(REGION, &AutomationRule { arn: arn.clone(), order: 5, ..rule.clone() })
        .await
        .unwrap();
    assert_eq!(sh(&sb).get_automation_rule(REGION, &arn).await.unwrap().unwrap().order, 5);

    // With another account designated as the administrator, this one keeps no rules.
    sh(&sb).enable_organization_admin(REGION, MEMBER).await.unwrap();
    let e = sh(&sb).get_automation_rule(REGION, &arn).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::AccessDenied, "{e}");
    sh(&sb).disable_organization_admin(REGION, MEMBER).await.unwrap();
    sh(&sb).delete_automation_rule(REGION, &arn).await.unwrap();
    assert!(sh(&sb).get_automation_rule(REGION, &arn).await.unwrap().is_none());
    assert_eq!(sh(&sb).delete_automation_rule(REGION, &arn).await.unwrap_err().kind, ErrorKind::NotFound);
}
