//! AWS services, one folder each: the service's API trait and typed shapes (`mod.rs`), its
//! implementation over the official SDK (`aws.rs`) and its implementation in the embedded
//! sandbox (`sandbox.rs`, with the sandbox's rules for that service: name limits, ARN formats,
//! error codes).
//!
//! Resource verbs reach a service through [`Account`], the clients of one account connection.
//! Adding a service is one new folder and one line in the [`services!`] registry below; adding
//! an operation touches that service's three files only. A trait method has no default body,
//! so an implementation that lacks an operation does not compile.

pub mod accessanalyzer;
pub mod connect;
pub mod ec2;
pub mod events;
pub mod guardduty;
pub mod iam;
pub mod inspector;
pub mod inspector2;
pub mod kms;
pub mod organizations;
pub mod s3control;
pub mod sandbox;
/// Shared test helpers of the sandbox (used by each service's sandbox tests) and the tests of
/// the account file itself.
#[cfg(test)]
pub(crate) mod sandbox_tests;
pub mod securityhub;
pub mod sns;
pub mod sts;

use std::sync::Arc;

use crate::cloud::aws::Connection;
pub use connect::Clouds;
use sandbox::Sandbox;

/// Declares [`Account`] with one field per service, and its two constructors. Each service
/// module `m` with trait `T` provides `m::aws::Client::new(&Connection)` implementing `T`,
/// and implements `T` for [`Sandbox`] in `m/sandbox.rs`.
macro_rules! services {
    ($( $(#[$doc:meta])* $field:ident: $module:ident::$api:ident, )*) => {
        /// The API clients of one account connection, one per AWS service.
        pub struct Account {
            $( $(#[$doc])* pub $field: Arc<dyn $module::$api>, )*
            meter: Meter,
            /// The caller's account id, asked of STS once per connection.
            account_id: tokio::sync::OnceCell<String>,
        }

        impl Account {
            /// Clients that call AWS through `conn`.
            pub fn aws(conn: &Arc<Connection>) -> Account {
                Account {
                    $( $field: Arc::new($module::aws::Client::new(conn)), )*
                    meter: Meter::Aws(conn.clone()),
                    account_id: tokio::sync::OnceCell::new(),
                }
            }

            /// Clients served by the embedded sandbox account `sandbox`.
            pub fn sandbox(sandbox: Arc<Sandbox>) -> Account {
                Account {
                    $( $field: sandbox.clone(), )*
                    meter: Meter::Sandbox(sandbox),
                    account_id: tokio::sync::OnceCell::new(),
                }
            }
        }
    };
}

services! {
    /// STS: who the caller is.
    sts: sts::Sts,
    /// IAM (global): roles, service-linked roles, inline policies.
    iam: iam::Iam,
    /// Amazon EventBridge (regional): rules and targets.
    events: events::Events,
    /// Amazon Inspector Classic (regional).
    inspector: inspector::Inspector,
    /// Amazon Inspector v2 (regional).
    inspector2: inspector2::Inspector2,
    /// Amazon SNS (regional): topics and subscriptions.
    sns: sns::Sns,
    /// Amazon GuardDuty (regional): the account's detector.
    guardduty: guardduty::GuardDuty,
    /// IAM Access Analyzer (regional): analyzers and archive rules.
    accessanalyzer: accessanalyzer::AccessAnalyzer,
    /// AWS Organizations (global): the organization and its accounts.
    organizations: organizations::Organizations,
    /// AWS Security Hub (regional): the hub, its standards, aggregation, members.
    securityhub: securityhub::SecurityHub,
    /// AWS KMS (regional): keys, aliases and grants.
    kms: kms::Kms,
    /// Amazon EC2 (regional): the account's EBS settings of each region.
    ec2: ec2::Ec2,
    /// Amazon S3 Control (global): the account's S3 Block Public Access.
    s3control: s3control::S3Control,
}

/// Where an account's call count and configured region come from.
enum Meter {
    Aws(Arc<Connection>),
    Sandbox(Arc<Sandbox>),
}

impl Account {
    /// The account the credentials are for (`GetCallerIdentity`, once per connection: the
    /// state's identity check, `allowed_account_ids` and data sources share the answer).
    pub async fn account_id(&self) -> crate::cloud::CloudResult<String> {
        self.account_id.get_or_try_init(|| self.sts.account_id()).await.cloned()
    }

    /// How many API calls this account connection has made (retries included on AWS).
    pub fn api_calls(&self) -> u64 {
        match &self.meter {
            Meter::Aws(c) => c.api_calls(),
            Meter::Sandbox(s) => s.api_calls(),
        }
    }

    /// The region the connection's own configuration names (AWS config files), if any.
    pub fn default_region(&self) -> Option<String> {
        match &self.meter {
            Meter::Aws(c) => c.default_region(),
            Meter::Sandbox(_) => None,
        }
    }
}

impl From<Sandbox> for Account {
    fn from(sandbox: Sandbox) -> Account {
        Account::sandbox(Arc::new(sandbox))
    }
}

impl From<Box<Sandbox>> for Account {
    fn from(sandbox: Box<Sandbox>) -> Account {
        Account::sandbox(Arc::from(sandbox))
    }
}

impl From<Arc<Connection>> for Account {
    fn from(conn: Arc<Connection>) -> Account {
        Account::aws(&conn)
    }
}
