//! IAM Access Analyzer over the SDK.

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_accessanalyzer::types as t;

use super::{
    AccessAnalyzer, Analyzer, AnalyzerConfig, Criterion, Exclusion, Filter, Inclusion, InternalAccess, UnusedAccess,
};
use crate::cloud::aws::{cloud_error, Connection, Regional};
use crate::cloud::{CloudResult, Tags};

/// Access Analyzer over the SDK (one client per region).
pub struct Client {
    clients: Regional<aws_sdk_accessanalyzer::Client>,
}

impl Client {
    /// Access Analyzer clients of `conn`.
    pub fn new(conn: &Arc<Connection>) -> Client {
        Client {
            clients: Regional::new(conn, |c, r| {
                crate::sdk_client!(c, aws_sdk_accessanalyzer, "access-analyzer", Some(r))
            }),
        }
    }
}

fn sdk_config(c: &AnalyzerConfig) -> Option<t::AnalyzerConfiguration> {
    if let Some(u) = &c.unused_access {
        let rule = u.exclusions.as_ref().map(|ex| {
            let criteria = ex
                .iter()
                .map(|e| {
                    t::AnalysisRuleCriteria::builder()
                        .set_account_ids(Some(e.account_ids.clone()))
                        .set_resource_tags(Some(
                            e.resource_tags.iter().map(|m| m.clone().into_iter().collect()).collect(),
                        ))
                        .build()
                })
                .collect();
            t::AnalysisRule::builder().set_exclusions(Some(criteria)).build()
        });
        let unused = t::UnusedAccessConfiguration::builder()
            .set_unused_access_age(u.unused_access_age)
            .set_analysis_rule(rule)
            .build();
        return Some(t::AnalyzerConfiguration::UnusedAccess(unused));
    }
    let i = c.internal_access.as_ref()?;
    let rule = i.inclusions.as_ref().map(|inc| {
        let criteria = inc
            .iter()
            .map(|x| {
                t::InternalAccessAnalysisRuleCriteria::builder()
                    .set_account_ids(Some(x.account_ids.clone()))
                    .set_resource_arns(Some(x.resource_arns.clone()))
                    .set_resource_types(Some(
                        x.resource_types.iter().map(|r| t::ResourceType::from(r.as_str())).collect(),
                    ))
                    .build()
            })
            .collect();
        t::InternalAccessAnalysisRule::builder().set_inclusions(Some(criteria)).build()
    });
    let internal = t::InternalAccessConfiguration::builder().set_analysis_rule(rule).build();
    Some(t::AnalyzerConfiguration::InternalAccess(internal))
}

fn our_config(c: &t::AnalyzerConfiguration) -> Option<AnalyzerConfig> {
    match c {
        t::AnalyzerConfiguration::UnusedAccess(u) => Some(AnalyzerConfig {
            unused_access: Some(UnusedAccess {
                unused_access_age: u.unused_access_age(),
                exclusions: u.analysis_rule().map(|r| {
                    r.exclusions()
                        .iter()
                        .map(|e| Exclusion {
                            account_ids: e.account_ids().to_vec(),
                            resource_tags: e.resource_tags().iter().map(|m| m.clone().into_iter().collect()).collect(),
                        })
                        .collect()
                }),
            }),
            internal_access: None,
        }),
        t::AnalyzerConfiguration::InternalAccess(i) => Some(AnalyzerConfig {
            unused_access: None,
            internal_access: Some(InternalAccess {
                inclusions: i.analysis_rule().map(|r| {
                    r.inclusions()
                        .iter()
                        .map(|x| Inclusion {
                            account_ids: x.account_ids().to_vec(),
                            resource_arns: x.resource_arns().to_vec(),
                            resource_types: x.resource_types().iter().map(|r| r.as_str().to_string()).collect(),
                        })
                        .collect()
                }),
            }),
        }),
        _ => None,
    }
}

fn sdk_filter(f: &Filter) -> std::collections::HashMap<String, t::Criterion> {
    f.iter()
        .map(|(k, c)| {
            let criterion = t::Criterion::builder()
                .set_eq((!c.eq.is_empty()).then(|| c.eq.clone()))
                .set_neq((!c.neq.is_empty()).then(|| c.neq.clone()))
                .set_contains((!c.contains.is_empty()).then(|| c.contains.clone()))
                .set_exists(c.exists)
                .build();
            (k.clone(), criterion)
        })
        .collect()
}

#[async_trait]
impl AccessAnalyzer for Client {
    async fn create_analyzer(
        &self,
        region: &str,
        name: &str,
        kind: &str,
        configuration: Option<&AnalyzerConfig>,
        tags: &Tags,
    ) -> CloudResult<String> {
        let out = self
            .clients
            .get(region)
            .create_analyzer()
            .analyzer_name(name)
            .r#type(t::Type::from(kind))
            .set_configuration(configuration.and_then(sdk_config))
            .set_tags((!tags.is_empty()).then(|| tags.clone().into_iter().collect()))
            .send()
            .await
            .map_err(|e| cloud_error("access-analyzer", "CreateAnalyzer", Some(name), e))?;
        Ok(out.arn().unwrap_or_default().to_string())
    }

    async fn get_analyzer(&self, region: &str, name: &str) -> CloudResult<Option<Analyzer>> {
        let out = match self.clients.get(region).get_analyzer().analyzer_name(name).send().await {
            Ok(out) => out,
            Err(e) => return cloud_error("access-analyzer", "GetAnalyzer", Some(name), e).absent(),
        };
        Ok(out.analyzer().map(|a| Analyzer {
            name: a.name().to_string(),
            arn: a.arn().to_string(),
            kind: a.r#type().as_str().to_string(),
            tags: a.tags().map(|t| t.clone().into_iter().collect()).unwrap_or_default(),
            configuration: a.configuration().and_then(our_config),
        }))
    }

    async fn delete_analyzer(&self, region: &str, name: &str) -> CloudResult<()> {
        match self.clients.get(region).delete_analyzer().analyzer_name(name).send().await {
            Ok(_) => Ok(()),
            Err(e) => cloud_error("access-analyzer", "DeleteAnalyzer", Some(name), e).absent::<()>().map(|_| ()),
        }
    }

    async fn tag_resource(&self, region: &str, arn: &str, tags: &Tags) -> CloudResult<()> {
        self.clients
            .get(region)
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(tags.clone().into_iter().collect()))
            .send()
            .await
            .map_err(|e| cloud_error("access-analyzer", "TagResource", Some(arn), e))?;
        Ok(())
    }

    async fn untag_resource(&self, region: &str, arn: &str, keys: &[String]) -> CloudResult<()> {
        self.clients
            .get(region)
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(keys.to_vec()))
            .send()
            .await
            .map_err(|e| cloud_error("access-analyzer", "UntagResource", Some(arn), e))?;
        Ok(())
    }

    async fn create_archive_rule(&self, region: &str, analyzer: &str, rule: &str, filter: &Filter) -> CloudResult<()> {
        self.clients
            .get(region)
            .create_archive_rule()
            .analyzer_name(analyzer)
            .rule_name(rule)
            .set_filter(Some(sdk_filter(filter)))
            .send()
            .await
            .map_err(|e| cloud_error("access-analyzer", "CreateArchiveRule", Some(rule), e))?;
        Ok(())
    }

    async fn get_archive_rule(&self, region: &str, analyzer: &str, rule: &str) -> CloudResult<Option<Filter>> {
        let out = match self.clients.get(region).get_archive_rule().analyzer_name(analyzer).rule_name(rule).send().await
        {
            Ok(out) => out,
            Err(e) => return cloud_error("access-analyzer", "GetArchiveRule", Some(rule), e).absent(),
        };
        Ok(out.archive_rule().map(|r| {
            r.filter()
                .iter()
                .map(|(k, c)| {
                    let criterion = Criterion {
                        eq: c.eq().to_vec(),
                        neq: c.neq().to_vec(),
                        contains: c.contains().to_vec(),
                        exists: c.exists(),
                    };
                    (k.clone(), criterion)
                })
                .collect()
        }))
    }

    async fn update_archive_rule(&self, region: &str, analyzer: &str, rule: &str, filter: &Filter) -> CloudResult<()> {
        self.clients
            .get(region)
            .update_archive_rule()
            .analyzer_name(analyzer)
            .rule_name(rule)
            .set_filter(Some(sdk_filter(filter)))
            .send()
            .await
            .map_err(|e| cloud_error("access-analyzer", "UpdateArchiveRule", Some(rule), e))?;
        Ok(())
    }

    async fn delete_archive_rule(&self, region: &str, analyzer: &str, rule: &str) -> CloudResult<()> {
        match self.clients.get(region).delete_archive_rule().analyzer_name(analyzer).rule_name(rule).send().await {
            Ok(_) => Ok(()),
            Err(e) => cloud_error("access-analyzer", "DeleteArchiveRule", Some(rule), e).absent::<()>().map(|_| ()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each configuration goes to the SDK's shape and comes back as it was: unused access
    /// with and without an analysis rule, internal access with its inclusions.
    #[test]
    fn configurations_round_trip_through_the_sdk_shapes() {
        let cases = [
            AnalyzerConfig {
                unused_access: Some(UnusedAccess { unused_access_age: Some(90), exclusions: None }),
                internal_access: None,
            },
            AnalyzerConfig {
                unused_access: Some(UnusedAccess {
                    unused_access_age: None,
                    exclusions: Some(vec![
                        Exclusion { account_ids: vec!["123456789012".into()], resource_tags: vec![] },
                        Exclusion {
                            account_ids: vec![],
                            resource_tags: vec![[("key1".to_string(), "value1".to_string())].into()],
                        },
                    ]),
                }),
                internal_access: None,
            },
            AnalyzerConfig {
                unused_access: None,
                internal_access: Some(InternalAccess {
                    inclusions: Some(vec![Inclusion {
                        account_ids: vec!["123456789012".into()],
                        resource_arns: vec!["arn:aws:s3:::bucket".into()],
                        resource_types: vec!["AWS::S3::Bucket".into()],
                    }]),
                }),
            },
        ];
        for c in cases {
            let sdk = sdk_config(&c).expect("a configuration");
            assert_eq!(our_config(&sdk), Some(c.clone()), "{sdk:?}");
        }
        assert!(sdk_config(&AnalyzerConfig::default()).is_none());
    }

    /// A filter's criteria are sent with only what each sets.
    #[test]
    fn filters_send_only_what_each_criterion_sets() {
        let f: Filter = [
            ("isPublic".to_string(), Criterion { eq: vec!["false".into()], ..Default::default() }),
            ("error".to_string(), Criterion { exists: Some(true), ..Default::default() }),
        ]
        .into();
        let sdk = sdk_filter(&f);
        assert_eq!(sdk["isPublic"].eq(), ["false"]);
        assert!(sdk["isPublic"].neq().is_empty() && sdk["isPublic"].exists().is_none());
        assert_eq!(sdk["error"].exists(), Some(true));
    }
}
