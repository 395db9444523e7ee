//! AWS Signature Version 4, checked the way the service checks it: the canonical request and the
//! string to sign are rebuilt from what arrived, signed with the known secret and compared with
//! the `Authorization` header. Follows `aws-sigv4`'s rules as the SDK applies them to Connect:
//! the path is encoded a second time, the query is decoded, re-encoded and sorted, and the payload
//! hash is the body's unless `x-amz-content-sha256` says otherwise.

use std::fmt::Write as _;

use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The credentials and scope a signature must match.
#[derive(Clone, Debug)]
pub struct SigningKeys {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub region: String,
    pub service: String,
}

/// What the verifier needs of a request: everything as it arrived on the wire.
pub struct SignedRequest<'a> {
    pub method: &'a str,
    /// Path as sent, still percent-encoded.
    pub raw_path: &'a str,
    /// Query as sent (without `?`), still percent-encoded.
    pub raw_query: &'a str,
    /// Header names in lowercase.
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length, so this never fails.
    let Ok(mut mac) = hmac::Hmac::<Sha256>::new_from_slice(key) else { return Vec::new() };
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// Percent-encodes as `aws_smithy_http`'s `BASE_SET` does: everything but ASCII letters, digits,
/// `-._~` and the few other printable characters it leaves alone; `/` too unless `keep_slash`.
fn encode(text: &str, keep_slash: bool) -> String {
    const ENCODED: &[u8] = b" /:,?#[]{}|@!$&'()*+;=%<>\"^`\\";
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        let plain = byte.is_ascii_graphic() && (!ENCODED.contains(&byte) || (keep_slash && byte == b'/'));
        if plain {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`), lossy on bad UTF-8.
pub fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(at + 1..at + 3))
            .flatten()
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        if let Some(decoded) = escaped {
            out.push(decoded);
            at += 3;
        } else {
            out.push(if plus_is_space && byte == b'+' { b' ' } else { byte });
            at += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The query's name/value pairs, decoded as `application/x-www-form-urlencoded`.
pub fn query_pairs(raw_query: &str) -> Vec<(String, String)> {
    raw_query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name, true), percent_decode(value, true))
        })
        .collect()
}

fn canonical_query(raw_query: &str) -> String {
    let mut pairs: Vec<(String, String)> =
        query_pairs(raw_query).into_iter().map(|(n, v)| (encode(&n, false), encode(&v, false))).collect();
    pairs.sort();
    pairs.into_iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("&")
}

/// Collapses runs of spaces and trims, as the signer normalises header values.
fn normalize_value(value: &str) -> String {
    value.split(' ').filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
struct Authorization<'a> {
    credential: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, String> {
    let Some(rest) = value.strip_prefix("AWS4-HMAC-SHA256 ") else {
        return Err(format!("authorization is not AWS4-HMAC-SHA256: {value:?}"));
    };
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',').map(str::trim) {
        match part.split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => return Err(format!("unexpected authorization part {part:?}")),
        }
    }
    match (credential, signed_headers, signature) {
        (Some(credential), Some(signed_headers), Some(signature)) => {
            Ok(Authorization { credential, signed_headers, signature })
        }
        _ => Err(format!("authorization lacks Credential, SignedHeaders or Signature: {value:?}")),
    }
}

/// Checks the credential scope: `AKID/yyyymmdd/region/service/aws4_request`.
fn check_scope<'a>(credential: &'a str, keys: &SigningKeys, amz_date: &str) -> Result<&'a str, String> {
    let parts: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = parts.as_slice() else {
        return Err(format!("credential {credential:?} is not AKID/date/region/service/aws4_request"));
    };
    if *access_key_id != keys.access_key_id {
        return Err(format!("unknown access key id {access_key_id:?}"));
    }
    if *region != keys.region {
        return Err(format!("credential scope region {region:?}, expected {:?}", keys.region));
    }
    if *service != keys.service {
        return Err(format!("credential scope service {service:?}, expected {:?}", keys.service));
    }
    if *terminator != "aws4_request" {
        return Err(format!("credential scope ends {terminator:?}, expected \"aws4_request\""));
    }
    if !amz_date.starts_with(date) {
        return Err(format!("credential scope date {date:?} is not the date of x-amz-date {amz_date:?}"));
    }
    Ok(credential.get(access_key_id.len() + 1..).unwrap_or_default())
}

/// The canonical request, as `aws-sigv4` builds it.
fn canonical_request(request: &SignedRequest<'_>, signed_headers: &str) -> Result<String, String> {
    let mut headers = String::new();
    for name in signed_headers.split(';') {
        let values: Vec<String> =
            request.headers.iter().filter(|(n, _)| n == name).map(|(_, v)| normalize_value(v)).collect();
        if values.is_empty() {
            return Err(format!("signed header {name:?} is missing from the request"));
        }
        let _ = writeln!(headers, "{name}:{}", values.join(","));
    }
    let body_hash = sha256_hex(request.body);
    let payload_hash = match request.headers.iter().find(|(n, _)| n == "x-amz-content-sha256") {
        Some((_, declared)) if declared == "UNSIGNED-PAYLOAD" => declared.clone(),
        Some((_, declared)) if *declared != body_hash => {
            return Err(format!("x-amz-content-sha256 {declared} does not match the body's {body_hash}"));
        }
        _ => body_hash,
    };
    let path = if request.raw_path.is_empty() { "/" } else { request.raw_path };
    Ok(format!(
        "{}\n{}\n{}\n{headers}\n{signed_headers}\n{payload_hash}",
        request.method,
        encode(path, true),
        canonical_query(request.raw_query)
    ))
}

/// `Ok(())` when the request carries a valid signature by `keys` for their region and service.
pub fn verify(request: &SignedRequest<'_>, keys: &SigningKeys) -> Result<(), String> {
    let header = |name: &str| request.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let Some(authorization) = header("authorization") else { return Err("no authorization header".to_owned()) };
    let authorization = parse_authorization(authorization)?;
    let Some(amz_date) = header("x-amz-date") else { return Err("no x-amz-date header".to_owned()) };
    let scope = check_scope(authorization.credential, keys, amz_date)?;
    if !authorization.signed_headers.split(';').any(|h| h == "host") {
        return Err("host is not a signed header".to_owned());
    }
    let canonical = canonical_request(request, authorization.signed_headers)?;
    let string_to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", sha256_hex(canonical.as_bytes()));
    let date = scope.split('/').next().unwrap_or_default();
    let mut key = hmac_sha256(format!("AWS4{}", keys.secret_access_key).as_bytes(), date.as_bytes());
    for part in [keys.region.as_str(), keys.service.as_str(), "aws4_request"] {
        key = hmac_sha256(&key, part.as_bytes());
    }
    let expected = hex(&hmac_sha256(&key, string_to_sign.as_bytes()));
    if expected == authorization.signature {
        Ok(())
    } else {
        Err(format!(
            "signature mismatch: got {}, computed {expected} over the canonical request\n{canonical}",
            authorization.signature
        ))
    }
}
