//! Every value of the Onflow Open API that the spec marks *(inferred)* or *(placeholder)*, in one place.
//!
//! The public docs (see `shared/vendors/onflow.md`) show only part of the API. Whatever we had to guess lives
//! here, one item per concern, so a real account can be fixed by configuration ([`Paths`], [`Pagination`]
//! through the client builder) or by a one-line change. The crate README has a table of every item below;
//! keep the two in step.

use std::time::Duration;

// ---------------------------------------------------------------------------------------------------------
// Hosts
// ---------------------------------------------------------------------------------------------------------

/// Staging base URL printed on the current (onflow-branded, 2026-04-28) Getting Started page
/// (`seeds/000`). Documented, but the page gives no production host, so this is the client's default
/// until one is known.
pub const STAGING_BASE_URL: &str = "https://stg-open-api.onflow.vn";

/// Staging base URL of the older nandh-branded docs (documented; still live in late March 2026).
pub const LEGACY_STAGING_BASE_URL: &str = "https://open-api-dev.nandh.vn";

/// *(placeholder)* Production base URL: **not documented** anywhere (`onflow.md` §1). `None` until Onflow
/// tells us: a production account then needs its address set explicitly (`.base_url(..)`), and building a
/// client for [`Environment::Production`] without one fails with `Validation` rather than sending a
/// production token to a guessed host. When the host is known, put it here (one line) and list it in the
/// README table.
pub const PRODUCTION_BASE_URL: Option<&str> = None;

/// The Onflow environments an account can belong to (the accounts crate stores one per account).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Environment {
    /// The documented staging host, [`STAGING_BASE_URL`] (the client's default).
    #[default]
    Staging,
    /// Production: [`PRODUCTION_BASE_URL`] *(placeholder, unknown today)*.
    Production,
}

impl Environment {
    /// The default base URL of this environment; `None` when it is not known (production today).
    pub fn base_url(self) -> Option<&'static str> {
        match self {
            Environment::Staging => Some(STAGING_BASE_URL),
            Environment::Production => PRODUCTION_BASE_URL,
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Rate limit
// ---------------------------------------------------------------------------------------------------------

/// Documented: 600 requests per minute (scope per token is *(inferred)*).
pub const RATE_LIMIT_REQUESTS: u32 = 600;
/// Documented window of [`RATE_LIMIT_REQUESTS`].
pub const RATE_LIMIT_WINDOW: Duration = Duration::from_secs(60);
/// *(placeholder)* How long to pause after a rate-limit answer that carries neither `Retry-After` nor
/// `error_detail.retry_after` (the throttled response is undocumented).
pub const RATE_LIMIT_DEFAULT_WAIT: Duration = Duration::from_secs(10);
/// *(placeholder)* `error_code` of the throttled answer (HTTP 429 is recognised as well).
pub const RATE_LIMIT_ERROR_CODE: &str = "TOO_MANY_REQUESTS";

// ---------------------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------------------

/// Endpoint paths relative to the base URL. `{oasin}`, `{po_code}`, `{tracking_code}` and
/// `{return_tracking_code}` are filled in per call. Documented paths are marked `doc`, the rest are
/// *(inferred)* from the naming pattern of documented ones. Override any of them with
/// [`crate::OnflowClientBuilder::paths`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// *(inferred)* GET
    pub warehouses: String,
    /// *(inferred)* GET
    pub brands: String,
    /// *(inferred)* GET
    pub provinces: String,
    /// *(inferred)* GET, filtered by [`Filters::PROVINCE_ID`]
    pub districts: String,
    /// *(inferred)* GET, filtered by [`Filters::DISTRICT_ID`]
    pub wards: String,
    /// *(inferred)* POST multipart, field [`UPLOAD_FIELD`]
    pub upload: String,
    /// doc: POST `/api/v1/products/create`
    pub product_create: String,
    /// *(inferred)* PUT
    pub product_assign: String,
    /// *(inferred)* GET
    pub product_list: String,
    /// doc: GET `/api/v1/products/{oasin}/detail`
    pub product_detail: String,
    /// *(inferred)* GET (all OASINs, paged; filter by [`Filters::OASIN`] / [`Filters::WAREHOUSE_CODE`])
    pub stock: String,
    /// *(inferred)* PUT (was `DELETE` "Delete Product" in the oldest docs)
    pub product_deactivate: String,
    /// doc: POST `/api/v1/purchase-orders/create`
    pub po_create: String,
    /// *(inferred)* GET
    pub po_list: String,
    /// *(inferred)* GET
    pub po_detail: String,
    /// doc without the `/api` prefix (`/v1/purchase-orders/{po_code}/export-po-bill`); prefix *(inferred)*
    pub po_bill: String,
    /// doc without the `/api` prefix (`/v1/purchase-orders/{po_code}/inspection-list`); prefix *(inferred)*
    pub po_inspection: String,
    /// doc: PUT `/api/v1/purchase-orders/{po_code}/cancel`
    pub po_cancel: String,
    /// doc: POST `/api/v1/shipments/b2c/create`
    pub shipment_create: String,
    /// *(inferred)* GET
    pub shipment_list: String,
    /// doc (older revision, no `b2c` segment); the current path may be `/api/v1/shipments/b2c/{tracking_code}/detail`
    pub shipment_detail: String,
    /// doc: PUT `/api/v1/shipments/b2c/{tracking_code}/cancel`
    pub shipment_cancel: String,
    /// *(inferred)* POST
    pub return_create: String,
    /// *(inferred)* GET
    pub return_list: String,
    /// doc: GET `/api/v1/return-shipments/b2c/{return_tracking_code}/detail`
    pub return_detail: String,
    /// *(inferred)* PUT, by analogy with the shipment cancel
    pub return_cancel: String,
}

impl Default for Paths {
    fn default() -> Self {
        let s = |p: &str| p.to_string();
        Paths {
            warehouses: s("/api/v1/warehouses"),
            brands: s("/api/v1/brands"),
            provinces: s("/api/v1/provinces"),
            districts: s("/api/v1/districts"),
            wards: s("/api/v1/wards"),
            upload: s("/api/v1/files/upload"),
            product_create: s("/api/v1/products/create"),
            product_assign: s("/api/v1/products/{oasin}/assign"),
            product_list: s("/api/v1/products"),
            product_detail: s("/api/v1/products/{oasin}/detail"),
            stock: s("/api/v1/products/stock"),
            product_deactivate: s("/api/v1/products/{oasin}/deactivate"),
            po_create: s("/api/v1/purchase-orders/create"),
            po_list: s("/api/v1/purchase-orders"),
            po_detail: s("/api/v1/purchase-orders/{po_code}/detail"),
            po_bill: s("/api/v1/purchase-orders/{po_code}/export-po-bill"),
            po_inspection: s("/api/v1/purchase-orders/{po_code}/inspection-list"),
            po_cancel: s("/api/v1/purchase-orders/{po_code}/cancel"),
            shipment_create: s("/api/v1/shipments/b2c/create"),
            shipment_list: s("/api/v1/shipments/b2c"),
            shipment_detail: s("/api/v1/shipments/{tracking_code}/detail"),
            shipment_cancel: s("/api/v1/shipments/b2c/{tracking_code}/cancel"),
            return_create: s("/api/v1/return-shipments/b2c/create"),
            return_list: s("/api/v1/return-shipments/b2c"),
            return_detail: s("/api/v1/return-shipments/b2c/{return_tracking_code}/detail"),
            return_cancel: s("/api/v1/return-shipments/b2c/{return_tracking_code}/cancel"),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Pagination and filters
// ---------------------------------------------------------------------------------------------------------

/// *(placeholder)* List pagination: undocumented. Lists are assumed to return `data: [...]` with `total` =
/// number of matches (inferred from the envelope).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// Query parameter of the 1-based page number.
    pub page_param: String,
    /// Query parameter of the page size.
    pub limit_param: String,
    /// Page size the client asks for when walking every page.
    pub page_size: u32,
    /// Largest page size the server is assumed to accept.
    pub max_page_size: u32,
}

impl Default for Pagination {
    fn default() -> Self {
        Pagination {
            page_param: "page".into(),
            limit_param: "limit".into(),
            page_size: 100,
            max_page_size: 100,
        }
    }
}

/// *(placeholder)* Default page size of list endpoints when the client sends none.
pub const DEFAULT_PAGE_SIZE: u32 = 20;

/// *(placeholder)* Names of list filters (query parameters). None is documented.
pub struct Filters;

impl Filters {
    pub const PROVINCE_ID: &'static str = "province_id";
    pub const DISTRICT_ID: &'static str = "district_id";
    pub const OASIN: &'static str = "oasin";
    pub const SKU: &'static str = "sku";
    pub const STATUS: &'static str = "status";
    pub const WAREHOUSE_CODE: &'static str = "warehouse_code";
    pub const MERCHANT_TRACKING_CODE_REFERENCE: &'static str = "merchant_tracking_code_reference";
    pub const MERCHANT_PO_REFERENCE: &'static str = "merchant_po_reference";
    pub const SHIPMENT_TRACKING_CODE: &'static str = "shipment_tracking_code";
}

// ---------------------------------------------------------------------------------------------------------
// Upload
// ---------------------------------------------------------------------------------------------------------

/// *(inferred)* Multipart field name of "Upload file".
pub const UPLOAD_FIELD: &str = "file";
/// *(placeholder)* Largest accepted upload (the simulator enforces it; the real limit is unknown).
pub const UPLOAD_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// *(placeholder)* Accepted upload types: (extension, MIME type).
pub const UPLOAD_TYPES: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("webp", "image/webp"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
];
/// Per-request timeout for uploads (the pipeline's default total timeout is too short for big files).
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(600);

/// The MIME type for a file name, from [`UPLOAD_TYPES`]; `None` when the extension is not accepted.
pub fn upload_mime(file_name: &str) -> Option<&'static str> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    UPLOAD_TYPES
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, mime)| *mime)
}

// ---------------------------------------------------------------------------------------------------------
// Error codes: HTTP status and our error kind
// ---------------------------------------------------------------------------------------------------------

/// How an Onflow `error_code` maps onto the shared taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    Unauthorized,
    Forbidden,
    NotFound,
    /// The input can be fixed by the user (a form field, a product choice).
    Validation,
    /// A state conflict or other refusal the user cannot fix in the form.
    Rejected,
    RateLimited,
    Timeout,
    /// Server-side failure (transient).
    Server,
}

/// *(inferred)* Class of a documented or placeholder `error_code`; `None` for codes we do not know
/// (the HTTP status then decides). `*_NOT_FOUND` codes are all [`ErrorClass::NotFound`].
pub fn error_class(code: &str) -> Option<ErrorClass> {
    use ErrorClass::*;
    Some(match code {
        "UNAUTHORIZED" => Unauthorized,
        "FORBIDDEN" => Forbidden,
        "BAD_REQUEST"
        | "INVALID_PAYLOAD"
        | "ALREADY_EXISTS"
        | "DUPLICATE_BARCODE"
        | "PRODUCTS_INACTIVE"
        | "PRODUCTS_NOT_MAPPED_IN_WAREHOUSE"
        | "INVALID_PLATFORM"
        | "INSUFFICIENT_STOCK"
        | "FILE_TOO_LARGE"
        | "FILE_TYPE_NOT_ALLOWED" => Validation,
        "PRODUCT_STATUS_NOT_NEW"
        | "PRODUCT_WAREHOUSE_CONFLICT"
        | "PRODUCT_CANNOT_ASSIGN_TO_WAREHOUSE"
        | "PO_STATUS_NOT_TRANSIT"
        | "PO_NOT_COMPLETED"
        | "SHIPMENT_CANNOT_CANCEL"
        | "SHIPMENT_NOT_HANDED_OVER"
        | "RETURN_CANNOT_CANCEL"
        | "METHOD_NOT_ALLOWED" => Rejected,
        "REQUEST_TIMEOUT" => Timeout,
        "INTERNAL_SERVER_ERROR" => Server,
        c if c == RATE_LIMIT_ERROR_CODE => RateLimited,
        c if c.ends_with("NOT_FOUND") => NotFound,
        _ => return None,
    })
}

/// *(inferred)* Request field a validation code is about, so a form can highlight it.
pub fn error_field(code: &str) -> Option<&'static str> {
    Some(match code {
        "ALREADY_EXISTS" => "sku",
        "DUPLICATE_BARCODE" => "product_barcodes",
        "PRODUCTS_INACTIVE"
        | "PRODUCTS_NOT_MAPPED_IN_WAREHOUSE"
        | "PRODUCTS_BY_OASIN_NOT_FOUND" => "items",
        "INVALID_PLATFORM" => "platform",
        "FILE_TOO_LARGE" | "FILE_TYPE_NOT_ALLOWED" => "file",
        _ => return None,
    })
}

/// *(placeholder)* `error_code` the simulator answers when a `merchant_tracking_code_reference` is used
/// twice (e.g. the journal re-sends after a lost answer); the client then looks the existing shipment up
/// instead of failing (see `create_shipment`).
pub const DUPLICATE_REFERENCE_CODE: &str = "ALREADY_EXISTS";

// ---------------------------------------------------------------------------------------------------------
// Status codes
// ---------------------------------------------------------------------------------------------------------

/// B2C shipment `status_info.value` codes. Only 300 and 500 are documented; the rest are *(placeholder)*.
pub mod shipment_status {
    /// *(placeholder)* "Mới tạo"
    pub const NEW: i64 = 100;
    /// *(placeholder)* "Đã lấy hàng"
    pub const PICKED: i64 = 200;
    /// *(placeholder)* "Đã đóng gói"
    pub const PACKED: i64 = 250;
    /// doc: "Đã bàn giao"
    pub const HANDED_OVER: i64 = 300;
    /// *(placeholder)* "Đã hủy" (cancelled before packing)
    pub const CANCELLED_BEFORE_PACK: i64 = 400;
    /// doc: "Đã hủy sau đóng gói"
    pub const CANCELLED_AFTER_PACK: i64 = 500;
}

/// Return shipment `status_info.value` codes. Only 350 is documented; the rest are *(placeholder)*.
pub mod return_status {
    /// *(placeholder)* "Mới tạo"
    pub const NEW: i64 = 100;
    /// *(placeholder)* "Đang hoàn về kho"
    pub const IN_TRANSIT: i64 = 200;
    /// *(placeholder)* "Đã nhận hàng hoàn"
    pub const RECEIVED: i64 = 300;
    /// doc: "Hoàn hàng có vấn đề"
    pub const PROBLEM: i64 = 350;
    /// *(placeholder)* "Đã nhập kho"
    pub const RESTOCKED: i64 = 400;
    /// *(placeholder)* "Đã hủy"
    pub const CANCELLED: i64 = 500;
}

/// *(placeholder)* When Cancel Return B2C Shipment is accepted: undocumented; by analogy with Cancel B2C
/// Shipment (allowed before the parcel moves), only while the return is `NEW`. The simulator follows it.
pub fn return_cancellable(code: i64) -> bool {
    code == return_status::NEW
}

/// Product statuses: `NEW` documented, `ACTIVE` documented in an error message, `INACTIVE` *(inferred)*.
pub mod product_status {
    pub const NEW: &str = "NEW";
    pub const ACTIVE: &str = "ACTIVE";
    /// *(inferred)* name
    pub const INACTIVE: &str = "INACTIVE";
}

/// PO statuses: `TRANSIT`, `COMPLETED`, `CANCELLED` documented; `RECEIVING` *(placeholder)*.
pub mod po_status {
    pub const TRANSIT: &str = "TRANSIT";
    /// *(placeholder)* for the undocumented receiving/putaway steps
    pub const RECEIVING: &str = "RECEIVING";
    pub const COMPLETED: &str = "COMPLETED";
    pub const CANCELLED: &str = "CANCELLED";
}

// ---------------------------------------------------------------------------------------------------------
// Platforms and webhooks
// ---------------------------------------------------------------------------------------------------------

/// Wire spellings of `platform`: `lazada` documented, the other three *(inferred)* from "Shopee, Lazada,
/// TikTok (Shop), Tiki".
pub mod platform_names {
    pub const SHOPEE: &str = "shopee";
    pub const LAZADA: &str = "lazada";
    pub const TIKTOK: &str = "tiktok";
    pub const TIKI: &str = "tiki";
}

/// Webhook `event_code`s: only the stock one is documented; the others are *(placeholder)*.
pub mod webhook_events {
    /// doc
    pub const STOCK_UPDATED: &str = "product.update_stock";
    /// *(placeholder)*
    pub const SHIPMENT_STATUS: &str = "shipment.update_status";
    /// *(placeholder)*
    pub const RETURN_STATUS: &str = "return_shipment.update_status";
    /// *(placeholder)*
    pub const PO_STATUS: &str = "purchase_order.update_status";
}

// ---------------------------------------------------------------------------------------------------------
// Product defaults
// ---------------------------------------------------------------------------------------------------------

/// What a product created from ShopDesk is when the owner leaves Onflow's own fields blank: the values
/// of the documented Create Product example (the only ones the docs show for type, unit and storage).
pub mod product_defaults {
    /// doc example (the only value seen)
    pub const PRODUCT_TYPE: &str = "PHYSICAL";
    /// doc example (the only value seen)
    pub const PRODUCT_UNIT: &str = "PACKAGE";
    /// doc example (the only value seen)
    pub const STORAGE_METHOD: &str = "NORMAL";
    /// doc example (`NONE`, `BOTH` seen): no batch or expiry tracking
    pub const INVENTORY_TRACKING_TYPE: &str = "NONE";
    /// doc example (`FIFO`, `LIFO` seen)
    pub const OUTBOUND_STRATEGY: &str = "FIFO";

    /// The values the docs show for each field (onflow.md §8.2.1: only a few are seen). *(inferred)*
    /// closed lists: the simulator refuses any other value with `INVALID_PAYLOAD` (HTTP 422), as it
    /// refuses a negative price, weight, dimension, stock threshold or shelf life.
    pub const PRODUCT_TYPES: &[&str] = &["PHYSICAL"];
    pub const PRODUCT_UNITS: &[&str] = &["PACKAGE"];
    pub const STORAGE_METHODS: &[&str] = &["NORMAL"];
    pub const INVENTORY_TRACKING_TYPES: &[&str] = &["NONE", "BOTH"];
    pub const OUTBOUND_STRATEGIES: &[&str] = &["FIFO", "LIFO"];
    pub const CHARACTERISTICS: &[&str] = &["HIGH_VALUE", "FRAGILE"];
}

/// Values of the Create PO enum fields: only these are shown (onflow.md §8.3.1); the simulator holds them
/// as closed lists *(inferred)* and refuses others with `INVALID_PAYLOAD`.
pub mod po_values {
    /// `vas[]` (doc example: co-inspection at receipt)
    pub const VAS: &[&str] = &["CO_INSPECTION"];
    /// `po_documents[].document_type` (doc example)
    pub const DOCUMENT_TYPES: &[&str] = &["INVOICE"];
}

/// *(inferred)* Fields each create cannot go without (the docs never show the required flags, onflow.md
/// §0 and §11): dotted paths, array indexes included. The simulator refuses a body missing any of them
/// with `INVALID_PAYLOAD` and `error_detail` = `{ "<path>": ["This field is required."] }` (HTTP 422 for
/// Create Product, its documented validation status; 400 for the others). Every other field is optional
/// ("For optional fields, it is not required to include the field name", Getting Started, `seeds/000`).
pub mod required_fields {
    pub const PRODUCT: &[&str] = &["sku", "name"];
    pub const PO: &[&str] = &[
        "warehouse_code",
        "packages",
        "packages.0.items",
        "packages.0.items.0.oasin",
        "packages.0.items.0.product_quantity",
    ];
    pub const SHIPMENT: &[&str] = &[
        "warehouse_code",
        "platform",
        "merchant_tracking_code_reference",
        "items",
        "items.0.oasin",
        "items.0.quantity",
    ];
}
