//! End-to-end: the detective security baseline (`examples/security-baseline/`) on the sandbox
//! through the CLI: the one-account set and the organization set-up, each applied, re-planned
//! to no changes and destroyed, with what the sandbox then holds checked.

mod common;

use std::path::{Path, PathBuf};

use common::Ctx;
use serde_json::Value;

const SECURITY: &str = "210987654321";
const WORKLOADS: &str = "345678901234";
const REGION: &str = "ap-northeast-1";

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/security-baseline").join(name)
}

/// An account's sandbox file as JSON (the default account's, or a member's beside it).
fn account(c: &Ctx, id: Option<&str>) -> Value {
    let path = match id {
        None => c.sandbox(),
        Some(id) => c.sandbox().with_file_name(format!("sandbox-{id}.json")),
    };
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

#[test]
fn the_organization_set_up_applies_replans_clean_and_destroys() {
    let c = Ctx::new();
    let dir = example("organization");
    let d = dir.to_str().unwrap();
    let r = c.run(&["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout.contains(&format!("\"{WORKLOADS}\"")),
        "the members output lists the workloads account: {}",
        r.stdout
    );

    // The management account designated the security account for each service.
    let management = account(&c, None);
    let region = &management["regions"][REGION];
    assert_eq!(region["guardduty"]["admin"], SECURITY);
    assert_eq!(region["securityhub"]["admin"], SECURITY);
    assert_eq!(region["inspector2"]["delegated_admin"], SECURITY);
    assert_eq!(management["organization"]["delegated_administrators"]["access-analyzer.amazonaws.com"], SECURITY);

    // The security account enrolled the organization.
    let security = account(&c, Some(SECURITY));
    let region = &security["regions"][REGION];
    assert_eq!(region["guardduty"]["organization_configuration"]["auto_enable_organization_members"], "ALL");
    assert_eq!(
        region["guardduty"]["organization_configuration"]["features"]["RUNTIME_MONITORING"]["auto_enable"],
        "ALL"
    );
    let sh = &region["securityhub"];
    assert_eq!(sh["organization_configuration"]["auto_enable"], true);
    assert_eq!(sh["organization_configuration"]["auto_enable_standards"], "DEFAULT");
    assert!(sh["aggregator"]["arn"].as_str().is_some_and(|a| a.contains(":finding-aggregator/")), "{sh}");
    assert_eq!(sh["members"][WORKLOADS]["status"], "Enabled", "an organization account is enrolled without invitation");
    assert_eq!(region["accessanalyzer"]["analyzers"]["organization"]["type"], "ORGANIZATION");

    let again = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(again.code, 0, "a second plan is clean: {}", again.transcript());

    let gone = c.run(&["destroy", d, "--auto-approve"]);
    assert_eq!(gone.code, 0, "{}", gone.transcript());
    let management = account(&c, None);
    assert!(management["regions"][REGION]["securityhub"]["admin"].is_null(), "{management}");
    assert!(management["regions"][REGION]["guardduty"]["admin"].is_null(), "{management}");
}

/// A reviewer reads what the organization set-up does in the services' own terms.
#[test]
fn the_plan_says_what_the_organization_set_up_means() {
    let c = Ctx::new();
    let dir = example("organization");
    let r = c.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    for words in [
        "# updates to existing findings are published every 15 minutes; new findings at once",
        "# every member account, existing and new, gets GuardDuty in this region",
        "# GuardDuty Runtime Monitoring is turned on in every member account, existing and new, with its agent managed on EC2",
        "# findings of every region, including regions enabled later, are gathered here",
        "# accounts that join the organization get Security Hub in this region; existing members are not changed",
        "# new accounts also get Security Hub's default standards",
    ] {
        assert!(r.stdout.contains(words), "missing {words:?} in:\n{}", r.stdout);
    }
}

/// The sandbox's management account already manages an organization: declaring it adopts it
/// (an import in the plan), trusts the services given, enables the policy type, and plans
/// clean after; the data source then reads the same.
#[test]
fn an_existing_organization_is_adopted_and_its_trusted_services_set() {
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_organizations_organization" "org" {
  aws_service_access_principals = ["guardduty.amazonaws.com", "securityhub.amazonaws.com"]
  enabled_policy_types          = ["SERVICE_CONTROL_POLICY"]
  feature_set                   = "ALL"
}
"#;
    let dir = c.config("org", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    let plan = c.run(&["plan", d]);
    assert_eq!(plan.code, 0, "{}", plan.transcript());
    assert!(plan.stdout.contains("# (imported from \"o-"), "{}", plan.stdout);
    assert!(
        plan.stdout.contains("- \"inspector2.amazonaws.com\""),
        "the default trust not declared is withdrawn: {}",
        plan.stdout
    );
    let r = c.run(&["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let org = &account(&c, None)["organization"];
    assert_eq!(
        org["service_access_principals"],
        serde_json::json!(["guardduty.amazonaws.com", "securityhub.amazonaws.com"])
    );
    assert_eq!(org["enabled_policy_types"], serde_json::json!(["SERVICE_CONTROL_POLICY"]));
    let again = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(again.code, 0, "a second plan is clean: {}", again.transcript());
    // Destroying it is refused while the organization has members, as AWS refuses it.
    let gone = c.run(&["destroy", d, "--auto-approve"]);
    assert_ne!(gone.code, 0, "{}", gone.transcript());
    assert!(gone.stderr.contains("OrganizationNotEmptyException"), "{}", gone.stderr);
}

/// Security Hub turned off outside baseline takes its standards, aggregator and custom actions
/// with it: the next plan reads each as deleted (not as a failed call) and re-creates them.
#[test]
fn security_hub_disabled_outside_is_drift_not_an_error() {
    let c = Ctx::new();
    let cfg = r#"
provider "aws" { region = "us-east-1" }
resource "aws_securityhub_account" "a" {}
resource "aws_securityhub_standards_subscription" "cis" {
  standards_arn = "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0"
  depends_on    = [aws_securityhub_account.a]
}
resource "aws_securityhub_finding_aggregator" "agg" {
  linking_mode = "ALL_REGIONS"
  depends_on   = [aws_securityhub_account.a]
}
resource "aws_securityhub_action_target" "t" {
  name        = "Send to ticket"
  identifier  = "SendToTicket"
  description = "Opens a ticket"
  depends_on  = [aws_securityhub_account.a]
}
"#;
    let dir = c.config("hub", &[("main.tf", cfg)]);
    let d = dir.to_str().unwrap();
    let r = c.run(&["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    c.edit_sandbox(|v| v["regions"]["us-east-1"]["securityhub"] = serde_json::json!({}));
    let plan = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(plan.code, 2, "{}", plan.transcript());
    for addr in [
        "aws_securityhub_account.a",
        "aws_securityhub_standards_subscription.cis",
        "aws_securityhub_finding_aggregator.agg",
        "aws_securityhub_action_target.t",
    ] {
        assert!(plan.stdout.contains(&format!("# {addr} was deleted outside baseline")), "{addr}: {}", plan.stdout);
    }
    let r = c.run(&["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(c.run(&["plan", d, "--detailed-exitcode"]).code, 0);
}

/// A GuardDuty detector that exists already in the region (an organization's auto-enable
/// made it) is adopted: the plan shows an import and the settings that change, not a failed
/// create.
#[test]
fn an_existing_guardduty_detector_is_adopted() {
    let c = Ctx::new();
    let made = c.config(
        "made",
        &[("main.tf", "provider \"aws\" { region = \"us-east-1\" }\nresource \"aws_guardduty_detector\" \"d\" {}\n")],
    );
    let r = c.run(&["apply", made.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // Another configuration (its own state) declares the region's detector.
    let other = Ctx::new();
    std::fs::copy(c.sandbox(), other.sandbox()).unwrap();
    let cfg = "provider \"aws\" { region = \"us-east-1\" }\nresource \"aws_guardduty_detector\" \"this\" {\n  finding_publishing_frequency = \"FIFTEEN_MINUTES\"\n}\n";
    let dir = other.config("baseline", &[("main.tf", cfg)]);
    let plan = other.run(&["plan", dir.to_str().unwrap()]);
    assert_eq!(plan.code, 0, "{}", plan.transcript());
    assert!(plan.stdout.contains("(imported from \""), "{}", plan.stdout);
    assert!(
        plan.stdout.contains("~ finding_publishing_frequency = \"SIX_HOURS\" -> \"FIFTEEN_MINUTES\""),
        "{}",
        plan.stdout
    );
    let r = other.run(&["apply", dir.to_str().unwrap(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(other.run(&["plan", dir.to_str().unwrap(), "--detailed-exitcode"]).code, 0);
}

/// The one-account set: applied, every service switched on as declared, a second plan clean,
/// the plan naming each standard beside its ARN, and destroy leaving nothing behind.
#[test]
fn the_account_baseline_applies_replans_clean_and_destroys() {
    let c = Ctx::new();
    let dir = example("account");
    let d = dir.to_str().unwrap();
    let plan = c.run(&["plan", d]);
    assert_eq!(plan.code, 0, "{}", plan.transcript());
    for words in [
        "standards/aws-foundational-security-best-practices/v/1.0.0\" # AWS Foundational Security Best Practices v1.0.0",
        "standards/cis-aws-foundations-benchmark/v/3.0.0\" # CIS AWS Foundations Benchmark v3.0.0",
        "# turns on GuardDuty Runtime Monitoring in this account and region, with its agent managed on EC2 and its agent managed on ECS Fargate",
    ] {
        assert!(plan.stdout.contains(words), "missing {words:?} in:\n{}", plan.stdout);
    }
    let r = c.run(&["apply", d, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let applied = account(&c, None);
    let region = &applied["regions"][REGION];
    let detector = region["guardduty"]["detectors"].as_object().and_then(|m| m.values().next()).cloned().unwrap();
    assert_eq!(detector["finding_publishing_frequency"], "FIFTEEN_MINUTES");
    assert_eq!(detector["features"]["RUNTIME_MONITORING"]["status"], "ENABLED");
    assert_eq!(
        detector["features"]["RUNTIME_MONITORING"]["additional_configuration"]["EC2_AGENT_MANAGEMENT"],
        "ENABLED"
    );
    let standards: Vec<&str> =
        region["securityhub"]["standards"].as_object().unwrap().values().filter_map(Value::as_str).collect();
    assert_eq!(standards.len(), 2, "the default standards were declined: {standards:?}");
    assert!(region["securityhub"]["aggregator"]["linking_mode"] == "ALL_REGIONS");
    assert_eq!(region["accessanalyzer"]["analyzers"]["account"]["type"], "ACCOUNT");
    assert!(!region["kms"].is_null(), "the findings key is in the region");

    let again = c.run(&["plan", d, "--detailed-exitcode"]);
    assert_eq!(again.code, 0, "a second plan is clean: {}", again.transcript());
    let gone = c.run(&["destroy", d, "--auto-approve"]);
    assert_eq!(gone.code, 0, "{}", gone.transcript());
    let after = account(&c, None);
    let region = &after["regions"][REGION];
    assert!(region["securityhub"]["hub"].is_null(), "{region}");
    assert!(region["guardduty"]["detectors"].as_object().is_none_or(|m| m.is_empty()), "{region}");
}
