//! Sandbox tests of Amazon Inspector (v2).

use super::*;
use crate::services::inspector2::{CisSchedule, CisTargets, FilterCriteria};

/// An API shape from its JSON (tests write shapes as the API documents them).
fn shaped<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("a valid API shape")
}
use crate::services::sandbox_tests::*;

const MEMBER: &str = "210987654321";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn findings_filter(name: &str) -> Inspector2Filter {
    Inspector2Filter {
        arn: String::new(),
        name: name.into(),
        action: "SUPPRESS".into(),
        description: Some("low noise".into()),
        reason: None,
        criteria: shaped(serde_json::json!({
            "severity": [{ "comparison": "EQUALS", "value": "LOW" }],
            "inspectorScore": [{ "lowerInclusive": 0, "upperInclusive": 3.9 }],
            "resourceTags": [{ "comparison": "EQUALS", "key": "Env", "value": "dev" }],
            "vulnerablePackages": [{ "name": { "comparison": "PREFIX", "value": "openssl" } }]
        })),
        tags: Tags::new(),
    }
}

fn cis_config(name: &str) -> CisScanConfig {
    CisScanConfig {
        arn: String::new(),
        scan_name: name.into(),
        security_level: "LEVEL_1".into(),
        schedule: shaped(serde_json::json!({
            "weekly": { "days": ["MON", "THU"], "startTime": { "timeOfDay": "09:00", "timezone": "Asia/Tokyo" } }
        })),
        targets: shaped(serde_json::json!({ "accountIds": ["SELF"], "targetResourceTags": { "Env": ["prod"] } })),
        tags: Tags::new(),
    }
}

/// (account status, EC2, ECR, LAMBDA, LAMBDA_CODE) of one reported account.
fn scan_status(s: &Inspector2AccountStatus) -> (&str, [&str; 4]) {
    let of = |t: &str| s.resource_status[t].as_str();
    (s.status.as_str(), [of("EC2"), of("ECR"), of("LAMBDA"), of("LAMBDA_CODE")])
}

#[tokio::test]
async fn inspector2_enable_disable_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    const OFF: [&str; 4] = ["DISABLED"; 4];
    // No account ids means the caller; a new account has every scan type disabled.
    let status = inspector2(&sb).account_status(REGION, &[]).await.unwrap();
    assert_eq!(status.len(), 1);
    assert_eq!(status[0].account_id, ACCOUNT_ID);
    assert_eq!(scan_status(&status[0]), ("DISABLED", OFF));

    let both = strings(&[ACCOUNT_ID, MEMBER]);
    inspector2(&sb).enable(REGION, &both, &strings(&["EC2", "ECR"])).await.unwrap();
    inspector2(&sb).enable(REGION, &[], &strings(&["LAMBDA"])).await.unwrap();
    let status = inspector2(&sb).account_status(REGION, &strings(&[MEMBER, ACCOUNT_ID, "333333333333"])).await.unwrap();
    let ids: Vec<_> = status.iter().map(|s| s.account_id.as_str()).collect();
    assert_eq!(ids, [MEMBER, ACCOUNT_ID, "333333333333"]);
    assert_eq!(scan_status(&status[0]), ("ENABLED", ["ENABLED", "ENABLED", "DISABLED", "DISABLED"]));
    assert_eq!(scan_status(&status[1]), ("ENABLED", ["ENABLED", "ENABLED", "ENABLED", "DISABLED"]));
    assert_eq!(scan_status(&status[2]), ("DISABLED", OFF), "accounts never enabled are reported disabled");
    // Other regions are separate.
    assert_eq!(scan_status(&inspector2(&sb).account_status("eu-west-1", &[]).await.unwrap()[0]), ("DISABLED", OFF));

    inspector2(&sb).disable(REGION, &strings(&[ACCOUNT_ID]), &strings(&["EC2", "LAMBDA"])).await.unwrap();
    let status = inspector2(&sb).account_status(REGION, &[]).await.unwrap();
    assert_eq!(scan_status(&status[0]), ("ENABLED", ["DISABLED", "ENABLED", "DISABLED", "DISABLED"]));
    inspector2(&sb).disable(REGION, &strings(&[MEMBER]), &strings(&["EC2", "ECR"])).await.unwrap();
    let status = inspector2(&sb).account_status(REGION, &strings(&[MEMBER])).await.unwrap();
    assert_eq!(scan_status(&status[0]), ("DISABLED", OFF), "disabling every type disables the account");
    // No resource types disables them all.
    inspector2(&sb).disable(REGION, &[], &[]).await.unwrap();
    assert_eq!(scan_status(&inspector2(&sb).account_status(REGION, &[]).await.unwrap()[0]), ("DISABLED", OFF));
    // Disabling what is not enabled changes nothing and succeeds.
    inspector2(&sb).disable(REGION, &strings(&["444444444444"]), &strings(&["ECR"])).await.unwrap();
    assert_eq!(*sb.lock(), Data { next_id: 0, ..Data::default() });
}

/// Code repository scanning (`CODE_REPOSITORY`, issue 23) is a scan type like the others:
/// enabled alone, reported by its own status, and disabled again.
#[tokio::test]
async fn inspector2_enables_code_repository_scanning() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    inspector2(&sb).enable(REGION, &[], &strings(&["CODE_REPOSITORY"])).await.unwrap();
    let s = &inspector2(&sb).account_status(REGION, &[]).await.unwrap()[0];
    assert_eq!(s.status, "ENABLED");
    assert_eq!(s.resource_status["CODE_REPOSITORY"], "ENABLED", "{s:?}");
    assert_eq!(s.resource_status["EC2"], "DISABLED", "{s:?}");
    inspector2(&sb).disable(REGION, &[], &strings(&["CODE_REPOSITORY"])).await.unwrap();
    let s = &inspector2(&sb).account_status(REGION, &[]).await.unwrap()[0];
    assert_eq!((s.status.as_str(), s.resource_status["CODE_REPOSITORY"].as_str()), ("DISABLED", "DISABLED"));
}

#[tokio::test]
async fn inspector2_rejects_unknown_scan_types_and_account_ids() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let e = inspector2(&sb).enable(REGION, &[], &strings(&["EC2", "EKS"])).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str(), e.operation), (ErrorKind::Invalid, "ValidationException", "Enable"));
    let listed = "[EC2, ECR, LAMBDA, LAMBDA_CODE, CODE_REPOSITORY]";
    assert!(e.message.contains("'EKS'") && e.message.contains(listed), "{}", e.message);
    assert_eq!(code(inspector2(&sb).enable(REGION, &[], &[]).await.unwrap_err()).0, ErrorKind::Invalid);
    let e = inspector2(&sb).enable(REGION, &strings(&["12345"]), &strings(&["EC2"])).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert_eq!(inspector2(&sb).disable(REGION, &[], &strings(&["ec2"])).await.unwrap_err().kind, ErrorKind::Invalid);
    let e = inspector2(&sb).account_status(REGION, &strings(&["acct"])).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert!(!sb.path().exists(), "rejected calls change nothing");
    let status = inspector2(&sb).account_status(REGION, &[]).await.unwrap();
    assert_eq!(status[0].status, "DISABLED");
}

#[tokio::test]
async fn inspector2_filter_lifecycle() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let tags = Tags::from([("team".into(), "sec".into())]);
    let arn = inspector2(&sb)
        .create_filter(REGION, &Inspector2Filter { tags: tags.clone(), ..findings_filter("low") })
        .await
        .unwrap();
    let id = arn.strip_prefix("arn:aws:inspector2:us-east-1:123456789012:owner/123456789012/filter/").unwrap();
    assert!(id.len() == 16 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{arn}");
    let gov = inspector2(&sb).create_filter("us-gov-west-1", &findings_filter("low")).await.unwrap();
    assert!(gov.starts_with("arn:aws-us-gov:inspector2:us-gov-west-1:"), "names are unique per region: {gov}");

    let listed = inspector2(&sb).list_filters(REGION, &[arn.clone(), "arn:nope".into(), arn.clone()]).await.unwrap();
    assert_eq!(listed, [Inspector2Filter { arn: arn.clone(), tags: tags.clone(), ..findings_filter("low") }]);

    // The same name is taken, in the same region.
    let e = inspector2(&sb).create_filter(REGION, &findings_filter("low")).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::AlreadyExists, "BadRequestException"));
    let other = inspector2(&sb).create_filter(REGION, &findings_filter("other")).await.unwrap();
    let rename = Inspector2Filter { arn: other.clone(), ..findings_filter("low") };
    assert_eq!(inspector2(&sb).update_filter(REGION, &rename).await.unwrap_err().kind, ErrorKind::AlreadyExists);

    // UpdateFilter replaces everything but the tags.
    let update = Inspector2Filter {
        arn: arn.clone(),
        name: "low-and-info".into(),
        action: "NONE".into(),
        description: None,
        reason: Some("triage".into()),
        criteria: shaped(serde_json::json!({ "severity": [{ "comparison": "NOT_EQUALS", "value": "CRITICAL" }] })),
        tags: Tags::new(),
    };
    inspector2(&sb).update_filter(REGION, &update).await.unwrap();
    let listed = inspector2(&sb).list_filters(REGION, from_ref(&arn)).await.unwrap();
    assert_eq!(listed, [Inspector2Filter { tags: tags.clone(), ..update.clone() }]);
    inspector2(&sb).update_filter(REGION, &update).await.unwrap(); // keeping its own name is fine

    let missing = format!("{}0", &arn[..arn.len() - 1]);
    let e =
        inspector2(&sb).update_filter(REGION, &Inspector2Filter { arn: missing.clone(), ..update }).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "ResourceNotFoundException"));
    assert_eq!(inspector2(&sb).delete_filter(REGION, &missing).await.unwrap_err().kind, ErrorKind::NotFound);

    inspector2(&sb).delete_filter(REGION, &arn).await.unwrap();
    assert!(inspector2(&sb).list_filters(REGION, from_ref(&arn)).await.unwrap().is_empty());
    let e = inspector2(&sb).delete_filter(REGION, &arn).await.unwrap_err();
    assert_eq!((e.kind, e.operation), (ErrorKind::NotFound, "DeleteFilter"));
    assert_eq!(inspector2(&sb).list_filters(REGION, &[other]).await.unwrap().len(), 1);
}

#[tokio::test]
async fn inspector2_filter_validation() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    // Each is refused: by the type before any call, or by the sandbox as AWS would.
    let refused_criteria = [
        serde_json::json!({ "severity": [{ "comparison": "CONTAINS", "value": "LOW" }] }),
        serde_json::json!({ "severity": [{ "comparison": "EQUALS", "value": "" }] }),
        serde_json::json!({ "severity": [] }),
        serde_json::json!({ "severity": { "comparison": "EQUALS", "value": "LOW" } }),
        serde_json::json!({ "severities": [{ "comparison": "EQUALS", "value": "LOW" }] }),
        serde_json::json!({}),
        serde_json::json!("severity = LOW"),
        serde_json::json!({ "portRange": [{ "beginInclusive": 22, "endInclusive": 70000 }] }),
        serde_json::json!({ "resourceTags": [{ "comparison": "PREFIX", "key": "Env" }] }),
        serde_json::json!({ "firstObservedAt": [{ "after": 1 }] }),
        serde_json::json!({ "vulnerablePackages": [{ "name": { "comparison": "LIKE", "value": "x" } }] }),
    ];
    let mut refused_by_type = 0;
    for json in refused_criteria {
        let Ok(criteria) = serde_json::from_value::<FilterCriteria>(json.clone()) else {
            refused_by_type += 1;
            continue;
        };
        let filter = Inspector2Filter { criteria, ..findings_filter("f") };
        let e = inspector2(&sb).create_filter(REGION, &filter).await.unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "ValidationException"), "{json}");
    }
    assert_eq!(refused_by_type, 4, "unknown members and wrong JSON types cannot be built");
    let rejected = [
        Inspector2Filter { action: "HIDE".into(), ..findings_filter("f") },
        Inspector2Filter { name: String::new(), ..findings_filter("f") },
        Inspector2Filter { name: "n".repeat(129), ..findings_filter("f") },
        Inspector2Filter { description: Some(String::new()), ..findings_filter("f") },
        Inspector2Filter { reason: Some("r".repeat(513)), ..findings_filter("f") },
        Inspector2Filter { tags: Tags::from([(String::new(), "v".into())]), ..findings_filter("f") },
    ];
    for filter in rejected {
        let e = inspector2(&sb).create_filter(REGION, &filter).await.unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "ValidationException"), "{filter:?}");
    }
    let e = inspector2(&sb).create_filter(REGION, &rejected_comparison()).await.unwrap_err();
    assert!(e.message.contains("'CONTAINS'") && e.message.contains("[EQUALS, PREFIX, NOT_EQUALS]"), "{}", e.message);
    assert!(!sb.path().exists());

    let with = |criteria: serde_json::Value| Inspector2Filter { criteria: shaped(criteria), ..findings_filter("f") };
    let accepted = with(serde_json::json!({
        "findingStatus": [{ "comparison": "EQUALS", "value": "ACTIVE" }],
        "firstObservedAt": [{ "startInclusive": 1_700_000_000, "endInclusive": "2026-01-01T00:00:00Z" }],
        "portRange": [{ "beginInclusive": 22, "endInclusive": 22 }],
        "epssScore": [{ "lowerInclusive": 0.5 }],
        "vulnerablePackages": [{ "epoch": { "lowerInclusive": 1 }, "version": { "comparison": "EQUALS", "value": "1.0" } }]
    }));
    inspector2(&sb).create_filter(REGION, &accepted).await.unwrap();
}

fn rejected_comparison() -> Inspector2Filter {
    let criteria = shaped(serde_json::json!({ "severity": [{ "comparison": "CONTAINS", "value": "LOW" }] }));
    Inspector2Filter { criteria, ..findings_filter("f") }
}

#[tokio::test]
async fn inspector2_tags_are_made_exact() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let first = Tags::from([("a".into(), "1".into()), ("b".into(), "2".into())]);
    let filter = inspector2(&sb)
        .create_filter(REGION, &Inspector2Filter { tags: first.clone(), ..findings_filter("f") })
        .await
        .unwrap();
    let cis = inspector2(&sb).create_cis_scan(REGION, &cis_config("weekly")).await.unwrap();

    let want = Tags::from([("b".into(), "3".into()), ("c".into(), String::new())]);
    inspector2(&sb).set_tags(REGION, &filter, &first, &want).await.unwrap();
    assert_eq!(inspector2(&sb).list_filters(REGION, from_ref(&filter)).await.unwrap()[0].tags, want);
    inspector2(&sb).set_tags(REGION, &cis, &Tags::new(), &want).await.unwrap();
    assert_eq!(inspector2(&sb).list_cis_scans(REGION, from_ref(&cis)).await.unwrap()[0].tags, want);
    inspector2(&sb).set_tags(REGION, &cis, &want, &Tags::new()).await.unwrap();
    assert!(inspector2(&sb).list_cis_scans(REGION, from_ref(&cis)).await.unwrap()[0].tags.is_empty());

    let e = inspector2(&sb).set_tags(REGION, &format!("{filter}x"), &Tags::new(), &want).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "ResourceNotFoundException"));
    assert_eq!(
        inspector2(&sb).set_tags("eu-west-1", &filter, &Tags::new(), &want).await.unwrap_err().kind,
        ErrorKind::NotFound
    );
    let too_many: Tags = (0..51).map(|i| (format!("k{i}"), "v".to_string())).collect();
    assert_eq!(inspector2(&sb).set_tags(REGION, &filter, &want, &too_many).await.unwrap_err().kind, ErrorKind::Invalid);

    // Removing a key is an UntagResource call, which can fail on its own.
    let sb = sb.with_faults(vec!["inspector2:UntagResource".into()]);
    let e = inspector2(&sb).set_tags(REGION, &filter, &want, &Tags::new()).await.unwrap_err();
    assert_eq!((e.code.as_str(), e.operation), ("InjectedFault", "UntagResource"));
    assert_eq!(inspector2(&sb).list_filters(REGION, from_ref(&filter)).await.unwrap()[0].tags, want);
    let more = Tags::from([("b".into(), "3".into()), ("c".into(), String::new()), ("d".into(), "4".into())]);
    inspector2(&sb).set_tags(REGION, &filter, &want, &more).await.unwrap();
}

#[tokio::test]
async fn inspector2_org_configuration_needs_the_delegated_admin() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let e = inspector2(&sb).describe_org_config(REGION).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::AccessDenied, "AccessDeniedException"));
    assert!(e.message.starts_with("Invoking account does not have access"), "{}", e.message);
    assert!(inspector2(&sb).list_delegated_admins(REGION).await.unwrap().is_empty());

    // Another account as administrator: the sandbox account still may not.
    inspector2(&sb).enable_delegated_admin(REGION, MEMBER).await.unwrap();
    inspector2(&sb).enable_delegated_admin(REGION, MEMBER).await.unwrap();
    assert_eq!(
        inspector2(&sb).list_delegated_admins(REGION).await.unwrap(),
        [(MEMBER.to_string(), "ENABLED".to_string())]
    );
    assert_eq!(inspector2(&sb).describe_org_config(REGION).await.unwrap_err().kind, ErrorKind::AccessDenied);
    let e = inspector2(&sb).enable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Conflict, "ConflictException"));
    let e = inspector2(&sb).disable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "ResourceNotFoundException"));
    assert_eq!(inspector2(&sb).enable_delegated_admin(REGION, "12").await.unwrap_err().kind, ErrorKind::Invalid);
    inspector2(&sb).disable_delegated_admin(REGION, MEMBER).await.unwrap();
    assert!(inspector2(&sb).list_delegated_admins(REGION).await.unwrap().is_empty());

    inspector2(&sb).enable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap();
    let config = inspector2(&sb).describe_org_config(REGION).await.unwrap();
    let flags = |ec2, ecr, lambda, code| {
        BTreeMap::from([
            ("ec2".into(), ec2),
            ("ecr".into(), ecr),
            ("lambda".into(), lambda),
            ("lambdaCode".into(), code),
        ])
    };
    // As described: every flag, and whether the member limit is reached.
    let described = |ec2, ecr, lambda, code, repo| {
        let mut f = flags(ec2, ecr, lambda, code);
        f.insert("codeRepository".into(), repo);
        f.insert("maxAccountLimitReached".into(), false);
        f
    };
    assert_eq!(config, described(false, false, false, false, false));
    let mut on = flags(true, false, false, true);
    on.insert("codeRepository".into(), true);
    inspector2(&sb).update_org_config(REGION, &on).await.unwrap();
    assert_eq!(inspector2(&sb).describe_org_config(REGION).await.unwrap(), described(true, false, false, true, true));
    // The optional keys keep their setting when left out; ec2 and ecr are required.
    let two = BTreeMap::from([("ec2".to_string(), false), ("ecr".to_string(), true)]);
    inspector2(&sb).update_org_config(REGION, &two).await.unwrap();
    assert_eq!(inspector2(&sb).describe_org_config(REGION).await.unwrap(), described(false, true, false, true, true));
    let no_ecr = BTreeMap::from([("ec2".to_string(), true)]);
    let e = inspector2(&sb).update_org_config(REGION, &no_ecr).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "ValidationException"));
    let unknown = BTreeMap::from([("ec2".to_string(), true), ("ecr".to_string(), true), ("eks".to_string(), true)]);
    assert_eq!(inspector2(&sb).update_org_config(REGION, &unknown).await.unwrap_err().kind, ErrorKind::Invalid);
    // Per region.
    assert_eq!(inspector2(&sb).describe_org_config("eu-west-1").await.unwrap_err().kind, ErrorKind::AccessDenied);
}

#[tokio::test]
async fn inspector2_members() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let e = inspector2(&sb).associate_member(REGION, MEMBER).await.unwrap_err();
    assert_eq!((e.kind, e.operation), (ErrorKind::AccessDenied, "AssociateMember"));
    assert_eq!(inspector2(&sb).get_member(REGION, MEMBER).await.unwrap_err().kind, ErrorKind::AccessDenied);

    inspector2(&sb).enable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap();
    assert!(inspector2(&sb).get_member(REGION, MEMBER).await.unwrap().is_none());
    inspector2(&sb).associate_member(REGION, MEMBER).await.unwrap();
    let member = inspector2(&sb).get_member(REGION, MEMBER).await.unwrap().unwrap();
    assert_eq!(
        (member.account_id.as_str(), member.relationship_status.as_str(), member.delegated_admin_account_id.as_deref()),
        (MEMBER, "ENABLED", Some(ACCOUNT_ID))
    );
    let updated = member.updated_at.clone().unwrap();
    assert!(updated.ends_with('Z') && updated.len() == 20, "{updated}");
    inspector2(&sb).associate_member(REGION, MEMBER).await.unwrap();
    assert_eq!(inspector2(&sb).get_member(REGION, MEMBER).await.unwrap(), Some(member));

    let e = inspector2(&sb).associate_member(REGION, ACCOUNT_ID).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "ValidationException"));
    assert_eq!(inspector2(&sb).associate_member(REGION, "abc").await.unwrap_err().kind, ErrorKind::Invalid);

    inspector2(&sb).disassociate_member(REGION, MEMBER).await.unwrap();
    assert!(inspector2(&sb).get_member(REGION, MEMBER).await.unwrap().is_none());
    let e = inspector2(&sb).disassociate_member(REGION, MEMBER).await.unwrap_err();
    assert_eq!((e.kind, e.operation), (ErrorKind::NotFound, "DisassociateMember"));

    // Members go with the administrator that associated them.
    inspector2(&sb).associate_member(REGION, MEMBER).await.unwrap();
    inspector2(&sb).disable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap();
    inspector2(&sb).enable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap();
    assert!(inspector2(&sb).get_member(REGION, MEMBER).await.unwrap().is_none());
}

#[tokio::test]
async fn inspector2_cis_scan_configurations() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let tags = Tags::from([("k".into(), "v".into())]);
    let arn = inspector2(&sb)
        .create_cis_scan(REGION, &CisScanConfig { tags: tags.clone(), ..cis_config("weekly") })
        .await
        .unwrap();
    let id =
        arn.strip_prefix("arn:aws:inspector2:us-east-1:123456789012:owner/123456789012/cis-configuration/").unwrap();
    let groups: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{arn}");

    let start = serde_json::json!({ "timeOfDay": "09:00", "timezone": "UTC" });
    // Each is refused: by the type before any call, or by the sandbox as AWS would.
    let refused_schedules = [
        serde_json::json!({ "oneTime": {}, "daily": { "startTime": start } }),
        serde_json::json!({}),
        serde_json::json!({ "hourly": {} }),
        serde_json::json!({ "daily": {} }),
        serde_json::json!({ "daily": { "startTime": { "timeOfDay": "24:00", "timezone": "UTC" } } }),
        serde_json::json!({ "daily": { "startTime": { "timeOfDay": "9:5", "timezone": "UTC" } } }),
        serde_json::json!({ "daily": { "startTime": { "timeOfDay": "09:00", "timezone": "" } } }),
        serde_json::json!({ "weekly": { "startTime": start, "days": [] } }),
        serde_json::json!({ "weekly": { "startTime": start, "days": ["MONDAY"] } }),
        serde_json::json!({ "monthly": { "startTime": start } }),
        serde_json::json!({ "monthly": { "startTime": start, "day": 15 } }),
    ];
    let refused_targets = [
        serde_json::json!({ "accountIds": [], "targetResourceTags": {} }),
        serde_json::json!({ "accountIds": ["me"], "targetResourceTags": {} }),
        serde_json::json!({ "accountIds": ["SELF"], "targetResourceTags": { "Env": [] } }),
    ];
    let mut rejected = vec![
        CisScanConfig { security_level: "LEVEL_3".into(), ..cis_config("l") },
        CisScanConfig { scan_name: String::new(), ..cis_config("l") },
    ];
    let mut refused_by_type = 0;
    for json in refused_schedules {
        match serde_json::from_value::<CisSchedule>(json) {
            Ok(schedule) => rejected.push(CisScanConfig { schedule, ..cis_config("s") }),
            Err(_) => refused_by_type += 1,
        }
    }
    for json in refused_targets {
        match serde_json::from_value::<CisTargets>(json) {
            Ok(targets) => rejected.push(CisScanConfig { targets, ..cis_config("t") }),
            Err(_) => refused_by_type += 1,
        }
    }
    assert_eq!(
        refused_by_type, 6,
        "two kinds, no kind, an unknown kind, missing members or a number day cannot be built"
    );
    for config in rejected {
        let e = inspector2(&sb).create_cis_scan(REGION, &config).await.unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "ValidationException"), "{config:?}");
    }
    let with_schedule = |schedule: serde_json::Value| CisScanConfig { schedule: shaped(schedule), ..cis_config("s") };
    let with_targets = |targets: serde_json::Value| CisScanConfig { targets: shaped(targets), ..cis_config("t") };
    let accepted = [
        with_schedule(serde_json::json!({ "oneTime": {} })),
        with_schedule(serde_json::json!({ "daily": { "startTime": { "timeOfDay": "9:05", "timezone": "UTC" } } })),
        with_schedule(serde_json::json!({ "monthly": { "startTime": start, "day": "SUN" } })),
        with_targets(serde_json::json!({ "accountIds": ["ALL_ACCOUNTS", MEMBER], "targetResourceTags": {} })),
    ];
    let mut arns = vec![];
    for config in accepted {
        arns.push(inspector2(&sb).create_cis_scan(REGION, &config).await.unwrap());
    }

    // UpdateCisScanConfiguration replaces everything but the tags.
    let update = CisScanConfig {
        arn: arn.clone(),
        scan_name: "once".into(),
        security_level: "LEVEL_2".into(),
        schedule: shaped(serde_json::json!({ "oneTime": {} })),
        targets: shaped(
            serde_json::json!({ "accountIds": [ACCOUNT_ID], "targetResourceTags": { "Role": ["web", "db"] } }),
        ),
        tags: Tags::new(),
    };
    inspector2(&sb).update_cis_scan(REGION, &update).await.unwrap();
    arns.insert(0, arn.clone());
    let listed = inspector2(&sb).list_cis_scans(REGION, &arns).await.unwrap();
    assert_eq!(listed.len(), 5);
    assert_eq!(listed[0], CisScanConfig { tags: tags.clone(), ..update.clone() });
    assert_eq!(listed.iter().map(|c| c.arn.clone()).collect::<Vec<_>>(), arns);
    let bad = CisScanConfig { security_level: "LEVEL_9".into(), ..update.clone() };
    assert_eq!(inspector2(&sb).update_cis_scan(REGION, &bad).await.unwrap_err().kind, ErrorKind::Invalid);
    assert!(serde_json::from_value::<CisSchedule>(serde_json::json!({ "weekly": {} })).is_err(), "no days, no time");

    inspector2(&sb).delete_cis_scan(REGION, &arn).await.unwrap();
    assert!(inspector2(&sb).list_cis_scans(REGION, from_ref(&arn)).await.unwrap().is_empty());
    let e = inspector2(&sb).delete_cis_scan(REGION, &arn).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), (ErrorKind::NotFound, "ResourceNotFoundException"));
    let e = inspector2(&sb).update_cis_scan(REGION, &update).await.unwrap_err();
    assert_eq!((e.kind, e.operation), (ErrorKind::NotFound, "UpdateCisScanConfiguration"));
}

#[tokio::test]
async fn inspector2_state_round_trips_through_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    inspector2(&sb).enable(REGION, &strings(&[ACCOUNT_ID, MEMBER]), &strings(&["ECR", "LAMBDA_CODE"])).await.unwrap();
    let tags = Tags::from([("k".into(), "v".into())]);
    let filter =
        inspector2(&sb).create_filter(REGION, &Inspector2Filter { tags, ..findings_filter("f") }).await.unwrap();
    let cis = inspector2(&sb).create_cis_scan(REGION, &cis_config("weekly")).await.unwrap();
    inspector2(&sb).enable_delegated_admin(REGION, ACCOUNT_ID).await.unwrap();
    let flags = BTreeMap::from([("ec2".to_string(), true), ("ecr".to_string(), true)]);
    inspector2(&sb).update_org_config(REGION, &flags).await.unwrap();
    inspector2(&sb).associate_member(REGION, MEMBER).await.unwrap();
    sb.flush().unwrap();
    let bytes = std::fs::read(sb.path()).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\"inspector2\"") && text.contains("\"cis_scan_configurations\""), "{text}");

    let reopened = open(&dir);
    assert_eq!(*reopened.lock(), *sb.lock());
    let ids = strings(&[ACCOUNT_ID, MEMBER]);
    assert_eq!(
        inspector2(&reopened).account_status(REGION, &ids).await.unwrap(),
        inspector2(&sb).account_status(REGION, &ids).await.unwrap()
    );
    assert_eq!(
        inspector2(&reopened).list_filters(REGION, from_ref(&filter)).await.unwrap(),
        inspector2(&sb).list_filters(REGION, from_ref(&filter)).await.unwrap()
    );
    assert_eq!(
        inspector2(&reopened).list_cis_scans(REGION, from_ref(&cis)).await.unwrap(),
        inspector2(&sb).list_cis_scans(REGION, from_ref(&cis)).await.unwrap()
    );
    assert!(inspector2(&reopened).describe_org_config(REGION).await.unwrap()["ec2"]);
    assert_eq!(
        inspector2(&reopened).get_member(REGION, MEMBER).await.unwrap(),
        inspector2(&sb).get_member(REGION, MEMBER).await.unwrap()
    );
    // Same account, same bytes.
    inspector2(&reopened).enable(REGION, &[], &strings(&["ECR"])).await.unwrap();
    assert_eq!(std::fs::read(sb.path()).unwrap(), bytes);

    // A hand-written partial section loads with defaults.
    let path = dir.path().join("hand.json");
    let hand = format!(
        r#"{{ "regions": {{ "{REGION}": {{ "inspector2": {{
            "accounts": {{ "{ACCOUNT_ID}": ["EC2"] }}, "delegated_admin": "{ACCOUNT_ID}",
            "members": {{ "{MEMBER}": {{}} }}, "filters": {{ "{filter}": {{ "name": "x" }} }} }} }} }} }}"#
    );
    std::fs::write(&path, hand).unwrap();
    let sb = Sandbox::open(&path).unwrap().with_faults(vec![]);
    assert_eq!(inspector2(&sb).account_status(REGION, &[]).await.unwrap()[0].status, "ENABLED");
    let member = inspector2(&sb).get_member(REGION, MEMBER).await.unwrap().unwrap();
    assert_eq!(
        (member.relationship_status.as_str(), member.delegated_admin_account_id.as_deref()),
        ("ENABLED", Some(ACCOUNT_ID))
    );
    let listed = inspector2(&sb).list_filters(REGION, from_ref(&filter)).await.unwrap();
    assert_eq!((listed[0].name.as_str(), listed[0].action.as_str()), ("x", "NONE"));
    assert!(!inspector2(&sb).describe_org_config(REGION).await.unwrap()["lambda"]);
}
