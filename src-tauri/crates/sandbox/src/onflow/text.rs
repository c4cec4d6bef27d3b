//! The Onflow envelope, error codes with their English/Vietnamese messages, and status labels.
//!
//! Documented messages are copied from the "Error code" page; codes marked *(placeholder)* are invented
//! for the simulator (the real API may differ; the client keeps them in `onflow::assumptions`).

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// `version` of every envelope (as in every documented example).
pub const API_VERSION: &str = "1.0.3";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    /// `Accept-Language`: `en…` → English, anything else (or nothing) → Vietnamese.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        match headers
            .get("accept-language")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_ascii_lowercase())
        {
            Some(v) if v.starts_with("en") => Lang::En,
            _ => Lang::Vi,
        }
    }
}

/// A refusal, rendered in the caller's language by [`ApiError::into_response_lang`].
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    /// Which message variant (several `UNAUTHORIZED` texts exist) — index into the table rows of `code`.
    pub variant: usize,
    /// Fills `{oasin_list}` / `{0}` in the message.
    pub param: Option<String>,
    pub detail: Option<Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str) -> Self {
        ApiError {
            status,
            code,
            variant: 0,
            param: None,
            detail: None,
        }
    }
    pub fn variant(mut self, v: usize) -> Self {
        self.variant = v;
        self
    }
    pub fn param(mut self, p: impl Into<String>) -> Self {
        self.param = Some(p.into());
        self
    }
    pub fn detail(mut self, d: Value) -> Self {
        self.detail = Some(d);
        self
    }

    pub fn bad_payload(field: &str, problem: &str) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "INVALID_PAYLOAD")
            .detail(json!({ field: [problem] }))
    }

    pub fn into_response_lang(self, lang: Lang, log_id: String) -> Response {
        let message = message(self.code, self.variant, lang, self.param.as_deref());
        let body = json!({
            "data": null,
            "error": true,
            "error_code": self.code,
            "log_id": log_id,
            "messages": message,
            "total": 0,
            "version": API_VERSION,
            "error_detail": self.detail,
        });
        (self.status, Json(body)).into_response()
    }
}

/// (code, English, Vietnamese); several rows per code are variants. `-` in the docs (no Vietnamese text)
/// is represented by repeating the English text.
const MESSAGES: &[(&str, &str, &str)] = &[
    ("BAD_REQUEST", "Bad request", "Bad request"),
    (
        "UNAUTHORIZED",
        "Invalid access token",
        "Invalid access token",
    ),
    (
        "UNAUTHORIZED",
        "Invalid token header. No credentials provided.",
        "Token không hợp lệ. Bạn chưa cung cấp thông tin xác thực.",
    ),
    (
        "UNAUTHORIZED",
        "Invalid token. User key not found.",
        "Token không hợp lệ. Mã xác thực không được tìm thấy.",
    ),
    (
        "FORBIDDEN",
        "User does not have access permission",
        "User does not have access permission",
    ),
    (
        "NOT_FOUND",
        "Resource not found",
        "Không tìm thấy tài nguyên",
    ),
    ("NOT_FOUND", "Brand not found", "Không tìm thấy thương hiệu"),
    (
        "METHOD_NOT_ALLOWED",
        "Method not allowed",
        "Phương thức không được hỗ trợ",
    ),
    ("REQUEST_TIMEOUT", "Request timeout", "Request timeout"),
    (
        "INVALID_PAYLOAD",
        "Invalid request payload",
        "Invalid request payload",
    ),
    (
        "INTERNAL_SERVER_ERROR",
        "Internal server error",
        "Internal server error",
    ),
    (
        "PRODUCTS_BY_OASIN_NOT_FOUND",
        "The OASIN codes {0} do not exist",
        "The OASIN codes {0} do not exist",
    ),
    (
        "PRODUCTS_NOT_MAPPED_IN_WAREHOUSE",
        "The OASIN codes {0} are not mapped to this warehouse code",
        "Mã sản phẩm {0} chưa được gắn với mã kho yêu cầu",
    ),
    (
        "PRODUCTS_INACTIVE",
        "The OASIN codes {0} must be in ACTIVE status to perform this action",
        "Mã sản phẩm {0} phải ở trạng thái ACTIVE để thực hiện thao tác này",
    ),
    (
        "DUPLICATE_BARCODE",
        "Barcode already exists within the same business",
        "Mã vạch đã tồn tại trong cùng doanh nghiệp",
    ),
    (
        "ALREADY_EXISTS",
        "SKU already exists within the same business",
        "SKU đã tồn tại trong cùng doanh nghiệp",
    ),
    // (placeholder) the same code for a reused merchant reference
    (
        "ALREADY_EXISTS",
        "The merchant reference {0} already exists",
        "Mã tham chiếu {0} đã tồn tại",
    ),
    (
        "PRODUCT_NOT_FOUND",
        "Product not found",
        "Không tìm thấy sản phẩm",
    ),
    (
        "PRODUCT_STATUS_NOT_NEW",
        "Product must be in NEW status to perform this action",
        "Sản phẩm phải ở trạng thái NEW để thực hiện thao tác này",
    ),
    (
        "PRODUCT_WAREHOUSE_CONFLICT",
        "Product is already mapped with this warehouse",
        "Sản phẩm đã được gán với kho này",
    ),
    // (placeholder) the documented text is truncated after "Prod…"
    (
        "PRODUCT_CANNOT_ASSIGN_TO_WAREHOUSE",
        "Product cannot be assigned to this warehouse",
        "Sản phẩm không thể gán vào kho này",
    ),
    // --- (placeholder) codes below are not in the stored docs ---
    (
        "WAREHOUSE_NOT_FOUND",
        "Warehouse {0} not found",
        "Không tìm thấy kho {0}",
    ),
    (
        "PO_NOT_FOUND",
        "Purchase order not found",
        "Không tìm thấy PO",
    ),
    (
        "PO_STATUS_NOT_TRANSIT",
        "Purchase order can only be cancelled in TRANSIT status",
        "Chỉ có thể hủy PO ở trạng thái TRANSIT",
    ),
    (
        "PO_NOT_COMPLETED",
        "Inspection details are available once the purchase order is COMPLETED",
        "Chỉ xem được kết quả kiểm hàng khi PO ở trạng thái COMPLETED",
    ),
    (
        "SHIPMENT_NOT_FOUND",
        "Shipment not found",
        "Không tìm thấy đơn hàng",
    ),
    (
        "SHIPMENT_CANNOT_CANCEL",
        "Shipment can no longer be cancelled after handover",
        "Không thể hủy đơn hàng đã bàn giao",
    ),
    (
        "SHIPMENT_NOT_HANDED_OVER",
        "A return can only be created for a handed-over shipment",
        "Chỉ tạo được đơn hoàn cho đơn hàng đã bàn giao",
    ),
    (
        "RETURN_NOT_FOUND",
        "Return shipment not found",
        "Không tìm thấy đơn hoàn",
    ),
    (
        "RETURN_CANNOT_CANCEL",
        "Return shipment can only be cancelled while it is new",
        "Chỉ có thể hủy đơn hoàn khi đơn mới được tạo",
    ),
    (
        "INVALID_PLATFORM",
        "Only marketplace orders (Shopee, Lazada, TikTok, Tiki) are supported",
        "Chỉ hỗ trợ đơn hàng sàn TMĐT (Shopee, Lazada, TikTok, Tiki)",
    ),
    (
        "INSUFFICIENT_STOCK",
        "Not enough stock for OASIN codes {0}",
        "Không đủ tồn kho cho mã sản phẩm {0}",
    ),
    (
        "FILE_TOO_LARGE",
        "File is larger than {0}",
        "Tệp vượt quá dung lượng cho phép {0}",
    ),
    (
        "FILE_TYPE_NOT_ALLOWED",
        "File type not allowed (PDF, PNG, JPG, JPEG, WEBP, DOCX, XLSX)",
        "Định dạng tệp không được hỗ trợ (PDF, PNG, JPG, JPEG, WEBP, DOCX, XLSX)",
    ),
    (
        "TOO_MANY_REQUESTS",
        "Too many requests, limit is 600 requests per minute",
        "Quá nhiều yêu cầu, giới hạn 600 yêu cầu mỗi phút",
    ),
];

/// The message of `code` (variant `variant`, falling back to the first) with `{0}` filled in.
pub fn message(code: &str, variant: usize, lang: Lang, param: Option<&str>) -> String {
    let rows: Vec<&(&str, &str, &str)> = MESSAGES.iter().filter(|r| r.0 == code).collect();
    let row = rows.get(variant).or_else(|| rows.first());
    let text = match (row, lang) {
        (Some(r), Lang::En) => r.1,
        (Some(r), Lang::Vi) => r.2,
        (None, _) => code,
    };
    text.replace("{0}", param.unwrap_or(""))
}

/// A success envelope.
pub fn ok(status: StatusCode, data: Value, total: usize) -> Response {
    (
        status,
        Json(json!({
            "data": data,
            "error": false,
            "error_code": null,
            "log_id": null,
            "messages": "OK",
            "total": total,
            "version": API_VERSION,
            "error_detail": null,
        })),
    )
        .into_response()
}

/// The rate-limit answer *(placeholder: undocumented)*: HTTP 429, `TOO_MANY_REQUESTS`, `Retry-After`.
pub fn rate_limited(secs: u64, lang: Lang) -> Response {
    let mut resp = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS")
        .detail(json!({ "retry_after": secs }))
        .into_response_lang(lang, format!("rl-{secs}"));
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        resp.headers_mut().insert("retry-after", v);
    }
    resp
}

/// Shipment status labels: 300 and 500 documented (Vietnamese), the rest placeholders.
pub fn shipment_label(code: i64, lang: Lang) -> &'static str {
    match (code, lang) {
        (100, Lang::Vi) => "Mới tạo",
        (100, Lang::En) => "New",
        (200, Lang::Vi) => "Đã lấy hàng",
        (200, Lang::En) => "Picked",
        (250, Lang::Vi) => "Đã đóng gói",
        (250, Lang::En) => "Packed",
        (300, Lang::Vi) => "Đã bàn giao",
        (300, Lang::En) => "Handed over",
        (400, Lang::Vi) => "Đã hủy",
        (400, Lang::En) => "Cancelled",
        (500, Lang::Vi) => "Đã hủy sau đóng gói",
        (500, Lang::En) => "Cancelled after packing",
        (_, Lang::Vi) => "Không xác định",
        (_, Lang::En) => "Unknown",
    }
}

/// Return status labels: 350 documented (Vietnamese), the rest placeholders.
pub fn return_label(code: i64, lang: Lang) -> &'static str {
    match (code, lang) {
        (100, Lang::Vi) => "Mới tạo",
        (100, Lang::En) => "New",
        (200, Lang::Vi) => "Đang hoàn về kho",
        (200, Lang::En) => "Returning to warehouse",
        (300, Lang::Vi) => "Đã nhận hàng hoàn",
        (300, Lang::En) => "Return received",
        (350, Lang::Vi) => "Hoàn hàng có vấn đề",
        (350, Lang::En) => "Return has a problem",
        (400, Lang::Vi) => "Đã nhập kho",
        (400, Lang::En) => "Restocked",
        (500, Lang::Vi) => "Đã hủy",
        (500, Lang::En) => "Cancelled",
        (_, Lang::Vi) => "Không xác định",
        (_, Lang::En) => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_language_and_fill_the_oasin_list() {
        assert_eq!(
            message(
                "PRODUCTS_NOT_MAPPED_IN_WAREHOUSE",
                0,
                Lang::Vi,
                Some("OASIN2200579")
            ),
            "Mã sản phẩm OASIN2200579 chưa được gắn với mã kho yêu cầu"
        );
        assert_eq!(
            message("UNAUTHORIZED", 1, Lang::En, None),
            "Invalid token header. No credentials provided."
        );
        assert_eq!(
            message("UNAUTHORIZED", 2, Lang::Vi, None),
            "Token không hợp lệ. Mã xác thực không được tìm thấy."
        );
        assert_eq!(message("SOMETHING_NEW", 0, Lang::En, None), "SOMETHING_NEW");
    }
}
