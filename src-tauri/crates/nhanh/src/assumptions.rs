//! Values the Nhanh docs do not state, kept in one place (spec `shared/vendors/nhanh.md`, §16 "Gaps").
//! Each is an inference; the simulator's counterparts are its marked consts (`crates/sandbox/src/nhanh/`).

/// How long to pause a URL after a rate-limit answer that names no unlock time (the Alpha page's
/// `ERR_EXCEEDED_RATE_LIMIT` form has no `data`): the vendor's 30-second window (§7). Inferred.
pub const DEFAULT_LOCK_SECS: i64 = 30;

/// The order status Nhanh gives an order whose shipment `order/cancelcarrier` cancelled: "Cancelled by
/// carrier" (§9.8). The docs leave it open (§10.3, "likely 58 or 63/64"). Inferred.
pub const STATUS_AFTER_CARRIER_CANCEL: i64 = 58;
