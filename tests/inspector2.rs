//! End-to-end: Amazon Inspector (v2) on the sandbox account through the CLI. The
//! `examples/inspector2` baseline (one enabler, CIS scan and suppression filter per region),
//! the `examples/organization` baseline (validated only: it needs a real organization), and
//! each Inspector v2 resource type's verbs in small configurations.

mod common;

use std::path::{Path, PathBuf};

use common::{settings, Ctx};
use serde_json::{json, Value};

const ACCOUNT: &str = "123456789012";
const REGIONS: [&str; 2] = ["ap-northeast-1", "us-east-1"];

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

fn ex() -> String {
    example("inspector2").display().to_string()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A copy of the inspector2 example with `edit` applied to its main.hcl.
fn inspector2_with(c: &Ctx, name: &str, edit: impl FnOnce(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(example("inspector2").join("main.hcl")).unwrap();
    let edited = edit(text.clone());
    assert_ne!(text, edited, "the edit changed nothing");
    c.config(name, &[("main.hcl", &edited)])
}

/// The sandbox's Inspector v2 data for `region` (null when the region holds nothing).
fn inspector2(c: &Ctx, region: &str) -> Value {
    c.sandbox_json()["regions"][region]["inspector2"].clone()
}

/// The one object in a map keyed by ARN, with its key.
fn only(map: &Value) -> (String, Value) {
    let m = map.as_object().unwrap_or_else(|| panic!("not a map: {map}"));
    assert_eq!(m.len(), 1, "{map}");
    let (k, v) = m.iter().next().unwrap();
    (k.clone(), v.clone())
}

fn empty(v: &Value) -> bool {
    v.is_null() || v.as_object().is_some_and(|m| m.is_empty()) || v.as_array().is_some_and(|a| a.is_empty())
}

fn plan_code(c: &Ctx, dir: &str) -> i32 {
    let r = c.run(&["plan", dir, "--detailed-exitcode"]);
    assert_ne!(r.code, 1, "{}", r.transcript());
    r.code
}

// ---- The examples ----

#[test]
fn both_examples_validate() {
    let c = Ctx::new();
    for name in ["inspector2", "organization"] {
        let r = c.run(&["validate", s(&example(name))]);
        assert_eq!(r.code, 0, "examples/{name}:\n{}", r.transcript());
        assert!(r.stdout.contains("Success! The configuration is valid."), "{}", r.stdout);
    }
}

#[test]
fn the_example_plans_one_instance_per_region_with_the_cis_schedule_in_words() {
    let c = Ctx::new();
    let r = c.run(&["plan", &ex()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    for region in REGIONS {
        for a in [
            format!(r#"aws_inspector2_enabler.this["{region}"]"#),
            format!(r#"aws_inspector2_filter.suppress_informational["{region}"]"#),
        ] {
            assert!(r.stdout.contains(&format!("  # {a} will be created\n")), "missing {a}:\n{}", r.stdout);
        }
        // Monday 09:00 Tokyo time, said in words right under the header: what the article meant.
        let cis = format!(
            "  # aws_inspector2_cis_scan_configuration.weekly[\"{region}\"] will be created\n  \
             # runs every week on MON at 09:00 Asia/Tokyo\n"
        );
        assert!(r.stdout.contains(&cis), "missing:\n{cis}in:\n{}", r.stdout);
        assert!(r.stdout.contains(&format!("+ region         = \"{region}\"")), "{}", r.stdout);
    }
    assert!(r.stdout.contains(r#"+ resource_types = ["#), "{}", r.stdout);
    assert!(r.stdout.contains(r#"+ action      = "SUPPRESS""#), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 6 to add, 0 to change, 0 to destroy.\n"), "{}", r.stdout);
    settings().bind(|| insta::assert_snapshot!("plan_inspector2_example", r.transcript()));
}

#[test]
fn the_example_applies_in_each_region_and_a_second_plan_is_clean() {
    let c = Ctx::new();
    let r = c.apply_ok(&example("inspector2"));
    assert!(r.stdout.contains("Apply complete! Resources: 6 added, 0 changed, 0 destroyed."), "{}", r.stdout);
    let mut want = Vec::new();
    for kind in [
        "aws_inspector2_cis_scan_configuration.weekly",
        "aws_inspector2_enabler.this",
        "aws_inspector2_filter.suppress_informational",
    ] {
        for region in REGIONS {
            want.push(format!(r#"{kind}["{region}"]"#));
        }
    }
    assert_eq!(c.state_list(), want);

    for region in REGIONS {
        let i2 = inspector2(&c, region);
        assert_eq!(i2["accounts"][ACCOUNT], json!(["EC2", "ECR", "LAMBDA"]), "{region}: {i2}");
        let (arn, f) = only(&i2["filters"]);
        assert!(arn.starts_with(&format!("arn:aws:inspector2:{region}:{ACCOUNT}:owner/{ACCOUNT}/filter/")), "{arn}");
        assert_eq!(f["name"], "DefaultSecuritySettings-Suppress-Informational");
        assert_eq!(f["action"], "SUPPRESS");
        assert_eq!(f["criteria"], json!({"severity": [{"comparison": "EQUALS", "value": "INFORMATIONAL"}]}));
        assert!(f["reason"].as_str().is_some_and(|r| !r.is_empty()), "{f}");
        let (arn, cis) = only(&i2["cis_scan_configurations"]);
        assert!(arn.contains(&format!(":{region}:{ACCOUNT}:owner/{ACCOUNT}/cis-configuration/")), "{arn}");
        assert_eq!(cis["scan_name"], format!("DefaultSecuritySettings-Weekly-CIS-{region}"));
        assert_eq!(cis["security_level"], "LEVEL_1");
        assert_eq!(
            cis["schedule"],
            json!({"weekly": {"days": ["MON"], "startTime": {"timeOfDay": "09:00", "timezone": "Asia/Tokyo"}}})
        );
        assert_eq!(cis["targets"], json!({"accountIds": [ACCOUNT], "targetResourceTags": {"InspectorCis": ["true"]}}));
        assert_eq!(cis["tags"], json!({"ManagedBy": "baseline"}));
    }

    let again = c.run(&["plan", &ex(), "--detailed-exitcode"]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert!(again.stdout.starts_with("No changes."), "{}", again.stdout);
}

#[test]
fn changes_made_outside_baseline_are_shown_and_repaired() {
    let c = Ctx::new();
    c.apply_ok(&example("inspector2"));
    // Someone turns Lambda scanning off in us-east-1, switches the Tokyo suppression rule to a
    // plain filter, and deletes us-east-1's CIS scan.
    c.edit_sandbox(|v| {
        let r = &mut v["regions"]["us-east-1"]["inspector2"];
        r["accounts"][ACCOUNT] = json!(["EC2", "ECR"]);
        r["cis_scan_configurations"] = json!({});
        let filters = v["regions"]["ap-northeast-1"]["inspector2"]["filters"].as_object_mut().unwrap();
        filters.values_mut().next().unwrap()["action"] = "NONE".into();
    });
    let r = c.run(&["plan", &ex(), "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    let drift = r.stdout.find("Objects have changed outside of baseline").expect(&r.stdout);
    for line in [
        r#"# aws_inspector2_enabler.this["us-east-1"]: id and resource_types changed outside baseline"#,
        r#"# aws_inspector2_filter.suppress_informational["ap-northeast-1"]: action changed outside baseline"#,
        r#"# aws_inspector2_enabler.this["us-east-1"] will be updated in place"#,
        r#"# aws_inspector2_filter.suppress_informational["ap-northeast-1"] will be updated in place"#,
        r#"~ action = "NONE" -> "SUPPRESS""#,
        r#"# aws_inspector2_cis_scan_configuration.weekly["us-east-1"] will be created"#,
        "# (because it was deleted outside baseline)",
    ] {
        let at = r.stdout.find(line).unwrap_or_else(|| panic!("missing {line}:\n{}", r.stdout));
        assert!(drift < at, "{}", r.stdout);
    }
    assert!(r.stdout.ends_with("Plan: 1 to add, 2 to change, 0 to destroy.\n"), "{}", r.stdout);

    c.apply_ok(&example("inspector2"));
    assert_eq!(inspector2(&c, "us-east-1")["accounts"][ACCOUNT], json!(["EC2", "ECR", "LAMBDA"]));
    assert_eq!(only(&inspector2(&c, "ap-northeast-1")["filters"]).1["action"], "SUPPRESS");
    assert_eq!(only(&inspector2(&c, "us-east-1")["cis_scan_configurations"]).1["security_level"], "LEVEL_1");
    assert_eq!(plan_code(&c, &ex()), 0);
}

#[test]
fn a_cis_schedule_changed_outside_baseline_is_put_back() {
    let c = Ctx::new();
    c.apply_ok(&example("inspector2"));
    // The Classic article's mistake, made by hand: Sunday, UTC.
    c.edit_sandbox(|v| {
        let cis = v["regions"]["ap-northeast-1"]["inspector2"]["cis_scan_configurations"].as_object_mut().unwrap();
        cis.values_mut().next().unwrap()["schedule"] =
            json!({"weekly": {"days": ["SUN"], "startTime": {"timeOfDay": "09:00", "timezone": "UTC"}}});
    });
    let r = c.run(&["plan", &ex(), "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stdout.contains(
            r#"# aws_inspector2_cis_scan_configuration.weekly["ap-northeast-1"]: schedule changed outside baseline"#
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "  # aws_inspector2_cis_scan_configuration.weekly[\"ap-northeast-1\"] will be updated in place\n  \
             # runs every week on MON at 09:00 Asia/Tokyo\n"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with("Plan: 0 to add, 1 to change, 0 to destroy.\n"), "{}", r.stdout);
    c.apply_ok(&example("inspector2"));
    let cis = only(&inspector2(&c, "ap-northeast-1")["cis_scan_configurations"]).1;
    assert_eq!(cis["schedule"]["weekly"]["days"], json!(["MON"]));
    assert_eq!(cis["schedule"]["weekly"]["startTime"]["timezone"], "Asia/Tokyo");
    assert_eq!(plan_code(&c, &ex()), 0);
}

#[test]
fn destroy_removes_the_filter_and_cis_scan_and_disables_scanning() {
    let c = Ctx::new();
    c.apply_ok(&example("inspector2"));
    let r = c.run(&["destroy", &ex(), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Plan: 0 to add, 0 to change, 6 to destroy."), "{}", r.stdout);
    assert!(r.stdout.contains("Destroy complete! Resources: 6 destroyed."), "{}", r.stdout);
    // Scans and filters depend on the enabler: they go first.
    for region in REGIONS {
        let enabler = r.stderr.find(&format!(r#"aws_inspector2_enabler.this["{region}"]: Destroying"#)).unwrap();
        for other in [
            format!(r#"aws_inspector2_cis_scan_configuration.weekly["{region}"]: Destruction complete"#),
            format!(r#"aws_inspector2_filter.suppress_informational["{region}"]: Destruction complete"#),
        ] {
            let at = r.stderr.find(&other).unwrap_or_else(|| panic!("missing {other}:\n{}", r.stderr));
            assert!(at < enabler, "{}", r.stderr);
        }
    }
    assert!(c.state_list().is_empty());
    for region in REGIONS {
        let i2 = inspector2(&c, region);
        assert!(empty(&i2["filters"]), "{region}: {i2}");
        assert!(empty(&i2["cis_scan_configurations"]), "{region}: {i2}");
        assert!(empty(&i2["accounts"][ACCOUNT]), "scan types disabled in {region}: {i2}");
    }
    assert_eq!(plan_code(&c, &ex()), 2, "a new plan creates everything again");
}

#[test]
fn the_regions_variable_adds_and_removes_whole_regions() {
    let c = Ctx::new();
    c.apply_ok(&example("inspector2"));
    let regions = r#"regions=["ap-northeast-1", "eu-west-1"]"#;
    let r = c.run(&["plan", &ex(), "--var", regions]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains(r#"# aws_inspector2_enabler.this["eu-west-1"] will be created"#), "{}", r.stdout);
    assert!(r.stdout.contains(r#"# aws_inspector2_enabler.this["us-east-1"] will be destroyed"#), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 3 to add, 0 to change, 3 to destroy.\n"), "{}", r.stdout);
    let r = c.run(&["apply", &ex(), "--var", regions, "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(only(&inspector2(&c, "eu-west-1")["filters"]).1["action"], "SUPPRESS");
    assert!(empty(&inspector2(&c, "us-east-1")["accounts"][ACCOUNT]), "{}", c.sandbox_json());
}

// ---- Each resource type on its own ----

/// The sandbox account as its own delegated administrator, with a configuration for new
/// members and one member.
fn organization(ecr: bool) -> String {
    format!(
        r#"
provider "aws" {{
  region = "eu-west-1"
}}
resource "aws_inspector2_delegated_admin_account" "self" {{
  account_id = "123456789012"
}}
resource "aws_inspector2_organization_configuration" "this" {{
  auto_enable {{
    ec2    = true
    ecr    = {ecr}
    lambda = true
  }}
  depends_on = [aws_inspector2_delegated_admin_account.self]
}}
resource "aws_inspector2_member_association" "member" {{
  account_id = "210987654321"
  depends_on = [aws_inspector2_delegated_admin_account.self]
}}
"#
    )
}

#[test]
fn delegated_admin_organization_configuration_and_member_in_one_account() {
    let c = Ctx::new();
    let one = c.config("one", &[("main.hcl", &organization(false))]);
    let r = c.apply_ok(&one);
    assert!(r.stdout.contains("Apply complete! Resources: 3 added, 0 changed, 0 destroyed."), "{}", r.stdout);
    // The administrator exists before anything that needs it is called.
    let admin = r.stderr.find("aws_inspector2_delegated_admin_account.self: Creation complete").unwrap();
    for other in [
        "aws_inspector2_organization_configuration.this: Creating",
        "aws_inspector2_member_association.member: Creating",
    ] {
        assert!(admin < r.stderr.find(other).unwrap(), "{}", r.stderr);
    }
    let i2 = inspector2(&c, "eu-west-1");
    assert_eq!(i2["delegated_admin"], ACCOUNT);
    assert_eq!(
        i2["auto_enable"],
        json!({"codeRepository": false, "ec2": true, "ecr": false, "lambda": true, "lambdaCode": false})
    );
    assert_eq!(i2["members"]["210987654321"]["relationship_status"], "ENABLED");
    assert_eq!(i2["members"]["210987654321"]["delegated_admin_account_id"], ACCOUNT);
    let shown = c.run(&["state", "show", "aws_inspector2_member_association.member"]);
    assert!(shown.stdout.contains(r#"delegated_admin_account_id = "123456789012""#), "{}", shown.stdout);
    assert!(shown.stdout.contains(r#"relationship_status        = "ENABLED""#), "{}", shown.stdout);
    assert_eq!(plan_code(&c, s(&one)), 0);

    // Auto-enable ECR too: an update in place.
    let two = c.config("two", &[("main.hcl", &organization(true))]);
    let r = c.run(&["plan", s(&two)]);
    assert!(
        r.stdout.contains("# aws_inspector2_organization_configuration.this will be updated in place"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("~ ecr             = false -> true"), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 0 to add, 1 to change, 0 to destroy.\n"), "{}", r.stdout);
    c.apply_ok(&two);
    assert_eq!(inspector2(&c, "eu-west-1")["auto_enable"]["ecr"], true);
    assert_eq!(plan_code(&c, s(&two)), 0);

    // Changed outside baseline: put back.
    c.edit_sandbox(|v| v["regions"]["eu-west-1"]["inspector2"]["auto_enable"]["lambda"] = false.into());
    let r = c.run(&["plan", s(&two)]);
    assert!(r.stdout.contains("~ lambda          = false -> true"), "{}", r.stdout);
    c.apply_ok(&two);
    assert_eq!(plan_code(&c, s(&two)), 0);

    // A member disassociated outside baseline is associated again.
    c.edit_sandbox(|v| v["regions"]["eu-west-1"]["inspector2"]["members"] = json!({}));
    let r = c.run(&["plan", s(&two)]);
    assert!(r.stdout.contains("# aws_inspector2_member_association.member will be created"), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 1 to add, 0 to change, 0 to destroy.\n"), "{}", r.stdout);
    c.apply_ok(&two);
    assert_eq!(inspector2(&c, "eu-west-1")["members"]["210987654321"]["relationship_status"], "ENABLED");

    // Destroy: members and configuration go before the administrator they need.
    let r = c.run(&["destroy", s(&two), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Destroy complete! Resources: 3 destroyed."), "{}", r.stdout);
    let admin = r.stderr.find("aws_inspector2_delegated_admin_account.self: Destroying").unwrap();
    for other in [
        "aws_inspector2_organization_configuration.this: Destruction complete",
        "aws_inspector2_member_association.member: Destruction complete",
    ] {
        assert!(r.stderr.find(other).unwrap() < admin, "{}", r.stderr);
    }
    let i2 = inspector2(&c, "eu-west-1");
    assert!(i2["delegated_admin"].is_null(), "{i2}");
    assert!(empty(&i2["members"]), "{i2}");
    assert_eq!(
        i2["auto_enable"],
        json!({"codeRepository": false, "ec2": false, "ecr": false, "lambda": false, "lambdaCode": false})
    );
}

#[test]
fn organization_configuration_without_a_delegated_admin_is_refused() {
    let c = Ctx::new();
    let dir = c.config(
        "alone",
        &[(
            "main.hcl",
            r#"
provider "aws" {
  region = "eu-west-1"
}
resource "aws_inspector2_organization_configuration" "this" {
  auto_enable {
    ec2 = true
    ecr = true
  }
}
"#,
        )],
    );
    let r = c.run(&["apply", s(&dir), "--auto-approve"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("AccessDeniedException"), "{}", r.stderr);
    assert!(c.state_list().is_empty());
}

fn filter(description: &str, cve: &str, tags: &str) -> String {
    format!(
        r#"
provider "aws" {{
  region = "us-west-2"
}}
resource "aws_inspector2_filter" "accepted" {{
  name        = "accepted-cve"
  action      = "SUPPRESS"
  description = "{description}"
  reason      = "Compensating control: not reachable from the internet."
  filter_criteria {{
    vulnerability_id {{
      comparison = "EQUALS"
      value      = "{cve}"
    }}
    resource_tags {{
      comparison = "EQUALS"
      key        = "env"
      value      = "dev"
    }}
  }}
  tags = {tags}
}}
"#
    )
}

#[test]
fn a_filter_is_updated_in_place_and_keeps_its_arn() {
    let c = Ctx::new();
    let one = c.config("one", &[("main.hcl", &filter("first", "CVE-2023-0001", r#"{ Team = "sec" }"#))]);
    c.apply_ok(&one);
    let (arn, f) = only(&inspector2(&c, "us-west-2")["filters"]);
    assert_eq!(
        f["criteria"],
        json!({
            "vulnerabilityId": [{"comparison": "EQUALS", "value": "CVE-2023-0001"}],
            "resourceTags": [{"comparison": "EQUALS", "key": "env", "value": "dev"}]
        })
    );
    assert_eq!(f["tags"], json!({"Team": "sec"}));
    assert_eq!(plan_code(&c, s(&one)), 0);

    // Description, criteria and tags change: one update in place, no replacement.
    let two = c.config("two", &[("main.hcl", &filter("second", "CVE-2023-0002", r#"{ Team = "appsec" }"#))]);
    let r = c.run(&["plan", s(&two)]);
    assert!(r.stdout.contains("# aws_inspector2_filter.accepted will be updated in place"), "{}", r.stdout);
    assert!(r.stdout.contains(r#"~ description = "first" -> "second""#), "{}", r.stdout);
    assert!(r.stdout.contains("CVE-2023-0002"), "{}", r.stdout);
    assert!(!r.stdout.contains("forces replacement"), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 0 to add, 1 to change, 0 to destroy.\n"), "{}", r.stdout);
    c.apply_ok(&two);
    let (arn2, f) = only(&inspector2(&c, "us-west-2")["filters"]);
    assert_eq!(arn2, arn, "same filter");
    assert_eq!(f["description"], "second");
    assert_eq!(f["criteria"]["vulnerabilityId"], json!([{"comparison": "EQUALS", "value": "CVE-2023-0002"}]));
    assert_eq!(f["tags"], json!({"Team": "appsec"}));
    assert_eq!(plan_code(&c, s(&two)), 0);

    // Criteria changed outside baseline are put back.
    c.edit_sandbox(|v| {
        let filters = v["regions"]["us-west-2"]["inspector2"]["filters"].as_object_mut().unwrap();
        filters.values_mut().next().unwrap()["criteria"]["resourceTags"][0]["value"] = "prod".into();
    });
    let r = c.run(&["plan", s(&two), "--detailed-exitcode"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stdout.contains("aws_inspector2_filter.accepted: filter_criteria changed outside baseline"),
        "{}",
        r.stdout
    );
    c.apply_ok(&two);
    assert_eq!(only(&inspector2(&c, "us-west-2")["filters"]).1["criteria"]["resourceTags"][0]["value"], "dev");
    assert_eq!(plan_code(&c, s(&two)), 0);
}

fn cis(days: &str, level: &str) -> String {
    format!(
        r#"
provider "aws" {{
  region = "us-west-2"
}}
resource "aws_inspector2_cis_scan_configuration" "nightly" {{
  scan_name      = "cis-prod"
  security_level = "{level}"
  schedule {{
    weekly {{
      days = {days}
      start_time {{
        time_of_day = "22:30"
        time_zone   = "UTC"
      }}
    }}
  }}
  targets {{
    account_ids          = ["123456789012"]
    target_resource_tags = {{ Env = ["prod", "stage"] }}
  }}
}}
"#
    )
}

#[test]
fn a_cis_scan_is_updated_in_place_and_its_schedule_read_in_words() {
    let c = Ctx::new();
    let one = c.config("one", &[("main.hcl", &cis(r#"["MON"]"#, "LEVEL_1"))]);
    let r = c.run(&["plan", s(&one)]);
    assert!(r.stdout.contains("  # runs every week on MON at 22:30 UTC\n"), "{}", r.transcript());
    c.apply_ok(&one);
    let (arn, cfg) = only(&inspector2(&c, "us-west-2")["cis_scan_configurations"]);
    assert_eq!(cfg["targets"]["targetResourceTags"], json!({"Env": ["prod", "stage"]}));
    assert_eq!(plan_code(&c, s(&one)), 0);

    // Another day and the stricter level: an update in place.
    let two = c.config("two", &[("main.hcl", &cis(r#"["MON", "THU"]"#, "LEVEL_2"))]);
    let r = c.run(&["plan", s(&two)]);
    assert!(
        r.stdout.contains(
            "  # aws_inspector2_cis_scan_configuration.nightly will be updated in place\n  \
             # runs every week on MON, THU at 22:30 UTC\n"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(r#"~ security_level = "LEVEL_1" -> "LEVEL_2""#), "{}", r.stdout);
    assert!(!r.stdout.contains("forces replacement"), "{}", r.stdout);
    assert!(r.stdout.ends_with("Plan: 0 to add, 1 to change, 0 to destroy.\n"), "{}", r.stdout);
    c.apply_ok(&two);
    let (arn2, cfg) = only(&inspector2(&c, "us-west-2")["cis_scan_configurations"]);
    assert_eq!(arn2, arn, "same configuration");
    assert_eq!(cfg["schedule"]["weekly"]["days"], json!(["MON", "THU"]));
    assert_eq!(cfg["security_level"], "LEVEL_2");
    assert_eq!(plan_code(&c, s(&two)), 0);

    let r = c.run(&["destroy", s(&two), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(empty(&inspector2(&c, "us-west-2")["cis_scan_configurations"]), "{}", c.sandbox_json());
}

#[test]
fn a_cis_schedule_is_checked_before_anything_runs() {
    let c = Ctx::new();
    let bad = cis(r#"["MONDAY"]"#, "LEVEL_1").replace(r#""22:30""#, r#""9am""#);
    let dir = c.config("bad", &[("main.hcl", &bad)]);
    let r = c.run(&["validate", s(&dir)]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    // Both mistakes at once, each underlined where it is written.
    assert!(r.stderr.contains(r#"time_of_day = "9am""#), "{}", r.stderr);
    assert!(r.stderr.contains("help: write HH:MM"), "{}", r.stderr);
    assert!(r.stderr.contains(r#"days = ["MONDAY"]"#), "{}", r.stderr);
    assert!(r.stderr.contains("help: did you mean `MON`?"), "{}", r.stderr);
    assert!(r.stderr.contains("2 errors found."), "{}", r.stderr);
}

#[test]
fn the_enabler_turns_scan_types_off_when_they_leave_the_list() {
    let c = Ctx::new();
    c.apply_ok(&example("inspector2"));
    let fewer = inspector2_with(&c, "fewer", |t| {
        t.replace(r#"resource_types = ["EC2", "ECR", "LAMBDA"]"#, r#"resource_types = ["EC2"]"#)
    });
    let r = c.run(&["plan", s(&fewer)]);
    assert!(
        r.stdout.contains(r#"# aws_inspector2_enabler.this["us-east-1"] will be updated in place"#),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with("Plan: 0 to add, 2 to change, 0 to destroy.\n"), "{}", r.stdout);
    c.apply_ok(&fewer);
    for region in REGIONS {
        assert_eq!(inspector2(&c, region)["accounts"][ACCOUNT], json!(["EC2"]), "{region}");
    }
    assert_eq!(plan_code(&c, s(&fewer)), 0);
}

/// Provider 6.25 accepts `CODE_REPOSITORY` (issue 23): the sandbox enables it, the state
/// records it, and a second plan is clean.
#[test]
fn the_enabler_turns_on_code_repository_scanning() {
    let c = Ctx::new();
    let dir = c.config(
        "code",
        &[(
            "main.tf",
            r#"
provider "aws" {
  region = "us-east-1"
}

resource "aws_inspector2_enabler" "this" {
  account_ids    = ["123456789012"]
  resource_types = ["CODE_REPOSITORY", "EC2"]
}
"#,
        )],
    );
    c.apply_ok(&dir);
    assert_eq!(inspector2(&c, "us-east-1")["accounts"][ACCOUNT], json!(["CODE_REPOSITORY", "EC2"]));
    let state: Value = c.state_view();
    let text = state.to_string();
    assert!(text.contains(r#""resource_types":["CODE_REPOSITORY","EC2"]"#), "{text}");
    assert_eq!(plan_code(&c, s(&dir)), 0);
}

// ---- Plan rendering of nested values (bugs in src/render/text.rs, see the report) ----

/// A list inside a map (a CIS target's tag selector) is indented under its key.
#[test]
fn a_list_inside_a_map_is_indented_under_its_key() {
    let c = Ctx::new();
    let r = c.run(&["plan", &ex()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let lines: Vec<&str> = r.stdout.lines().collect();
    let at = lines.iter().position(|l| l.trim_start().starts_with(r#""InspectorCis" = ["#)).expect(&r.stdout);
    let indent = |l: &str| l.len() - l.trim_start().len();
    assert!(
        indent(lines[at + 1]) > indent(lines[at]),
        "the list's items sit deeper than its key:\n{}\n{}\n{}",
        lines[at],
        lines[at + 1],
        lines[at + 2]
    );
    assert_eq!(indent(lines[at + 2]), indent(lines[at]), "the list closes under its key:\n{}", lines[at + 2]);
}

/// A block changed in place shows its nested blocks as blocks, and not every nested block
/// type the schema allows (a filter's criteria have 44).
#[test]
fn a_changed_block_shows_only_its_configured_nested_blocks() {
    let c = Ctx::new();
    let one = c.config("one", &[("main.hcl", &filter("d", "CVE-2023-0001", "{}"))]);
    c.apply_ok(&one);
    let two = c.config("two", &[("main.hcl", &filter("d", "CVE-2023-0002", "{}"))]);
    let r = c.run(&["plan", s(&two)]);
    assert!(r.stdout.contains("~ filter_criteria {"), "{}", r.stdout);
    assert!(r.stdout.contains("vulnerability_id {"), "nested blocks read as blocks:\n{}", r.stdout);
    assert!(!r.stdout.contains("aws_account_id"), "unconfigured criteria are not listed:\n{}", r.stdout);
    assert!(!r.stdout.contains("= []"), "{}", r.stdout);
}

#[test]
fn the_organization_example_runs_across_two_sandbox_accounts() {
    let c = Ctx::new();
    let dir = example("organization");
    let r = c.run(&["apply", s(&dir), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("Resources: 5 added"), "{}", r.stdout);
    // The management account designated the security account…
    let management = c.sandbox_json();
    assert_eq!(management["regions"]["ap-northeast-1"]["inspector2"]["delegated_admin"], "111122223333");
    // …which, through the assumed role, configured the organization and its members.
    let security: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(c.dir.path().join("sandbox-111122223333.json")).unwrap())
            .unwrap();
    assert_eq!(security["account_id"], "111122223333");
    let i2 = &security["regions"]["ap-northeast-1"]["inspector2"];
    assert!(i2["members"]["444455556666"].is_object() && i2["members"]["777788889999"].is_object(), "{i2}");
    assert_eq!(i2["auto_enable"]["ecr"], true, "{i2}");
    assert!(management["regions"]["ap-northeast-1"]["inspector2"]["members"].as_object().is_none_or(|m| m.is_empty()));
    assert_eq!(c.run(&["plan", s(&dir), "--detailed-exitcode"]).code, 0);
}

/// Enabling takes time in AWS (`ENABLING` for minutes): the enabler waits for `ENABLED`,
/// saying what it waits for, before what depends on it starts; disabling waits for
/// `DISABLED`; a `timeouts` block bounds the wait, and running out names what had not finished.
#[test]
fn the_enabler_waits_until_scanning_is_on_within_its_timeouts() {
    let c = Ctx::new();
    let cfg = |types: &str, timeouts: &str| {
        format!(
            r#"provider "aws" {{ region = "us-east-1" }}
resource "aws_inspector2_enabler" "this" {{
  account_ids    = ["{ACCOUNT}"]
  resource_types = [{types}]
  {timeouts}
}}
resource "aws_inspector2_filter" "after" {{
  name       = "after-enabling"
  action     = "SUPPRESS"
  depends_on = [aws_inspector2_enabler.this]
  filter_criteria {{
    severity {{
      comparison = "EQUALS"
      value      = "INFORMATIONAL"
    }}
  }}
}}
"#
        )
    };
    let dir = c.config("wait", &[("main.tf", &cfg(r#""EC2""#, ""))]);
    // A sandbox account where enabling takes 1.2 s.
    let account = json!({ "regions": { "us-east-1": { "inspector2": { "transition_ms": 1200 } } } });
    std::fs::write(c.sandbox(), account.to_string()).unwrap();
    let r = c.run(&["apply", s(&dir), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stderr
            .contains(&format!("waiting for Inspector to finish enabling EC2 in {ACCOUNT} (ENABLING) in us-east-1")),
        "{}",
        r.stderr
    );
    let enabled = r.stderr.find("aws_inspector2_enabler.this: Creation complete after").expect(&r.stderr);
    let filter = r.stderr.find("aws_inspector2_filter.after: Creating...").expect(&r.stderr);
    assert!(enabled < filter, "the dependent waits for ENABLED: {}", r.stderr);

    // Longer than the configured timeout: the update fails naming what is still enabling.
    c.edit_sandbox(|v| v["regions"]["us-east-1"]["inspector2"]["transition_ms"] = json!(60_000));
    std::fs::write(dir.join("main.tf"), cfg(r#""EC2", "ECR""#, "timeouts { update = \"1s\" }")).unwrap();
    let r = c.run(&["apply", s(&dir), "--auto-approve"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains(&format!("Inspector was still enabling ECR in {ACCOUNT} (ENABLING) after 1s")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("timeouts { create = \"30m\" }") || r.stderr.contains("raise `timeouts"), "{}", r.stderr);

    // Destroy waits for DISABLED.
    c.edit_sandbox(|v| v["regions"]["us-east-1"]["inspector2"]["transition_ms"] = json!(600));
    let r = c.run(&["destroy", s(&dir), "--auto-approve"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stderr.contains("waiting for Inspector to finish disabling"), "{}", r.stderr);
}

/// `state show` and `show` print nested blocks as blocks, indented as in the plan; `show
/// --format markdown` of a state is refused, not printed as text.
#[test]
fn state_show_prints_nested_blocks_as_blocks() {
    let c = Ctx::new();
    let cfg = r#"provider "aws" { region = "us-east-1" }
resource "aws_inspector2_filter" "f" {
  name   = "suppress"
  action = "SUPPRESS"
  filter_criteria {
    severity {
      comparison = "EQUALS"
      value      = "INFORMATIONAL"
    }
    resource_tags {
      comparison = "EQUALS"
      key        = "env"
      value      = "dev"
    }
  }
}
"#;
    let dir = c.config("blocks", &[("main.tf", cfg)]);
    c.apply_ok(&dir);
    let r = c.run(&["state", "show", "aws_inspector2_filter.f"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let body = "    filter_criteria {\n        resource_tags {\n            comparison = \"EQUALS\"\n            \
                key        = \"env\"\n            value      = \"dev\"\n        }\n        severity {\n            \
                comparison = \"EQUALS\"\n            value      = \"INFORMATIONAL\"\n        }\n    }\n}\n";
    assert!(r.stdout.contains(body), "{}", r.stdout);
    let state = c.state();
    let r = c.run(&["show", "--state", state.to_str().unwrap()]);
    assert!(r.stdout.contains(body), "{}", r.stdout);
    let r = c.run(&["show", "--state", state.to_str().unwrap(), "--format", "markdown"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("a state has no markdown form"), "{}", r.stderr);
}

/// A change inside a nested block is shown inside it: `~ schedule { ~ weekly { ~ days = [ +
/// "THU" ] } }`, not the whole block removed and added.
#[test]
fn a_change_inside_a_nested_block_is_shown_in_place() {
    let c = Ctx::new();
    c.apply_ok(&example("inspector2"));
    let dir = inspector2_with(&c, "thursday", |t| t.replace(r#"days = ["MON"]"#, r#"days = ["MON", "THU"]"#));
    let r = c.run(&["plan", s(&dir)]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let start = r.stdout.find("      ~ schedule {").expect(&r.stdout);
    let end = start + r.stdout[start..].find("        # (1 unchanged targets block hidden)").expect(&r.stdout);
    insta::assert_snapshot!(&r.stdout[start..end], @r###"
          ~ schedule {
              ~ weekly {
                  ~ days = [
                        "MON",
                      + "THU",
                    ]
                    # (1 unchanged start_time block hidden)
                }
            }
    "###);
}

/// In the PR comment, the same schedule in several places is one line naming them.
#[test]
fn the_same_schedule_in_several_places_is_one_line_in_the_pr_comment() {
    let c = Ctx::new();
    let cfg = r#"provider "aws" { region = "us-east-1" }
resource "aws_cloudwatch_event_rule" "weekly" {
  for_each            = toset(["a", "b", "c"])
  name                = "weekly-${each.key}"
  schedule_expression = "cron(0 9 ? * MON *)"
}
resource "aws_cloudwatch_event_rule" "daily" {
  name                = "daily"
  schedule_expression = "rate(1 day)"
}
"#;
    let dir = c.config("sched", &[("main.tf", cfg)]);
    let r = c.run(&["plan", s(&dir), "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("- 🕒")).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines.contains(
            &"- 🕒 `aws_cloudwatch_event_rule.weekly[\"a\"]`, `aws_cloudwatch_event_rule.weekly[\"b\"]`, \
              `aws_cloudwatch_event_rule.weekly[\"c\"]`: runs every Monday at 09:00 UTC (`cron(0 9 ? * MON *)`)"
        ),
        "{lines:?}"
    );
}
