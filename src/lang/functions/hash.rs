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

fn file_bytes(a: &[Value]) -> Result<Vec<u8>, String> {
    let path = string(&a[0])?;
    std::fs::read(&path).map_err(|e| format!("cannot read {path}: {e}"))
}

pub fn filemd5(a: &[Value]) -> Result<Value, String> {
    Ok(hex(&md5::Md5::digest(file_bytes(a)?)))
}

pub fn filesha1(a: &[Value]) -> Result<Value, String> {
    Ok(hex(&sha1::Sha1::digest(file_bytes(a)?)))
}

pub fn filesha256(a: &[Value]) -> Result<Value, String> {
    Ok(hex(&sha2::Sha256::digest(file_bytes(a)?)))
}

pub fn filesha512(a: &[Value]) -> Result<Value, String> {
    Ok(hex(&sha2::Sha512::digest(file_bytes(a)?)))
}

pub fn filebase64sha256(a: &[Value]) -> Result<Value, String> {
    Ok(b64(&sha2::Sha256::digest(file_bytes(a)?)))
}

pub fn filebase64sha512(a: &[Value]) -> Result<Value, String> {
    Ok(b64(&sha2::Sha512::digest(file_bytes(a)?)))
}

/// `uuid()`: a random version 4 UUID, different at every call.
pub fn uuid(_: &[Value]) -> Result<Value, String> {
    Ok(Value::String(uuid::Uuid::new_v4().to_string()))
}

/// `bcrypt(string, cost)`: a `$2a$` hash with a random salt. As Go's `bcrypt`, a cost below
/// 4 means the default, 10.
pub fn bcrypt(a: &[Value]) -> Result<Value, String> {
    if a.len() > 2 {
        return Err("bcrypt() takes no more than two arguments".into());
    }
    let s = string(&a[0])?;
    let cost = match a.get(1) {
        Some(v) => super::integer(v)?,
        None => 10,
    };
    let fail = |e: String| format!("error occured generating password {e}");
    if s.len() > 72 {
        return Err(fail("bcrypt: password length exceeds 72 bytes".into()));
    }
    let cost = if cost < 4 { 10 } else { cost };
    if cost > 31 {
        return Err(fail(format!("crypto/bcrypt: cost {cost} is outside allowed range (4,31)")));
    }
    // 4 ≤ cost ≤ 31 here, so the cast is exact.
    let parts = bcrypt::hash_with_result(s.as_bytes(), cost as u32).map_err(|e| fail(e.to_string()))?;
    Ok(Value::String(parts.format_for_version(bcrypt::Version::TwoA)))
}

/// `rsadecrypt(ciphertext, privatekey)`: base64 ciphertext decrypted with PKCS #1 v1.5 and
/// a PEM RSA private key (PKCS #1 or PKCS #8).
pub fn rsadecrypt(a: &[Value]) -> Result<Value, String> {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::pkcs8::DecodePrivateKey;
    let s = string(&a[0])?;
    let pem = string(&a[1])?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s.as_bytes())
        .map_err(|_| format!("failed to decode input {s:?}: cipher text must be base64-encoded"))?;
    if !pem.contains("-----BEGIN") {
        return Err("invalid private key: ssh: no key found".into());
    }
    let key = rsa::RsaPrivateKey::from_pkcs1_pem(&pem)
        .or_else(|_| rsa::RsaPrivateKey::from_pkcs8_pem(&pem))
        .map_err(|e| format!("invalid private key: {e}"))?;
    let out = key
        .decrypt(rsa::Pkcs1v15Encrypt, &bytes)
        .map_err(|_| "failed to decrypt: crypto/rsa: decryption error".to_string())?;
    Ok(Value::String(String::from_utf8_lossy(&out).into_owned()))
}
