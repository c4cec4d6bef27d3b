//! Nhanh.vn: the `shopdesk_core::ports::stock_writer` port on [`Client`].
//!
//! Nhanh has no "set quantity" call (nhanh.md §10.6: inventory bills "are how stock is changed through the
//! API (there is no "set quantity" endpoint)"), so a write is [`WriteKind::Delta`]: each change moves the
//! depot's figure by `to - from` through an *other import* (`inventory/importother`, bill type 1) or an
//! *other export* (`inventory/exportother`, bill type 2) bill (§10.6, §9.11). The figure read and
//! moved is the depot's `available` of `product/inventory` (§10.2: "`available` sellable"), the one the
//! stock source stores as `available`.
//!
//! # One batch, several bills, never doubled
//!
//! A bill holds one depot and one direction (`depotId`* is per bill, §10.6), so one batch becomes up to
//! two bills per depot. The bills of a batch are planned deterministically and numbered `k/n`; each
//! carries the batch marker and its number in its `description` (§10.6 `description`, returned by
//! `bill/list`, §10.5): `Cân tồn kho từ ShopDesk <marker> (phiếu k/n)`.
//!
//! 1. Bills are sent **one after the other, each only after the previous one answered success**. A
//!    failure (refusal, timeout, dropped connection) stops the batch, so the bills at the vendor are always
//!    a prefix `1..=j` of the plan.
//! 2. [`StockWriter::find`] answers `Found` only when a bill numbered `n/n` of the marker exists: by (1)
//!    every earlier bill of that send exists too, so the whole batch is applied. A prefix without its last
//!    bill (`1/2` only) is `NotFound`: the batch is *not* whole.
//! 3. After `NotFound` the push engine re-reads the figures before it recomputes (port contract,
//!    `StockWriter::read`): the applied prefix already shows in the re-read `from`, so its cells now have a
//!    zero delta and are not sent again; only the missing moves go out. A resend under the same marker
//!    is numbered afresh and its own last bill completes the marker.
//!
//! Exports are planned before imports: an export is the bill Nhanh can refuse for want of stock (the
//! figure moved since the read), and refusing it first leaves nothing applied.
//!
//! `find` and `recent_markers` read `bill/list` by bill date (`fromDate`/`toDate`, `yyyy-mm-dd`, at most
//! 31 days per request, §10.5; split by [`crate::dates::split_dates`]) over a bounded number of pages;
//! a window that needs more pages is `Inconclusive` (find) or `TOO_MANY_PAGES` (recent markers). No
//! `modes` filter is sent: that `importother`/`exportother` bills carry mode 10 ("Other", §9.11) is only
//! inferred from the names, and a wrong filter would hide our bills and make a resend double them.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use futures::future::BoxFuture;
use shopdesk_core::ports::order_sink::Lookup;
use shopdesk_core::ports::stock_writer::{
    SeenMarker, StockBatch, StockCell, StockWriteReceipt, StockWriter, WriteKind, WriteLimits,
    MARKER_PREFIX,
};
use shopdesk_core::Vendor;
use vendor_http::{Error, Result};

use crate::bills::{Bill, BillFilter, BillKind, BillLine, NewInventoryBill};
use crate::products::{InventoryFilter, InventoryItem};
use crate::{Client, PageRequest};

/// The text before the marker in every bill description we write.
pub const DESCRIPTION_PREFIX: &str = "Cân tồn kho từ ShopDesk";

/// Product lines per bill. The inventory-bill creates document no line limit (§10.6); 100 is the limit
/// Nhanh documents for its other bill create (`bill/addretail`: "max 100 products", §10.5). A batch of
/// at most this many changes fits each of its bills.
pub const MAX_WRITE_BATCH: usize = 100;

/// Product ids per `product/inventory` request (§10.2: `ids` "max 100"; "Up to 100 per page").
pub const MAX_READ: usize = 100;

/// Pages of `bill/list` (100 bills each, the paginator's maximum) one lookup reads at most before it
/// answers `Inconclusive`: 5,000 bills of every kind (shipments, retail…) since the lookup's start.
pub const LOOKUP_MAX_PAGES: u32 = 50;

/// `bill/list` page size (the paginator allows 1..=100).
const BILL_PAGE: u32 = 100;

/// One bill of a batch's plan.
#[derive(Debug, Clone, PartialEq)]
struct Planned {
    kind: BillKind,
    bill: NewInventoryBill,
}

/// The Nhanh product id of a cell: a Nhanh variant is its own product, so the variation's id when there
/// is one, else the product's (as the stock source keys cells).
fn own_id(cell: &StockCell) -> Result<i64> {
    let own = if cell.vendor_variation_id.trim().is_empty() {
        cell.vendor_product_id.trim()
    } else {
        cell.vendor_variation_id.trim()
    };
    own.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| Error::Internal {
            message: format!("Nhanh product id {own:?} is not a positive number"),
        })
}

fn depot_id(cell: &StockCell) -> Result<i64> {
    let d = cell.vendor_wh_id.trim();
    d.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| Error::Internal {
            message: format!("Nhanh depot id {d:?} is not a positive number"),
        })
}

/// The description of bill `k` of `n` of a batch.
pub fn description(marker: &str, k: usize, n: usize) -> String {
    format!("{DESCRIPTION_PREFIX} {marker} (phiếu {k}/{n})")
}

/// What a bill description of ours says: the marker and, when present, the bill's number `(k, n)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Note<'a> {
    pub marker: &'a str,
    pub part: Option<(u32, u32)>,
}

/// Read a description written by [`description`] (or any text holding a marker: `part` is then `None`).
pub fn parse_note(text: &str) -> Option<Note<'_>> {
    let start = text.find(MARKER_PREFIX)?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .unwrap_or(rest.len());
    let marker = &rest[..end];
    if marker.len() == MARKER_PREFIX.len() {
        return None;
    }
    let part = rest[end..]
        .split_once("(phiếu ")
        .and_then(|(_, t)| t.split_once(')'))
        .and_then(|(kn, _)| kn.split_once('/'))
        .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)))
        .filter(|(k, n): &(u32, u32)| *k >= 1 && k <= n);
    Some(Note { marker, part })
}

/// The bills of a batch, in sending order: exports (depot ascending), then imports. Changes of the same
/// product and depot are netted; a zero net move sends nothing.
fn plan(batch: &StockBatch) -> Result<Vec<Planned>> {
    // (depot, product) → net delta, ordered for a deterministic plan
    let mut net: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    for c in &batch.changes {
        let key = (depot_id(&c.cell)?, own_id(&c.cell)?);
        let e = net.entry(key).or_default();
        *e = e.saturating_add(c.delta());
    }
    let mut out = Vec::new();
    for kind in [BillKind::ExportOther, BillKind::ImportOther] {
        let mut by_depot: BTreeMap<i64, Vec<BillLine>> = BTreeMap::new();
        for ((depot, product), delta) in &net {
            let wanted = if kind.is_import() {
                *delta > 0
            } else {
                *delta < 0
            };
            if wanted {
                by_depot.entry(*depot).or_default().push(BillLine {
                    id: *product,
                    quantity: delta.saturating_abs(),
                    ..BillLine::default()
                });
            }
        }
        for (depot, products) in by_depot {
            out.push(Planned {
                kind,
                bill: NewInventoryBill {
                    depot_id: depot,
                    products,
                    ..NewInventoryBill::default()
                },
            });
        }
    }
    let n = out.len();
    for (i, p) in out.iter_mut().enumerate() {
        p.bill.description = Some(description(&batch.marker, i + 1, n));
    }
    Ok(out)
}

async fn write(c: &Client, batch: &StockBatch) -> Result<StockWriteReceipt> {
    if parse_note(&batch.marker).is_none_or(|n| n.marker != batch.marker) {
        return Err(Error::Internal {
            message: format!(
                "stock batch marker {:?} is not a ShopDesk marker",
                batch.marker
            ),
        });
    }
    let bills = plan(batch)?;
    if let Some(big) = bills
        .iter()
        .find(|b| b.bill.products.len() > MAX_WRITE_BATCH)
    {
        return Err(Error::Internal {
            message: format!(
                "Nhanh stock bill of {} lines exceeds {MAX_WRITE_BATCH}",
                big.bill.products.len()
            ),
        });
    }
    let mut receipt = StockWriteReceipt::default();
    for b in &bills {
        // Safety::Write inside: never retried; a failure stops the batch (module doc, step 1).
        let r = c.create_inventory_bill(b.kind, &b.bill).await?;
        receipt.vendor_refs.push(r.id.to_string());
    }
    Ok(receipt)
}

async fn read(c: &Client, cells: &[StockCell]) -> Result<Vec<Option<i64>>> {
    let mut ids: Vec<i64> = cells.iter().filter_map(|c| own_id(c).ok()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut figures: HashMap<(i64, i64), i64> = HashMap::new();
    for chunk in ids.chunks(MAX_READ) {
        let filter = InventoryFilter {
            ids: chunk.to_vec(),
            ..InventoryFilter::default()
        };
        c.walk(
            "product/inventory",
            &filter,
            PageRequest::new(MAX_READ as u32),
            None,
            |items: Vec<InventoryItem>| {
                for it in items {
                    for d in &it.inventory.depots {
                        figures.insert((it.product_id, d.id), d.available);
                    }
                }
            },
        )
        .await?;
    }
    Ok(cells
        .iter()
        .map(|cell| {
            let key = (own_id(cell).ok()?, depot_id(cell).ok()?);
            figures.get(&key).copied()
        })
        .collect())
}

/// Every bill dated from `since`'s day to tomorrow (bill dates are the shop's local days; one day of
/// margin on each side covers Vietnam being ahead of UTC), at most [`LOOKUP_MAX_PAGES`] pages in all.
/// `Err(why)` inside `Ok` when the pages ran out before the window did.
async fn scan_bills(
    c: &Client,
    since: DateTime<Utc>,
) -> Result<std::result::Result<Vec<Bill>, String>> {
    let from: NaiveDate = (since - Duration::days(1)).date_naive();
    let to: NaiveDate = (Utc::now() + Duration::days(1)).date_naive();
    let mut out = Vec::new();
    let mut pages = 0u32;
    for (a, b) in crate::dates::split_dates(from, to) {
        let filter = BillFilter {
            from_date: Some(a),
            to_date: Some(b),
            ..BillFilter::default()
        };
        let mut req = PageRequest::new(BILL_PAGE);
        loop {
            if pages >= LOOKUP_MAX_PAGES {
                return Ok(Err(format!(
                    "read {pages} pages of Nhanh bills without covering every bill since {from}"
                )));
            }
            let page: crate::Page<Bill> = c.page("bill/list", &filter, req.clone(), None).await?;
            pages += 1;
            out.extend(page.items);
            match page.next {
                None => break,
                Some(next) if req.next.as_ref() == Some(&next) => {
                    return Ok(Err("Nhanh bill/list returned the same cursor twice".into()));
                }
                Some(next) => req.next = Some(next),
            }
        }
    }
    Ok(Ok(out))
}

/// The lookup over scanned bills (module doc, step 2).
fn lookup(bills: &[Bill], marker: &str) -> Lookup {
    let mine: Vec<(&Bill, Note<'_>)> = bills
        .iter()
        .filter_map(|b| parse_note(&b.description).map(|n| (b, n)))
        .filter(|(_, n)| n.marker == marker)
        .collect();
    let whole = mine
        .iter()
        .any(|(_, n)| n.part.is_none_or(|(k, total)| k == total));
    if !whole {
        return Lookup::NotFound;
    }
    let ids: Vec<String> = mine.iter().map(|(b, _)| b.id.to_string()).collect();
    Lookup::Found(ids.join(","))
}

/// Our markers among scanned bills, once each, with the latest bill's creation time.
fn markers(bills: &[Bill], since: DateTime<Utc>) -> Vec<SeenMarker> {
    let mut seen: BTreeMap<String, Option<DateTime<Utc>>> = BTreeMap::new();
    for b in bills {
        let Some(note) = parse_note(&b.description) else {
            continue;
        };
        let at = b.created.created_at.or_else(|| {
            NaiveDate::parse_from_str(b.date.trim(), "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        });
        if b.created.created_at.is_some_and(|t| t < since) {
            continue;
        }
        let e = seen.entry(note.marker.to_string()).or_insert(at);
        if at > *e {
            *e = at;
        }
    }
    seen.into_iter()
        .map(|(marker, at)| SeenMarker { marker, at })
        .collect()
}

impl StockWriter for Client {
    fn vendor(&self) -> Vendor {
        Vendor::Nhanh
    }

    fn kind(&self) -> WriteKind {
        WriteKind::Delta
    }

    fn limits(&self) -> WriteLimits {
        WriteLimits {
            max_batch: MAX_WRITE_BATCH,
            max_read: MAX_READ,
        }
    }

    /// `product/inventory` filtered by the cells' product ids (§10.2), each depot's `available`.
    fn read<'a>(&'a self, cells: &'a [StockCell]) -> BoxFuture<'a, Result<Vec<Option<i64>>>> {
        Box::pin(read(self, cells))
    }

    /// One `exportother` per depot with decreases, then one `importother` per depot with increases
    /// (§10.6), sent in turn; the receipt lists the bill ids (`data.id`).
    fn write<'a>(&'a self, batch: &'a StockBatch) -> BoxFuture<'a, Result<StockWriteReceipt>> {
        Box::pin(write(self, batch))
    }

    fn find<'a>(&'a self, marker: &'a str, since: DateTime<Utc>) -> BoxFuture<'a, Result<Lookup>> {
        Box::pin(async move {
            let marker = marker.trim();
            if parse_note(marker).is_none_or(|n| n.marker != marker) {
                return Ok(Lookup::NotFound);
            }
            Ok(match scan_bills(self, since).await? {
                Ok(bills) => lookup(&bills, marker),
                Err(why) => Lookup::Inconclusive(why),
            })
        })
    }

    fn recent_markers(&self, since: DateTime<Utc>) -> BoxFuture<'_, Result<Vec<SeenMarker>>> {
        Box::pin(async move {
            match scan_bills(self, since).await? {
                Ok(bills) => Ok(markers(&bills, since)),
                Err(_) => Err(Error::too_many_pages("Nhanh bill/list", LOOKUP_MAX_PAGES)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdesk_core::ports::stock_writer::{marker, StockChange};

    fn change(product: &str, variation: &str, depot: &str, from: i64, to: i64) -> StockChange {
        StockChange {
            cell: StockCell {
                vendor_product_id: product.into(),
                vendor_variation_id: variation.into(),
                vendor_wh_id: depot.into(),
            },
            from,
            to,
        }
    }

    fn bill(id: i64, desc: &str) -> Bill {
        Bill {
            id,
            description: desc.into(),
            ..Bill::default()
        }
    }

    #[test]
    fn a_batch_becomes_exports_then_imports_per_depot_numbered_with_its_marker() {
        let m = marker("inst-1", 7, 2);
        let batch = StockBatch {
            marker: m.clone(),
            changes: vec![
                change("10", "11", "2", 5, 8), // +3 depot 2
                change("20", "", "1", 4, 1),   // -3 depot 1
                change("10", "12", "1", 2, 2), // no move
                change("10", "13", "1", 0, 6), // +6 depot 1
                change("10", "14", "2", 9, 0), // -9 depot 2
            ],
        };
        let p = plan(&batch).expect("plan");
        type Shape = (BillKind, i64, Vec<(i64, i64)>);
        let shape: Vec<Shape> = p
            .iter()
            .map(|b| {
                (
                    b.kind,
                    b.bill.depot_id,
                    b.bill.products.iter().map(|l| (l.id, l.quantity)).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (BillKind::ExportOther, 1, vec![(20, 3)]),
                (BillKind::ExportOther, 2, vec![(14, 9)]),
                (BillKind::ImportOther, 1, vec![(13, 6)]),
                (BillKind::ImportOther, 2, vec![(11, 3)]),
            ]
        );
        assert_eq!(
            p[3].bill.description.as_deref(),
            Some(format!("Cân tồn kho từ ShopDesk {m} (phiếu 4/4)").as_str())
        );
        let none = StockBatch {
            marker: m,
            changes: vec![change("1", "", "1", 3, 3)],
        };
        assert!(plan(&none).expect("plan").is_empty());
    }

    #[test]
    fn ids_that_are_not_numbers_are_refused_before_anything_is_sent() {
        let batch = StockBatch {
            marker: marker("i", 1, 1),
            changes: vec![change("abc", "", "1", 0, 1)],
        };
        assert!(plan(&batch).is_err());
        let batch = StockBatch {
            marker: marker("i", 1, 1),
            changes: vec![change("1", "", "kho", 0, 1)],
        };
        assert!(plan(&batch).is_err());
    }

    #[test]
    fn a_note_names_its_marker_exactly_and_its_number() {
        let m = marker("a1", 4, 1);
        let text = description(&m, 2, 3);
        let n = parse_note(&text).expect("note");
        assert_eq!(n.marker, m);
        assert_eq!(n.part, Some((2, 3)));
        assert_eq!(parse_note("Nhập hàng tay"), None);
        assert_eq!(
            parse_note(&format!("ghi chú {m}")).map(|n| (n.marker, n.part)),
            Some((m.as_str(), None))
        );
        // a longer batch number is another marker
        let longer = marker("a1", 4, 12);
        assert_ne!(
            parse_note(&description(&longer, 1, 1)).map(|n| n.marker),
            Some(m.as_str())
        );
    }

    #[test]
    fn found_only_when_the_last_bill_of_a_send_exists() {
        let m = marker("a1", 4, 1);
        let other = marker("a1", 4, 10);
        let first_only = vec![
            bill(1, &description(&m, 1, 2)),
            bill(2, &description(&other, 1, 1)),
        ];
        assert_eq!(lookup(&first_only, &m), Lookup::NotFound);
        assert_eq!(lookup(&first_only, &other), Lookup::Found("2".into()));
        // a resend after a re-read: the rest, numbered afresh, completes the marker
        let resent = vec![
            bill(1, &description(&m, 1, 2)),
            bill(3, &description(&m, 1, 1)),
        ];
        assert_eq!(lookup(&resent, &m), Lookup::Found("1,3".into()));
        let whole = vec![
            bill(1, &description(&m, 1, 2)),
            bill(4, &description(&m, 2, 2)),
        ];
        assert_eq!(lookup(&whole, &m), Lookup::Found("1,4".into()));
        assert_eq!(lookup(&[], &m), Lookup::NotFound);
    }

    #[test]
    fn recent_markers_are_listed_once_with_their_installation() {
        let a = marker("desk-a", 1, 1);
        let b = marker("desk-b", 9, 3);
        let bills = vec![
            bill(1, &description(&a, 1, 2)),
            bill(2, &description(&a, 2, 2)),
            bill(3, "Xuất hủy hàng lỗi"),
            bill(4, &description(&b, 1, 1)),
        ];
        let seen = markers(&bills, Utc::now() - Duration::days(1));
        let names: Vec<&str> = seen.iter().map(|s| s.marker.as_str()).collect();
        assert_eq!(names, vec![a.as_str(), b.as_str()]);
    }
}
