//! Port: order sink — create an order at a vendor carrying our reference, and find it again by that
//! reference. The outbox (`orders`) drives it: a journal row before every send, a lookup before any resend.
//!
//! A lookup never trusts the vendor to index our reference: an implementation first asks the vendor's
//! own query (where it has one that may match), then reads the account's orders created since shortly
//! before the first send, page by page up to a bound ([`ReferenceScan`]), and matches our reference in
//! each row's own field. A scan that stops before covering the window answers [`Lookup::Inconclusive`],
//! never "not found".

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use vendor_http::Result;

use crate::order::{KnownCustomer, OrderDraft, OrderOptions};
use crate::Vendor;

/// Rows per page of a lookup scan (Pancake documents 100 in an example; Nhanh's maximum; Onflow's
/// placeholder maximum).
pub const LOOKUP_PAGE_SIZE: u32 = 100;

/// The most customers [`OrderSink::known_customers`] answers (the form offers them in a short list).
pub const KNOWN_CUSTOMERS_MAX: usize = 5;

/// How far back and how deep a lookup by reference reads the vendor's recent orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LookupScope {
    /// Orders the vendor created before this time are not read (the entry's first send minus a margin).
    pub since: DateTime<Utc>,
    /// Pages of recent orders read at most; past it the answer is [`Lookup::Inconclusive`].
    pub max_pages: u32,
}

impl LookupScope {
    /// Everything since `since`, at most `max_pages` pages.
    pub fn since(since: DateTime<Utc>, max_pages: u32) -> Self {
        LookupScope {
            since,
            max_pages: max_pages.max(1),
        }
    }
}

/// What a lookup by reference found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The vendor's id of the order carrying the reference.
    Found(String),
    /// The vendor has no order carrying it: every order created in the scope was read.
    NotFound,
    /// The lookup could not read the whole scope (page budget spent, the vendor repeated a page): the
    /// order may exist. The outbox treats this like a failed lookup, never as "not found".
    Inconclusive(String),
}

/// One vendor account the outbox can send orders to. Implemented by each vendor crate on its client
/// (`<vendor>::adapter::order_sink`).
pub trait OrderSink: Send + Sync {
    fn vendor(&self) -> Vendor;

    /// Create the order carrying `reference`; answers the vendor's order id.
    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>>;

    /// Look for the order carrying `reference` among the orders created within `scope`.
    fn find_by_reference<'a>(
        &'a self,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, Result<Lookup>>;

    /// Whether `err`, answered to a create, may say that the vendor already holds an order with this
    /// reference (the outbox then looks it up and never re-sends it). Erring on "yes" is safe: the entry
    /// ends in `needs_attention` instead of `failed`.
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        let _ = err;
        false
    }

    /// The vendor lists the order form offers for this account (Pancake order sources, Nhanh carriers);
    /// empty where the vendor has none.
    fn order_options(&self) -> BoxFuture<'_, Result<OrderOptions>> {
        Box::pin(async { Ok(OrderOptions::default()) })
    }

    /// The customers the vendor knows by `phone` (already in its national form `0xxxxxxxxx`, see
    /// [`crate::order::normalize_phone`]), each with the address the vendor holds; at most a few, best
    /// first, at most [`KNOWN_CUSTOMERS_MAX`]. Empty where the vendor has no customer list (Onflow: none documented).
    fn known_customers<'a>(&'a self, phone: &'a str) -> BoxFuture<'a, Result<Vec<KnownCustomer>>> {
        let _ = phone;
        Box::pin(async { Ok(Vec::new()) })
    }
}

/// Whether a refusal names `needle` (field, message or vendor code), case-insensitively. For
/// [`OrderSink::is_duplicate_reference`].
pub fn refusal_mentions(err: &vendor_http::Error, needle: &str) -> bool {
    let needle = needle.to_ascii_lowercase();
    let has = |s: &str| s.to_ascii_lowercase().contains(&needle);
    match err {
        vendor_http::Error::Validation {
            fields,
            vendor_code,
            message,
        } => {
            fields
                .iter()
                .any(|(k, v)| has(k) || v.iter().any(|m| has(m)))
                || message.as_deref().is_some_and(has)
                || vendor_code.as_deref().is_some_and(has)
        }
        vendor_http::Error::VendorRejected {
            vendor_code,
            message,
            ..
        } => has(vendor_code) || has(message),
        _ => false,
    }
}

/// One row of a page of recent orders, as a [`ReferenceScan`] needs it.
#[derive(Debug, Clone)]
pub struct ScanRow<'r> {
    /// The row's own field that carries our reference (empty when it has none).
    pub reference: &'r str,
    /// The vendor's id of the order.
    pub id: String,
    pub created: Option<DateTime<Utc>>,
}

/// What a [`ReferenceScan`] decided after a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanStep {
    Found(String),
    /// Read the next page.
    More,
    /// The listing is exhausted (or, newest first, older than the scope).
    End,
    GiveUp(String),
}

/// A bounded walk through pages of recent orders, matching our reference in each row's own field.
#[derive(Debug, Clone)]
pub struct ReferenceScan<'s> {
    reference: &'s str,
    scope: LookupScope,
    pages: u32,
    prev_first: Option<String>,
    /// Every row so far came newest first (then a row older than the scope ends the walk).
    newest_first: bool,
    last_created: Option<DateTime<Utc>>,
}

impl<'s> ReferenceScan<'s> {
    pub fn new(reference: &'s str, scope: LookupScope) -> Self {
        ReferenceScan {
            reference,
            scope,
            pages: 0,
            prev_first: None,
            newest_first: true,
            last_created: None,
        }
    }

    /// Take one page of rows; `more` is whether the vendor says another page follows.
    pub fn page(&mut self, rows: &[ScanRow<'_>], more: bool) -> ScanStep {
        self.pages += 1;
        let first = rows.first().map(|r| r.id.clone());
        if self.pages > 1 && first.is_some() && first == self.prev_first {
            return ScanStep::GiveUp("the vendor answered the same page twice".into());
        }
        if first.is_some() {
            self.prev_first = first;
        }
        for r in rows {
            if r.reference.trim() == self.reference {
                return ScanStep::Found(r.id.clone());
            }
            match (r.created, self.last_created) {
                (None, _) => self.newest_first = false,
                (Some(t), Some(prev)) if t > prev => self.newest_first = false,
                _ => {}
            }
            if r.created.is_some() {
                self.last_created = r.created;
            }
        }
        if !more || rows.is_empty() {
            return ScanStep::End;
        }
        if self.newest_first && self.last_created.is_some_and(|t| t < self.scope.since) {
            return ScanStep::End;
        }
        if self.pages >= self.scope.max_pages {
            return ScanStep::GiveUp(format!(
                "read {} pages of recent orders without covering every order since {}",
                self.pages,
                self.scope
                    .since
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ));
        }
        ScanStep::More
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn at(min: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_770_000_000, 0).unwrap_or_default()
            + Duration::minutes(min)
    }

    fn row(reference: &'static str, id: &str, min: Option<i64>) -> ScanRow<'static> {
        ScanRow {
            reference,
            id: id.to_string(),
            created: min.map(at),
        }
    }

    fn scope(since_min: i64, max_pages: u32) -> LookupScope {
        LookupScope::since(at(since_min), max_pages)
    }

    #[test]
    fn a_scan_matches_the_rows_own_field_exactly() {
        let mut s = ReferenceScan::new("SD-1", scope(0, 5));
        let rows = [row("SD-10", "a", Some(9)), row(" SD-1 ", "b", Some(8))];
        assert!(matches!(s.page(&rows, true), ScanStep::Found(id) if id == "b"));
    }

    #[test]
    fn newest_first_rows_older_than_the_scope_end_the_scan() {
        let mut s = ReferenceScan::new("SD-1", scope(0, 5));
        assert!(matches!(
            s.page(&[row("x", "a", Some(9)), row("y", "b", Some(5))], true),
            ScanStep::More
        ));
        assert!(matches!(
            s.page(&[row("z", "c", Some(1)), row("w", "d", Some(-1))], true),
            ScanStep::End
        ));
        // without a usable order (a row without time, or out of order) only the listing's end counts
        let mut s = ReferenceScan::new("SD-1", scope(0, 5));
        assert!(matches!(
            s.page(&[row("x", "a", Some(-5)), row("y", "b", Some(-1))], true),
            ScanStep::More
        ));
        let mut s = ReferenceScan::new("SD-1", scope(0, 5));
        assert!(matches!(
            s.page(&[row("x", "a", None), row("y", "b", Some(-9))], true),
            ScanStep::More
        ));
        assert!(matches!(
            s.page(&[row("z", "c", Some(-10))], false),
            ScanStep::End
        ));
    }

    #[test]
    fn a_scan_gives_up_at_its_page_budget_or_on_a_repeated_page() {
        let mut s = ReferenceScan::new("SD-1", scope(0, 2));
        assert!(matches!(
            s.page(&[row("x", "a", Some(9))], true),
            ScanStep::More
        ));
        assert!(matches!(
            s.page(&[row("y", "b", Some(8))], true),
            ScanStep::GiveUp(_)
        ));
        let mut s = ReferenceScan::new("SD-1", scope(0, 9));
        assert!(matches!(
            s.page(&[row("x", "a", Some(9))], true),
            ScanStep::More
        ));
        assert!(matches!(
            s.page(&[row("x", "a", Some(9))], true),
            ScanStep::GiveUp(why) if why.contains("same page")
        ));
    }

    #[test]
    fn duplicate_refusals_are_recognized_by_what_they_name() {
        let v = |field: &str, msg: &str| vendor_http::Error::Validation {
            fields: [(field.to_string(), vec![msg.to_string()])]
                .into_iter()
                .collect(),
            vendor_code: None,
            message: None,
        };
        assert!(refusal_mentions(
            &v("channel.appOrderId", "appOrderId SD-1 already exists"),
            "appOrderId"
        ));
        assert!(refusal_mentions(&v("x", "CUSTOM_ID taken"), "custom_id"));
        assert!(!refusal_mentions(
            &v("products.0.id", "not found"),
            "appOrderId"
        ));
        assert!(!refusal_mentions(
            &vendor_http::Error::Timeout,
            "appOrderId"
        ));
    }
}
