//! The v3 response envelope (`{"code": 1|0, "data", "paginator", "errorCode", "messages"|"message"}`)
//! and its mapping into the shared [`vendor_http::Error`] taxonomy.

use chrono::DateTime;
#[cfg(test)]
use chrono::Utc;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use vendor_http::{Error, FieldErrors, RawResponse, Redactor, Result};

use vendor_http::lenient;

/// How long to pause a URL after a rate-limit answer that names no unlock time (inferred; see
/// [`crate::assumptions`]).
pub use crate::assumptions::DEFAULT_LOCK_SECS;

/// A decoded success envelope.
#[derive(Debug, Clone)]
pub struct Envelope<T> {
    pub data: T,
    /// `paginator.next` exactly as received (`None` when absent or `null`: the end of the list).
    pub next: Option<Value>,
    /// The vendor's `warning` (string, object or array), when present.
    pub warning: Option<Value>,
}

/// Rate-limit error codes: current `ERR_429`, the older `ERR_EXCEEDED_RATE_LIMIT`, and the Alpha integer 429.
pub fn is_rate_limit_code(code: &str) -> bool {
    matches!(code, "ERR_429" | "ERR_EXCEEDED_RATE_LIMIT" | "429")
}

/// Decode the raw answer of a v3 call into `T` (from `data`) or a taxonomy error.
pub fn decode<T: DeserializeOwned>(raw: &RawResponse, redactor: &Redactor) -> Result<Envelope<T>> {
    let status = raw.status;
    if vendor_http::looks_like_html(&raw.body) || raw.body.iter().all(u8::is_ascii_whitespace) {
        return Err(non_json(raw, redactor));
    }
    let value: Value = match serde_json::from_slice(&raw.body) {
        Ok(v) => v,
        Err(e) => {
            if status >= 400 {
                return Err(non_json(raw, redactor));
            }
            return Err(Error::decode(
                format!("invalid JSON: {e}"),
                &raw.body,
                redactor,
            ));
        }
    };
    let Value::Object(obj) = value else {
        if status >= 400 {
            return Err(non_json(raw, redactor));
        }
        return Err(Error::decode(
            "the answer is not a JSON object",
            &raw.body,
            redactor,
        ));
    };
    let code = obj.get("code").and_then(lenient::Int::of);
    match code {
        Some(1) => {
            let data = obj.get("data").cloned().unwrap_or(Value::Null);
            let data: T = serde_json::from_value(data).map_err(|e| {
                Error::decode(format!("unexpected data shape: {e}"), &raw.body, redactor)
            })?;
            let next = obj
                .get("paginator")
                .and_then(|p| p.get("next"))
                .filter(|n| !n.is_null())
                .cloned();
            let warning = obj.get("warning").filter(|w| !w.is_null()).cloned();
            Ok(Envelope {
                data,
                next,
                warning,
            })
        }
        Some(_) => Err(vendor_error(&obj, status, raw, redactor)),
        None => {
            if status == 429 {
                return Err(Error::RateLimited {
                    retry_at: raw
                        .retry_after()
                        .unwrap_or_else(|| vendor_http::retry_at_in_secs(DEFAULT_LOCK_SECS)),
                    vendor_code: Some("HTTP_429".into()),
                });
            }
            if obj.contains_key("errorCode") {
                return Err(vendor_error(&obj, status, raw, redactor));
            }
            if status >= 400 {
                return Err(Error::from_status(status, None, None));
            }
            Err(Error::decode(
                "the answer has no `code`",
                &raw.body,
                redactor,
            ))
        }
    }
}

/// HTML pages and other non-JSON bodies (proxies, maintenance, unknown paths).
fn non_json(raw: &RawResponse, redactor: &Redactor) -> Error {
    match raw.status {
        429 => Error::RateLimited {
            retry_at: raw
                .retry_after()
                .unwrap_or_else(|| vendor_http::retry_at_in_secs(DEFAULT_LOCK_SECS)),
            vendor_code: Some("HTTP_429".into()),
        },
        s if s >= 400 => Error::from_status(s, Some(format!("HTTP_{s}")), None),
        _ => Error::decode("the answer is not JSON", &raw.body, redactor),
    }
}

/// The error code as text: `"ERR_429"`, or `"429"` for the Alpha integer form.
fn error_code(obj: &Map<String, Value>) -> Option<String> {
    obj.get("errorCode")
        .and_then(lenient::Text::of)
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_string())
}

/// `messages` (string, array, or field map) and `message` into (summary text, field errors).
fn messages(obj: &Map<String, Value>, redactor: &Redactor) -> (Option<String>, FieldErrors) {
    let mut fields = FieldErrors::new();
    let mut texts: Vec<String> = Vec::new();
    for key in ["messages", "message"] {
        match obj.get(key) {
            Some(Value::String(s)) if !s.is_empty() => texts.push(s.clone()),
            Some(Value::Array(a)) => texts.extend(a.iter().filter_map(lenient::Text::of)),
            Some(Value::Object(m)) => {
                for (field, v) in m {
                    let msgs: Vec<String> = match v {
                        Value::Array(a) => a.iter().filter_map(lenient::Text::of).collect(),
                        other => lenient::Text::of(other).into_iter().collect(),
                    };
                    let msgs: Vec<String> = msgs.iter().map(|m| redactor.redact(m)).collect();
                    texts.extend(msgs.iter().cloned());
                    fields.entry(field.clone()).or_default().extend(msgs);
                }
            }
            _ => {}
        }
    }
    let text = if texts.is_empty() {
        None
    } else {
        Some(redactor.redact(&texts.join("; ")))
    };
    (text, fields)
}

/// When a rate-limit answer lets us call again: `data.unlockedAt`, else now + `data.lockedSeconds`,
/// else `Retry-After`, else the vendor window. Always within `[now, now + MAX_VENDOR_WAIT]` (15
/// minutes): a garbage timestamp or count must not park a URL for years, and never panics.
pub fn unlock_time(obj: &Map<String, Value>, raw: &RawResponse) -> DateTime<chrono::Utc> {
    let data = obj.get("data");
    let unlocked = data
        .and_then(|d| d.get("unlockedAt"))
        .and_then(lenient::Epoch::of);
    let locked = data
        .and_then(|d| d.get("lockedSeconds"))
        .and_then(lenient::Int::of)
        .map(vendor_http::retry_at_in_secs);
    let at = unlocked
        .or(locked)
        .or_else(|| raw.retry_after())
        .unwrap_or_else(|| vendor_http::retry_at_in_secs(DEFAULT_LOCK_SECS));
    vendor_http::clamp_retry_at(at)
}

fn vendor_error(
    obj: &Map<String, Value>,
    status: u16,
    raw: &RawResponse,
    redactor: &Redactor,
) -> Error {
    let code = error_code(obj);
    let (message, fields) = messages(obj, redactor);
    let Some(code) = code else {
        if status >= 400 {
            return Error::from_status(status, None, message);
        }
        if !fields.is_empty() {
            return Error::Validation {
                fields,
                vendor_code: None,
                message,
            };
        }
        return Error::VendorRejected {
            vendor_code: "UNKNOWN".into(),
            message: message.unwrap_or_default(),
            http_status: Some(status),
        };
    };
    let vendor_code = Some(code.clone());
    if is_rate_limit_code(&code) || status == 429 {
        return Error::RateLimited {
            retry_at: unlock_time(obj, raw),
            vendor_code,
        };
    }
    match code.as_str() {
        "ERR_INVALID_FORM_FIELDS" | "ERR_INVALID_DATA" => Error::Validation {
            fields,
            vendor_code,
            message,
        },
        "ERR_INVALID_ACCESS_TOKEN"
        | "ERR_INVALID_VERSION"
        | "ERR_INVALID_APP_ID"
        | "ERR_INVALID_BUSINESS_ID"
        | "ERR_INVALID_ACCESS_CODE"
        | "ERR_INVALID_SECRET_KEY"
        | "ERR_401" => Error::Unauthorized {
            vendor_code,
            message,
        },
        "ERR_403" => Error::Forbidden {
            permission: None,
            vendor_code,
            message,
        },
        "ERR_INVALID_DEPOT_ID" => Error::Forbidden {
            permission: Some("depot".into()),
            vendor_code,
            message,
        },
        "ERR_BUSINESS_NOT_ENABLE_API" => Error::Forbidden {
            permission: Some("open_api".into()),
            vendor_code,
            message,
        },
        c if c == "ERR_404" || c.ends_with("NOT_FOUND") || c.contains("NOT_EXIST") => {
            Error::NotFound {
                vendor_code,
                message,
            }
        }
        _ => {
            if status >= 500 {
                return Error::from_status(status, vendor_code, message);
            }
            Error::VendorRejected {
                vendor_code: code,
                message: message.unwrap_or_default(),
                http_status: Some(status),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            headers: Default::default(),
            body: body.as_bytes().to_vec().into(),
        }
    }

    fn err(body: &str) -> Error {
        decode::<Value>(&raw(200, body), &Redactor::default()).unwrap_err()
    }

    #[test]
    fn field_map_becomes_validation_fields() {
        let e = err(
            r#"{"code":0,"errorCode":"ERR_INVALID_FORM_FIELDS","messages":{"customer.mobile":"customer.mobile is required","customer.email":"invalid customer.email"}}"#,
        );
        match e {
            Error::Validation {
                fields,
                vendor_code,
                ..
            } => {
                assert_eq!(vendor_code.as_deref(), Some("ERR_INVALID_FORM_FIELDS"));
                assert_eq!(
                    fields["customer.mobile"],
                    vec!["customer.mobile is required"]
                );
                assert_eq!(fields.len(), 2);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rate_limit_forms_all_pause() {
        let e = err(
            r#"{"code":0,"errorCode":"ERR_429","message":"x","data":{"lockedSeconds":10,"unlockedAt":4102444800}}"#,
        );
        assert!(matches!(e, Error::RateLimited { .. }));
        let e =
            err(r#"{"code":0,"errorCode":429,"messages":"Your app exceeded the API Rate Limit"}"#);
        assert!(
            matches!(e, Error::RateLimited { ref vendor_code, .. } if vendor_code.as_deref() == Some("429"))
        );
        let e = err(r#"{"code":0,"errorCode":"ERR_EXCEEDED_RATE_LIMIT","messages":"x"}"#);
        assert!(matches!(e, Error::RateLimited { .. }));
    }

    #[test]
    fn unlocked_at_is_used_as_retry_at() {
        let soon = Utc::now().timestamp() + 12;
        let body = format!(
            r#"{{"code":0,"errorCode":"ERR_429","data":{{"lockedSeconds":12,"unlockedAt":{soon}}}}}"#
        );
        match err(&body) {
            Error::RateLimited { retry_at, .. } => assert_eq!(retry_at.timestamp(), soon),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn token_and_permission_errors() {
        assert!(matches!(
            err(
                r#"{"code":0,"errorCode":"ERR_INVALID_ACCESS_TOKEN","messages":"Invalid access token"}"#
            ),
            Error::Unauthorized { .. }
        ));
        assert!(matches!(
            err(r#"{"code":0,"errorCode":"ERR_403","messages":"no"}"#),
            Error::Forbidden { .. }
        ));
        assert!(matches!(
            err(r#"{"code":0,"errorCode":"ERR_ORDER_NOT_FOUND","messages":"no"}"#),
            Error::NotFound { .. }
        ));
        match err(r#"{"code":"0","errorCode":"ERR_ORDER_CARRIER_REJECT","messages":["a","b"]}"#) {
            Error::VendorRejected {
                vendor_code,
                message,
                ..
            } => {
                assert_eq!(vendor_code, "ERR_ORDER_CARRIER_REJECT");
                assert_eq!(message, "a; b");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn success_keeps_next_verbatim() {
        let r = raw(
            200,
            r#"{"code":1,"data":[1,2],"paginator":{"next":{"totalRevenue":"xxx","productId":"yyy"}}}"#,
        );
        let env = decode::<Vec<i64>>(&r, &Redactor::default()).unwrap();
        assert_eq!(env.data, vec![1, 2]);
        assert_eq!(
            env.next,
            Some(serde_json::json!({"totalRevenue":"xxx","productId":"yyy"}))
        );
        let r = raw(200, r#"{"code":1,"data":[],"paginator":{"next":null}}"#);
        assert!(decode::<Vec<i64>>(&r, &Redactor::default())
            .unwrap()
            .next
            .is_none());
    }

    #[test]
    fn html_and_truncated_bodies() {
        let e = decode::<Value>(
            &raw(404, "<!DOCTYPE html><html>nope</html>"),
            &Redactor::default(),
        )
        .unwrap_err();
        assert!(matches!(e, Error::NotFound { .. }));
        let e = decode::<Value>(&raw(200, "<html>maintenance</html>"), &Redactor::default())
            .unwrap_err();
        assert!(matches!(e, Error::Decode { .. }));
        let e = decode::<Value>(
            &raw(200, r#"{"code":1,"data":[{"id":1"#),
            &Redactor::default(),
        )
        .unwrap_err();
        assert!(matches!(e, Error::Decode { .. }));
        let e = decode::<Value>(&raw(502, "bad gateway"), &Redactor::default()).unwrap_err();
        assert!(e.is_transient());
    }
}
