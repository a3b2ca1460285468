//! Sandbox tests of IAM.

use super::*;
use crate::services::sandbox_tests::*;

#[test]
fn service_linked_role_names() {
    let name = service_linked_role_name;
    assert_eq!(name("inspector.amazonaws.com").unwrap(), "AWSServiceRoleForAmazonInspector");
    assert_eq!(name("inspector2.amazonaws.com").unwrap(), "AWSServiceRoleForAmazonInspector2");
    assert_eq!(name("events.amazonaws.com").unwrap(), "AWSServiceRoleForCloudWatchEvents");
    assert_eq!(name("access-analyzer.amazonaws.com").unwrap(), "AWSServiceRoleForAccessAnalyzer");
    assert!(name("example.com").is_none() && name(".amazonaws.com").is_none());
    assert_eq!(name("autoscaling.amazonaws.com").unwrap(), "AWSServiceRoleForAutoScaling");
    assert_eq!(name("elasticbeanstalk.amazonaws.com").unwrap(), "AWSServiceRoleForElasticBeanstalk");
    // Application Auto Scaling names each resource type's role itself.
    let custom = name("custom-resource.application-autoscaling.amazonaws.com").unwrap();
    assert_eq!(custom, "AWSServiceRoleForApplicationAutoScaling_CustomResource");
    let dynamodb = name("dynamodb.application-autoscaling.amazonaws.com").unwrap();
    assert_eq!(dynamodb, "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable");
    assert!(name("nothing.application-autoscaling.amazonaws.com").is_none());
    assert_eq!(super::super::service_linked_role_suffix(&custom), Some("CustomResource"));
    assert_eq!(super::super::service_linked_role_suffix("AWSServiceRoleForAutoScaling"), None);
}

#[tokio::test]
async fn a_custom_suffix_is_taken_only_where_aws_takes_one() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let r = iam(&sb).create_service_linked_role("autoscaling.amazonaws.com", None, Some("cmk")).await.unwrap();
    assert_eq!(r.name, "AWSServiceRoleForAutoScaling_cmk");
    assert_eq!(r.path, "/aws-service-role/autoscaling.amazonaws.com/");
    for service in ["inspector2.amazonaws.com", "custom-resource.application-autoscaling.amazonaws.com"] {
        let e = iam(&sb).create_service_linked_role(service, None, Some("x")).await.unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "InvalidInput"), "{service}");
        assert!(e.message.contains("Custom suffix is not allowed"), "{}", e.message);
    }
    let r = iam(&sb)
        .create_service_linked_role("custom-resource.application-autoscaling.amazonaws.com", None, None)
        .await
        .unwrap();
    assert_eq!(r.name, "AWSServiceRoleForApplicationAutoScaling_CustomResource");
}

#[tokio::test]
async fn service_linked_role_lifecycle() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let role = iam(&sb).create_service_linked_role("inspector.amazonaws.com", None, None).await.unwrap();
    assert_eq!(role.name, "AWSServiceRoleForAmazonInspector");
    assert_eq!(role.path, "/aws-service-role/inspector.amazonaws.com/");
    assert_eq!(
        role.arn,
        "arn:aws:iam::123456789012:role/aws-service-role/inspector.amazonaws.com/AWSServiceRoleForAmazonInspector"
    );
    assert!(role.role_id.starts_with("AROA") && role.role_id.len() == 21);
    assert!(role.assume_role_policy_document.contains("inspector.amazonaws.com"));

    let e = iam(&sb).create_service_linked_role("inspector.amazonaws.com", None, None).await.unwrap_err();
    assert_eq!(
        (e.kind, e.code.as_str(), e.operation),
        (ErrorKind::AlreadyExists, "InvalidInput", "CreateServiceLinkedRole")
    );
    assert_eq!(
        e.message,
        "Service role name AWSServiceRoleForAmazonInspector has been taken in this account, please try a different suffix."
    );
    let custom =
        iam(&sb).create_service_linked_role("autoscaling.amazonaws.com", Some("d"), Some("two")).await.unwrap();
    assert_eq!((custom.name.as_str(), custom.description.as_deref()), ("AWSServiceRoleForAutoScaling_two", Some("d")));

    // Protected like in AWS, except description and tags.
    let name = "AWSServiceRoleForAmazonInspector";
    let e = iam(&sb).put_role_policy(name, "p", POLICY).await.unwrap_err();
    assert_eq!(e.code, "UnmodifiableEntity");
    assert_eq!(iam(&sb).delete_role(name).await.unwrap_err().code, "UnmodifiableEntity");
    iam(&sb).update_role(name, Some("desc"), None).await.unwrap();

    let task = iam(&sb).delete_service_linked_role(name).await.unwrap();
    assert!(task.starts_with("task/aws-service-role/inspector.amazonaws.com/AWSServiceRoleForAmazonInspector/"));
    assert_eq!(task.rsplit('/').next().unwrap().len(), 36);
    assert!(iam(&sb).get_role(name).await.unwrap().is_none());
    iam(&sb).create_role(&role_input("plain")).await.unwrap();
    assert_eq!(iam(&sb).delete_service_linked_role("plain").await.unwrap_err().kind, ErrorKind::Invalid);
}

#[tokio::test]
async fn role_names_clash_without_regard_to_case() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    iam(&sb).create_role(&role_input("Auditor")).await.unwrap();
    let e = iam(&sb).create_role(&role_input("AUDITOR")).await.unwrap_err();
    assert_eq!(code(e.clone()), (ErrorKind::AlreadyExists, "EntityAlreadyExists".into()));
    assert_eq!(e.message, "Role with name AUDITOR already exists.");
    // Lookups ignore case too and report the stored name.
    assert_eq!(iam(&sb).get_role("auditor").await.unwrap().unwrap().name, "Auditor");
    assert!(iam(&sb).get_role("nobody").await.unwrap().is_none());
}

#[tokio::test]
async fn create_role_validates_like_iam() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    let cases: Vec<(CreateRoleInput, &str)> = vec![
        (role_input("bad name"), "ValidationError"),
        (role_input(&"x".repeat(65)), "ValidationError"),
        (CreateRoleInput { path: "/no-trailing".into(), ..role_input("a") }, "ValidationError"),
        (CreateRoleInput { path: "/aws-service-role/x/".into(), ..role_input("a") }, "ValidationError"),
        (CreateRoleInput { assume_role_policy_document: "{".into(), ..role_input("a") }, "MalformedPolicyDocument"),
        (CreateRoleInput { max_session_duration: Some(60), ..role_input("a") }, "ValidationError"),
        (CreateRoleInput { permissions_boundary: Some("nope".into()), ..role_input("a") }, "InvalidInput"),
    ];
    for (input, expected) in cases {
        let e = iam(&sb).create_role(&input).await.unwrap_err();
        assert_eq!(code(e), (ErrorKind::Invalid, expected.to_string()), "{input:?}");
    }
    let ok = CreateRoleInput { path: "/team/".into(), max_session_duration: Some(7200), ..role_input("a.b@c") };
    let role = iam(&sb).create_role(&ok).await.unwrap();
    assert_eq!((role.arn.as_str(), role.max_session_duration), ("arn:aws:iam::123456789012:role/team/a.b@c", 7200));
    // Optional fields left empty take AWS's defaults.
    let input = CreateRoleInput { path: String::new(), ..role_input("d") };
    let defaults = iam(&sb).create_role(&input).await.unwrap();
    assert_eq!((defaults.path.as_str(), defaults.max_session_duration), ("/", 3600));
    assert!(role.create_date.ends_with('Z') && role.create_date.len() == 20);
}

#[tokio::test]
async fn role_updates_tags_and_missing_roles() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    iam(&sb).create_role(&role_input("r")).await.unwrap();
    iam(&sb).update_role("r", Some("d"), Some(7200)).await.unwrap();
    iam(&sb).update_assume_role_policy("r", POLICY).await.unwrap();
    iam(&sb).set_permissions_boundary("r", Some("arn:aws:iam::aws:policy/ReadOnlyAccess")).await.unwrap();
    iam(&sb).tag_role("r", &Tags::from([("a".into(), "1".into()), ("b".into(), "2".into())])).await.unwrap();
    iam(&sb).untag_role("r", &["a".into()]).await.unwrap();
    let role = iam(&sb).get_role("r").await.unwrap().unwrap();
    assert_eq!(role.description.as_deref(), Some("d"));
    assert_eq!((role.max_session_duration, role.assume_role_policy_document.as_str()), (7200, POLICY));
    assert_eq!(role.permissions_boundary.as_deref(), Some("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    assert_eq!(role.tags, Tags::from([("b".into(), "2".into())]));
    iam(&sb).set_permissions_boundary("r", None).await.unwrap();
    assert!(iam(&sb).get_role("r").await.unwrap().unwrap().permissions_boundary.is_none());

    let e = iam(&sb).update_role("ghost", None, None).await.unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::NotFound, "The role with name ghost cannot be found."));
    assert_eq!(iam(&sb).list_role_policies("ghost").await.unwrap_err().code, "NoSuchEntity");
    assert!(iam(&sb).get_role_policy("ghost", "p").await.unwrap().is_none());
    assert_eq!(
        iam(&sb).set_permissions_boundary("ghost", None).await.unwrap_err().operation,
        "DeleteRolePermissionsBoundary"
    );
}

#[tokio::test]
async fn delete_role_conflicts_with_inline_policies() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    iam(&sb).create_role(&role_input("r")).await.unwrap();
    assert_eq!(iam(&sb).put_role_policy("r", "p", "[").await.unwrap_err().code, "MalformedPolicyDocument");
    iam(&sb).put_role_policy("r", "p2", POLICY).await.unwrap();
    iam(&sb).put_role_policy("r", "p1", POLICY).await.unwrap();
    assert_eq!(iam(&sb).list_role_policies("r").await.unwrap(), ["p1", "p2"]);
    assert_eq!(iam(&sb).get_role_policy("r", "p1").await.unwrap().as_deref(), Some(POLICY));
    assert!(iam(&sb).get_role_policy("r", "zz").await.unwrap().is_none());

    let e = iam(&sb).delete_role("r").await.unwrap_err();
    assert_eq!(code(e.clone()), (ErrorKind::Conflict, "DeleteConflict".into()));
    assert_eq!(e.message, "Cannot delete entity, must delete policies first.");
    iam(&sb).delete_role_policy("r", "p1").await.unwrap();
    iam(&sb).delete_role_policy("r", "p2").await.unwrap();
    assert_eq!(iam(&sb).delete_role_policy("r", "p2").await.unwrap_err().kind, ErrorKind::NotFound);
    iam(&sb).delete_role("r").await.unwrap();
    assert!(iam(&sb).get_role("r").await.unwrap().is_none());
}

/// IAM's policy grammar: an action is `*` or `<service>:<action>`, a resource `*` or an ARN;
/// IAM refuses an empty string in either, with its own wording, and changes nothing.
#[tokio::test]
async fn empty_or_malformed_actions_and_resources_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    iam(&sb).create_role(&role_input("r")).await.unwrap();
    let doc = |action: &str, resource: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":{action},"Resource":{resource}}}]}}"#
        )
    };
    let refused = [
        (doc(r#"["ec2:Describe*"]"#, r#""""#), r#"Resource  must be in ARN format or "*"."#),
        (doc(r#""s3:GetObject""#, r#"["*", "bucket"]"#), r#"Resource bucket must be in ARN format or "*"."#),
        (doc(r#""""#, r#""*""#), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
        (doc(r#"["s3:Get:Object"]"#, r#""*""#), "Actions/Condition can contain only one colon."),
        (doc(r#""*:Get*""#, r#""*""#), "Action vendors (e.g., aws, ec2, etc.) must not contain wildcards"),
    ];
    for (d, message) in &refused {
        let e = iam(&sb).put_role_policy("r", "p", d).await.unwrap_err();
        assert_eq!(
            (e.kind, e.code.as_str(), e.message.as_str()),
            (ErrorKind::Invalid, "MalformedPolicyDocument", *message),
            "{d}"
        );
    }
    assert!(iam(&sb).list_role_policies("r").await.unwrap().is_empty());
    let fine = doc(r#"["*", "s3:Get*"]"#, r#"["*", "arn:aws:s3:::b/*"]"#);
    iam(&sb).put_role_policy("r", "p", &fine).await.unwrap();
}

/// IAM's grammar and quotas: repeated keys and a nested list where a string (or list of
/// strings) belongs are malformed; a role's inline policies share 10,240 characters, a trust
/// policy has 2,048 and a managed policy 6,144, white space not counted. Nothing is changed.
#[tokio::test]
async fn malformed_and_oversized_policies_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sb = open(&dir);
    iam(&sb).create_role(&role_input("r")).await.unwrap();
    let malformed = [
        r#"{"Version":"2012-10-17","Version":"2012-10-17","Statement":[]}"#,
        r#"{"Statement":[{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#,
        r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":[["*"]]}]}"#,
        // IAM's Sid is alphanumeric (a KMS key policy's may hold spaces).
        r#"{"Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
    ];
    for doc in malformed {
        let e = iam(&sb).put_role_policy("r", "p", doc).await.unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Invalid, "MalformedPolicyDocument"), "{doc}: {e}");
    }
    let big = |n: usize| {
        let actions: Vec<String> = (0..n).map(|i| format!("\"s3:Get{i:05}\"")).collect();
        format!(r#"{{"Statement":[{{"Effect":"Allow","Action":[{}],"Resource":"*"}}]}}"#, actions.join(", "))
    };
    iam(&sb).put_role_policy("r", "first", &big(500)).await.unwrap();
    let e = iam(&sb).put_role_policy("r", "second", &big(500)).await.unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("LimitExceeded", "Maximum policy size of 10240 bytes exceeded for role r")
    );
    // Replacing a policy counts its new text, not both.
    iam(&sb).put_role_policy("r", "first", &big(600)).await.unwrap();
    let e = iam(&sb).update_assume_role_policy("r", &big(200)).await.unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048")
    );
    let input = CreatePolicyInput {
        name: "large".into(),
        path: "/".into(),
        document: big(500),
        ..CreatePolicyInput::default()
    };
    let e = iam(&sb).create_policy(&input).await.unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("LimitExceeded", "Cannot exceed quota for PolicySize: 6144"));
    // White space is not counted.
    let spaced = big(290).replace(',', &format!(",{}", " ".repeat(40)));
    assert!(spaced.len() > 10_240);
    iam(&sb).put_role_policy("r", "first", &spaced).await.unwrap();
}
