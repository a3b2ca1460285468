//! IAM Access Analyzer in the sandbox: analyzers keyed by name per region, with their archive
//! rules, and the API's rules: names, types, which configuration each type takes, who may
//! create an organization's analyzer (its management account or the delegated administrator
//! of `access-analyzer.amazonaws.com`), and the criteria of a filter.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{AccessAnalyzer, Analyzer, AnalyzerConfig, Filter, TYPES};
use crate::cloud::sandbox::table::Table;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};
use crate::services::sandbox::*;

/// Access Analyzer's part of a region of the account file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct AccessAnalyzerState {
    /// Analyzer name → analyzer.
    pub(crate) analyzers: Table<AnalyzerEntry>,
}

crate::sandbox_tables!(AccessAnalyzerState: analyzers);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct AnalyzerEntry {
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) configuration: Option<AnalyzerConfig>,
    pub(crate) tags: Tags,
    /// Rule name → its filter.
    pub(crate) archive_rules: BTreeMap<String, Filter>,
}

const SERVICE: &str = "access-analyzer.amazonaws.com";

fn validation(op: Op, msg: impl Into<String>) -> CloudError {
    op.invalid("ValidationException", msg)
}

fn analyzer_missing(op: Op, name: &str) -> CloudError {
    op.not_found("ResourceNotFoundException", format!("Analyzer {name} not found"))
}

/// Analyzer and rule names: 1 to 255 characters, a letter first, then letters, digits, `_.-`.
fn check_name(op: Op, field: &str, name: &str) -> CloudResult<()> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if !(1..=255).contains(&name.len()) || !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)) {
        return Err(validation(
            op,
            format!("1 validation error detected: Value '{name}' at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z][A-Za-z0-9_.-]*"),
        ));
    }
    Ok(())
}

fn check_configuration(op: Op, kind: &str, c: &AnalyzerConfig) -> CloudResult<()> {
    let family = if kind.ends_with("_UNUSED_ACCESS") {
        "unused"
    } else if kind.ends_with("_INTERNAL_ACCESS") {
        "internal"
    } else {
        "external"
    };
    match (family, &c.unused_access, &c.internal_access) {
        ("external", None, None) | ("unused", _, None) | ("internal", None, _) => {}
        ("external", _, _) => {
            return Err(validation(op, "External Access analyzers cannot be created with the configuration."))
        }
        ("unused", _, Some(_)) => {
            return Err(validation(
                op,
                "Unused Access analyzers can only be created with an unused access configuration.",
            ))
        }
        _ => {
            return Err(validation(
                op,
                "Internal Access analyzers can only be created with an internal access configuration.",
            ))
        }
    }
    if let Some(u) = &c.unused_access {
        if let Some(age) = u.unused_access_age {
            if !(1..=365).contains(&age) {
                return Err(validation(op, format!("unusedAccessAge {age} must be between 1 and 365 days.")));
            }
        }
        for e in u.exclusions.iter().flatten() {
            account_ids(op, "exclusions.accountIds", &e.account_ids)?;
        }
    }
    if let Some(i) = &c.internal_access {
        for x in i.inclusions.iter().flatten() {
            account_ids(op, "inclusions.accountIds", &x.account_ids)?;
        }
    }
    Ok(())
}

fn check_filter(op: Op, filter: &Filter) -> CloudResult<()> {
    if filter.is_empty() {
        return Err(validation(op, "An archive rule's filter must have at least one criterion."));
    }
    for (key, c) in filter {
        if c.eq.is_empty() && c.neq.is_empty() && c.contains.is_empty() && c.exists.is_none() {
            return Err(validation(op, format!("The criterion for {key} must set eq, neq, contains or exists.")));
        }
    }
    Ok(())
}

/// The analyzer name of an ARN of this account and region (`…:analyzer/NAME`).
fn analyzer_of<'a>(d: &Data, region: &str, arn: &'a str) -> Option<&'a str> {
    match arn_parts(arn) {
        Some([_, _, "access-analyzer", r, a, res]) if r == region && a == d.account_id => res.strip_prefix("analyzer/"),
        _ => None,
    }
}

fn described(d: &Data, region: &str, name: &str, e: &AnalyzerEntry) -> Analyzer {
    Analyzer {
        name: name.to_string(),
        arn: format!("{}analyzer/{name}", d.arn_prefix("access-analyzer", region)),
        kind: e.kind.clone(),
        tags: e.tags.clone(),
        configuration: e.configuration.clone(),
    }
}

#[async_trait]
impl AccessAnalyzer for Sandbox {
    async fn create_analyzer(
        &self,
        region: &str,
        name: &str,
        kind: &str,
        configuration: Option<&AnalyzerConfig>,
        tags: &Tags,
    ) -> CloudResult<String> {
        let op = Op("access-analyzer", "CreateAnalyzer");
        // An organization's analyzer: from its management account or the delegated administrator.
        let (org, _, management) = self.organization_view();
        self.write(op, |d| {
            check_name(op, "analyzerName", name)?;
            enum_value(op, "type", kind, &TYPES)?;
            if let Some(c) = configuration {
                check_configuration(op, kind, c)?;
            }
            if let Some(p) = tag_problem(tags, 50, 0) {
                return Err(validation(op, p));
            }
            if kind.starts_with("ORGANIZATION")
                && !management
                && org.delegated_administrators.get(SERVICE) != Some(&d.account_id)
            {
                let msg = format!(
                    "Account {} cannot create an organization analyzer: it is neither the organization's management \
                     account nor a delegated administrator for {SERVICE}.",
                    d.account_id
                );
                return Err(op.err(ErrorKind::AccessDenied, "AccessDeniedException", msg));
            }
            if d.region(region).accessanalyzer.analyzers.contains_key(name) {
                let msg = format!("Analyzer {name} already exists");
                return Err(op.err(ErrorKind::AlreadyExists, "ConflictException", msg));
            }
            let entry = AnalyzerEntry {
                kind: kind.to_string(),
                configuration: configuration.cloned(),
                tags: tags.clone(),
                archive_rules: BTreeMap::new(),
            };
            let arn = described(d, region, name, &entry).arn;
            d.region_mut(region).accessanalyzer.analyzers.insert(name.to_string(), entry);
            Ok(arn)
        })
    }

    async fn get_analyzer(&self, region: &str, name: &str) -> CloudResult<Option<Analyzer>> {
        self.read(Op("access-analyzer", "GetAnalyzer"), |d| {
            Ok(d.region(region).accessanalyzer.analyzers.get(name).map(|e| described(d, region, name, e)))
        })
    }

    async fn delete_analyzer(&self, region: &str, name: &str) -> CloudResult<()> {
        self.write(Op("access-analyzer", "DeleteAnalyzer"), |d| {
            d.region_mut(region).accessanalyzer.analyzers.remove(name);
            Ok(())
        })
    }

    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        let op = Op("access-analyzer", "TagResource");
        self.write(op, |d| {
            let name = analyzer_of(d, region, arn).ok_or_else(|| analyzer_missing(op, arn))?.to_string();
            let e = d
                .region_mut(region)
                .accessanalyzer
                .analyzers
                .get_mut(&name)
                .ok_or_else(|| analyzer_missing(op, &name))?;
            e.tags.extend(tags.clone());
            match tag_problem(&e.tags, 50, 0) {
                Some(p) => Err(validation(op, p)),
                None => Ok(()),
            }
        })
    }

    async fn untag_resource(&self, region: &str, arn: &str, keys: &[String]) -> CloudResult<()> {
        let op = Op("access-analyzer", "UntagResource");
        self.write(op, |d| {
            let name = analyzer_of(d, region, arn).ok_or_else(|| analyzer_missing(op, arn))?.to_string();
            let e = d
                .region_mut(region)
                .accessanalyzer
                .analyzers
                .get_mut(&name)
                .ok_or_else(|| analyzer_missing(op, &name))?;
            e.tags.retain(|k, _| !keys.contains(k));
            Ok(())
        })
    }

    async fn create_archive_rule(&self, region: &str, analyzer: &str, rule: &str, filter: &Filter) -> CloudResult<()> {
        let op = Op("access-analyzer", "CreateArchiveRule");
        self.write(op, |d| {
            check_name(op, "ruleName", rule)?;
            check_filter(op, filter)?;
            let e = d
                .region_mut(region)
                .accessanalyzer
                .analyzers
                .get_mut(analyzer)
                .ok_or_else(|| analyzer_missing(op, analyzer))?;
            if e.archive_rules.contains_key(rule) {
                let msg = format!("Archive rule {rule} already exists for analyzer {analyzer}");
                return Err(op.err(ErrorKind::AlreadyExists, "ConflictException", msg));
            }
            e.archive_rules.insert(rule.to_string(), filter.clone());
            Ok(())
        })
    }

    async fn get_archive_rule(&self, region: &str, analyzer: &str, rule: &str) -> CloudResult<Option<Filter>> {
        self.read(Op("access-analyzer", "GetArchiveRule"), |d| {
            let e = d.region(region).accessanalyzer.analyzers.get(analyzer);
            Ok(e.and_then(|e| e.archive_rules.get(rule).cloned()))
        })
    }

    async fn update_archive_rule(&self, region: &str, analyzer: &str, rule: &str, filter: &Filter) -> CloudResult<()> {
        let op = Op("access-analyzer", "UpdateArchiveRule");
        self.write(op, |d| {
            check_filter(op, filter)?;
            let e = d
                .region_mut(region)
                .accessanalyzer
                .analyzers
                .get_mut(analyzer)
                .ok_or_else(|| analyzer_missing(op, analyzer))?;
            let r = e
                .archive_rules
                .get_mut(rule)
                .ok_or_else(|| op.not_found("ResourceNotFoundException", format!("Archive rule {rule} not found")))?;
            *r = filter.clone();
            Ok(())
        })
    }

    async fn delete_archive_rule(&self, region: &str, analyzer: &str, rule: &str) -> CloudResult<()> {
        self.write(Op("access-analyzer", "DeleteArchiveRule"), |d| {
            if let Some(e) = d.region_mut(region).accessanalyzer.analyzers.get_mut(analyzer) {
                e.archive_rules.remove(rule);
            }
            Ok(())
        })
    }
}
