//! The AWS provider against moto's server: the same code path a real account sees. Every
//! check of what exists goes through an independent SDK client, not through baseline.

mod common;

use common::moto::Moto;
use common::Ctx;

const CONFIG: &str = r#"
provider "aws" {
  region = "us-east-1"
}

resource "aws_iam_service_linked_role" "inspector" {
  aws_service_name = "inspector.amazonaws.com"
}

resource "aws_iam_role" "events" {
  name = "InspectorEvents-us-east-1"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "events.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name   = "start-assessment"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "inspector:StartAssessmentRun", Resource = "*" }] })
  }
  tags = { team = "security" }
}

resource "aws_iam_role_policy" "extra" {
  name   = "describe"
  role   = aws_iam_role.events.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "inspector:Describe*", Resource = "*" }] })
}

resource "aws_cloudwatch_event_rule" "weekly" {
  name                = "Amazon_Inspector_Assessment"
  description         = "weekly assessment"
  schedule_expression = "cron(0 9 ? * 1 *)"
  tags                = { team = "security" }
}

resource "aws_cloudwatch_event_target" "run" {
  rule      = aws_cloudwatch_event_rule.weekly.name
  target_id = "InspectorAssessmentTemplate"
  arn       = "arn:aws:sns:us-east-1:123456789012:assessments"
  role_arn  = aws_iam_role.events.arn
}
"#;

// The role's own inline policies are managed through the block; the separate
// aws_iam_role_policy adds a second one, so the role's block list is left unmanaged here.
fn config() -> String {
    CONFIG.replace(
        "  inline_policy {\n    name   = \"start-assessment\"\n    policy = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"inspector:StartAssessmentRun\", Resource = \"*\" }] })\n  }\n",
        "",
    )
}

fn env(m: &Moto) -> Vec<(String, String)> {
    m.env().into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn run(c: &Ctx, m: &Moto, args: &[&str]) -> common::Run {
    c.run_with(args, &env(m))
}

/// Applies `dir`, then makes a no-change plan (asserted clean); returns the calls that plan
/// made (its last stderr line).
fn calls_of_a_clean_plan(c: &Ctx, m: &Moto, dir: &str) -> (usize, String) {
    let r = run(c, m, &["apply", dir, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run(c, m, &["plan", dir, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    (calls_made(&r), r.stderr)
}

/// The AWS API calls a run reports on its last stderr line.
fn calls_made(r: &common::Run) -> usize {
    regex::Regex::new(r"baseline made (\d+) AWS API call")
        .unwrap()
        .captures(&r.stderr)
        .and_then(|c| c[1].parse().ok())
        .expect(&r.stderr)
}

#[tokio::test(flavor = "multi_thread")]
async fn apply_creates_what_is_declared_and_a_second_plan_is_clean() {
    let m = Moto::start();
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.hcl", CONFIG)]);
    let d = dir.to_str().unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Apply complete! Resources: 5 added"), "{}", r.stdout);
    assert!(r.stderr.contains("AWS API calls."), "{}", r.stderr);

    let conf = m.sdk_config("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&conf);
    let role = iam.get_role().role_name("InspectorEvents-us-east-1").send().await.unwrap();
    let role = role.role().unwrap();
    let trust = percent_encoding::percent_decode_str(role.assume_role_policy_document().unwrap())
        .decode_utf8_lossy()
        .to_string();
    assert!(trust.contains("events.amazonaws.com"), "{trust}");
    assert!(role.tags().iter().any(|t| t.key() == "team" && t.value() == "security"));
    let pols = iam.list_role_policies().role_name("InspectorEvents-us-east-1").send().await.unwrap();
    let mut names = pols.policy_names().to_vec();
    names.sort();
    assert_eq!(names, ["describe", "start-assessment"]);

    let events = aws_sdk_eventbridge::Client::new(&conf);
    let rule = events.describe_rule().name("Amazon_Inspector_Assessment").send().await.unwrap();
    assert_eq!(rule.schedule_expression(), Some("cron(0 9 ? * 1 *)"));
    let targets = events.list_targets_by_rule().rule("Amazon_Inspector_Assessment").send().await.unwrap();
    assert_eq!(targets.targets().len(), 1);
    assert_eq!(targets.targets()[0].role_arn(), Some(role.arn()));

    // The service-linked role: whatever name the service (here, the emulator) gave it.
    let state: serde_json::Value = c.state_view();
    let slr =
        state["resources"].as_array().unwrap().iter().find(|r| r["type"] == "aws_iam_service_linked_role").unwrap();
    let slr_name = slr["attributes"]["name"].as_str().unwrap();
    assert!(iam.get_role().role_name(slr_name).send().await.is_ok());

    // inline_policy is the exclusive set: the extra policy from aws_iam_role_policy would be
    // removed by the role, so configure without the block and expect a clean plan.
    let plain = c.config("plain", &[("main.hcl", &config())]);
    let r = run(&c, &m, &["plan", plain.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("No changes."), "{}", r.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn changes_made_outside_are_planned_as_drift_and_repaired() {
    let m = Moto::start();
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.hcl", &config())]);
    let d = dir.to_str().unwrap();
    assert_eq!(run(&c, &m, &["apply", d, "--auto-approve"]).code, 0);

    let conf = m.sdk_config("us-east-1").await;
    let events = aws_sdk_eventbridge::Client::new(&conf);
    events
        .put_rule()
        .name("Amazon_Inspector_Assessment")
        .description("weekly assessment")
        .schedule_expression("cron(0 10 ? * 1 *)")
        .send()
        .await
        .unwrap();
    let iam = aws_sdk_iam::Client::new(&conf);
    iam.put_role_policy()
        .role_name("InspectorEvents-us-east-1")
        .policy_name("describe")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        .send()
        .await
        .unwrap();

    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stdout.contains("# aws_cloudwatch_event_rule.weekly: schedule_expression changed outside baseline"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("# aws_iam_role_policy.extra: policy changed outside baseline"), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 0 to add, 2 to change, 0 to destroy.\n"), "{}", r.stdout);

    assert_eq!(run(&c, &m, &["apply", d, "--auto-approve"]).code, 0);
    let rule = events.describe_rule().name("Amazon_Inspector_Assessment").send().await.unwrap();
    assert_eq!(rule.schedule_expression(), Some("cron(0 9 ? * 1 *)"));
    let doc =
        iam.get_role_policy().role_name("InspectorEvents-us-east-1").policy_name("describe").send().await.unwrap();
    let doc = percent_encoding::percent_decode_str(doc.policy_document()).decode_utf8_lossy().to_string();
    assert!(doc.contains("inspector:Describe*"), "{doc}");
    assert_eq!(run(&c, &m, &["plan", d, "--detailed-exitcode"]).code, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn resources_deleted_outside_are_created_again() {
    let m = Moto::start();
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.hcl", &config())]);
    let d = dir.to_str().unwrap();
    assert_eq!(run(&c, &m, &["apply", d, "--auto-approve"]).code, 0);

    let conf = m.sdk_config("us-east-1").await;
    let events = aws_sdk_eventbridge::Client::new(&conf);
    events
        .remove_targets()
        .rule("Amazon_Inspector_Assessment")
        .ids("InspectorAssessmentTemplate")
        .send()
        .await
        .unwrap();
    let iam = aws_sdk_iam::Client::new(&conf);
    iam.delete_role_policy().role_name("InspectorEvents-us-east-1").policy_name("describe").send().await.unwrap();

    let r = run(&c, &m, &["plan", d]);
    assert!(r.stdout.contains("# aws_cloudwatch_event_target.run was deleted outside baseline"), "{}", r.stdout);
    assert!(r.stdout.contains("# aws_iam_role_policy.extra was deleted outside baseline"), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 2 to add, 0 to change, 0 to destroy.\n"), "{}", r.stdout);
    assert_eq!(run(&c, &m, &["apply", d, "--auto-approve"]).code, 0);
    let targets = events.list_targets_by_rule().rule("Amazon_Inspector_Assessment").send().await.unwrap();
    assert_eq!(targets.targets().len(), 1);
    assert!(iam.get_role_policy().role_name("InspectorEvents-us-east-1").policy_name("describe").send().await.is_ok());
}

/// A target's input transformer, dead-letter queue and retry policy (issue 23) reach
/// EventBridge, are read back as configured (a second plan is clean), and change in place.
#[tokio::test(flavor = "multi_thread")]
async fn a_targets_input_transformer_dead_letter_queue_and_retry_policy_round_trip() {
    let m = Moto::start();
    let c = Ctx::new();
    let cfg = |age: u32| {
        format!(
            r#"
provider "aws" {{
  region = "us-east-1"
}}

resource "aws_cloudwatch_event_rule" "findings" {{
  name          = "inspector2-findings"
  event_pattern = jsonencode({{ source = ["aws.inspector2"] }})
}}

resource "aws_cloudwatch_event_target" "alert" {{
  rule      = aws_cloudwatch_event_rule.findings.name
  target_id = "alert"
  arn       = "arn:aws:sns:us-east-1:123456789012:alerts"

  input_transformer {{
    input_paths    = {{ severity = "$.detail.severity", title = "$.detail.title" }}
    input_template = "\"<severity>: <title>\""
  }}

  dead_letter_config {{
    arn = "arn:aws:sqs:us-east-1:123456789012:alerts-dlq"
  }}

  retry_policy {{
    maximum_event_age_in_seconds = {age}
    maximum_retry_attempts       = 3
  }}
}}
"#
        )
    };
    let dir = c.config("cfg", &[("main.tf", &cfg(3600))]);
    let d = dir.to_str().unwrap();
    calls_of_a_clean_plan(&c, &m, d);

    let conf = m.sdk_config("us-east-1").await;
    let events = aws_sdk_eventbridge::Client::new(&conf);
    let listed = events.list_targets_by_rule().rule("inspector2-findings").send().await.unwrap();
    let t = &listed.targets()[0];
    let it = t.input_transformer().expect("an input transformer");
    assert_eq!(it.input_template(), "\"<severity>: <title>\"");
    assert_eq!(it.input_paths_map().unwrap()["title"], "$.detail.title");
    assert_eq!(t.dead_letter_config().and_then(|d| d.arn()), Some("arn:aws:sqs:us-east-1:123456789012:alerts-dlq"));
    let rp = t.retry_policy().expect("a retry policy");
    assert_eq!((rp.maximum_event_age_in_seconds(), rp.maximum_retry_attempts()), (Some(3600), Some(3)));

    std::fs::write(dir.join("main.tf"), cfg(600)).unwrap();
    let r = run(&c, &m, &["plan", d]);
    assert!(r.stdout.contains("# aws_cloudwatch_event_target.alert will be updated in place"), "{}", r.stdout);
    calls_of_a_clean_plan(&c, &m, d);
    let listed = events.list_targets_by_rule().rule("inspector2-findings").send().await.unwrap();
    assert_eq!(listed.targets()[0].retry_policy().and_then(|r| r.maximum_event_age_in_seconds()), Some(600));
}

#[tokio::test(flavor = "multi_thread")]
async fn destroy_removes_everything_from_the_account() {
    let m = Moto::start();
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.hcl", &config())]);
    let d = dir.to_str().unwrap();
    assert_eq!(run(&c, &m, &["apply", d, "--auto-approve"]).code, 0);
    let r = run(&c, &m, &["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Destroy complete! Resources: 5 destroyed."), "{}", r.stdout);
    let conf = m.sdk_config("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&conf);
    assert!(iam.get_role().role_name("InspectorEvents-us-east-1").send().await.is_err());
    let events = aws_sdk_eventbridge::Client::new(&conf);
    assert!(events.describe_rule().name("Amazon_Inspector_Assessment").send().await.is_err());
    assert!(c.state_list().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_existing_service_linked_role_is_adopted() {
    let m = Moto::start();
    let c = Ctx::new();
    let conf = m.sdk_config("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&conf);
    iam.create_service_linked_role().aws_service_name("inspector.amazonaws.com").send().await.unwrap();
    let dir = c.config("slr", &[("main.hcl", "provider \"aws\" {\n  region = \"us-east-1\"\n}\nresource \"aws_iam_service_linked_role\" \"i\" {\n  aws_service_name = \"inspector.amazonaws.com\"\n}\n")]);
    let r = run(&c, &m, &["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stderr.contains("exists already; adopting it"), "{}", r.stderr);
    assert_eq!(c.state_list(), ["aws_iam_service_linked_role.i"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn provider_endpoints_and_assume_role_are_honoured() {
    let m = Moto::start();
    let c = Ctx::new();
    // The environment points at a dead port; the provider block's endpoints win.
    let cfg = format!(
        r#"
provider "aws" {{
  region = "eu-west-1"
  assume_role {{
    role_arn     = "arn:aws:iam::123456789012:role/deployer"
    session_name = "baseline-test"
  }}
  endpoints {{
    iam    = "{url}"
    events = "{url}"
    sts    = "{url}"
  }}
}}
resource "aws_cloudwatch_event_rule" "r" {{
  name                = "nightly"
  schedule_expression = "rate(1 day)"
}}
"#,
        url = m.url()
    );
    let dir = c.config("ep", &[("main.hcl", &cfg)]);
    let mut e = env(&m);
    e.retain(|(k, _)| k != "AWS_ENDPOINT_URL");
    e.push(("AWS_ENDPOINT_URL".into(), "http://127.0.0.1:9".into()));
    let r = c.run_with(&["apply", dir.to_str().unwrap(), "--auto-approve", "--debug"], &e);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stderr.contains("aws: events:PutRule (eu-west-1)"), "{}", r.stderr);
    let conf = m.sdk_config("eu-west-1").await;
    let events = aws_sdk_eventbridge::Client::new(&conf);
    assert!(events.describe_rule().name("nightly").send().await.is_ok());
}

#[test]
fn without_credentials_it_fails_fast_and_suggests_the_sandbox() {
    let c = Ctx::new();
    let dir = c.config("nocreds", &[("main.hcl", "provider \"aws\" {\n  region = \"us-east-1\"\n}\n")]);
    let env: Vec<(String, String)> = [
        ("AWS_CONFIG_FILE", "/nonexistent"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_ACCESS_KEY_ID", ""),
        ("AWS_SECRET_ACCESS_KEY", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let start = std::time::Instant::now();
    let r = c.run_with(&["plan", dir.to_str().unwrap()], &env);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    assert!(r.stderr.contains("no AWS credentials found"), "{}", r.stderr);
    assert!(r.stderr.contains("--sandbox"), "{}", r.stderr);
    // One line per source, no SDK debug structures.
    for line in [
        "- environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
        "- shared files: neither /nonexistent nor /nonexistent exists",
        "- web identity:",
        "- container:",
        "- instance metadata:",
    ] {
        assert!(r.stderr.contains(line), "{line}: {}", r.stderr);
    }
    for debug in ["ProviderError {", "Some(", "SdkBody", "extensions"] {
        assert!(!r.stderr.contains(debug), "{debug}: {}", r.stderr);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_from_the_shared_files_and_service_endpoint_variables_are_used() {
    let m = Moto::start();
    let c = Ctx::new();
    let creds = c.dir.path().join("credentials");
    std::fs::write(&creds, "[security]\naws_access_key_id = testing\naws_secret_access_key = testing\n").unwrap();
    let conf = c.dir.path().join("config");
    std::fs::write(&conf, "[profile security]\nregion = ap-northeast-1\n").unwrap();
    // No region and no keys in the block or environment: both come from the profile.
    let dir = c.config("profile", &[("main.hcl", "provider \"aws\" {\n  profile = \"security\"\n}\nresource \"aws_cloudwatch_event_rule\" \"r\" {\n  name                = \"p\"\n  schedule_expression = \"rate(1 hour)\"\n}\n")]);
    let env: Vec<(String, String)> = vec![
        ("AWS_SHARED_CREDENTIALS_FILE".into(), creds.display().to_string()),
        ("AWS_CONFIG_FILE".into(), conf.display().to_string()),
        ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ("AWS_ENDPOINT_URL".into(), "http://127.0.0.1:9".into()),
        ("AWS_ENDPOINT_URL_EVENTBRIDGE".into(), m.url()),
        // The run asks STS which account the state belongs to.
        ("AWS_ENDPOINT_URL_STS".into(), m.url()),
    ];
    let r = c.run_with(&["apply", dir.to_str().unwrap(), "--auto-approve"], &env);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let sdk = m.sdk_config("ap-northeast-1").await;
    let rule = aws_sdk_eventbridge::Client::new(&sdk).describe_rule().name("p").send().await.unwrap();
    assert!(rule.arn().unwrap().contains(":ap-northeast-1:"), "{:?}", rule.arn());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_assumed_role_into_a_second_account_puts_resources_there_only() {
    let m = Moto::start();
    let c = Ctx::new();
    let dir = c.config(
        "two",
        &[(
            "main.hcl",
            r#"
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "member"
  region = "us-east-1"
  assume_role {
    role_arn     = "arn:aws:iam::222222222222:role/baseline"
    session_name = "baseline-test"
  }
}
resource "aws_cloudwatch_event_rule" "there" {
  provider            = aws.member
  name                = "member-rule"
  schedule_expression = "rate(1 day)"
}
"#,
        )],
    );
    let r = run(&c, &m, &["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let state: serde_json::Value = c.state_view();
    let arn = state["resources"][0]["attributes"]["arn"].as_str().unwrap().to_string();
    assert!(arn.contains(":222222222222:"), "{arn}");

    // An independent client in the second account (through moto's STS) sees it…
    let conf = m.sdk_config("us-east-1").await;
    let sts = aws_sdk_sts::Client::new(&conf);
    let creds = sts
        .assume_role()
        .role_arn("arn:aws:iam::222222222222:role/baseline")
        .role_session_name("check")
        .send()
        .await
        .unwrap();
    let c2 = creds.credentials().unwrap();
    let member_creds = aws_credential_types::Credentials::new(
        c2.access_key_id(),
        c2.secret_access_key(),
        Some(c2.session_token().to_string()),
        None,
        "check",
    );
    let member_conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(member_creds)
        .endpoint_url(m.url())
        .load()
        .await;
    let member = aws_sdk_eventbridge::Client::new(&member_conf);
    assert!(member.describe_rule().name("member-rule").send().await.is_ok());
    // …and the first account does not have it.
    let home = aws_sdk_eventbridge::Client::new(&conf);
    assert!(home.describe_rule().name("member-rule").send().await.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_organization_example_runs_against_moto_through_an_assumed_role() {
    let m = Moto::start();
    let c = Ctx::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/organization");
    let r = run(&c, &m, &["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Resources: 5 added"), "{}", r.stdout);
    // Check in the security account, through an independent client that assumes the role.
    let conf = m.sdk_config("ap-northeast-1").await;
    let creds = aws_sdk_sts::Client::new(&conf)
        .assume_role()
        .role_arn("arn:aws:iam::111122223333:role/OrganizationAccountAccessRole")
        .role_session_name("check")
        .send()
        .await
        .unwrap();
    let k = creds.credentials().unwrap();
    let security_conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("ap-northeast-1"))
        .credentials_provider(aws_credential_types::Credentials::new(
            k.access_key_id(),
            k.secret_access_key(),
            Some(k.session_token().to_string()),
            None,
            "check",
        ))
        .endpoint_url(m.url())
        .load()
        .await;
    let i2 = aws_sdk_inspector2::Client::new(&security_conf);
    let member = i2.get_member().account_id("444455556666").send().await.unwrap();
    assert!(member.member().is_some());
    assert_eq!(run(&c, &m, &["plan", dir.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn data_sources_read_the_callers_identity_region_partition_and_build_policies() {
    let m = Moto::start();
    let c = Ctx::new();
    let cfg = r#"
provider "aws" {
  region = "eu-west-1"
}
data "aws_caller_identity" "me" {}
data "aws_region" "here" {}
data "aws_partition" "p" {}
data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:${data.aws_partition.p.partition}:s3:::audit-${data.aws_caller_identity.me.account_id}"]
  }
}
output "account" { value = data.aws_caller_identity.me.account_id }
output "arn" { value = data.aws_caller_identity.me.arn }
output "region" { value = "${data.aws_region.here.region} ${data.aws_region.here.description}" }
output "policy" { value = data.aws_iam_policy_document.read.minified_json }
"#;
    let dir = c.config("data", &[("main.tf", cfg)]);
    let r = run(&c, &m, &["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // Checked independently against the emulator's own answer.
    let conf = m.sdk_config("eu-west-1").await;
    let who = aws_sdk_sts::Client::new(&conf).get_caller_identity().send().await.unwrap();
    let account = who.account().unwrap();
    assert!(r.stdout.contains(&format!("account = \"{account}\"")), "{}", r.stdout);
    assert!(r.stdout.contains(&format!("arn = \"{}\"", who.arn().unwrap())), "{}", r.stdout);
    assert!(r.stdout.contains("region = \"eu-west-1 Europe (Ireland)\""), "{}", r.stdout);
    let policy = format!(
        r#"{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":[\"s3:ListBucket\",\"s3:GetObject\"],\"Resource\":\"arn:aws:s3:::audit-{account}\"}}]}}"#
    );
    assert!(r.stdout.contains(&policy), "{}", r.stdout);
}

/// A role with its inline policy in a separate `aws_iam_role_policy`: the next plans report
/// nothing, neither as changes nor as drift (the role does not declare `inline_policy`).
#[tokio::test(flavor = "multi_thread")]
async fn a_separate_role_policy_is_not_drift_of_its_role() {
    let m = Moto::start();
    let c = Ctx::new();
    let dir = c.config("cfg", &[("main.hcl", &config())]);
    let d = dir.to_str().unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!r.stdout.contains("changed outside"), "{}", r.stdout);
    let r = run(&c, &m, &["plan", d, "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_managed_policy_is_attached_and_detached() {
    let m = Moto::start();
    let c = Ctx::new();
    // A customer managed policy made outside baseline (moto does not load AWS's own).
    let iam = aws_sdk_iam::Client::new(&m.sdk_config("us-east-1").await);
    let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"inspector2:List*","Resource":"*"}]}"#;
    let made = iam.create_policy().policy_name("InspectorRead").policy_document(doc).send().await.unwrap();
    let arn = made.policy().unwrap().arn().unwrap().to_string();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_iam_role" "r" {
  name               = "inspector-run"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "events.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "ro" {
  role       = aws_iam_role.r.name
  policy_arn = "POLICY"
}
"#
    .replace("POLICY", &arn);
    let dir = c.config("cfg", &[("main.tf", &cfg)]);
    let d = dir.to_str().unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let listed = iam.list_attached_role_policies().role_name("inspector-run").send().await.unwrap();
    let arns: Vec<&str> = listed.attached_policies().iter().filter_map(|p| p.policy_arn()).collect();
    assert_eq!(arns, [arn.as_str()]);
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // Detached outside: planned again, and repaired.
    iam.detach_role_policy().role_name("inspector-run").policy_arn(&arn).send().await.unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert!(r.stdout.contains("1 added"), "{}", r.transcript());
    let r = run(&c, &m, &["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(iam.get_role().role_name("inspector-run").send().await.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_managed_policy_gets_versions_and_the_password_policy_is_kept() {
    let m = Moto::start();
    let c = Ctx::new();
    let iam = aws_sdk_iam::Client::new(&m.sdk_config("us-east-1").await);
    let cfg = |action: &str| {
        r#"
provider "aws" { region = "us-east-1" }
data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["ACTION"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "read" {
  name        = "findings-read"
  path        = "/baseline/"
  description = "Read findings"
  policy      = data.aws_iam_policy_document.read.json
  tags        = { team = "sec" }
}
resource "aws_iam_role" "r" {
  name               = "auditor"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "events.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.read.arn
}
resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length   = 14
  require_symbols           = true
  max_password_age          = 90
  password_reuse_prevention = 24
}
data "aws_iam_policy" "read" {
  name       = aws_iam_policy.read.name
  depends_on = [aws_iam_policy.read]
}
output "found" { value = data.aws_iam_policy.read.arn }
"#
        .replace("ACTION", action)
    };
    let dir = c.config("cfg", &[("main.tf", &cfg("inspector2:ListFindings"))]);
    let d = dir.to_str().unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let account = m.sdk_config("us-east-1").await;
    let sts = aws_sdk_sts::Client::new(&account);
    let id = sts.get_caller_identity().send().await.unwrap().account().unwrap().to_string();
    let arn = format!("arn:aws:iam::{id}:policy/baseline/findings-read");
    assert!(r.stdout.contains(&format!("found = \"{arn}\"")), "{}", r.stdout);
    let p = iam.get_policy().policy_arn(&arn).send().await.unwrap();
    let p = p.policy().unwrap();
    assert_eq!(p.default_version_id(), Some("v1"));
    assert_eq!(p.tags().iter().map(|t| (t.key(), t.value())).collect::<Vec<_>>(), [("team", "sec")]);
    let pp = iam.get_account_password_policy().send().await.unwrap();
    let pp = pp.password_policy().unwrap();
    assert_eq!((pp.minimum_password_length(), pp.max_password_age()), (Some(14), Some(90)));
    let r = run(&c, &m, &["plan", d, "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());

    // A new document is a new default version; the password policy changed outside is repaired.
    std::fs::write(dir.join("main.tf"), cfg("inspector2:GetFindingsReportStatus")).unwrap();
    iam.update_account_password_policy().minimum_password_length(8).send().await.unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert!(r.stdout.contains("2 changed"), "{}", r.transcript());
    let versions = iam.list_policy_versions().policy_arn(&arn).send().await.unwrap();
    let default: Vec<_> = versions.versions().iter().filter(|v| v.is_default_version()).collect();
    assert_eq!((versions.versions().len(), default[0].version_id()), (2, Some("v2")));
    let pp = iam.get_account_password_policy().send().await.unwrap();
    assert_eq!(pp.password_policy().unwrap().minimum_password_length(), Some(14));
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // A new default version made outside is drift, repaired by a version with the declared document.
    let other = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    iam.create_policy_version().policy_arn(&arn).policy_document(other).set_as_default(true).send().await.unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert!(r.stdout.contains("changed outside") && r.stdout.contains("1 changed"), "{}", r.transcript());
    let p = iam.get_policy().policy_arn(&arn).send().await.unwrap();
    let v = p.policy().unwrap().default_version_id().unwrap().to_string();
    let doc = iam.get_policy_version().policy_arn(&arn).version_id(&v).send().await.unwrap();
    let doc = percent_encoding::percent_decode_str(doc.policy_version().unwrap().document().unwrap())
        .decode_utf8_lossy()
        .into_owned();
    assert!(doc.contains("inspector2:GetFindingsReportStatus"), "{doc}");

    let r = run(&c, &m, &["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(iam.get_policy().policy_arn(&arn).send().await.is_err());
    assert!(iam.get_account_password_policy().send().await.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_findings_example_sends_high_findings_to_a_topic_eventbridge_may_publish_to() {
    let m = Moto::start();
    let c = Ctx::new();
    let conf = m.sdk_config("ap-northeast-1").await;
    let sns = aws_sdk_sns::Client::new(&conf);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inspector2-findings");
    let d = dir.to_str().unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let topics = sns.list_topics().send().await.unwrap();
    let arn = topics.topics()[0].topic_arn().unwrap().to_string();
    assert!(arn.ends_with(":inspector2-findings"), "{arn}");
    let attrs = sns.get_topic_attributes().topic_arn(&arn).send().await.unwrap();
    let attrs = attrs.attributes().unwrap();
    assert_eq!(attrs.get("DisplayName").map(String::as_str), Some("Inspector findings"));
    let policy: serde_json::Value = serde_json::from_str(&attrs["Policy"]).unwrap();
    assert_eq!(policy["Statement"][0]["Principal"]["Service"], "events.amazonaws.com");
    assert!(policy["Statement"][0]["Condition"]["ArnEquals"]["aws:SourceArn"]
        .as_str()
        .unwrap()
        .ends_with("rule/inspector2-high-findings"));
    let subs = sns.list_subscriptions_by_topic().topic_arn(&arn).send().await.unwrap();
    let s = &subs.subscriptions()[0];
    assert_eq!((s.protocol(), s.endpoint()), (Some("email"), Some("security@example.com")));
    let events = aws_sdk_eventbridge::Client::new(&conf);
    let targets = events.list_targets_by_rule().rule("inspector2-high-findings").send().await.unwrap();
    assert_eq!(targets.targets()[0].arn(), arn);
    let r = run(&c, &m, &["plan", d, "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());

    // Changed outside: reported and repaired.
    sns.set_topic_attributes().topic_arn(&arn).attribute_name("DisplayName").attribute_value("x").send().await.unwrap();
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stdout.contains("display_name"), "{}", r.stdout);
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let attrs = sns.get_topic_attributes().topic_arn(&arn).send().await.unwrap();
    assert_eq!(attrs.attributes().unwrap().get("DisplayName").map(String::as_str), Some("Inspector findings"));
    // The topic policy opened to everyone outside: drift of the topic policy, repaired.
    let open = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"{arn}"}}]}}"#
    );
    sns.set_topic_attributes().topic_arn(&arn).attribute_name("Policy").attribute_value(&open).send().await.unwrap();
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stdout.contains("aws_sns_topic_policy.findings"), "{}", r.stdout);
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let attrs = sns.get_topic_attributes().topic_arn(&arn).send().await.unwrap();
    assert!(attrs.attributes().unwrap()["Policy"].contains("events.amazonaws.com"));

    let r = run(&c, &m, &["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(sns.list_topics().send().await.unwrap().topics().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_organization_data_source_lists_the_member_accounts() {
    let m = Moto::start();
    let c = Ctx::new();
    let org = aws_sdk_organizations::Client::new(&m.sdk_config("us-east-1").await);
    org.create_organization()
        .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
        .send()
        .await
        .unwrap();
    org.create_account().account_name("security").email("security@example.com").send().await.unwrap();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
data "aws_organizations_organization" "org" {}
output "members" { value = data.aws_organizations_organization.org.non_master_accounts[*].name }
output "master" { value = data.aws_organizations_organization.org.master_account_id }
output "roots" { value = length(data.aws_organizations_organization.org.roots) }
"#;
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let r = run(&c, &m, &["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let described = org.describe_organization().send().await.unwrap();
    let master = described.organization().unwrap().master_account_id().unwrap();
    assert!(r.stdout.contains(&format!("master = \"{master}\"")), "{}", r.stdout);
    assert!(r.stdout.contains("\"security\""), "{}", r.stdout);
    assert!(r.stdout.contains("roots = 1"), "{}", r.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delegated_administrator_is_registered_read_and_deregistered() {
    let m = Moto::start();
    let c = Ctx::new();
    let org = aws_sdk_organizations::Client::new(&m.sdk_config("us-east-1").await);
    org.create_organization()
        .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
        .send()
        .await
        .unwrap();
    let made = org.create_account().account_name("security").email("security@example.com").send().await.unwrap();
    let status = made.create_account_status().unwrap();
    let member = status.account_id().unwrap().to_string();
    let cfg = format!(
        r#"
provider "aws" {{ region = "us-east-1" }}
resource "aws_organizations_delegated_administrator" "gd" {{
  account_id        = "{member}"
  service_principal = "guardduty.amazonaws.com"
}}
data "aws_organizations_delegated_services" "of_member" {{
  account_id = aws_organizations_delegated_administrator.gd.account_id
}}
output "name" {{ value = aws_organizations_delegated_administrator.gd.name }}
output "services" {{ value = data.aws_organizations_delegated_services.of_member.delegated_services[*].service_principal }}
"#
    );
    let dir = c.config("cfg", &[("main.tf", &cfg)]);
    let r = run(&c, &m, &["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("name = \"security\""), "{}", r.stdout);
    assert!(r.stdout.contains("\"guardduty.amazonaws.com\""), "{}", r.stdout);
    // An independent client sees the registration, then sees it gone after destroy.
    let listed =
        |out: aws_sdk_organizations::operation::list_delegated_administrators::ListDelegatedAdministratorsOutput| {
            out.delegated_administrators().iter().filter_map(|a| a.id().map(str::to_string)).collect::<Vec<_>>()
        };
    let admins = org.list_delegated_administrators().send().await.unwrap();
    assert_eq!(listed(admins), std::slice::from_ref(&member));
    let plan = run(&c, &m, &["plan", dir.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(plan.code, 0, "a second plan is clean: {}", plan.transcript());
    let d = run(&c, &m, &["destroy", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(d.code, 0, "{}", d.transcript());
    assert!(listed(org.list_delegated_administrators().send().await.unwrap()).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn default_tags_reach_aws_and_ignored_tags_set_outside_survive_an_update() {
    let m = Moto::start();
    let c = Ctx::new();
    let conf = m.sdk_config("us-east-1").await;
    let (iam, sns) = (aws_sdk_iam::Client::new(&conf), aws_sdk_sns::Client::new(&conf));
    let cfg = |owner: &str| {
        r#"
provider "aws" {
  region = "us-east-1"
  default_tags { tags = { Owner = "OWNER" } }
  ignore_tags { keys = ["LastScanned"] }
}
resource "aws_iam_role" "r" {
  name               = "auditor"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "events.amazonaws.com" } }] })
  tags               = { Name = "auditor" }
}
resource "aws_sns_topic" "t" {
  name = "findings"
}
"#
        .replace("OWNER", owner)
    };
    let dir = c.config("cfg", &[("main.tf", &cfg("security"))]);
    let d = dir.to_str().unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let role_tags = || async {
        let t = iam.list_role_tags().role_name("auditor").send().await.unwrap();
        t.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect::<Vec<_>>()
    };
    let topic = sns.list_topics().send().await.unwrap().topics()[0].topic_arn().unwrap().to_string();
    let topic_tags = || async {
        let t = sns.list_tags_for_resource().resource_arn(&topic).send().await.unwrap();
        let mut v: Vec<_> = t.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect();
        v.sort();
        v
    };
    let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert!(role_tags().await.contains(&pair("Owner", "security")));
    assert_eq!(topic_tags().await, [pair("Owner", "security")]);
    iam.tag_role()
        .role_name("auditor")
        .tags(aws_sdk_iam::types::Tag::builder().key("LastScanned").value("today").build().unwrap())
        .send()
        .await
        .unwrap();
    sns.tag_resource()
        .resource_arn(&topic)
        .tags(aws_sdk_sns::types::Tag::builder().key("LastScanned").value("today").build().unwrap())
        .send()
        .await
        .unwrap();
    let r = run(&c, &m, &["plan", d, "--refresh-only", "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    std::fs::write(dir.join("main.tf"), cfg("secops")).unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert!(r.stdout.contains("0 added, 2 changed"), "{}", r.transcript());
    let mut tags = role_tags().await;
    tags.sort();
    assert_eq!(tags, [pair("LastScanned", "today"), pair("Name", "auditor"), pair("Owner", "secops")]);
    assert_eq!(topic_tags().await, [pair("LastScanned", "today"), pair("Owner", "secops")]);
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

/// An endpoint that accepts connections and never answers: the run ends in bounded time
/// (`--aws-timeout`), one readable line per failed resource, no SDK debug dump.
#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_endpoint_fails_in_bounded_time() {
    let started = std::time::Instant::now();
    let r = apply_one_rule_to_a_stalled_endpoint("3s");
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "bounded: {:?}", started.elapsed());
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("events:PutRule failed: Timeout"), "{}", r.stderr);
    assert!(!r.stderr.contains("DispatchFailure {"), "no debug dumps: {}", r.stderr);
}

/// Applies one rule with an EventBridge endpoint that accepts connections and never answers
/// (the rest is moto), with `--aws-timeout timeout`.
fn apply_one_rule_to_a_stalled_endpoint(timeout: &str) -> common::Run {
    let m = Moto::start();
    let c = Ctx::new();
    let stall = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut e = env(&m);
    e.push(("AWS_ENDPOINT_URL_EVENTBRIDGE".into(), format!("http://{}", stall.local_addr().unwrap())));
    let cfg = "provider \"aws\" { region = \"us-east-1\" }\nresource \"aws_cloudwatch_event_rule\" \"r\" {\n  name = \"n\"\n  schedule_expression = \"rate(1 day)\"\n}\n";
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let r = c.run_with(&["apply", dir.to_str().unwrap(), "--auto-approve", "--aws-timeout", timeout], &e);
    drop(stall);
    r
}

/// An action that runs long says so every ten seconds, as Terraform does.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_action_says_it_is_still_running() {
    let r = apply_one_rule_to_a_stalled_endpoint("12s");
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("aws_cloudwatch_event_rule.r: Still creating... [10s elapsed]"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("Still creating").count(), 1, "once per ten seconds: {}", r.stderr);
}

/// Refreshing many rules costs a few `ListRules` pages (narrowed by their names' common
/// prefix), and tags are read only for rules recorded with tags, instead of two calls per rule;
/// a change or deletion made outside is still seen.
#[tokio::test(flavor = "multi_thread")]
async fn many_rules_are_refreshed_with_a_few_list_calls() {
    let m = Moto::start();
    let c = Ctx::new();
    let mut cfg = String::from("provider \"aws\" { region = \"us-east-1\" }\n");
    for i in 0..150 {
        let tags = if i == 0 { "tags = { team = \"sec\" }" } else { "" };
        cfg.push_str(&format!(
            "resource \"aws_cloudwatch_event_rule\" \"r{i}\" {{\n  name = \"nightly-{i:03}\"\n  schedule_expression = \"rate(1 day)\"\n  {tags}\n}}\n"
        ));
    }
    let dir = c.config("many", &[("main.tf", &cfg)]);
    let d = dir.to_str().unwrap();
    let (calls, stderr) = calls_of_a_clean_plan(&c, &m, d);
    // 2 pages of ListRules, 1 ListTagsForResource, the identity check: not 300.
    assert!(calls <= 6, "{calls} calls for 150 rules: {stderr}");

    let events = aws_sdk_eventbridge::Client::new(&m.sdk_config("us-east-1").await);
    events.put_rule().name("nightly-007").schedule_expression("rate(2 days)").send().await.unwrap();
    events.delete_rule().name("nightly-008").send().await.unwrap();
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stdout.contains("aws_cloudwatch_event_rule.r7: schedule_expression changed outside baseline")
            || r.stdout.contains("# aws_cloudwatch_event_rule.r7 has changed"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("aws_cloudwatch_event_rule.r8"), "{}", r.stdout);
}

/// Many roles are read with the account-wide listings; what changed outside is still seen
/// (description from ListRoles; tags, boundary, inline and attached policies from
/// GetAccountAuthorizationDetails).
#[tokio::test]
async fn many_roles_are_refreshed_with_the_account_listings() {
    let m = Moto::start();
    let c = Ctx::new();
    let mut cfg = String::from("provider \"aws\" { region = \"us-east-1\" }\n");
    let trust = r#"jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "events.amazonaws.com" } }] })"#;
    for i in 0..40 {
        cfg.push_str(&format!(
            "resource \"aws_iam_role\" \"r{i}\" {{\n  name = \"ops-{i:02}\"\n  description = \"d\"\n  assume_role_policy = {trust}\n  tags = {{ team = \"sec\" }}\n  managed_policy_arns = []\n  inline_policy {{\n    name = \"p\"\n    policy = jsonencode({{ Version = \"2012-10-17\", Statement = [{{ Effect = \"Allow\", Action = \"s3:ListAllMyBuckets\", Resource = \"*\" }}] }})\n  }}\n}}\n"
        ));
    }
    let dir = c.config("roles", &[("main.tf", &cfg)]);
    let d = dir.to_str().unwrap();
    let (calls, stderr) = calls_of_a_clean_plan(&c, &m, d);
    // ListRoles, GetAccountAuthorizationDetails, the identity check: not 40 × 4.
    assert!(calls <= 4, "{calls} calls for 40 roles: {stderr}");

    let iam = aws_sdk_iam::Client::new(&m.sdk_config("us-east-1").await);
    iam.update_role().role_name("ops-01").description("changed").send().await.unwrap();
    iam.tag_role()
        .role_name("ops-02")
        .tags(aws_sdk_iam::types::Tag::builder().key("x").value("y").build().unwrap())
        .send()
        .await
        .unwrap();
    iam.delete_role_policy().role_name("ops-03").policy_name("p").send().await.unwrap();
    let doc =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}"#;
    let extra = iam.create_policy().policy_name("extra").policy_document(doc).send().await.unwrap();
    let arn = extra.policy().and_then(|p| p.arn()).unwrap();
    iam.attach_role_policy().role_name("ops-04").policy_arn(arn).send().await.unwrap();
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    for (n, what) in [(1, "description"), (2, "tags"), (3, "inline_policy"), (4, "managed_policy_arns")] {
        assert!(
            r.stdout.contains(&format!("# aws_iam_role.r{n} will be updated in place"))
                && r.stdout.lines().any(|l| l.contains(what)),
            "r{n}: {what}\n{}",
            r.stdout
        );
    }
    assert!(!r.stdout.contains("aws_iam_role.r5 "), "{}", r.stdout);
}

/// The estate of the scale issue (`benches/estate/main.tf`): in each of 14 regions a role
/// with an inline policy, a rule, its target, Inspector v2 enablement and a filter (70
/// resources). A no-change plan reads them with at most 59 calls (0.84 per resource; 112
/// before bulk reads): roles in bulk, one identity call, and per region DescribeRule (no tags
/// are recorded, so none are read), ListTargetsByRule, BatchGetAccountStatus and ListFilters.
#[tokio::test]
async fn an_estate_of_fourteen_regions_is_refreshed_with_few_calls_per_resource() {
    let m = Moto::start();
    let c = Ctx::new();
    let cfg = include_str!("../benches/estate/main.tf");
    let dir = c.config("estate", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    let (calls, stderr) = calls_of_a_clean_plan(&c, &m, d);
    assert!(calls <= 59, "{calls} calls for 70 resources: {stderr}");
}

/// Several Inspector v2 filters and enablers of one region are read together: one
/// `ListFilters` for every filter and one `BatchGetAccountStatus` for every enabler's
/// accounts, and a filter deleted outside is still seen as gone.
#[tokio::test]
async fn inspector2_filters_and_enablers_of_a_region_are_read_together() {
    let m = Moto::start();
    let c = Ctx::new();
    let cfg = r#"provider "aws" { region = "us-east-1" }
data "aws_caller_identity" "me" {}
resource "aws_inspector2_enabler" "ec2" {
  account_ids    = [data.aws_caller_identity.me.account_id]
  resource_types = ["EC2"]
}
resource "aws_inspector2_enabler" "ecr" {
  account_ids    = [data.aws_caller_identity.me.account_id]
  resource_types = ["ECR"]
}
resource "aws_inspector2_filter" "f" {
  for_each = toset(["LOW", "MEDIUM", "INFORMATIONAL"])
  name     = "suppress-${lower(each.key)}"
  action   = "SUPPRESS"
  filter_criteria {
    severity {
      comparison = "EQUALS"
      value      = each.key
    }
  }
}
"#;
    let dir = c.config("inspector2", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    let (calls, stderr) = calls_of_a_clean_plan(&c, &m, d);
    // The identity, one account status for both enablers, one listing for the three filters.
    assert_eq!(calls, 3, "{stderr}");

    let client = aws_sdk_inspector2::Client::new(&m.sdk_config("us-east-1").await);
    let listed = client.list_filters().send().await.unwrap();
    let low = listed.filters().iter().find(|f| f.name() == "suppress-low").expect("the filter was made");
    client.delete_filter().arn(low.arn()).send().await.unwrap();
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stdout.contains("# aws_inspector2_filter.f[\"LOW\"] will be created"), "{}", r.stdout);
    assert!(r.stdout.contains("Plan: 1 to add, 0 to change, 0 to destroy."), "{}", r.stdout);
}

/// `aws_guardduty_detector` against moto's GuardDuty (issue 26): created with its settings and
/// tags, a second plan clean, a change made in place, destroy removing it; each seen through
/// an independent SDK client.
#[tokio::test(flavor = "multi_thread")]
async fn a_guardduty_detector_is_created_changed_and_destroyed() {
    let m = Moto::start();
    let c = Ctx::new();
    let config = |frequency: &str, enable: bool| {
        format!(
            "provider \"aws\" {{\n  region = \"us-east-1\"\n}}\nresource \"aws_guardduty_detector\" \"this\" {{\n  \
             enable                       = {enable}\n  finding_publishing_frequency = \"{frequency}\"\n  \
             tags                         = {{ team = \"security\" }}\n}}\n"
        )
    };
    let dir = c.config("gd", &[("main.tf", &config("FIFTEEN_MINUTES", true))]);
    let d = dir.to_str().unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let gd = aws_sdk_guardduty::Client::new(&m.sdk_config("us-east-1").await);
    let ids = gd.list_detectors().send().await.unwrap().detector_ids().to_vec();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let got = gd.get_detector().detector_id(&ids[0]).send().await.unwrap();
    assert_eq!(got.status().map(|s| s.as_str()), Some("ENABLED"));
    assert_eq!(got.finding_publishing_frequency().map(|f| f.as_str()), Some("FIFTEEN_MINUTES"));
    assert_eq!(got.tags().and_then(|t| t.get("team")).map(String::as_str), Some("security"));
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());

    std::fs::write(dir.join("main.tf"), config("ONE_HOUR", false)).unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("0 added, 1 changed, 0 destroyed"), "{}", r.stdout);
    let got = gd.get_detector().detector_id(&ids[0]).send().await.unwrap();
    assert_eq!(got.status().map(|s| s.as_str()), Some("DISABLED"));
    assert_eq!(got.finding_publishing_frequency().map(|f| f.as_str()), Some("ONE_HOUR"));

    let r = run(&c, &m, &["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(gd.list_detectors().send().await.unwrap().detector_ids().is_empty());
}

/// Security Hub enabled by `aws_securityhub_account` is seen by an independent client, plans
/// clean, and is disabled by destroy (moto serves the hub; not its standards).
#[tokio::test(flavor = "multi_thread")]
async fn security_hub_is_enabled_read_and_disabled() {
    let m = Moto::start();
    let c = Ctx::new();
    let hub = aws_sdk_securityhub::Client::new(&m.sdk_config("us-east-1").await);
    assert!(hub.describe_hub().send().await.is_err(), "moto starts without a hub");
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_securityhub_account" "this" {
  enable_default_standards = false
}
output "arn" { value = aws_securityhub_account.this.arn }
output "generator" { value = aws_securityhub_account.this.control_finding_generator }
"#;
    let dir = c.config("cfg", &[("main.tf", cfg)]);
    let r = run(&c, &m, &["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let described = hub.describe_hub().send().await.unwrap();
    let arn = described.hub_arn().unwrap().to_string();
    assert!(r.stdout.contains(&format!("arn = \"{arn}\"")), "{}", r.stdout);
    assert!(r.stdout.contains("generator = \"SECURITY_CONTROL\""), "{}", r.stdout);
    let plan = run(&c, &m, &["plan", dir.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(plan.code, 0, "a second plan is clean: {}", plan.transcript());
    let d = run(&c, &m, &["destroy", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(d.code, 0, "{}", d.transcript());
    assert!(hub.describe_hub().send().await.is_err(), "destroy disabled the hub");
}

/// `aws_organizations_organization` creates the organization with its trusted services and
/// policy types, an independent client sees them, a change withdraws one, and a second plan
/// is clean.
#[tokio::test(flavor = "multi_thread")]
async fn an_organization_is_created_with_trusted_services_and_policy_types() {
    let m = Moto::start();
    let c = Ctx::new();
    let org = aws_sdk_organizations::Client::new(&m.sdk_config("us-east-1").await);
    let cfg = |principals: &str| {
        format!(
            r#"
provider "aws" {{ region = "us-east-1" }}
resource "aws_organizations_organization" "org" {{
  aws_service_access_principals = [{principals}]
  enabled_policy_types          = ["SERVICE_CONTROL_POLICY"]
}}
output "id" {{ value = aws_organizations_organization.org.id }}
"#
        )
    };
    let dir = c.config("cfg", &[("main.tf", &cfg("\"guardduty.amazonaws.com\", \"securityhub.amazonaws.com\""))]);
    let r = run(&c, &m, &["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let described = org.describe_organization().send().await.unwrap();
    let id = described.organization().and_then(|o| o.id()).unwrap().to_string();
    assert!(r.stdout.contains(&format!("id = \"{id}\"")), "{}", r.stdout);
    let trusted = |out: aws_sdk_organizations::operation::list_aws_service_access_for_organization::ListAwsServiceAccessForOrganizationOutput| {
        let mut v: Vec<String> =
            out.enabled_service_principals().iter().filter_map(|p| p.service_principal().map(str::to_string)).collect();
        v.sort();
        v
    };
    assert_eq!(
        trusted(org.list_aws_service_access_for_organization().send().await.unwrap()),
        ["guardduty.amazonaws.com", "securityhub.amazonaws.com"]
    );
    let roots = org.list_roots().send().await.unwrap();
    let scp_enabled = roots.roots()[0].policy_types().iter().any(|p| {
        p.r#type().map(|t| t.as_str()) == Some("SERVICE_CONTROL_POLICY")
            && p.status().map(|s| s.as_str()) == Some("ENABLED")
    });
    assert!(scp_enabled, "{roots:?}");
    let plan = run(&c, &m, &["plan", dir.to_str().unwrap(), "--detailed-exitcode"]);
    assert_eq!(plan.code, 0, "a second plan is clean: {}", plan.transcript());

    std::fs::write(dir.join("main.tf"), cfg("\"guardduty.amazonaws.com\"")).unwrap();
    let r = run(&c, &m, &["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        trusted(org.list_aws_service_access_for_organization().send().await.unwrap()),
        ["guardduty.amazonaws.com"]
    );
}

/// AWS KMS against moto: a key with its key policy and an alias, read back through an
/// independent SDK client, a second plan clean, and destroy scheduling the key's deletion (the
/// key is then pending deletion, as KMS keeps it) and removing the alias.
#[tokio::test(flavor = "multi_thread")]
async fn a_kms_key_with_its_alias_and_key_policy_is_created_read_and_scheduled_for_deletion() {
    let m = Moto::start();
    let c = Ctx::new();
    let config = r#"
provider "aws" {
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "logs" {
  description             = "log encryption"
  deletion_window_in_days = 7
  enable_key_rotation     = true
  tags                    = { team = "security" }
}

resource "aws_kms_key_policy" "logs" {
  key_id = aws_kms_key.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Id      = "logs"
    Statement = [{
      Sid       = "Account"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_alias" "logs" {
  name          = "alias/logs"
  target_key_id = aws_kms_key.logs.key_id
}

data "aws_kms_alias" "logs" {
  name = aws_kms_alias.logs.name
}

output "target" {
  value = data.aws_kms_alias.logs.target_key_arn
}
"#;
    let dir = c.config("kms", &[("main.tf", config)]);
    let d = dir.to_str().unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let kms = aws_sdk_kms::Client::new(&m.sdk_config("us-east-1").await);
    let aliases = kms.list_aliases().send().await.unwrap();
    let alias = aliases.aliases().iter().find(|a| a.alias_name() == Some("alias/logs")).expect("the alias");
    let key_id = alias.target_key_id().expect("a target").to_string();
    let meta = kms.describe_key().key_id(&key_id).send().await.unwrap();
    let meta = meta.key_metadata().unwrap();
    assert_eq!(meta.description(), Some("log encryption"));
    assert!(r.stdout.contains(meta.arn().unwrap()), "the alias data source names the key: {}", r.stdout);
    let policy = kms.get_key_policy().key_id(&key_id).policy_name("default").send().await.unwrap();
    assert!(policy.policy().unwrap_or_default().contains("\"Id\":\"logs\""), "{policy:?}");
    let rotation = kms.get_key_rotation_status().key_id(&key_id).send().await.unwrap();
    assert!(rotation.key_rotation_enabled());
    let tags = kms.list_resource_tags().key_id(&key_id).send().await.unwrap();
    assert!(tags.tags().iter().any(|t| t.tag_key() == "team" && t.tag_value() == "security"), "{tags:?}");
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());

    let r = run(&c, &m, &["plan", d, "--destroy"]);
    assert!(r.stdout.contains("schedules it for deletion in 7 days"), "{}", r.stdout);
    let r = run(&c, &m, &["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let meta = kms.describe_key().key_id(&key_id).send().await.unwrap();
    assert_eq!(meta.key_metadata().and_then(|k| k.key_state()).map(|s| s.as_str()), Some("PendingDeletion"));
    // The key policy's destroy put KMS's default policy back before the key went.
    let policy = kms.get_key_policy().key_id(&key_id).policy_name("default").send().await.unwrap();
    assert!(!policy.policy().unwrap_or_default().contains("\"Id\":\"logs\""), "{policy:?}");
    let aliases = kms.list_aliases().send().await.unwrap();
    assert!(aliases.aliases().iter().all(|a| a.alias_name() != Some("alias/logs")));
}

/// `aws_ebs_encryption_by_default` and its data source against moto's EC2: turned on in the
/// provider's region, read back by an independent SDK client (and the data source), a second
/// plan clean, and turned off again by destroy. (moto has no `GetEbsDefaultKmsKeyId` and no
/// snapshot block public access, so `aws_ebs_default_kms_key` and
/// `aws_ebs_snapshot_block_public_access` are tested on the sandbox only.)
#[tokio::test(flavor = "multi_thread")]
async fn ebs_encryption_by_default_is_turned_on_read_back_and_off_by_destroy() {
    let m = Moto::start();
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_ebs_encryption_by_default" "this" {}
data "aws_ebs_encryption_by_default" "now" {
  depends_on = [aws_ebs_encryption_by_default.this]
}
output "enabled" { value = data.aws_ebs_encryption_by_default.now.enabled }
"#;
    let dir = c.config("ebs", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    let ec2 = aws_sdk_ec2::Client::new(&m.sdk_config("us-east-1").await);
    let on = || async { ec2.get_ebs_encryption_by_default().send().await.unwrap().ebs_encryption_by_default() };
    assert_eq!(on().await, Some(false), "moto starts with encryption by default off");
    let plan = run(&c, &m, &["plan", d]);
    assert!(plan.stdout.contains("new EBS volumes in us-east-1 will be encrypted"), "{}", plan.stdout);
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(on().await, Some(true));
    assert!(r.stdout.contains("enabled = true"), "{}", r.stdout);
    let west = aws_sdk_ec2::Client::new(&m.sdk_config("us-west-2").await);
    let west_on = west.get_ebs_encryption_by_default().send().await.unwrap().ebs_encryption_by_default();
    assert_eq!(west_on, Some(false), "only the provider's region changed");
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "a second plan is clean: {}", r.transcript());
    let r = run(&c, &m, &["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(on().await, Some(false), "destroy turns it off");
}

/// An endpoint resolver for the test's own S3 Control client: moto itself, without the
/// account id the SDK's rules would put before its host.
#[derive(Debug)]
struct MotoS3Control(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for MotoS3Control {
    fn resolve_endpoint<'a>(
        &'a self,
        _: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_smithy_runtime_api::client::endpoint::EndpointFuture<'a> {
        let ep = aws_smithy_types::endpoint::Endpoint::builder().url(self.0.clone()).build();
        aws_smithy_runtime_api::client::endpoint::EndpointFuture::ready(Ok(ep))
    }
}

/// `aws_s3_account_public_access_block` and its data source against moto's S3 Control: put
/// for the caller's account through the local endpoint (no account id before the host), read
/// back by an independent SDK client, a second plan clean, changed in place, and deleted by
/// destroy.
#[tokio::test(flavor = "multi_thread")]
async fn the_account_public_access_block_is_put_read_changed_and_deleted() {
    let m = Moto::start();
    let c = Ctx::new();
    let config = |policy: bool| {
        format!(
            r#"
provider "aws" {{ region = "us-east-1" }}
resource "aws_s3_account_public_access_block" "this" {{
  block_public_acls       = true
  block_public_policy     = {policy}
  ignore_public_acls      = true
  restrict_public_buckets = true
}}
data "aws_s3_account_public_access_block" "now" {{
  depends_on = [aws_s3_account_public_access_block.this]
}}
output "policy" {{ value = data.aws_s3_account_public_access_block.now.block_public_policy }}
"#
        )
    };
    let dir = c.config("pab", &[("main.tf", &config(true))]);
    let d = dir.to_str().unwrap();
    let conf = aws_sdk_s3control::config::Builder::from(&m.sdk_config("us-east-1").await)
        .endpoint_resolver(MotoS3Control(m.url()))
        .build();
    let s3c = aws_sdk_s3control::Client::from_conf(conf);
    let account = "123456789012";
    let read = || async {
        match s3c.get_public_access_block().account_id(account).send().await {
            Ok(out) => out.public_access_block_configuration().map(|c| {
                (c.block_public_acls(), c.block_public_policy(), c.ignore_public_acls(), c.restrict_public_buckets())
            }),
            Err(e) => {
                let code = aws_sdk_s3control::error::ProvideErrorMetadata::code(&e).map(str::to_string);
                assert_eq!(code.as_deref(), Some("NoSuchPublicAccessBlockConfiguration"), "{e:?}");
                None
            }
        }
    };
    assert_eq!(read().await, None);
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("policy = true"), "{}", r.stdout);
    assert_eq!(read().await, Some((Some(true), Some(true), Some(true), Some(true))));
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "a second plan is clean: {}", r.transcript());

    std::fs::write(dir.join("main.tf"), config(false)).unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("0 added, 1 changed, 0 destroyed"), "{}", r.stdout);
    assert_eq!(read().await, Some((Some(true), Some(false), Some(true), Some(true))));

    let r = run(&c, &m, &["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(read().await, None, "destroy deletes the configuration");
}

/// `aws_guardduty_filter` against moto's GuardDuty: created with its criteria (an `updatedAt`
/// date sent as milliseconds), a second plan clean, its action changed in place, and destroy
/// removing it; each seen through an independent SDK client.
#[tokio::test(flavor = "multi_thread")]
async fn a_guardduty_filter_is_created_changed_and_destroyed() {
    let m = Moto::start();
    let c = Ctx::new();
    let config = |action: &str| {
        format!(
            "provider \"aws\" {{\n  region = \"us-east-1\"\n}}\nresource \"aws_guardduty_detector\" \"this\" {{}}\n\
             resource \"aws_guardduty_filter\" \"quiet\" {{\n  detector_id = aws_guardduty_detector.this.id\n  \
             name        = \"quiet-low\"\n  action      = \"{action}\"\n  rank        = 1\n  finding_criteria {{\n    \
             criterion {{\n      field  = \"severity\"\n      equals = [\"2\"]\n    }}\n    criterion {{\n      \
             field                 = \"updatedAt\"\n      greater_than_or_equal = \"2020-01-01T00:00:00Z\"\n    }}\n  \
             }}\n}}\n"
        )
    };
    let dir = c.config("gdf", &[("main.tf", &config("ARCHIVE"))]);
    let d = dir.to_str().unwrap();
    let r = run(&c, &m, &["plan", d]);
    assert!(r.stdout.contains("ARCHIVE: findings matching this filter are archived"), "{}", r.transcript());
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let gd = aws_sdk_guardduty::Client::new(&m.sdk_config("us-east-1").await);
    let detector = gd.list_detectors().send().await.unwrap().detector_ids()[0].clone();
    let got = gd.get_filter().detector_id(&detector).filter_name("quiet-low").send().await.unwrap();
    assert_eq!(got.action().map(|a| a.as_str()), Some("ARCHIVE"));
    let criteria = got.finding_criteria().and_then(|c| c.criterion()).cloned().unwrap_or_default();
    assert_eq!(criteria["severity"].equals(), ["2"]);
    assert_eq!(criteria["updatedAt"].greater_than_or_equal(), Some(1_577_836_800_000));
    let r = run(&c, &m, &["plan", d, "--detailed-exitcode"]);
    assert_eq!(r.code, 0, "{}", r.transcript());

    std::fs::write(dir.join("main.tf"), config("NOOP")).unwrap();
    let r = run(&c, &m, &["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("0 added, 1 changed, 0 destroyed"), "{}", r.stdout);
    let got = gd.get_filter().detector_id(&detector).filter_name("quiet-low").send().await.unwrap();
    assert_eq!(got.action().map(|a| a.as_str()), Some("NOOP"));

    let r = run(&c, &m, &["destroy", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(gd.list_detectors().send().await.unwrap().detector_ids().is_empty());
}
