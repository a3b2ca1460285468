//! The S3 state store, as Terraform's `s3` backend keeps a state: one object per workspace
//! (`KEY`, or `workspace_key_prefix/NAME/KEY`), locked Terraform 1.10's way with `use_lockfile`
//! (a `KEY.tflock` object created with `If-None-Match: *`, holding the lock info in Terraform's
//! format), and written compare-and-swap: `If-Match` on the ETag this run read (`If-None-Match:
//! *` when there was none), so a writer that lost a race is refused and writes nothing.
//!
//! With bucket versioning, every write is a version: that is the backup (`backup` writes
//! nothing). The journal is kept beside the state, one object per entry (`KEY.journal/SEQ`), so a
//! CI runner that dies takes nothing with it (see [`S3Log`]).

use std::sync::Mutex;

use async_trait::async_trait;
use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ServerSideEncryption;

use super::journal::{Journal, JournalLog};
use super::lock::LockInfo;
use super::store::{StateLock, StateStore};
use super::{State, StateError};

/// The `backend "s3"` settings baseline uses.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct S3Settings {
    pub bucket: String,
    pub key: String,
    pub region: Option<String>,
    pub encrypt: bool,
    pub kms_key_id: Option<String>,
    pub use_lockfile: bool,
    pub use_path_style: bool,
    /// Where non-default workspaces' states go (`env:` by default, as Terraform).
    pub workspace_key_prefix: String,
    pub profile: Option<String>,
    /// `endpoints { s3 }`; `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` are honoured otherwise.
    pub endpoint: Option<String>,
    /// `assume_role { role_arn }`: the role that may read and write the state.
    pub role_arn: Option<String>,
}

impl S3Settings {
    /// The object key of `workspace`'s state: `KEY` for `default`, else
    /// `workspace_key_prefix/WORKSPACE/KEY`.
    pub fn object_key(&self, workspace: &str) -> String {
        if workspace == "default" {
            self.key.clone()
        } else {
            format!("{}/{workspace}/{}", self.workspace_key_prefix, self.key)
        }
    }
}

/// One state in S3.
pub struct S3Store {
    client: aws_sdk_s3::Client,
    settings: S3Settings,
    key: String,
    /// The ETag of the object as this run last read or wrote it; `Some(None)`: there was none.
    etag: Mutex<Option<Option<String>>>,
    /// The journal, started on first use (it runs a thread of its own).
    journal: std::sync::OnceLock<Journal>,
}

/// An S3 client for `settings`: the standard credential chain (and `profile`), the region,
/// `assume_role`, the endpoint and path style.
async fn client(settings: &S3Settings) -> aws_sdk_s3::Client {
    let mut loader =
        aws_config::defaults(aws_config::BehaviorVersion::latest()).timeout_config(crate::cloud::aws::timeouts(None));
    if let Some(p) = &settings.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = &settings.region {
        loader = loader.region(aws_config::Region::new(r.clone()));
    }
    let mut conf = loader.load().await;
    if let Some(role) = &settings.role_arn {
        // Assumed lazily and refreshed by the SDK, with the base credentials of `conf`.
        let provider = aws_config::sts::AssumeRoleProvider::builder(role)
            .session_name("baseline-state")
            .configure(&conf)
            .build()
            .await;
        conf = conf
            .into_builder()
            .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(provider))
            .build();
    }
    let mut b = aws_sdk_s3::config::Builder::from(&conf).force_path_style(settings.use_path_style);
    if let Some(e) = &settings.endpoint {
        b = b.endpoint_url(e);
    }
    aws_sdk_s3::Client::from_conf(b.build())
}

fn remote(where_: &str, what: &str, e: impl ProvideErrorMetadata + std::fmt::Debug) -> StateError {
    let message = match (e.code(), e.message()) {
        (Some(c), Some(m)) => format!("{what} failed: {c}: {m}"),
        (Some(c), None) => format!("{what} failed: {c}"),
        _ => format!("{what} failed: {e:?}"),
    };
    StateError::Remote { where_: where_.to_string(), message }
}

impl S3Store {
    /// Connects to the bucket with the standard credential chain (and `profile`).
    pub async fn connect(settings: S3Settings, workspace: &str) -> S3Store {
        let key = settings.object_key(workspace);
        S3Store {
            client: client(&settings).await,
            settings,
            key,
            etag: Mutex::new(None),
            journal: std::sync::OnceLock::new(),
        }
    }

    fn lock_key(&self) -> String {
        format!("{}.tflock", self.key)
    }

    fn etag(&self) -> Option<Option<String>> {
        self.etag.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn set_etag(&self, e: Option<String>) {
        *self.etag.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
    }

    /// The lock info of the lock object, if there is one.
    pub async fn lock_info(&self) -> Result<Option<LockInfo>, StateError> {
        match self.client.get_object().bucket(&self.settings.bucket).key(self.lock_key()).send().await {
            Ok(out) => {
                let bytes = out.body.collect().await.map(|b| b.into_bytes()).unwrap_or_default();
                Ok(serde_json::from_slice(&bytes).ok())
            }
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => Ok(None),
            Err(e) => Err(remote(&self.name(), "reading the lock", e.into_service_error())),
        }
    }

    /// Removes the lock object if its id is `id` (`force-unlock`); false when no lock has that id.
    pub async fn unlock_id(&self, id: &str) -> Result<bool, StateError> {
        match self.lock_info().await? {
            Some(info) if info.id == id => {
                self.client
                    .delete_object()
                    .bucket(&self.settings.bucket)
                    .key(self.lock_key())
                    .send()
                    .await
                    .map_err(|e| remote(&self.name(), "removing the lock", e.into_service_error()))?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

#[async_trait]
impl StateStore for S3Store {
    fn name(&self) -> String {
        format!("s3://{}/{}", self.settings.bucket, self.key)
    }

    async fn read(&self) -> Result<Option<State>, StateError> {
        let out = match self.client.get_object().bucket(&self.settings.bucket).key(&self.key).send().await {
            Ok(out) => out,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => {
                self.set_etag(None);
                return Ok(None);
            }
            Err(e) => return Err(remote(&self.name(), "reading the state", e.into_service_error())),
        };
        let etag = out.e_tag().map(str::to_string);
        let bytes = out
            .body
            .collect()
            .await
            .map_err(|e| StateError::Remote { where_: self.name(), message: format!("reading the state: {e}") })?
            .into_bytes();
        let state = super::from_bytes(&bytes, std::path::Path::new(&self.name()))?;
        self.set_etag(etag);
        Ok(Some(state))
    }

    async fn lock(&self, operation: &str, who: &str) -> Result<Box<dyn StateLock>, StateError> {
        let info = LockInfo::new(operation, who, &format!("{}/{}", self.settings.bucket, self.key));
        if !self.settings.use_lockfile {
            // As Terraform without `use_lockfile` (or a DynamoDB table): not locked.
            return Ok(Box::new(S3Lock { info, release: None }));
        }
        let body = serde_json::to_vec(&info)
            .map_err(|e| StateError::Remote { where_: self.name(), message: format!("writing the lock: {e}") })?;
        let put = self
            .client
            .put_object()
            .bucket(&self.settings.bucket)
            .key(self.lock_key())
            .if_none_match("*")
            .content_type("application/json")
            .body(ByteStream::from(body))
            .send()
            .await;
        match put {
            Ok(_) => Ok(Box::new(S3Lock {
                info,
                release: Some((self.client.clone(), self.settings.bucket.clone(), self.lock_key())),
            })),
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 412) => {
                let holder = match self.lock_info().await? {
                    Some(h) => h.to_string(),
                    None => "another run (its lock info is unreadable)".to_string(),
                };
                Err(StateError::Locked { path: self.name().into(), holder })
            }
            Err(e) => Err(remote(&self.name(), "taking the lock", e.into_service_error())),
        }
    }

    /// Compare-and-swap on the ETag this run read or last wrote.
    async fn write(&self, state: &State) -> Result<(), StateError> {
        let bytes = super::to_bytes(state)
            .map_err(|e| StateError::Remote { where_: self.name(), message: format!("encoding the state: {e}") })?;
        let mut put = self
            .client
            .put_object()
            .bucket(&self.settings.bucket)
            .key(&self.key)
            .content_type("application/json")
            .body(ByteStream::from(bytes));
        put = match self.etag() {
            Some(Some(tag)) => put.if_match(tag),
            Some(None) => put.if_none_match("*"),
            // Never read: read first (a write without a known version would be blind).
            None => {
                return Err(StateError::Changed {
                    where_: self.name(),
                    why: "the state was written without being read first".into(),
                })
            }
        };
        if self.settings.encrypt {
            put = match &self.settings.kms_key_id {
                Some(k) => put.server_side_encryption(ServerSideEncryption::AwsKms).ssekms_key_id(k),
                None => put.server_side_encryption(ServerSideEncryption::Aes256),
            };
        }
        match put.send().await {
            Ok(out) => {
                self.set_etag(out.e_tag().map(str::to_string));
                Ok(())
            }
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 412) => Err(StateError::Changed {
                where_: self.name(),
                why: "another writer changed it since this run read it (compare-and-swap refused)".into(),
            }),
            Err(e) => Err(remote(&self.name(), "writing the state", e.into_service_error())),
        }
    }

    async fn backup(&self) -> Result<(), StateError> {
        Ok(())
    }

    async fn force_unlock(&self, id: &str) -> Result<bool, StateError> {
        self.unlock_id(id).await
    }

    /// `default`, and every `workspace_key_prefix/NAME/KEY` in the bucket.
    async fn workspaces(&self) -> Result<Vec<String>, StateError> {
        let prefix = format!("{}/", self.settings.workspace_key_prefix);
        let mut names = vec!["default".to_string()];
        let keys = list_keys(&self.client, &self.settings.bucket, &prefix)
            .await
            .map_err(|e| remote(&self.name(), "listing workspaces", e))?;
        for k in keys {
            let Some(rest) = k.strip_prefix(&prefix) else { continue };
            if let Some((name, key)) = rest.split_once('/') {
                if key == self.settings.key && !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
        }
        names[1..].sort();
        Ok(names)
    }

    /// Beside the state: one object per entry under `KEY.journal/`.
    fn journal(&self) -> Option<Journal> {
        let j = self.journal.get_or_init(|| {
            Journal::in_log(S3Log::start(
                self.settings.clone(),
                format!("{}.journal/", self.key),
                format!("s3://{}/{}.journal/", self.settings.bucket, self.key),
            ))
        });
        Some(j.clone())
    }
}

/// Every key under `prefix` (all pages).
async fn list_keys(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    prefix: &str,
) -> Result<Vec<String>, aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Error> {
    let mut keys = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .list_objects_v2()
            .bucket(bucket)
            .prefix(prefix)
            .set_continuation_token(token.take())
            .send()
            .await
            .map_err(aws_sdk_s3::error::SdkError::into_service_error)?;
        keys.extend(page.contents().iter().filter_map(|o| o.key().map(str::to_string)));
        match page.next_continuation_token() {
            Some(t) if page.is_truncated() == Some(true) => token = Some(t.to_string()),
            _ => return Ok(keys),
        }
    }
}

/// A held S3 lock: the `.tflock` object, deleted when dropped.
struct S3Lock {
    info: LockInfo,
    release: Option<(aws_sdk_s3::Client, String, String)>,
}

impl std::fmt::Debug for S3Lock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "S3Lock({})", self.info)
    }
}

impl StateLock for S3Lock {
    fn info(&self) -> &LockInfo {
        &self.info
    }
}

impl Drop for S3Lock {
    fn drop(&mut self) {
        let Some((client, bucket, key)) = self.release.take() else { return };
        // Dropped in async code: release on a thread of its own, and wait for it (bounded by
        // the SDK's timeouts), so the lock is gone when the run ends.
        let done = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            rt.block_on(client.delete_object().bucket(bucket).key(key).send()).ok()
        });
        let _ = done.join();
    }
}

/// A journal beside an S3 state: each record is one object, `KEY.journal/SEQ` (SEQ zero-padded,
/// so keys sort in append order), written with one PUT before `append` returns. Kept in the
/// bucket, not on the runner: a CI job killed mid-apply leaves its journal where the next run,
/// on any machine, finds it.
///
/// The journal's calls are synchronous (an apply records an object from inside a create, and a
/// create must not go on until it is recorded), so they run on a thread of their own, with a
/// runtime and a client of their own: blocking the caller never stalls a connection the
/// journal needs. Only the holder of the state lock writes, so sequence numbers are this run's
/// to hand out.
pub struct S3Log {
    name: String,
    jobs: tokio::sync::mpsc::UnboundedSender<Job>,
}

type Reply<T> = std::sync::mpsc::SyncSender<Result<T, StateError>>;

enum Job {
    Append(Vec<u8>, Reply<()>),
    Records(Reply<Vec<Vec<u8>>>),
    Reset(Vec<Vec<u8>>, Reply<()>),
}

impl S3Log {
    /// Starts the journal's thread for the records under `prefix` in the state's bucket.
    fn start(settings: S3Settings, prefix: String, name: String) -> S3Log {
        let (jobs, mut rx) = tokio::sync::mpsc::unbounded_channel::<Job>();
        let worker_name = name.clone();
        // Should the thread or its runtime fail to start, `rx` is dropped and every call says so.
        let _ = std::thread::Builder::new().name("s3-journal".into()).spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async move {
                let mut w = Worker {
                    client: client(&settings).await,
                    settings,
                    prefix,
                    name: worker_name,
                    keys: None,
                    next: None,
                };
                while let Some(job) = rx.recv().await {
                    // A caller that went away no longer wants the answer.
                    let _ = match job {
                        Job::Append(r, reply) => reply.send(w.append(r).await).is_ok(),
                        Job::Records(reply) => reply.send(w.records().await).is_ok(),
                        Job::Reset(keep, reply) => reply.send(w.reset(keep).await).is_ok(),
                    };
                }
            });
        });
        S3Log { name, jobs }
    }

    fn ask<T>(&self, job: impl FnOnce(Reply<T>) -> Job) -> Result<T, StateError> {
        let gone = || StateError::Remote { where_: self.name.clone(), message: "the journal's thread stopped".into() };
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.jobs.send(job(tx)).map_err(|_| gone())?;
        rx.recv().map_err(|_| gone())?
    }
}

impl JournalLog for S3Log {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn append(&self, record: Vec<u8>) -> Result<(), StateError> {
        self.ask(|r| Job::Append(record, r))
    }

    fn records(&self) -> Result<Vec<Vec<u8>>, StateError> {
        self.ask(Job::Records)
    }

    fn reset(&self, keep: Vec<Vec<u8>>) -> Result<(), StateError> {
        self.ask(|r| Job::Reset(keep, r))
    }
}

/// The journal thread's side: the keys it knows, listed once, then kept as it writes.
struct Worker {
    client: aws_sdk_s3::Client,
    settings: S3Settings,
    prefix: String,
    name: String,
    /// The record keys in the bucket, in order; `None` until listed.
    keys: Option<Vec<String>>,
    /// The sequence number of the next record; `None` until known.
    next: Option<u64>,
}

impl Worker {
    async fn keys(&mut self) -> Result<&mut Vec<String>, StateError> {
        if self.keys.is_none() {
            let mut keys = list_keys(&self.client, &self.settings.bucket, &self.prefix)
                .await
                .map_err(|e| remote(&self.name, "listing the journal", e))?;
            keys.sort();
            self.keys = Some(keys);
        }
        Ok(self.keys.get_or_insert_with(Vec::new))
    }

    /// The key the next record gets: one past the highest sequence number in the bucket.
    async fn next_key(&mut self) -> Result<String, StateError> {
        let next = match self.next {
            Some(n) => n,
            None => {
                let prefix = self.prefix.clone();
                let keys = self.keys().await?;
                keys.iter().filter_map(|k| k.strip_prefix(&prefix)?.parse::<u64>().ok()).max().map_or(0, |n| n + 1)
            }
        };
        self.next = Some(next + 1);
        Ok(format!("{}{next:012}", self.prefix))
    }

    async fn append(&mut self, record: Vec<u8>) -> Result<(), StateError> {
        let key = self.next_key().await?;
        let mut put = self
            .client
            .put_object()
            .bucket(&self.settings.bucket)
            .key(&key)
            .content_type("application/json")
            .body(ByteStream::from(record));
        // Journal records hold the same attributes as the state: encrypted the same way.
        if self.settings.encrypt {
            put = match &self.settings.kms_key_id {
                Some(k) => put.server_side_encryption(ServerSideEncryption::AwsKms).ssekms_key_id(k),
                None => put.server_side_encryption(ServerSideEncryption::Aes256),
            };
        }
        put.send().await.map_err(|e| remote(&self.name, "appending to the journal", e.into_service_error()))?;
        self.keys().await?.push(key);
        Ok(())
    }

    async fn records(&mut self) -> Result<Vec<Vec<u8>>, StateError> {
        let keys = self.keys().await?.clone();
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let got = self.client.get_object().bucket(&self.settings.bucket).key(&key).send().await;
            let body = match got {
                Ok(o) => o.body.collect().await.map_err(|e| StateError::Remote {
                    where_: self.name.clone(),
                    message: format!("reading the journal: {e}"),
                })?,
                // Removed since it was listed (a reset by a run that then died): not a record.
                Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => continue,
                Err(e) => return Err(remote(&self.name, "reading the journal", e.into_service_error())),
            };
            out.push(body.into_bytes().to_vec());
        }
        Ok(out)
    }

    /// `keep` is written after the old records before they are deleted: a crash in between
    /// leaves old records followed by `keep`, which replays to the same state.
    async fn reset(&mut self, keep: Vec<Vec<u8>>) -> Result<(), StateError> {
        let old = std::mem::take(self.keys().await?);
        // Sequence numbers go on from the old records (they are still there until deleted).
        self.keys = Some(old.clone());
        for r in keep {
            self.append(r).await?;
        }
        for batch in old.chunks(1000) {
            let ids = batch
                .iter()
                .map(|k| aws_sdk_s3::types::ObjectIdentifier::builder().key(k).build())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| StateError::Remote {
                    where_: self.name.clone(),
                    message: format!("resetting the journal: {e}"),
                })?;
            let delete =
                aws_sdk_s3::types::Delete::builder().set_objects(Some(ids)).quiet(true).build().map_err(|e| {
                    StateError::Remote { where_: self.name.clone(), message: format!("resetting the journal: {e}") }
                })?;
            self.client
                .delete_objects()
                .bucket(&self.settings.bucket)
                .delete(delete)
                .send()
                .await
                .map_err(|e| remote(&self.name, "resetting the journal", e.into_service_error()))?;
        }
        // Appends went on the end: what follows the old keys is `keep`'s.
        if let Some(keys) = &mut self.keys {
            keys.drain(..old.len().min(keys.len()));
        }
        Ok(())
    }
}
