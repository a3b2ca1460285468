//! The Terraform AWS provider's acceptance tests, transcribed, run against the sandbox, and
//! against moto for the types whose API moto serves (issue 23): the provider's tests are the
//! specification of each supported type.
//!
//! # The format
//!
//! Cases live under `tests/acceptance/<type>/<TestFuncName>/`:
//!
//! - `case.txt`: first line `source: <path of the test file in hashicorp/terraform-provider-aws>`;
//!   optional lines `skip: <reason>` (known not to pass yet, or cannot run on the sandbox),
//!   `skip-moto: <reason>` (known not to pass against moto, where moto differs from AWS or
//!   baseline's AWS code path has a defect) and `note: <text>`. A folder with only `case.txt` is
//!   a test left out (its `skip:` says why).
//! - `1.tf`, `2.tf`, ...: each step's whole configuration (`rName` → `tf-acc-test-<word>`,
//!   `acctest.Region()` → `us-west-2`, which the runner sets as `AWS_REGION`; the alternate region
//!   `us-east-1`). A step without its own `.tf` reuses the previous step's configuration.
//! - `1.checks`, `2.checks`, ...: one check a line; blank lines and `#` lines are ignored:
//!   - `<addr> <key> = <value>` (TestCheckResourceAttr; the value is the rest of the line, may be empty)
//!   - `<addr> <key> ~ <regex>` (TestMatchResourceAttr, and ARN checks as a regex)
//!   - `<addr> <key> set` (TestCheckResourceAttrSet), `<addr> <key> absent` (TestCheckNoResourceAttr)
//!   - `<addr> <key> == <addr2> <key2>` (TestCheckResourceAttrPair)
//!   - `<addr> <key>.* contains <value>` (TestCheckTypeSetElemAttr)
//!   - `<addr> <key>.* has <k>=<v> ...` (TestCheckTypeSetElemNestedAttrs; `\s` is a space)
//!   - `<addr> exists` (the test's …Exists check)
//!   - `error` or `error ~ <regex>` (ExpectError: the apply must fail; the regex is matched
//!     against its output with runs of white space made one space, as diagnostics wrap)
//!   - `nonempty-plan` (ExpectNonEmptyPlan: the plan after the apply may show changes; after a
//!     change made outside, it must)
//!   - a change made outside baseline, after the step's apply and before its re-plan, in file
//!     order (a Check function that changes the account); objects are named by the address the
//!     state records them at:
//!     - `disappears <addr>` (CheckResourceDisappears: the object is deleted as its type's
//!       delete does it; the re-plan must then show changes, as ExpectNonEmptyPlan)
//!     - `attach-role-policy <role addr> <policy addr>`, `detach-role-policy <role addr>
//!       <policy addr>` (a managed policy attached to or detached from the role)
//!     - `put-role-policy <role addr> <name>` (an inline policy `name` put on the role, the
//!       document of the provider's `testAccRolePolicyExtraInlineConfig`),
//!       `delete-role-policy <role addr> <name>`
//!   - `preconfig <change>`: one of the changes above, made before the step's apply (PreConfig)
//!   - `import <addr> [id <template>] [ignore <key> ...]` (ImportState with ImportStateVerify;
//!     ignored keys are prefixes, as ImportStateVerifyIgnore). The import id is the recorded
//!     `id`, or the template (ImportStateIdFunc) with each `{key}` replaced by the recorded
//!     attribute, e.g. `{event_bus_name}/{rule}/{target_id}`. A step of only `import` lines has
//!     no `.tf`.
//!
//! Keys are Terraform's flatmap form: `tags.%`, `tags.Name`, `statement.#`, `statement.0.x`.
//! As in terraform-plugin-testing, a `.#` or `.%` key that is absent counts as `0`. The
//! provider's SDKv2 resources record an unset string as `""` where baseline records null: an
//! empty `= ` check accepts an absent key, and `absent` accepts `""`.
//!
//! # What the runner does
//!
//! Each case runs in its own [`Ctx`] (a fresh sandbox and state). Each step writes its
//! configuration as the only `.tf` file (plus one `output` per data source the checks name, as
//! the state records no data sources), applies it, plans again and requires no changes
//! (`--detailed-exitcode` exit 0) unless `nonempty-plan`, then evaluates the checks on the
//! state: each resource's attributes flattened to the flatmap form. An `error` step's apply
//! must fail, and its checks are not evaluated. An `import` line copies the sandbox into a
//! fresh context, plans the previous configuration plus an `import` block (the `id` the state
//! recorded, or the line's template) with `--target`, and compares the imported object (the plan's `before`) with the
//! recorded one, less the ignored keys; a type baseline cannot import leaves that step out
//! (counted, with the reason). A change made outside is made between the apply and the
//! re-plan (a `preconfig` one before the apply): on the sandbox through baseline's own sandbox
//! account in the case's account file (a disappearing object through its type's `delete`
//! verb, as CheckResourceDisappears calls the provider's Delete); the checks read the state as
//! the apply left it. After the last step, `destroy` must succeed, leave the state
//! empty, and leave no ARN or `tf-acc-test` id of the case's objects in the sandbox (except
//! objects AWS cannot delete: Inspector resource groups; a KMS key pending deletion, which KMS
//! keeps for its window, is not searched).
//!
//! A case passes when every step does. The test fails when a case without `skip:` fails
//! (naming the step, the check and the output), and when a case with `skip:` passes ("remove
//! the skip"), so the skip list stays true. A table per type is printed and written to
//! `$CARGO_TARGET_DIR/acceptance-report.md` (else `target/acceptance-report.md`).
//!
//! `ACC_FILTER=<text>` runs only the cases whose `type/TestName` contains the text;
//! `ACC_THREADS=<n>` sets how many cases run at once (default 4).
//!
//! # Against moto
//!
//! `provider_acceptance_tests_on_moto` runs the cases of the types in [`MOTO_TYPES`] (IAM,
//! SNS, EventBridge) through baseline's AWS code path against moto's server (`.ci/run`
//! installs it; see `tests/common/moto.rs`), in the same way, with these differences:
//!
//! - Each thread starts one server; before each case it is reset (`POST /moto-api/reset`), so
//!   every case starts from an empty account. The region is the same `AWS_REGION`.
//! - An import step plans in a fresh state against the same server.
//! - A change made outside is made through the test's own SDK clients, as the provider's
//!   delete for the type does it (a role's inline and attached policies first; a topic
//!   policy's delete puts the default policy back); types outside [`MOTO_TYPES`] have none.
//! - After destroy, the provider's CheckDestroy: each object the case made is read through an
//!   SDK client of the test's own (`get_role`, `describe_rule`, `get_topic_attributes`, ...),
//!   which must answer that it does not exist.
//! - A case is known failing by its `skip-moto:` line, else by its `skip:` line (a gap of
//!   baseline's shows on both). The test fails when a case with neither fails, and when a case
//!   with `skip-moto:` passes ("remove the skip-moto"); a case skipped on the sandbox only that
//!   passes against moto is listed, not failed (the sandbox run keeps its `skip:` true).
//! - The table is written to `acceptance-moto-report.md` beside the sandbox's.
//!
//! # Left out in general
//!
//! - Tests needing another provider (`random`, `time`, `null`, `archive`, ...) or a resource
//!   of an AWS service baseline does not support (Lambda, SQS, EC2, Kinesis, ECS, ...).
//! - Checks written as Go functions that compare values across steps (recreated / not
//!   recreated), read the API directly, or depend on real time (`time.Sleep`, dates);
//!   within a case they are dropped with a `#` comment naming them, or the case is left out
//!   when nothing else remains.
//! - Tests needing several real accounts or an organisation's member accounts that the sandbox
//!   cannot stand for, and tests whose pre-checks skip them on ordinary accounts.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use aws_sdk_iam::error::ProvideErrorMetadata;
use common::moto::Moto;
use common::{Ctx, Run};
use serde_json::Value as Json;

const REGION: &str = "us-west-2";

/// One transcribed test function.
struct Case {
    ty: String,
    name: String,
    dir: PathBuf,
    skip: Option<String>,
    /// Known failing against moto (`skip-moto:`).
    skip_moto: Option<String>,
    steps: Vec<Step>,
}

struct Step {
    n: usize,
    /// The step's own configuration (`None`: the previous step's).
    tf: Option<String>,
    checks: Vec<Check>,
}

#[derive(Debug, Clone)]
enum Check {
    Eq(String, String, String),
    Match(String, String, regex::Regex),
    Set(String, String),
    Absent(String, String),
    Pair(String, String, String, String),
    Contains(String, String, String),
    Has(String, String, Vec<(String, String)>),
    Exists(String),
    Error(Option<regex::Regex>),
    NonemptyPlan,
    /// The address, the import id's template (`None`: the recorded id), the ignored keys.
    Import(String, Option<String>, Vec<String>),
    /// A change made outside baseline after the step's apply, before its re-plan.
    Outside(Outside),
    /// A change made outside baseline before the step's apply (PreConfig).
    PreConfig(Outside),
}

/// A change made to the account outside baseline: the provider's CheckResourceDisappears,
/// and the Check and PreConfig functions of its tests that call the API themselves. Objects
/// are named by the address the state records them at.
#[derive(Debug, Clone)]
enum Outside {
    /// Deletes the object at the address, as its type's delete does.
    Disappears(String),
    /// Attaches the managed policy at the second address to the role at the first.
    AttachRolePolicy(String, String),
    /// Detaches the managed policy at the second address from the role at the first.
    DetachRolePolicy(String, String),
    /// Puts the inline policy named by the second word on the role at the first address
    /// (the document of the provider's `testAccRolePolicyExtraInlineConfig`).
    PutRolePolicy(String, String),
    /// Deletes the inline policy named by the second word from the role at the first address.
    DeleteRolePolicy(String, String),
}

/// The document the provider's role tests put out of band (`testAccRolePolicyExtraInlineConfig`).
const EXTRA_INLINE_POLICY: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Action":["ec2:Describe*"],"Effect":"Allow","Resource":"*"}]}"#;

impl Outside {
    fn parse(line: &str) -> Option<Outside> {
        let words: Vec<&str> = line.split_whitespace().collect();
        let two = |f: fn(String, String) -> Outside| match words[1..] {
            [a, b] => Some(f(a.into(), b.into())),
            _ => None,
        };
        match words.first().copied()? {
            "disappears" => match words[1..] {
                [a] => Some(Outside::Disappears(a.into())),
                _ => None,
            },
            "attach-role-policy" => two(Outside::AttachRolePolicy),
            "detach-role-policy" => two(Outside::DetachRolePolicy),
            "put-role-policy" => two(Outside::PutRolePolicy),
            "delete-role-policy" => two(Outside::DeleteRolePolicy),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        match self {
            Outside::Disappears(a) => format!("disappears {a}"),
            Outside::AttachRolePolicy(r, p) => format!("attach-role-policy {r} {p}"),
            Outside::DetachRolePolicy(r, p) => format!("detach-role-policy {r} {p}"),
            Outside::PutRolePolicy(r, n) => format!("put-role-policy {r} {n}"),
            Outside::DeleteRolePolicy(r, n) => format!("delete-role-policy {r} {n}"),
        }
    }
}

impl Step {
    fn error(&self) -> Option<&Option<regex::Regex>> {
        self.checks.iter().find_map(|c| if let Check::Error(r) = c { Some(r) } else { None })
    }
    fn nonempty(&self) -> bool {
        self.checks.iter().any(|c| matches!(c, Check::NonemptyPlan))
    }
    /// The changes made outside after the apply, in file order.
    fn outside(&self) -> impl Iterator<Item = &Outside> {
        self.checks.iter().filter_map(|c| if let Check::Outside(o) = c { Some(o) } else { None })
    }
    fn preconfig(&self) -> impl Iterator<Item = &Outside> {
        self.checks.iter().filter_map(|c| if let Check::PreConfig(o) = c { Some(o) } else { None })
    }
    /// The re-plan must show changes: an object disappeared, or a change made outside that
    /// the step expects to show (`nonempty-plan`).
    fn must_change(&self) -> bool {
        self.outside().any(|o| matches!(o, Outside::Disappears(_)))
            || (self.nonempty() && self.outside().next().is_some())
    }
    fn import_only(&self) -> bool {
        self.tf.is_none() && !self.checks.is_empty() && self.checks.iter().all(|c| matches!(c, Check::Import(..)))
    }
}

/// Parses one line of a `.checks` file.
fn parse_check(line: &str) -> Result<Check, String> {
    let bad = || format!("cannot read the check `{line}`");
    let re = |s: &str| regex::Regex::new(s).map_err(|e| format!("bad regex in `{line}`: {e}"));
    if line == "error" {
        return Ok(Check::Error(None));
    }
    if let Some(r) = line.strip_prefix("error ~ ") {
        return Ok(Check::Error(Some(re(r)?)));
    }
    if line == "nonempty-plan" {
        return Ok(Check::NonemptyPlan);
    }
    if let Some(rest) = line.strip_prefix("preconfig ") {
        return Outside::parse(rest).map(Check::PreConfig).ok_or_else(bad);
    }
    if let Some(o) = Outside::parse(line) {
        return Ok(Check::Outside(o));
    }
    if let Some(rest) = line.strip_prefix("import ") {
        let mut words = rest.split_whitespace();
        let addr = words.next().ok_or_else(bad)?.to_string();
        let mut next = words.next();
        let mut template = None;
        if next == Some("id") {
            template = Some(words.next().ok_or_else(bad)?.to_string());
            next = words.next();
        }
        let ignore: Vec<String> = match next {
            None => Vec::new(),
            Some("ignore") => words.map(str::to_string).collect(),
            Some(_) => return Err(bad()),
        };
        return Ok(Check::Import(addr, template, ignore));
    }
    let (addr, rest) = line.split_once(' ').ok_or_else(bad)?;
    let rest = rest.trim_start();
    if rest == "exists" {
        return Ok(Check::Exists(addr.into()));
    }
    let (key, rest) = rest.split_once(' ').ok_or_else(bad)?;
    let rest = rest.trim_start();
    let (op, value) = rest.split_once(' ').unwrap_or((rest, ""));
    let (a, k) = (addr.to_string(), key.to_string());
    Ok(match op {
        "=" => Check::Eq(a, k, value.to_string()),
        "~" => Check::Match(a, k, re(value)?),
        "set" if value.is_empty() => Check::Set(a, k),
        "absent" if value.is_empty() => Check::Absent(a, k),
        "==" => {
            let (a2, k2) = value.trim().split_once(' ').ok_or_else(bad)?;
            Check::Pair(a, k, a2.into(), k2.trim().into())
        }
        "contains" => Check::Contains(a, k, value.to_string()),
        "has" => {
            let pairs = value
                .split_whitespace()
                .map(|p| p.split_once('=').map(|(x, y)| (x.to_string(), y.replace("\\s", " "))).ok_or_else(bad))
                .collect::<Result<Vec<_>, _>>()?;
            Check::Has(a, k, pairs)
        }
        _ => return Err(bad()),
    })
}

/// Reads every case under `tests/acceptance`; format errors are returned as failures.
fn load_cases(root: &Path) -> (Vec<Case>, Vec<String>) {
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    let mut types: Vec<PathBuf> = match std::fs::read_dir(root) {
        Ok(d) => d.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect(),
        Err(_) => return (cases, errors),
    };
    types.sort();
    for tdir in types {
        let ty = tdir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&tdir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect())
            .unwrap_or_default();
        dirs.sort();
        for dir in dirs {
            let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
            match load_case(&ty, &name, &dir) {
                Ok(c) => cases.push(c),
                Err(e) => errors.push(format!("{ty}/{name}: {e}")),
            }
        }
    }
    (cases, errors)
}

fn load_case(ty: &str, name: &str, dir: &Path) -> Result<Case, String> {
    let meta = std::fs::read_to_string(dir.join("case.txt")).map_err(|e| format!("case.txt: {e}"))?;
    if !meta.lines().next().is_some_and(|l| l.starts_with("source: ")) {
        return Err("case.txt must start with `source: `".into());
    }
    let mut skip = None;
    let mut skip_moto = None;
    for l in meta.lines() {
        if let Some(r) = l.strip_prefix("skip:") {
            skip = Some(r.trim().to_string());
        }
        if let Some(r) = l.strip_prefix("skip-moto:") {
            skip_moto = Some(r.trim().to_string());
        }
    }
    let mut numbers = BTreeSet::new();
    for e in std::fs::read_dir(dir).map_err(|e| e.to_string())?.filter_map(|e| e.ok()) {
        let f = e.file_name().to_string_lossy().into_owned();
        match f.split_once('.') {
            Some((n, "tf" | "checks")) if n.parse::<usize>().is_ok() => {
                numbers.insert(n.parse::<usize>().unwrap_or_default());
            }
            _ if f == "case.txt" => {}
            _ => return Err(format!("unexpected file {f}")),
        }
    }
    let last = numbers.iter().next_back().copied().unwrap_or(0);
    let mut steps = Vec::new();
    for n in 1..=last {
        let tf = std::fs::read_to_string(dir.join(format!("{n}.tf"))).ok();
        let checks_text = std::fs::read_to_string(dir.join(format!("{n}.checks"))).ok();
        if tf.is_none() && checks_text.is_none() {
            return Err(format!("step {n} has neither {n}.tf nor {n}.checks"));
        }
        if n == 1 && tf.is_none() {
            return Err("step 1 needs 1.tf".into());
        }
        let mut checks = Vec::new();
        for line in checks_text.unwrap_or_default().lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            checks.push(parse_check(line).map_err(|e| format!("{n}.checks: {e}"))?);
        }
        steps.push(Step { n, tf, checks });
    }
    if steps.is_empty() && skip.is_none() {
        return Err("a case without steps needs `skip: <reason>` in case.txt".into());
    }
    Ok(Case { ty: ty.into(), name: name.into(), dir: dir.into(), skip, skip_moto, steps })
}

/// A JSON value in Terraform's flatmap form, under `prefix` (empty at the top).
fn flatten(prefix: &str, v: &Json, out: &mut BTreeMap<String, String>) {
    let key = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
    match v {
        Json::Null => {}
        Json::Bool(b) => {
            out.insert(prefix.into(), b.to_string());
        }
        Json::Number(n) => {
            out.insert(prefix.into(), n.to_string());
        }
        Json::String(s) => {
            out.insert(prefix.into(), s.clone());
        }
        Json::Array(items) => {
            out.insert(key("#"), items.len().to_string());
            for (i, item) in items.iter().enumerate() {
                flatten(&key(&i.to_string()), item, out);
            }
        }
        Json::Object(m) => {
            if !prefix.is_empty() {
                out.insert(key("%"), m.values().filter(|v| !v.is_null()).count().to_string());
            }
            for (k, item) in m {
                flatten(&key(k), item, out);
            }
        }
    }
}

type Flat = BTreeMap<String, String>;

/// The flattened attributes of every resource in a state, and of the data sources whose
/// values the runner's outputs carry.
fn flat_state(state: &Json) -> BTreeMap<String, Flat> {
    let mut all = BTreeMap::new();
    for r in state["resources"].as_array().into_iter().flatten() {
        let mut f = Flat::new();
        flatten("", &r["attributes"], &mut f);
        all.insert(r["address"].as_str().unwrap_or_default().to_string(), f);
    }
    for (name, o) in state["outputs"].as_object().into_iter().flatten() {
        if let Some(addr) = output_address(name) {
            let mut f = Flat::new();
            flatten("", &o["value"], &mut f);
            all.insert(addr, f);
        }
    }
    all
}

/// The output the runner adds for the data source `addr` (`data.t.n` or `data.t.n[0]`).
fn output_name(addr: &str) -> String {
    let hex: String = addr.bytes().map(|b| format!("{b:02x}")).collect();
    format!("acceptance_{hex}")
}

fn output_address(name: &str) -> Option<String> {
    let hex = name.strip_prefix("acceptance_")?;
    let bytes: Option<Vec<u8>> =
        (0..hex.len()).step_by(2).map(|i| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect();
    String::from_utf8(bytes?).ok()
}

/// The value of `key`, with the empty-collection rule of terraform-plugin-testing.
fn get<'a>(f: &'a Flat, key: &str) -> Option<&'a str> {
    f.get(key).map(String::as_str)
}

fn is_count(key: &str) -> bool {
    key.ends_with(".#") || key.ends_with(".%")
}

/// An absent `.#` or `.%` key read as `0`.
fn norm<'a>(v: Option<&'a str>, key: &str) -> Option<&'a str> {
    if v.is_none() && is_count(key) {
        Some("0")
    } else {
        v
    }
}

/// Keys matching `pattern`, whose `*` stands for one segment.
fn key_regex(pattern: &str) -> regex::Regex {
    let parts: Vec<String> =
        pattern.split('.').map(|p| if p == "*" { "[^.]+".to_string() } else { regex::escape(p) }).collect();
    // Built from escaped text: it is a valid regex.
    regex::Regex::new(&format!("^{}$", parts.join(r"\."))).expect("escaped pattern")
}

/// Evaluates one check; `Err` says what was found instead.
fn evaluate(check: &Check, flat: &BTreeMap<String, Flat>) -> Result<(), String> {
    let res = |a: &str| flat.get(a).ok_or_else(|| format!("{a} is not in the state"));
    match check {
        Check::Exists(a) => res(a).map(|_| ()),
        Check::Eq(a, k, want) => {
            let f = res(a)?;
            match get(f, k) {
                Some(v) if v == want => Ok(()),
                None if (want == "0" && is_count(k)) || want.is_empty() => Ok(()),
                got => Err(format!("{a} {k}: want {want:?}, got {got:?}")),
            }
        }
        Check::Match(a, k, re) => match get(res(a)?, k) {
            Some(v) if re.is_match(v) => Ok(()),
            got => Err(format!("{a} {k}: want a match of {re}, got {got:?}")),
        },
        Check::Set(a, k) => match get(res(a)?, k) {
            Some(_) => Ok(()),
            None => Err(format!("{a} {k}: not set")),
        },
        Check::Absent(a, k) => match get(res(a)?, k) {
            None | Some("") => Ok(()),
            Some("0") if is_count(k) => Ok(()),
            Some(v) => Err(format!("{a} {k}: want absent, got {v:?}")),
        },
        Check::Pair(a, k, a2, k2) => {
            let (x, y) = (get(res(a)?, k), get(res(a2)?, k2));
            if norm(x, k) == norm(y, k2) {
                Ok(())
            } else {
                Err(format!("{a} {k} = {x:?} but {a2} {k2} = {y:?}"))
            }
        }
        Check::Contains(a, k, want) => {
            let f = res(a)?;
            let re = key_regex(k);
            if f.iter().any(|(key, v)| re.is_match(key) && v == want) {
                Ok(())
            } else {
                Err(format!(
                    "{a} {k}: no element {want:?} in {:?}",
                    f.iter().filter(|(key, _)| re.is_match(key)).collect::<Vec<_>>()
                ))
            }
        }
        Check::Has(a, k, pairs) => {
            let f = res(a)?;
            let re = key_regex(&format!("{k}.x"));
            // Element prefixes: keys matching `k` followed by one more segment, less that segment.
            let prefixes: BTreeSet<String> = f
                .keys()
                .filter_map(|key| {
                    let parts: Vec<&str> = key.split('.').collect();
                    let n = k.split('.').count();
                    (parts.len() > n).then(|| parts[..n].join(".")).filter(|p| re.is_match(&format!("{p}.x")))
                })
                .collect();
            let found = prefixes.iter().any(|p| {
                pairs.iter().all(|(sub, want)| {
                    let key = format!("{p}.{sub}");
                    match f.get(&key) {
                        Some(v) => v == want,
                        None => want == "0" && is_count(&key),
                    }
                })
            });
            if found {
                Ok(())
            } else {
                let all: Vec<_> =
                    f.iter().filter(|(key, _)| prefixes.iter().any(|p| key.starts_with(p.as_str()))).collect();
                Err(format!("{a} {k}: no element with {pairs:?} in {all:?}"))
            }
        }
        Check::Error(_) | Check::NonemptyPlan | Check::Import(..) | Check::Outside(_) | Check::PreConfig(_) => Ok(()),
    }
}

fn describe(c: &Check) -> String {
    match c {
        Check::Eq(a, k, v) => format!("{a} {k} = {v}"),
        Check::Match(a, k, r) => format!("{a} {k} ~ {r}"),
        Check::Set(a, k) => format!("{a} {k} set"),
        Check::Absent(a, k) => format!("{a} {k} absent"),
        Check::Pair(a, k, a2, k2) => format!("{a} {k} == {a2} {k2}"),
        Check::Contains(a, k, v) => format!("{a} {k} contains {v}"),
        Check::Has(a, k, p) => format!("{a} {k} has {p:?}"),
        Check::Exists(a) => format!("{a} exists"),
        Check::Error(r) => format!("error {r:?}"),
        Check::NonemptyPlan => "nonempty-plan".into(),
        Check::Import(a, t, i) => format!("import {a} id {t:?} ignore {i:?}"),
        Check::Outside(o) => o.describe(),
        Check::PreConfig(o) => format!("preconfig {}", o.describe()),
    }
}

/// The configuration for a step: the case's text plus an output per data source checked.
fn with_outputs(tf: &str, steps_checks: &[Check]) -> String {
    let mut text = tf.to_string();
    let mut seen = BTreeSet::new();
    for c in steps_checks {
        let addrs: Vec<&String> = match c {
            Check::Eq(a, ..) | Check::Match(a, ..) | Check::Set(a, _) | Check::Absent(a, _) => vec![a],
            Check::Contains(a, ..) | Check::Has(a, ..) | Check::Exists(a) => vec![a],
            Check::Pair(a, _, a2, _) => vec![a, a2],
            _ => vec![],
        };
        for a in addrs {
            if a.starts_with("data.") && seen.insert(a.clone()) {
                let _ = write!(text, "\noutput \"{}\" {{\n  value = {a}\n}}\n", output_name(a));
            }
        }
    }
    text
}

/// How one case went.
enum Outcome {
    Pass,
    Fail(String),
}

struct CaseResult {
    outcome: Outcome,
    steps: usize,
    /// Import steps left out, with the reason.
    left_out_steps: Vec<String>,
}

/// Where the cases run.
#[derive(Clone, Copy)]
enum World<'a> {
    /// baseline's embedded sandbox, a fresh account file per case.
    Sandbox,
    /// A moto server (reset before each case) through baseline's AWS code path, with a
    /// runtime for the independent SDK reads of the destroy check.
    Moto(&'a Moto, &'a tokio::runtime::Runtime),
}

impl World<'_> {
    /// Runs baseline with `args` against this world, in `ctx`'s state.
    fn run(&self, ctx: &Ctx, args: &[&str]) -> Run {
        match self {
            World::Sandbox => ctx.run_env(args, &[("AWS_REGION", REGION)]),
            World::Moto(m, _) => {
                let mut env: Vec<(String, String)> = m.env().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                env.push(("AWS_REGION".into(), REGION.into()));
                ctx.run_with(args, &env)
            }
        }
    }
}

impl World<'_> {
    /// Makes the change `o` to this world's account, outside baseline: on the sandbox through
    /// baseline's own sandbox account (a disappearing object through its type's delete verb,
    /// as CheckResourceDisappears calls the provider's), on moto through SDK clients of the
    /// test's own.
    fn change_outside(&self, ctx: &Ctx, o: &Outside) -> Result<(), String> {
        let state = read_state(ctx);
        let object = |addr: &str| -> Result<(String, serde_json::Map<String, Json>), String> {
            let r = state["resources"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|r| r["address"] == addr)
                .ok_or_else(|| format!("{addr} is not in the state"))?;
            let attrs = r["attributes"].as_object().cloned().ok_or_else(|| format!("{addr} has no attributes"))?;
            Ok((r["type"].as_str().unwrap_or_default().to_string(), attrs))
        };
        let attr = |addr: &str, key: &str| -> Result<String, String> {
            let (_, a) = object(addr)?;
            a.get(key).and_then(Json::as_str).map(str::to_string).ok_or_else(|| format!("{addr} records no {key}"))
        };
        // What the change is, in the terms both worlds act on.
        let change = match o {
            Outside::Disappears(addr) => {
                let (ty, attrs) = object(addr)?;
                Change::Delete(ty, attrs)
            }
            Outside::AttachRolePolicy(role, policy) => Change::Attach(attr(role, "name")?, attr(policy, "arn")?),
            Outside::DetachRolePolicy(role, policy) => Change::Detach(attr(role, "name")?, attr(policy, "arn")?),
            Outside::PutRolePolicy(role, name) => Change::PutInline(attr(role, "name")?, name.clone()),
            Outside::DeleteRolePolicy(role, name) => Change::DeleteInline(attr(role, "name")?, name.clone()),
        };
        match self {
            World::Sandbox => {
                let rt =
                    tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
                rt.block_on(change_on_sandbox(&ctx.sandbox(), &change))
            }
            World::Moto(m, rt) => rt.block_on(change_on_moto(m, &change)),
        }
    }
}

/// A change made outside, with the names and ARNs it acts on.
enum Change {
    /// Delete the object of this type with these recorded attributes.
    Delete(String, serde_json::Map<String, Json>),
    /// Attach (role name, policy ARN).
    Attach(String, String),
    /// Detach (role name, policy ARN).
    Detach(String, String),
    /// Put the extra inline policy (role name, policy name).
    PutInline(String, String),
    /// Delete the inline policy (role name, policy name).
    DeleteInline(String, String),
}

/// The object's region: its own (`region`, else its ARN's), else the runner's.
fn region_of(a: &serde_json::Map<String, Json>) -> String {
    let arn_region =
        a.get("arn").and_then(Json::as_str).and_then(|arn| arn.split(':').nth(3)).filter(|r| !r.is_empty());
    a.get("region").and_then(Json::as_str).or(arn_region).unwrap_or(REGION).to_string()
}

/// `change` made to the sandbox account kept at `file`, through baseline's own sandbox (no
/// baseline run holds the file meanwhile); the account is written back when dropped.
async fn change_on_sandbox(file: &Path, change: &Change) -> Result<(), String> {
    use baseline::services::{sandbox::Sandbox, Account};
    // An object whose ARN names another sandbox account (made through a provider alias that
    // assumes a role there) is changed in that account's file.
    let member = match change {
        Change::Delete(_, attrs) => attrs
            .get("arn")
            .and_then(Json::as_str)
            .and_then(|arn| arn.split(':').nth(4))
            .map(|account| (account.to_string(), baseline::services::connect::member_file(file, account)))
            .filter(|(_, path)| path.exists()),
        _ => None,
    };
    let sandbox = match member {
        Some((account, path)) => Sandbox::open_account(&path, &account).map(|s| s.in_organization(file)),
        None => Sandbox::open(file),
    }
    .map_err(|e| format!("open the sandbox: {e}"))?
    .with_faults(vec![]);
    let cloud = Account::sandbox(std::sync::Arc::new(sandbox));
    let e = |e: baseline::cloud::CloudError| e.to_string();
    match change {
        Change::Delete(ty, attrs) => {
            let rt = baseline::resources::resource_type(ty).ok_or_else(|| format!("no resource type {ty}"))?;
            let region = region_of(attrs);
            fn quiet(_: &str) {}
            let verbs = baseline::resources::Ctx {
                cloud: &cloud,
                region: &region,
                log: &quiet,
                record: &baseline::resources::no_record,
                timeout: None,
            };
            rt.delete(&verbs, attrs).await.map_err(e)
        }
        Change::Attach(role, arn) => cloud.iam.attach_role_policy(role, arn).await.map_err(e),
        Change::Detach(role, arn) => cloud.iam.detach_role_policy(role, arn).await.map_err(e),
        Change::PutInline(role, name) => cloud.iam.put_role_policy(role, name, EXTRA_INLINE_POLICY).await.map_err(e),
        Change::DeleteInline(role, name) => cloud.iam.delete_role_policy(role, name).await.map_err(e),
    }
}

/// `change` made to moto through SDK clients of the test's own. A disappearing object is
/// deleted as the provider's delete for its type does it (a role's policies first).
async fn change_on_moto(m: &Moto, change: &Change) -> Result<(), String> {
    let e = |e: &dyn std::fmt::Debug| format!("{e:?}");
    let conf = m.sdk_config(REGION).await;
    let iam = aws_sdk_iam::Client::new(&conf);
    match change {
        Change::Attach(role, arn) => {
            iam.attach_role_policy().role_name(role).policy_arn(arn).send().await.map(drop).map_err(|x| e(&x))
        }
        Change::Detach(role, arn) => {
            iam.detach_role_policy().role_name(role).policy_arn(arn).send().await.map(drop).map_err(|x| e(&x))
        }
        Change::PutInline(role, name) => iam
            .put_role_policy()
            .role_name(role)
            .policy_name(name)
            .policy_document(EXTRA_INLINE_POLICY)
            .send()
            .await
            .map(drop)
            .map_err(|x| e(&x)),
        Change::DeleteInline(role, name) => {
            iam.delete_role_policy().role_name(role).policy_name(name).send().await.map(drop).map_err(|x| e(&x))
        }
        Change::Delete(ty, a) => match delete_on_moto(m, &iam, ty, a).await {
            // A delete succeeds when the object is already gone, as the type's delete does.
            Err(e) if NOT_FOUND.iter().any(|c| e.contains(c)) => Ok(()),
            r => r,
        },
    }
}

/// The error codes with which AWS (and moto) answer that an object does not exist.
const NOT_FOUND: &[&str] = &["NoSuchEntity", "ResourceNotFoundException", "NotFound"];

/// Deletes the object of type `ty` recorded with the attributes `a` from moto, as the
/// provider's delete for the type does it.
async fn delete_on_moto(
    m: &Moto,
    iam: &aws_sdk_iam::Client,
    ty: &str,
    a: &serde_json::Map<String, Json>,
) -> Result<(), String> {
    let e = |e: &dyn std::fmt::Debug| format!("{e:?}");
    let attr = |k: &str| a.get(k).and_then(Json::as_str).unwrap_or_default().to_string();
    let conf = m.sdk_config(&region_of(a)).await;
    let events = aws_sdk_eventbridge::Client::new(&conf);
    let sns = aws_sdk_sns::Client::new(&conf);
    let bus = Some(attr("event_bus_name")).filter(|b| !b.is_empty()).unwrap_or_else(|| "default".into());
    match ty {
        "aws_iam_role" => {
            let role = attr("name");
            let inline = iam.list_role_policies().role_name(&role).send().await.map_err(|x| e(&x))?;
            for p in inline.policy_names() {
                iam.delete_role_policy().role_name(&role).policy_name(p).send().await.map_err(|x| e(&x))?;
            }
            let attached = iam.list_attached_role_policies().role_name(&role).send().await.map_err(|x| e(&x))?;
            for p in attached.attached_policies().iter().filter_map(|p| p.policy_arn()) {
                iam.detach_role_policy().role_name(&role).policy_arn(p).send().await.map_err(|x| e(&x))?;
            }
            iam.delete_role().role_name(&role).send().await.map(drop).map_err(|x| e(&x))
        }
        "aws_iam_service_linked_role" => {
            iam.delete_service_linked_role().role_name(attr("name")).send().await.map(drop).map_err(|x| e(&x))
        }
        "aws_iam_policy" => {
            let arn = attr("arn");
            let versions = iam.list_policy_versions().policy_arn(&arn).send().await.map_err(|x| e(&x))?;
            for v in versions.versions().iter().filter(|v| !v.is_default_version()) {
                let id = v.version_id().unwrap_or_default();
                iam.delete_policy_version().policy_arn(&arn).version_id(id).send().await.map_err(|x| e(&x))?;
            }
            iam.delete_policy().policy_arn(&arn).send().await.map(drop).map_err(|x| e(&x))
        }
        "aws_iam_role_policy" => iam
            .delete_role_policy()
            .role_name(attr("role"))
            .policy_name(attr("name"))
            .send()
            .await
            .map(drop)
            .map_err(|x| e(&x)),
        "aws_iam_role_policy_attachment" => iam
            .detach_role_policy()
            .role_name(attr("role"))
            .policy_arn(attr("policy_arn"))
            .send()
            .await
            .map(drop)
            .map_err(|x| e(&x)),
        "aws_sns_topic" => sns.delete_topic().topic_arn(attr("arn")).send().await.map(drop).map_err(|x| e(&x)),
        "aws_sns_topic_policy" => {
            // The provider's delete puts the topic's default policy back.
            let arn = attr("arn");
            let got = sns.get_topic_attributes().topic_arn(&arn).send().await.map_err(|x| e(&x))?;
            let owner = got.attributes().and_then(|a| a.get("Owner")).cloned().unwrap_or_default();
            let policy = baseline::services::sns::default_topic_policy(&arn, &owner);
            sns.set_topic_attributes()
                .topic_arn(&arn)
                .attribute_name("Policy")
                .attribute_value(policy)
                .send()
                .await
                .map(drop)
                .map_err(|x| e(&x))
        }
        "aws_cloudwatch_event_rule" => {
            let name = attr("name");
            let targets =
                events.list_targets_by_rule().rule(&name).event_bus_name(&bus).send().await.map_err(|x| e(&x))?;
            let ids: Vec<String> = targets.targets().iter().map(|t| t.id().to_string()).collect();
            if !ids.is_empty() {
                events
                    .remove_targets()
                    .rule(&name)
                    .event_bus_name(&bus)
                    .set_ids(Some(ids))
                    .send()
                    .await
                    .map_err(|x| e(&x))?;
            }
            events.delete_rule().name(&name).event_bus_name(&bus).send().await.map(drop).map_err(|x| e(&x))
        }
        "aws_cloudwatch_event_target" => events
            .remove_targets()
            .rule(attr("rule"))
            .event_bus_name(&bus)
            .ids(attr("target_id"))
            .send()
            .await
            .map(drop)
            .map_err(|x| e(&x)),
        other => Err(format!("the runner cannot delete a {other} on moto")),
    }
}

fn read_state(ctx: &Ctx) -> Json {
    ctx.state_view()
}

/// The first line of a failure, at most 200 bytes, for the report's lists.
fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default();
    let mut end = line.len().min(200);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    if end < line.len() {
        format!("{}...", &line[..end])
    } else {
        line.to_string()
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cut(s: &str) -> String {
    const MAX: usize = 6000;
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n[... {} more bytes]", &s[..end], s.len() - end)
}

/// Runs one case; `Err` is the first failure.
fn run_case(case: &Case, world: World) -> CaseResult {
    let mut left_out_steps = Vec::new();
    let outcome = match run_steps(case, world, &mut left_out_steps) {
        Ok(()) => Outcome::Pass,
        Err(e) => Outcome::Fail(e),
    };
    CaseResult { outcome, steps: case.steps.len(), left_out_steps }
}

fn run_steps(case: &Case, world: World, left_out: &mut Vec<String>) -> Result<(), String> {
    let ctx = Ctx::new();
    let cfg = ctx.dir.path().join("config");
    std::fs::create_dir_all(&cfg).map_err(|e| e.to_string())?;
    let cfg_s = cfg.to_str().ok_or("temp path is not UTF-8")?.to_string();
    let mut config: Option<String> = None;
    // ARNs and test ids of every managed object the case made: none may outlive destroy.
    let mut footprint = BTreeSet::new();
    // Every managed object the case made, by type and id, for the destroy check on moto.
    let mut made: BTreeMap<(String, String), Flat> = BTreeMap::new();
    for step in &case.steps {
        let at = |what: &str, r: &Run| format!("step {}: {what}\n{}", step.n, cut(&r.transcript()));
        if let Some(tf) = &step.tf {
            config = Some(tf.clone());
        }
        let base = config.clone().ok_or("no configuration")?;
        if !step.import_only() {
            let text = with_outputs(&base, &step.checks);
            std::fs::write(cfg.join("main.tf"), text).map_err(|e| e.to_string())?;
            for o in step.preconfig() {
                world
                    .change_outside(&ctx, o)
                    .map_err(|e| format!("step {}: preconfig {}: {e}", step.n, o.describe()))?;
            }
            let r = world.run(&ctx, &["apply", &cfg_s, "--auto-approve"]);
            if let Some(want) = step.error() {
                if r.code == 0 {
                    return Err(at("the apply should have failed (ExpectError) but succeeded", &r));
                }
                if let Some(re) = want {
                    let all = squash(&format!("{}\n{}", r.stdout, r.stderr));
                    if !re.is_match(&all) {
                        return Err(at(&format!("the apply failed, but its output does not match {re}"), &r));
                    }
                }
                continue;
            }
            if r.code != 0 {
                return Err(at("apply failed", &r));
            }
            // The state as the apply left it: the checks read it, whatever is changed outside.
            let state = read_state(&ctx);
            for o in step.outside() {
                world.change_outside(&ctx, o).map_err(|e| format!("step {}: {}: {e}", step.n, o.describe()))?;
            }
            let p = world.run(&ctx, &["plan", &cfg_s, "--detailed-exitcode"]);
            if step.must_change() && p.code != 2 {
                return Err(at("the plan after the change made outside should show changes (ExpectNonEmptyPlan)", &p));
            }
            let ok = p.code == 0 || (p.code == 2 && step.nonempty());
            if !ok {
                return Err(at("the plan after apply is not empty (or failed)", &p));
            }
            collect_footprint(&state, &mut footprint);
            collect_objects(&state, &mut made);
            let flat = flat_state(&state);
            for c in &step.checks {
                if let Err(e) = evaluate(c, &flat) {
                    let shown: BTreeMap<_, _> = flat.iter().collect();
                    return Err(format!(
                        "step {}: check `{}` failed: {e}\nstate (flattened): {}",
                        step.n,
                        describe(c),
                        cut(&format!("{shown:#?}"))
                    ));
                }
            }
        }
        for c in &step.checks {
            if let Check::Import(addr, template, ignore) = c {
                if let Some(reason) = import_step(&ctx, world, &base, addr, template.as_deref(), ignore)
                    .map_err(|e| format!("step {}: {e}", step.n))?
                {
                    left_out.push(format!("step {} (import {addr}): {reason}", step.n));
                }
            }
        }
    }
    let d = world.run(&ctx, &["destroy", &cfg_s, "--auto-approve"]);
    if d.code != 0 {
        return Err(format!("destroy failed\n{}", cut(&d.transcript())));
    }
    let state = read_state(&ctx);
    if state["resources"].as_array().is_some_and(|r| !r.is_empty()) {
        return Err(format!("the state is not empty after destroy: {}", state["resources"]));
    }
    match world {
        World::Sandbox => {
            let sandbox = without_keys_pending_deletion(&std::fs::read_to_string(ctx.sandbox()).unwrap_or_default());
            for f in &footprint {
                if sandbox.contains(&format!("\"{f}\"")) {
                    return Err(format!("after destroy the sandbox still holds {f:?}"));
                }
            }
        }
        World::Moto(m, rt) => {
            for ((ty, id), attrs) in &made {
                if rt.block_on(still_there(m, ty, attrs))? {
                    return Err(format!("after destroy moto still holds the {ty} {id:?}"));
                }
            }
        }
    }
    Ok(())
}

/// The sandbox file without its KMS keys pending deletion: KMS keeps a destroyed key for its
/// deletion window (the provider's CheckDestroy counts such a key as gone), and the key still
/// holds what it was given (a description naming the case).
fn without_keys_pending_deletion(sandbox: &str) -> String {
    let Ok(mut doc) = serde_json::from_str::<Json>(sandbox) else { return sandbox.to_string() };
    for region in doc["regions"].as_object_mut().into_iter().flat_map(|r| r.values_mut()) {
        if let Some(keys) = region.pointer_mut("/kms/keys").and_then(Json::as_object_mut) {
            keys.retain(|_, k| k.get("deletion_date").is_none_or(Json::is_null));
        }
    }
    doc.to_string()
}

/// Types whose objects AWS cannot delete: destroy only forgets them (the provider's tests
/// have no CheckDestroy for them).
const UNDELETABLE: &[&str] = &["aws_inspector_resource_group"];

/// Types whose `arn` names an object they do not own (a delegated administrator's is its
/// member account's, which outlives the registration), with the attribute that marks the
/// object in the sandbox instead.
const FOOTPRINT_ATTR: &[(&str, &str)] = &[("aws_organizations_delegated_administrator", "service_principal")];

fn collect_footprint(state: &Json, out: &mut BTreeSet<String>) {
    for r in state["resources"].as_array().into_iter().flatten() {
        if r["type"].as_str().is_some_and(|t| UNDELETABLE.contains(&t)) {
            continue;
        }
        let attrs = &r["attributes"];
        if let Some((_, attr)) = FOOTPRINT_ATTR.iter().find(|(t, _)| r["type"].as_str() == Some(*t)) {
            out.extend(attrs[*attr].as_str().map(str::to_string));
            continue;
        }
        if let Some(arn) = attrs["arn"].as_str() {
            out.insert(arn.to_string());
        }
        if let Some(id) = attrs["id"].as_str().filter(|v| v.contains("tf-acc-test") || v.starts_with("arn:")) {
            out.insert(id.to_string());
        }
    }
}

/// An import id from its template: each `{key}` replaced by the recorded attribute.
fn import_id(template: &str, recorded: &Flat) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        let (key, tail) =
            after.split_once('}').ok_or_else(|| format!("unclosed `{{` in the id template {template:?}"))?;
        let value = recorded.get(key).ok_or_else(|| format!("the id template names {key:?}, which is not recorded"))?;
        out.push_str(before);
        out.push_str(value);
        rest = tail;
    }
    out.push_str(rest);
    Ok(out)
}

fn collect_objects(state: &Json, out: &mut BTreeMap<(String, String), Flat>) {
    for r in state["resources"].as_array().into_iter().flatten() {
        let (Some(ty), Some(id)) = (r["type"].as_str(), r["attributes"]["id"].as_str()) else { continue };
        let mut f = Flat::new();
        flatten("", &r["attributes"], &mut f);
        out.insert((ty.to_string(), id.to_string()), f);
    }
}

/// Whether moto still holds the object of type `ty` that had the attributes `a` (the
/// provider's CheckDestroy), read through an SDK client of its own, not through baseline.
async fn still_there(m: &Moto, ty: &str, a: &Flat) -> Result<bool, String> {
    let attr = |k: &str| a.get(k).map(String::as_str).unwrap_or_default();
    // The region: the object's own (`region`, else its ARN's), else the runner's.
    let arn_region = attr("arn").split(':').nth(3).filter(|r| !r.is_empty());
    let region = a.get("region").map(String::as_str).or(arn_region).unwrap_or(REGION);
    let conf = m.sdk_config(region).await;
    let iam = || aws_sdk_iam::Client::new(&conf);
    let events = || aws_sdk_eventbridge::Client::new(&conf);
    let bus = || Some(attr("event_bus_name")).filter(|b| !b.is_empty()).unwrap_or("default").to_string();
    match ty {
        "aws_iam_role" | "aws_iam_service_linked_role" => found(iam().get_role().role_name(attr("name")).send().await),
        "aws_iam_policy" => found(iam().get_policy().policy_arn(attr("arn")).send().await),
        "aws_iam_role_policy" => {
            found(iam().get_role_policy().role_name(attr("role")).policy_name(attr("name")).send().await)
        }
        "aws_iam_role_policy_attachment" => {
            match iam().list_attached_role_policies().role_name(attr("role")).send().await {
                Ok(o) => Ok(o.attached_policies().iter().any(|p| p.policy_arn() == Some(attr("policy_arn")))),
                Err(e) => found::<()>(Err(e)),
            }
        }
        "aws_cloudwatch_event_rule" => {
            found(events().describe_rule().name(attr("name")).event_bus_name(bus()).send().await)
        }
        "aws_cloudwatch_event_target" => {
            match events().list_targets_by_rule().rule(attr("rule")).event_bus_name(bus()).send().await {
                Ok(o) => Ok(o.targets().iter().any(|t| t.id() == attr("target_id"))),
                Err(e) => found::<()>(Err(e)),
            }
        }
        "aws_sns_topic" => {
            found(aws_sdk_sns::Client::new(&conf).get_topic_attributes().topic_arn(attr("arn")).send().await)
        }
        // A topic policy goes with its topic (checked above); other types have no check.
        _ => Ok(false),
    }
}

/// `Ok(true)` when the read found the object, `Ok(false)` when the service says it does not
/// exist, else the error.
fn found<T>(r: Result<T, impl ProvideErrorMetadata + std::fmt::Debug>) -> Result<bool, String> {
    match r {
        Ok(_) => Ok(true),
        Err(e) if matches!(e.code(), Some("NoSuchEntity" | "ResourceNotFoundException" | "NotFound")) => Ok(false),
        Err(e) => Err(format!("the destroy check's read failed: {e:?}")),
    }
}

/// ImportState + ImportStateVerify of `addr`; `Ok(Some(reason))` when baseline cannot import it.
fn import_step(
    ctx: &Ctx,
    world: World,
    config: &str,
    addr: &str,
    template: Option<&str>,
    ignore: &[String],
) -> Result<Option<String>, String> {
    let state = read_state(ctx);
    let before = flat_state(&state);
    let recorded = before.get(addr).ok_or_else(|| format!("import {addr}: not in the state"))?;
    let id = match template {
        Some(t) => &import_id(t, recorded).map_err(|e| format!("import {addr}: {e}"))?,
        None => match recorded.get("id") {
            Some(id) => id,
            None => return Ok(Some("the recorded object has no id".into())),
        },
    };
    // A fresh state over the same account: a copy of the sandbox, or the same moto server.
    let fresh = Ctx::new();
    if let World::Sandbox = world {
        copy_accounts(&ctx.sandbox(), &fresh.sandbox())?;
    }
    let escaped = id.replace('\\', "\\\\").replace('"', "\\\"").replace("${", "$${").replace("%{", "%%{");
    let text = format!("{config}\nimport {{\n  to = {addr}\n  id = \"{escaped}\"\n}}\n");
    let dir = fresh.config("config", &[("main.tf", &text)]);
    let plan = fresh.dir.path().join("import.plan");
    let r = world
        .run(&fresh, &["plan", dir.to_str().ok_or("path")?, "--target", addr, "--out", plan.to_str().ok_or("path")?]);
    if r.code != 0 {
        if r.stderr.contains("cannot be imported") {
            return Ok(Some(format!("baseline cannot import {}", addr.split('.').next().unwrap_or(addr))));
        }
        return Err(format!("import {addr} (id {id:?}): the plan failed\n{}", cut(&r.transcript())));
    }
    let show = fresh.run(&["show", plan.to_str().ok_or("path")?, "--format", "json"]);
    let json: Json =
        serde_json::from_str(&show.stdout).map_err(|e| format!("show --format json: {e}\n{}", show.transcript()))?;
    let change = json["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["address"] == addr)
        .ok_or_else(|| format!("import {addr}: the plan has no change for it\n{}", cut(&r.transcript())))?;
    let imported_json = &change["change"]["before"];
    if imported_json.is_null() {
        return Err(format!("import {addr}: nothing was imported\n{}", cut(&r.transcript())));
    }
    let mut imported = Flat::new();
    flatten("", imported_json, &mut imported);
    let skip = |k: &str| k.starts_with("timeouts") || ignore.iter().any(|i| k.starts_with(i.as_str()));
    let keys: BTreeSet<&String> = recorded.keys().chain(imported.keys()).filter(|k| !skip(k)).collect();
    let mut diffs = Vec::new();
    for k in keys {
        let (a, b) = (recorded.get(k), imported.get(k));
        if norm(a.map(String::as_str), k) != norm(b.map(String::as_str), k) {
            diffs.push(format!("  {k}: recorded {a:?}, imported {b:?}"));
        }
    }
    if diffs.is_empty() {
        Ok(None)
    } else {
        Err(format!("import {addr} (id {id:?}) differs from the recorded object:\n{}", diffs.join("\n")))
    }
}

#[derive(Default)]
struct Row {
    cases: usize,
    pass: usize,
    fail: usize,
    skipped: usize,
    left_out: usize,
    steps: usize,
    steps_left_out: usize,
}

/// The types whose API moto serves: their cases run against moto too.
const MOTO_TYPES: &[&str] = &[
    "aws_cloudwatch_event_rule",
    "aws_cloudwatch_event_target",
    "aws_iam_policy",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_service_linked_role",
    "aws_sns_topic",
    "aws_sns_topic_policy",
];

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Sandbox,
    Moto,
}

#[test]
fn provider_acceptance_tests() {
    run_all(Mode::Sandbox);
}

#[test]
fn provider_acceptance_tests_on_moto() {
    run_all(Mode::Moto);
}

/// Runs every case of `mode` (filtered by `ACC_FILTER`) and reports; panics on a failure, a
/// stale skip or a format error.
fn run_all(mode: Mode) {
    // The checkout cargo runs the test in (a shared target directory may hold a binary built
    // from another checkout of the crate).
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let manifest = manifest.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root = manifest.join("tests/acceptance");
    let (cases, errors) = load_cases(&root);
    let filter = std::env::var("ACC_FILTER").unwrap_or_default();
    let cases: Vec<Case> = cases
        .into_iter()
        .filter(|c| format!("{}/{}", c.ty, c.name).contains(&filter))
        .filter(|c| mode == Mode::Sandbox || MOTO_TYPES.contains(&c.ty.as_str()))
        .collect();
    let threads = std::env::var("ACC_THREADS").ok().and_then(|t| t.parse().ok()).unwrap_or(4usize).max(1);
    let threads = threads.min(cases.iter().filter(|c| !c.steps.is_empty()).count()).max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<CaseResult>>> = Mutex::new((0..cases.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                // One moto server per thread, reset before each case: a fresh account each.
                let moto = (mode == Mode::Moto).then(|| {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build();
                    (Moto::start(), rt.expect("a tokio runtime"))
                });
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    if case.steps.is_empty() {
                        continue;
                    }
                    let r = match &moto {
                        None => run_case(case, World::Sandbox),
                        Some((m, rt)) => match m.reset() {
                            Ok(()) => run_case(case, World::Moto(m, rt)),
                            Err(e) => CaseResult {
                                outcome: Outcome::Fail(e),
                                steps: case.steps.len(),
                                left_out_steps: vec![],
                            },
                        },
                    };
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());

    let mut rows: BTreeMap<&str, Row> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut stale_skips = Vec::new();
    let mut left_out = Vec::new();
    let mut skipped = Vec::new();
    let mut steps_out = Vec::new();
    let mut sandbox_only = Vec::new();
    for (case, result) in cases.iter().zip(&results) {
        let row = rows.entry(&case.ty).or_default();
        row.cases += 1;
        let id = format!("{}/{}", case.ty, case.name);
        let Some(result) = result else {
            row.left_out += 1;
            left_out.push(format!("{id}: {}", case.skip.as_deref().unwrap_or("")));
            continue;
        };
        row.steps += result.steps;
        row.steps_left_out += result.left_out_steps.len();
        steps_out.extend(result.left_out_steps.iter().map(|s| format!("{id} {s}")));
        // Against moto, a case is known failing by its `skip-moto:` or, failing that, its
        // `skip:` (a gap of baseline's shows on both); only a `skip-moto:` must stay true.
        let (skip, own) = match mode {
            Mode::Sandbox => (&case.skip, true),
            Mode::Moto if case.skip_moto.is_some() => (&case.skip_moto, true),
            Mode::Moto => (&case.skip, false),
        };
        let skip_line = if mode == Mode::Moto { "skip-moto" } else { "skip" };
        match (&result.outcome, skip) {
            (Outcome::Pass, None) => row.pass += 1,
            (Outcome::Pass, Some(reason)) => {
                row.pass += 1;
                if own {
                    stale_skips
                        .push(format!("{id} passes: remove the {skip_line} ({})", case.dir.join("case.txt").display()));
                } else {
                    sandbox_only.push(format!("{id}: {reason}"));
                }
            }
            (Outcome::Fail(e), Some(reason)) => {
                row.skipped += 1;
                skipped.push(format!("{id}: {reason} (fails at {})", first_line(e)));
            }
            (Outcome::Fail(e), None) => {
                row.fail += 1;
                failures.push(format!("{id} FAILED at {e}"));
            }
        }
    }

    let mut table = String::from(
        "| type | cases | pass | fail | skipped (known failing) | left out | steps | import steps left out |\n|---|---|---|---|---|---|---|---|\n",
    );
    let mut total = Row::default();
    for (ty, r) in &rows {
        let _ = writeln!(
            table,
            "| {ty} | {} | {} | {} | {} | {} | {} | {} |",
            r.cases, r.pass, r.fail, r.skipped, r.left_out, r.steps, r.steps_left_out
        );
        total.cases += r.cases;
        total.pass += r.pass;
        total.fail += r.fail;
        total.skipped += r.skipped;
        total.left_out += r.left_out;
        total.steps += r.steps;
        total.steps_left_out += r.steps_left_out;
    }
    let _ = writeln!(
        table,
        "| **all** | {} | {} | {} | {} | {} | {} | {} |",
        total.cases, total.pass, total.fail, total.skipped, total.left_out, total.steps, total.steps_left_out
    );
    let (title, file) = match mode {
        Mode::Sandbox => ("the sandbox", "acceptance-report.md"),
        Mode::Moto => ("moto", "acceptance-moto-report.md"),
    };
    let mut report = format!("# Acceptance tests against {title}\n\n{table}");
    for (title, list) in [
        ("Skipped (known failing)", &skipped),
        ("Left out", &left_out),
        ("Import steps left out", &steps_out),
        ("Passing on moto, skipped on the sandbox", &sandbox_only),
        ("Skips to remove", &stale_skips),
        ("Case format errors", &errors),
    ] {
        if !list.is_empty() {
            let _ = write!(report, "\n## {title}\n\n");
            for l in list.iter() {
                let _ = writeln!(report, "- {l}");
            }
        }
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| manifest.join("target"));
    let out = target.join(file);
    let _ = std::fs::create_dir_all(&target);
    if let Err(e) = std::fs::write(&out, &report) {
        eprintln!("could not write {}: {e}", out.display());
    }
    println!("{report}\n(written to {})", out.display());
    for f in &failures {
        println!("\n==== {f}\n");
    }
    assert!(
        failures.is_empty() && stale_skips.is_empty() && errors.is_empty(),
        "{} case(s) failed, {} skip(s) to remove, {} format error(s):\n{}",
        failures.len(),
        stale_skips.len(),
        errors.len(),
        failures
            .iter()
            .map(|f| f.lines().next().unwrap_or_default())
            .chain(stale_skips.iter().map(String::as_str))
            .chain(errors.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_flatmap_form_counts_lists_and_maps() {
    let mut f = Flat::new();
    flatten("", &serde_json::json!({"tags": {"a": "b"}, "l": [{"x": 1, "y": null}], "n": null, "t": true}), &mut f);
    let want: Flat = [("tags.%", "1"), ("tags.a", "b"), ("l.#", "1"), ("l.0.%", "1"), ("l.0.x", "1"), ("t", "true")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(f, want);
    let flat: BTreeMap<String, Flat> = [("r.x".to_string(), f)].into();
    let ok = |line: &str| evaluate(&parse_check(line).unwrap(), &flat);
    assert!(ok("r.x tags.a = b").is_ok());
    assert!(ok("r.x tags.a = c").is_err());
    assert!(ok("r.x n.# = 0").is_ok(), "an absent count is 0");
    assert!(ok("r.x n absent").is_ok());
    assert!(ok("r.x t absent").is_err());
    assert!(ok("r.x l.* has x=1").is_ok());
    assert!(ok("r.x l.* has x=2").is_err());
    assert!(ok("r.x tags.* contains b").is_ok());
    assert!(ok("r.x tags.a == r.x tags.a").is_ok());
    assert!(ok("r.x t ~ ^tr").is_ok());
    assert!(ok("r.y exists").is_err());
    assert_eq!(output_address(&output_name("data.aws_region.r[0]")).as_deref(), Some("data.aws_region.r[0]"));
}

#[test]
fn a_case_reads_its_skip_moto_line_apart_from_its_skip_line() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("TestX");
    std::fs::create_dir_all(&case).unwrap();
    std::fs::write(case.join("case.txt"), "source: x_test.go\nskip-moto: moto differs\n").unwrap();
    std::fs::write(case.join("1.tf"), "").unwrap();
    let c = load_case("aws_t", "TestX", &case).unwrap();
    assert_eq!((c.skip, c.skip_moto.as_deref()), (None, Some("moto differs")));
    std::fs::write(case.join("case.txt"), "source: x_test.go\nskip: sandbox gap\n").unwrap();
    let c = load_case("aws_t", "TestX", &case).unwrap();
    assert_eq!((c.skip.as_deref(), c.skip_moto), (Some("sandbox gap"), None));
}

/// The destroy check against moto sees an object that is still there, and none once it is
/// deleted; a reset forgets everything.
#[tokio::test(flavor = "multi_thread")]
async fn the_destroy_check_on_moto_sees_what_is_left() {
    let m = Moto::start();
    let conf = m.sdk_config(REGION).await;
    let iam = aws_sdk_iam::Client::new(&conf);
    let role = iam.create_role().role_name("r").assume_role_policy_document("{}").send().await.unwrap();
    let role_arn = role.role().unwrap().arn().to_string();
    let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"*"}]}"#;
    iam.put_role_policy().role_name("r").policy_name("p").policy_document(doc).send().await.unwrap();
    let sns = aws_sdk_sns::Client::new(&conf);
    let topic = sns.create_topic().name("t").send().await.unwrap().topic_arn().unwrap().to_string();
    let events = aws_sdk_eventbridge::Client::new(&conf);
    events.put_rule().name("e").schedule_expression("rate(1 day)").send().await.unwrap();
    let target = aws_sdk_eventbridge::types::Target::builder().id("tid").arn(&topic).build().unwrap();
    events.put_targets().rule("e").targets(target).send().await.unwrap();

    let attrs =
        |pairs: &[(&str, &str)]| -> Flat { pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() };
    let objects = [
        ("aws_iam_role", attrs(&[("name", "r"), ("arn", &role_arn)])),
        ("aws_iam_role_policy", attrs(&[("role", "r"), ("name", "p")])),
        ("aws_sns_topic", attrs(&[("arn", &topic)])),
        ("aws_cloudwatch_event_rule", attrs(&[("name", "e")])),
        ("aws_cloudwatch_event_target", attrs(&[("rule", "e"), ("target_id", "tid")])),
    ];
    for (ty, a) in &objects {
        assert_eq!(still_there(&m, ty, a).await, Ok(true), "{ty}");
    }
    events.remove_targets().rule("e").ids("tid").send().await.unwrap();
    assert_eq!(still_there(&m, "aws_cloudwatch_event_target", &objects[4].1).await, Ok(false));
    iam.delete_role_policy().role_name("r").policy_name("p").send().await.unwrap();
    assert_eq!(still_there(&m, "aws_iam_role_policy", &objects[1].1).await, Ok(false));
    m.reset().unwrap();
    for (ty, a) in &objects {
        assert_eq!(still_there(&m, ty, a).await, Ok(false), "{ty} after reset");
    }
}

#[test]
fn changes_made_outside_are_read_in_order_and_make_the_plan_change() {
    let step = |lines: &[&str]| Step {
        n: 1,
        tf: Some(String::new()),
        checks: lines.iter().map(|l| parse_check(l).unwrap()).collect(),
    };
    let s = step(&["r.x exists", "disappears aws_iam_role.a", "detach-role-policy aws_iam_role.a aws_iam_policy.p"]);
    let done: Vec<String> = s.outside().map(Outside::describe).collect();
    assert_eq!(done, ["disappears aws_iam_role.a", "detach-role-policy aws_iam_role.a aws_iam_policy.p"]);
    assert!(s.must_change(), "a disappeared object must show in the plan");
    // Another change made outside must show only when the step expects changes.
    assert!(!step(&["put-role-policy aws_iam_role.a p1"]).must_change());
    assert!(step(&["put-role-policy aws_iam_role.a p1", "nonempty-plan"]).must_change());
    // Before the apply: not after it.
    let pre = step(&["preconfig delete-role-policy aws_iam_role.a p1"]);
    assert_eq!(pre.preconfig().count(), 1);
    assert_eq!(pre.outside().count(), 0);
    for bad in ["disappears", "disappears a b", "put-role-policy aws_iam_role.a", "preconfig nothing a b"] {
        assert!(parse_check(bad).is_err(), "{bad}");
    }
}

/// Copies the sandbox account file `from` to `to`, with the other accounts' files beside it
/// (`STEM-ACCOUNT.json`, the accounts an `assume_role` reached), so an import through an
/// aliased provider reads the same account.
fn copy_accounts(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to).map_err(|e| format!("copy sandbox: {e}"))?;
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let (from_stem, to_stem) = (stem(from), stem(to));
    let (Some(from_dir), Some(to_dir)) = (from.parent(), to.parent()) else { return Ok(()) };
    for e in std::fs::read_dir(from_dir).map_err(|e| e.to_string())?.filter_map(|e| e.ok()) {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(account) = name.strip_prefix(&format!("{from_stem}-")).and_then(|r| r.strip_suffix(".json")) else {
            continue;
        };
        let target = to_dir.join(format!("{to_stem}-{account}.json"));
        std::fs::copy(e.path(), target).map_err(|e| format!("copy sandbox account {account}: {e}"))?;
    }
    Ok(())
}
