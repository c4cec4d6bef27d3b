//! The Onflow response envelope `{data, error, error_code, log_id, messages, total, version, error_detail}`
//! and its mapping onto [`vendor_http::Error`].

use serde::de::DeserializeOwned;
use serde_json::Value;
use vendor_http::{Error, FieldErrors, RawResponse, Redactor, Result};

use crate::assumptions::{self, ErrorClass};
use vendor_http::lenient;

/// A decoded success envelope: the payload plus the list total (1 for single objects).
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope<T> {
    pub data: T,
    pub total: Option<u64>,
    pub version: Option<String>,
}

/// A page of a list endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Total matches across all pages, when the server said.
    pub total: Option<u64>,
    /// The 1-based page this is.
    pub page: u32,
    pub limit: u32,
}

impl<T> Page<T> {
    /// Whether another page may follow this one.
    pub fn has_more(&self) -> bool {
        if self.items.is_empty() {
            return false;
        }
        match self.total {
            Some(total) => u64::from(self.page) * u64::from(self.limit) < total,
            None => self.items.len() as u64 >= u64::from(self.limit),
        }
    }
}

/// Decode a raw answer into `data: T`, or into the taxonomy error it stands for.
pub fn decode<T: DeserializeOwned>(raw: &RawResponse, redactor: &Redactor) -> Result<Envelope<T>> {
    let status = raw.status;
    let parsed: Option<Value> = serde_json::from_slice(&raw.body).ok();
    let obj = match parsed {
        Some(Value::Object(map)) => map,
        other => return Err(non_envelope(raw, other.is_some(), redactor)),
    };
    let error_flag = obj.get("error").is_some_and(truthy);
    let code = obj
        .get("error_code")
        .and_then(lenient::Text::of)
        .filter(|c| !c.trim().is_empty());
    if error_flag || code.is_some() || !(200..300).contains(&status) {
        return Err(map_error(raw, &obj, code, redactor));
    }
    let total = obj
        .get("total")
        .and_then(lenient::Int::of)
        .and_then(|t| u64::try_from(t).ok());
    let version = obj.get("version").and_then(lenient::Text::of);
    let data_value = obj.get("data").cloned().unwrap_or(Value::Null);
    let data = serde_json::from_value::<T>(data_value).map_err(|e| {
        Error::decode(
            format!("unexpected `data` in the Onflow answer: {e}"),
            &raw.body,
            redactor,
        )
    })?;
    Ok(Envelope {
        data,
        total,
        version,
    })
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "1"),
        _ => false,
    }
}

/// The body is not an Onflow envelope (HTML error page, proxy text, truncated JSON, a bare array …).
fn non_envelope(raw: &RawResponse, was_json: bool, redactor: &Redactor) -> Error {
    let status = raw.status;
    match status {
        429 => rate_limited(raw, None, None),
        200..=299 => {
            let what = if vendor_http::looks_like_html(&raw.body) {
                "an HTML page instead of JSON"
            } else if was_json {
                "JSON that is not an Onflow envelope"
            } else {
                "a body that is not valid JSON (truncated?)"
            };
            Error::decode(format!("Onflow answered {what}"), &raw.body, redactor)
        }
        _ => {
            let message = if vendor_http::looks_like_html(&raw.body) {
                Some(format!("HTTP {status} (HTML error page)"))
            } else {
                let snippet = redactor.snippet(&raw.body);
                (!snippet.trim().is_empty()).then_some(snippet)
            };
            Error::from_status(status, None, message)
        }
    }
}

fn map_error(
    raw: &RawResponse,
    obj: &serde_json::Map<String, Value>,
    code: Option<String>,
    redactor: &Redactor,
) -> Error {
    let status = raw.status;
    let message = obj
        .get("messages")
        .or_else(|| obj.get("message"))
        .and_then(message_text)
        .map(|m| redactor.redact(&m));
    let detail = obj.get("error_detail").filter(|d| !d.is_null());
    if let Some(log_id) = obj.get("log_id").and_then(lenient::Text::of) {
        tracing::debug!(vendor = "onflow", status, code = ?code, log_id = %redactor.redact(&log_id), "Onflow error");
    }
    let class = code
        .as_deref()
        .and_then(assumptions::error_class)
        .or(match status {
            401 => Some(ErrorClass::Unauthorized),
            403 => Some(ErrorClass::Forbidden),
            404 => Some(ErrorClass::NotFound),
            400 | 422 => Some(ErrorClass::Validation),
            408 | 504 => Some(ErrorClass::Timeout),
            429 => Some(ErrorClass::RateLimited),
            500..=599 => Some(ErrorClass::Server),
            _ => None,
        });
    let vendor_code = code.clone();
    match class {
        Some(ErrorClass::Unauthorized) => Error::Unauthorized {
            vendor_code,
            message,
        },
        Some(ErrorClass::Forbidden) => Error::Forbidden {
            permission: None,
            vendor_code,
            message,
        },
        Some(ErrorClass::NotFound) => Error::NotFound {
            vendor_code,
            message,
        },
        Some(ErrorClass::Validation) => {
            let mut fields = detail
                .map(|d| field_errors(d, redactor))
                .unwrap_or_default();
            if fields.is_empty() {
                if let (Some(field), Some(msg)) = (
                    code.as_deref().and_then(assumptions::error_field),
                    message.clone(),
                ) {
                    fields.insert(field.to_string(), vec![msg]);
                }
            }
            Error::Validation {
                fields,
                vendor_code,
                message,
            }
        }
        Some(ErrorClass::RateLimited) => rate_limited(raw, detail, vendor_code),
        Some(ErrorClass::Timeout) => Error::Timeout,
        Some(ErrorClass::Rejected) | Some(ErrorClass::Server) | None => Error::VendorRejected {
            vendor_code: vendor_code.unwrap_or_else(|| format!("HTTP_{status}")),
            message: message.unwrap_or_default(),
            http_status: Some(status),
        },
    }
}

fn rate_limited(raw: &RawResponse, detail: Option<&Value>, vendor_code: Option<String>) -> Error {
    let from_detail = detail
        .and_then(|d| d.get("retry_after"))
        .and_then(lenient::Int::of)
        .filter(|s| *s >= 0)
        // clamped to vendor_http::MAX_VENDOR_WAIT, never panics
        .map(vendor_http::retry_at_in_secs);
    Error::RateLimited {
        retry_at: raw
            .retry_after()
            .or(from_detail)
            .unwrap_or_else(|| vendor_http::retry_at_in(assumptions::RATE_LIMIT_DEFAULT_WAIT)),
        vendor_code: Some(vendor_code.unwrap_or_else(|| assumptions::RATE_LIMIT_ERROR_CODE.into())),
    }
}

/// `messages` is a string in every example; tolerate arrays and objects too.
fn message_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(message_text).collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Object(map) => map
            .get("message")
            .or_else(|| map.get("msg"))
            .and_then(message_text),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `error_detail` shape is undocumented. Accepted: `{"field": "msg" | ["msg", …]}`,
/// `[{"field"|"loc": …, "message"|"msg": …}, …]`. Anything else gives no field errors.
fn field_errors(detail: &Value, redactor: &Redactor) -> FieldErrors {
    let mut out = FieldErrors::new();
    let mut push = |field: String, msg: String| {
        out.entry(field).or_default().push(redactor.redact(&msg));
    };
    match detail {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::Array(items) => {
                        for m in items.iter().filter_map(message_text) {
                            push(k.clone(), m);
                        }
                    }
                    other => {
                        if let Some(m) = message_text(other) {
                            push(k.clone(), m);
                        }
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                let field = item
                    .get("field")
                    .or_else(|| item.get("loc"))
                    .map(|f| match f {
                        Value::Array(parts) => parts
                            .iter()
                            .filter_map(lenient::Text::of)
                            .collect::<Vec<_>>()
                            .join("."),
                        other => lenient::Text::of(other).unwrap_or_default(),
                    });
                if let (Some(field), Some(msg)) = (field, message_text(item)) {
                    push(field, msg);
                }
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use serde_json::json;

    fn raw(status: u16, body: Value) -> RawResponse {
        RawResponse {
            status,
            headers: Default::default(),
            body: serde_json::to_vec(&body).unwrap_or_default().into(),
        }
    }

    fn err(status: u16, code: &str, detail: Value) -> Error {
        let body = json!({"data": null, "error": true, "error_code": code, "log_id": "x",
                          "messages": "msg", "total": 0, "version": "1.0.3", "error_detail": detail});
        decode::<Value>(&raw(status, body), &Redactor::default()).expect_err("an error")
    }

    #[test]
    fn codes_map_onto_the_taxonomy_and_keep_the_code() {
        assert!(matches!(
            err(401, "UNAUTHORIZED", Value::Null),
            Error::Unauthorized { .. }
        ));
        assert!(matches!(
            err(403, "FORBIDDEN", Value::Null),
            Error::Forbidden { .. }
        ));
        assert!(matches!(
            err(404, "PO_NOT_FOUND", Value::Null),
            Error::NotFound { .. }
        ));
        assert!(matches!(
            err(404, "PRODUCTS_BY_OASIN_NOT_FOUND", Value::Null),
            Error::NotFound { .. }
        ));
        assert_eq!(err(408, "REQUEST_TIMEOUT", Value::Null), Error::Timeout);
        assert_eq!(
            err(405, "METHOD_NOT_ALLOWED", Value::Null),
            Error::VendorRejected {
                vendor_code: "METHOD_NOT_ALLOWED".into(),
                message: "msg".into(),
                http_status: Some(405)
            }
        );
        assert!(matches!(
            err(500, "INTERNAL_SERVER_ERROR", Value::Null),
            Error::VendorRejected {
                http_status: Some(500),
                ..
            }
        ));
        // an unknown code: the HTTP status decides, the code is kept
        let e = err(400, "SOMETHING_NEW", Value::Null);
        assert!(matches!(e, Error::Validation { .. }));
        assert_eq!(e.vendor_code(), Some("SOMETHING_NEW"));
        let e = err(409, "SOMETHING_ELSE", Value::Null);
        assert_eq!(e.vendor_code(), Some("SOMETHING_ELSE"));
        assert!(matches!(
            e,
            Error::VendorRejected {
                http_status: Some(409),
                ..
            }
        ));
    }

    #[test]
    fn error_detail_lists_become_field_errors() {
        let e = err(
            422,
            "INVALID_PAYLOAD",
            json!([{"loc": ["body", "packages", 0], "msg": "required"}, {"field": "note", "message": "too long"}]),
        );
        match e {
            Error::Validation { fields, .. } => {
                assert_eq!(fields["body.packages.0"], vec!["required"]);
                assert_eq!(fields["note"], vec!["too long"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rate_limit_wait_comes_from_error_detail_when_no_header() {
        let before = Utc::now();
        match err(429, "TOO_MANY_REQUESTS", json!({"retry_after": 30})) {
            Error::RateLimited { retry_at, .. } => {
                let s = (retry_at - before).num_seconds();
                assert!((29..=31).contains(&s), "{s}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn pages_know_when_more_follow() {
        let p = |n: usize, total: Option<u64>, page: u32| Page {
            items: vec![0; n],
            total,
            page,
            limit: 10,
        };
        assert!(p(10, Some(25), 1).has_more());
        assert!(p(10, Some(25), 2).has_more());
        assert!(!p(5, Some(25), 3).has_more());
        assert!(p(10, None, 1).has_more());
        assert!(!p(9, None, 1).has_more());
        assert!(!p(0, Some(100), 1).has_more());
    }
}
