//! Hash and UUID functions. Hex digests are lower case; `base64*` digests are of the raw
//! bytes.

use base64::Engine;
use md5::Digest;

use super::string;
use crate::lang::Value;

fn hex(bytes: &[u8]) -> Value {
    Value::String(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn b64(bytes: &[u8]) -> Value {
    Value::String(base64::engine::general_purpose::STANDARD.encode(bytes))
}

pub fn md5(a: &[Value]) -> Result<Value, String> {
    Ok(hex(&md5::Md5::digest(string(&a[0])?.as_bytes())))
}

pub fn sha1(a: &[Value]) -> Result<Value, String> {
    Ok(hex(&sha1::Sha1::digest(string(&a[0])?.as_bytes())))
}

pub fn sha256(a: &[Value]) -> Result<Value, String> {
    Ok(hex(&sha2::Sha256::digest(string(&a[0])?.as_bytes())))
}

pub fn sha512(a: &[Value]) -> Result<Value, String> {
    Ok(hex(&sha2::Sha512::digest(string(&a[0])?.as_bytes())))
}

pub fn base64sha256(a: &[Value]) -> Result<Value, String> {
    Ok(b64(&sha2::Sha256::digest(string(&a[0])?.as_bytes())))
}

pub fn base64sha512(a: &[Value]) -> Result<Value, String> {
    Ok(b64(&sha2::Sha512::digest(string(&a[0])?.as_bytes())))
}

/// `uuidv5(namespace, name)`: namespace `dns`, `url`, `oid`, `x500` or a UUID.
pub fn uuidv5(a: &[Value]) -> Result<Value, String> {
    let ns = string(&a[0])?;
    let namespace = match ns.as_str() {
        "dns" => uuid::Uuid::NAMESPACE_DNS,
        "url" => uuid::Uuid::NAMESPACE_URL,
        "oid" => uuid::Uuid::NAMESPACE_OID,
        "x500" => uuid::Uuid::NAMESPACE_X500,
        other => uuid::Uuid::parse_str(other)
            .map_err(|_| format!("the namespace must be dns, url, oid, x500 or a UUID, not {other:?}"))?,
    };
    Ok(Value::String(uuid::Uuid::new_v5(&namespace, string(&a[1])?.as_bytes()).to_string()))
}
