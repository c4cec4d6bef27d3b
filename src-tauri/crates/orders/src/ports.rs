//! The vendor port the outbox drives: create with our reference, find by our reference.
//!
//! A lookup never trusts the vendor to index our reference: it first asks the vendor's own query (Pancake's
//! `search`, Onflow's reference filter — neither documented to match it), then reads the account's orders
//! created since shortly before the first send, page by page up to a bound, and matches our reference in
//! each row's own field (`custom_id`, `merchant_tracking_code_reference`, `channel.appOrderId`). A scan that
//! stops before covering the window answers [`Lookup::Inconclusive`], never "not found".

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use futures::future::BoxFuture;
use vendor_http::Result;

use crate::draft::{OrderDraft, Vendor};
use crate::mapping;

/// Rows per page of a lookup scan (Pancake documents 100 in an example; Nhanh's maximum; Onflow's
/// placeholder maximum).
pub const LOOKUP_PAGE_SIZE: u32 = 100;

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

/// One vendor account the outbox can send orders to. Implemented for the three vendor clients.
pub trait VendorPort: Send + Sync {
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
}

/// Whether a refusal names `needle` (field, message or vendor code), case-insensitively.
fn mentions(err: &vendor_http::Error, needle: &str) -> bool {
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

/// One row of a page of recent orders, as the scan needs it.
struct Row<'r> {
    reference: &'r str,
    id: String,
    created: Option<DateTime<Utc>>,
}

/// What the scan decided after a page.
enum Next {
    Found(String),
    /// Read the next page.
    More,
    /// The listing is exhausted (or, newest first, older than the scope).
    End,
    GiveUp(String),
}

/// A bounded walk through pages of recent orders, matching our reference in each row's own field.
struct Scan<'s> {
    reference: &'s str,
    scope: LookupScope,
    pages: u32,
    prev_first: Option<String>,
    /// Every row so far came newest first (then a row older than the scope ends the walk).
    newest_first: bool,
    last_created: Option<DateTime<Utc>>,
}

impl<'s> Scan<'s> {
    fn new(reference: &'s str, scope: LookupScope) -> Self {
        Scan {
            reference,
            scope,
            pages: 0,
            prev_first: None,
            newest_first: true,
            last_created: None,
        }
    }

    fn page(&mut self, rows: &[Row<'_>], more: bool) -> Next {
        self.pages += 1;
        let first = rows.first().map(|r| r.id.clone());
        if self.pages > 1 && first.is_some() && first == self.prev_first {
            return Next::GiveUp("the vendor answered the same page twice".into());
        }
        if first.is_some() {
            self.prev_first = first;
        }
        for r in rows {
            if r.reference.trim() == self.reference {
                return Next::Found(r.id.clone());
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
            return Next::End;
        }
        if self.newest_first && self.last_created.is_some_and(|t| t < self.scope.since) {
            return Next::End;
        }
        if self.pages >= self.scope.max_pages {
            return Next::GiveUp(format!(
                "read {} pages of recent orders without covering every order since {}",
                self.pages,
                self.scope
                    .since
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ));
        }
        Next::More
    }
}

impl VendorPort for pancake::PancakeClient {
    fn vendor(&self) -> Vendor {
        Vendor::Pancake
    }

    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let o = self
                .create_order(&mapping::to_pancake(draft, reference))
                .await?;
            Ok(o.id.to_string())
        })
    }

    /// The list's `search` first (documented for phone, name and note only), then the orders inserted
    /// since the scope (`updateStatus=inserted_at&startDateTime=…`, newest first, removed ones
    /// included), matched on `custom_id`.
    fn find_by_reference<'a>(
        &'a self,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, Result<Lookup>> {
        Box::pin(async move {
            let reference = reference.trim();
            if reference.is_empty() {
                return Ok(Lookup::NotFound);
            }
            let searched = self
                .list_orders(&pancake::OrderQuery {
                    search: Some(reference.to_string()),
                    include_removed: Some(true),
                    page_number: Some(1),
                    page_size: Some(LOOKUP_PAGE_SIZE),
                    ..Default::default()
                })
                .await?;
            if let Some(o) = searched
                .data
                .iter()
                .find(|o| o.custom_id.as_deref().map(str::trim) == Some(reference))
            {
                return Ok(Lookup::Found(o.id.to_string()));
            }
            let mut query = pancake::OrderQuery {
                include_removed: Some(true),
                update_status: Some("inserted_at".into()),
                start_date_time: Some(scope.since),
                option_sort: Some("inserted_at_desc".into()),
                page_size: Some(LOOKUP_PAGE_SIZE),
                ..Default::default()
            };
            let mut scan = Scan::new(reference, scope);
            for page in 1.. {
                query.page_number = Some(page);
                let p = self.list_orders(&query).await?;
                let rows: Vec<Row<'_>> = p
                    .data
                    .iter()
                    .map(|o| Row {
                        reference: o.custom_id.as_deref().unwrap_or(""),
                        id: o.id.to_string(),
                        created: o.inserted_at,
                    })
                    .collect();
                match scan.page(&rows, p.has_more(LOOKUP_PAGE_SIZE)) {
                    Next::Found(id) => return Ok(Lookup::Found(id)),
                    Next::End => break,
                    Next::GiveUp(why) => return Ok(Lookup::Inconclusive(why)),
                    Next::More => {}
                }
            }
            Ok(Lookup::NotFound)
        })
    }

    /// Pancake documents no uniqueness of `custom_id`; a refusal that names it is taken as one.
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        mentions(err, "custom_id")
    }
}

impl VendorPort for nhanh::Client {
    fn vendor(&self) -> Vendor {
        Vendor::Nhanh
    }

    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let o = self.add_order(&mapping::to_nhanh(draft, reference)).await?;
            Ok(o.id.to_string())
        })
    }

    /// `order/list` has no reference filter: the created-at windows (≤ 31 days each, documented) since
    /// the scope are read newest first and matched on `channel.appOrderId`.
    fn find_by_reference<'a>(
        &'a self,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, Result<Lookup>> {
        Box::pin(async move {
            let reference = reference.trim();
            if reference.is_empty() {
                return Ok(Lookup::NotFound);
            }
            // a little ahead of our clock, in case the vendor's runs ahead
            let until = Utc::now() + Duration::minutes(10);
            let mut windows = nhanh::dates::split_timestamps(scope.since, until);
            windows.reverse();
            let mut scan = Scan::new(reference, scope);
            for (from, to) in windows {
                let filter = nhanh::orders::OrderFilter {
                    created_at_from: Some(from),
                    created_at_to: Some(to),
                    ..Default::default()
                };
                let mut req = nhanh::PageRequest::new(LOOKUP_PAGE_SIZE).sort("id", "desc");
                loop {
                    let page = self.orders_page(&filter, req.clone()).await?;
                    let more = page.next.is_some() && page.next != req.next;
                    let rows: Vec<Row<'_>> = page
                        .items
                        .iter()
                        .map(|o| Row {
                            reference: o.reference(),
                            id: o.info.id.to_string(),
                            created: o.info.created_at,
                        })
                        .collect();
                    match scan.page(&rows, more) {
                        Next::Found(id) => return Ok(Lookup::Found(id)),
                        Next::End => break,
                        Next::GiveUp(why) => return Ok(Lookup::Inconclusive(why)),
                        Next::More => req.next = page.next.clone(),
                    }
                }
            }
            Ok(Lookup::NotFound)
        })
    }

    /// Nhanh dedupes on appId + appOrderId; what a duplicate answers is undocumented (a form error on
    /// `channel.appOrderId` in the simulator).
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        mentions(err, "appOrderId") || err.vendor_code().is_some_and(|c| c.contains("EXIST"))
    }
}

impl VendorPort for onflow::OnflowClient {
    fn vendor(&self) -> Vendor {
        Vendor::Onflow
    }

    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let s = self
                .create_shipment(&mapping::to_onflow(draft, reference))
                .await?;
            Ok(s.tracking_code)
        })
    }

    /// The list's reference filter first (undocumented: it may be ignored), then the shipment list page
    /// by page (no documented filter or order: the walk ends early only while the rows come newest
    /// first and are older than the scope), matched on `merchant_tracking_code_reference`.
    fn find_by_reference<'a>(
        &'a self,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, Result<Lookup>> {
        Box::pin(async move {
            let reference = reference.trim();
            if reference.is_empty() {
                return Ok(Lookup::NotFound);
            }
            let filtered = self
                .list_shipments(
                    &onflow::ShipmentQuery {
                        merchant_tracking_code_reference: Some(reference.to_string()),
                        ..Default::default()
                    },
                    1,
                    LOOKUP_PAGE_SIZE,
                )
                .await?;
            if let Some(s) = filtered
                .items
                .iter()
                .find(|s| s.merchant_tracking_code_reference.trim() == reference)
            {
                return Ok(Lookup::Found(s.tracking_code.clone()));
            }
            let all = onflow::ShipmentQuery::default();
            let mut scan = Scan::new(reference, scope);
            for page in 1.. {
                let p = self.list_shipments(&all, page, LOOKUP_PAGE_SIZE).await?;
                let rows: Vec<Row<'_>> = p
                    .items
                    .iter()
                    .map(|s| Row {
                        reference: &s.merchant_tracking_code_reference,
                        id: s.tracking_code.clone(),
                        created: s.created_time,
                    })
                    .collect();
                match scan.page(&rows, p.has_more()) {
                    Next::Found(id) => return Ok(Lookup::Found(id)),
                    Next::End => break,
                    Next::GiveUp(why) => return Ok(Lookup::Inconclusive(why)),
                    Next::More => {}
                }
            }
            Ok(Lookup::NotFound)
        })
    }

    /// Onflow answers `ALREADY_EXISTS` for a repeated reference *(placeholder)*.
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        err.vendor_code() == Some(onflow::assumptions::DUPLICATE_REFERENCE_CODE)
    }
}

/// The ports of the connected accounts, by account id (for [`crate::Outbox::resume`]).
#[derive(Clone, Default)]
pub struct Ports {
    by_account: HashMap<String, Arc<dyn VendorPort>>,
}

impl Ports {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, account_id: impl Into<String>, port: Arc<dyn VendorPort>) {
        self.by_account.insert(account_id.into(), port);
    }

    pub fn with(mut self, account_id: impl Into<String>, port: Arc<dyn VendorPort>) -> Self {
        self.insert(account_id, port);
        self
    }

    /// The port of `account_id` when it is connected and of `vendor`.
    pub fn get(&self, account_id: &str, vendor: Vendor) -> Option<&Arc<dyn VendorPort>> {
        self.by_account
            .get(account_id)
            .filter(|p| p.vendor() == vendor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(min: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_770_000_000, 0).unwrap_or_default()
            + Duration::minutes(min)
    }

    fn row(reference: &'static str, id: &str, min: Option<i64>) -> Row<'static> {
        Row {
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
        let mut s = Scan::new("SD-1", scope(0, 5));
        let rows = [row("SD-10", "a", Some(9)), row(" SD-1 ", "b", Some(8))];
        assert!(matches!(s.page(&rows, true), Next::Found(id) if id == "b"));
    }

    #[test]
    fn newest_first_rows_older_than_the_scope_end_the_scan() {
        let mut s = Scan::new("SD-1", scope(0, 5));
        assert!(matches!(
            s.page(&[row("x", "a", Some(9)), row("y", "b", Some(5))], true),
            Next::More
        ));
        assert!(matches!(
            s.page(&[row("z", "c", Some(1)), row("w", "d", Some(-1))], true),
            Next::End
        ));
        // without a usable order (a row without time, or out of order) only the listing's end counts
        let mut s = Scan::new("SD-1", scope(0, 5));
        assert!(matches!(
            s.page(&[row("x", "a", Some(-5)), row("y", "b", Some(-1))], true),
            Next::More
        ));
        let mut s = Scan::new("SD-1", scope(0, 5));
        assert!(matches!(
            s.page(&[row("x", "a", None), row("y", "b", Some(-9))], true),
            Next::More
        ));
        assert!(matches!(
            s.page(&[row("z", "c", Some(-10))], false),
            Next::End
        ));
    }

    #[test]
    fn a_scan_gives_up_at_its_page_budget_or_on_a_repeated_page() {
        let mut s = Scan::new("SD-1", scope(0, 2));
        assert!(matches!(
            s.page(&[row("x", "a", Some(9))], true),
            Next::More
        ));
        assert!(matches!(
            s.page(&[row("y", "b", Some(8))], true),
            Next::GiveUp(_)
        ));
        let mut s = Scan::new("SD-1", scope(0, 9));
        assert!(matches!(
            s.page(&[row("x", "a", Some(9))], true),
            Next::More
        ));
        assert!(matches!(
            s.page(&[row("x", "a", Some(9))], true),
            Next::GiveUp(why) if why.contains("same page")
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
        assert!(mentions(
            &v("channel.appOrderId", "appOrderId SD-1 already exists"),
            "appOrderId"
        ));
        assert!(mentions(&v("x", "CUSTOM_ID taken"), "custom_id"));
        assert!(!mentions(&v("products.0.id", "not found"), "appOrderId"));
        assert!(!mentions(&vendor_http::Error::Timeout, "appOrderId"));
    }
}
