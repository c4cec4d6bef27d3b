//! The order form's item picker: one account's listings by SKU, barcode or name, with that account's
//! stock per warehouse.

use std::collections::HashSet;

use rusqlite::params;
use rusqlite::types::Value;
use serde::Serialize;
use shopdesk_core::Money;

use crate::text::fold;
use crate::{Result, Store};

/// Stock of one listing in one warehouse of its account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogStock {
    pub vendor_wh_id: String,
    pub warehouse_name: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub available: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub on_hand: Option<i64>,
}

/// One sellable listing of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogItem {
    pub vendor_product_id: String,
    pub vendor_variation_id: String,
    pub sku: Option<String>,
    pub barcode: Option<String>,
    pub name: String,
    /// The listing's selling price (whole đồng), when the vendor gives one.
    pub price_vnd: Option<Money>,
    pub stock: Vec<CatalogStock>,
}

impl CatalogItem {
    /// What can be sold from one warehouse (`available`, else `on_hand`); `None` = not reported.
    pub fn sellable_in(&self, vendor_wh_id: &str) -> Option<i64> {
        self.stock
            .iter()
            .find(|s| s.vendor_wh_id == vendor_wh_id)
            .and_then(|s| s.available.or(s.on_hand))
    }
}

/// A tier whose index gives more candidates than this is read in the search's order instead (the
/// first `limit` members come early then), so no query sorts or checks more than this many rows.
const CANDIDATE_CAP: i64 = 1000;

/// Rank 0 candidates: the SKU (as `sku_upper`) or the barcode equals the query.
pub(crate) const SQL_EXACT: &str =
    "SELECT id FROM listings WHERE account_id = ?1 AND sku_upper = ?2
     UNION SELECT id FROM listings WHERE account_id = ?1 AND barcode = ?2";
/// Rank 1 candidates: `sku_upper` in `[prefix, upper)`, every SKU starting with the prefix.
pub(crate) const SQL_PREFIX: &str = "SELECT id FROM listings
     WHERE account_id = ?1 AND sku_upper >= ?2 AND sku_upper < ?3 LIMIT ?4";
/// Rank 2 / 3 candidates from the listings' FTS index (the query names the account's token).
pub(crate) const SQL_FTS: &str =
    "SELECT rowid FROM listing_fts WHERE listing_fts MATCH ?1 LIMIT ?2";
/// One candidate.
pub(crate) const SQL_ROW: &str =
    "SELECT id, vendor_product_id, vendor_variation_id, sku, barcode, name, price_vnd,
            search_folded
     FROM listings WHERE id = ?1 AND account_id = ?2";
/// Every listing of the account in the search's order (an empty query, or a tier with many members).
pub(crate) const SQL_WALK: &str = "SELECT id, vendor_product_id, vendor_variation_id, sku, barcode, name, price_vnd,
            search_folded
     FROM listings WHERE account_id = ?1 ORDER BY sku, name, vendor_product_id, vendor_variation_id";

/// What a query is compared with, and the rank rule (0 exact SKU/barcode, 1 SKU prefix, 2 every word
/// starts a word, 3 every word is inside a word; `None` = no match). This is the rule; the indexes only
/// find candidates for it.
struct Probe {
    exact: String,
    words: Vec<String>,
    /// Each word after a space (a word starting inside the text).
    spaced: Vec<String>,
}

impl Probe {
    fn new(query: &str) -> Probe {
        let words: Vec<String> = fold(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        Probe {
            exact: query.trim().to_uppercase(),
            spaced: words.iter().map(|w| format!(" {w}")).collect(),
            words,
        }
    }

    fn rank(&self, sku: Option<&str>, barcode: Option<&str>, searchable: &str) -> Option<u8> {
        let exact = self.exact.as_str();
        let sku_up = sku.map(|s| s.trim().to_uppercase());
        Some(if exact.is_empty() {
            3
        } else if sku_up.as_deref() == Some(exact) || barcode.map(str::trim) == Some(exact) {
            0
        } else if sku_up.as_deref().is_some_and(|s| s.starts_with(exact)) {
            1
        } else if self
            .words
            .iter()
            .zip(&self.spaced)
            .all(|(w, sw)| searchable.starts_with(w.as_str()) || searchable.contains(sw.as_str()))
        {
            2
        } else if self.words.iter().all(|w| searchable.contains(w.as_str())) {
            3
        } else {
            return None;
        })
    }

    /// The FTS query whose hits include every listing of `account_id` where each word starts a word
    /// (`word_start`) or is inside a word; `None` when no word can be looked up (the tier is then read
    /// in order). A word is looked up when it is ASCII letters/digits, which the tokenizer keeps as they
    /// are; other words are only checked on the candidates.
    fn fts_query(&self, account_id: &str, word_start: bool) -> Option<String> {
        let mut terms: Vec<String> = Vec::new();
        for w in &self.words {
            if !w
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                continue;
            }
            let grams =
                || (0..=w.len().saturating_sub(3)).map(move |i| format!("\"_{}\"", &w[i..i + 3]));
            if word_start {
                if w.len() <= 3 {
                    terms.push(format!("\"{w}\"*"));
                } else {
                    terms.push(format!("\"{}\"*", &w[..3]));
                    terms.extend(grams());
                }
            } else if w.len() < 3 {
                terms.push(format!("\"_{w}\"*"));
            } else {
                terms.extend(grams());
            }
        }
        if terms.is_empty() {
            return None;
        }
        Some(format!(
            "\"{}\" AND {}",
            crate::schema::account_token(account_id),
            terms.join(" AND ")
        ))
    }
}

/// The smallest string above every string that starts with `prefix` (`None`: there is none).
fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            c => char::from_u32(u32::from(c) + 1),
        };
        if let Some(n) = next {
            chars.push(n);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

type Hit = (i64, String, String, CatalogItem);

fn hit_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Hit, String)> {
    let sku: Option<String> = r.get(3)?;
    Ok((
        (
            r.get(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            CatalogItem {
                vendor_product_id: r.get(1)?,
                vendor_variation_id: r.get(2)?,
                sku,
                barcode: r.get(4)?,
                name: r.get(5)?,
                price_vnd: r.get::<_, Option<i64>>(6)?.map(Money::vnd),
                stock: Vec::new(),
            },
        ),
        r.get(7)?,
    ))
}

/// The search's order within a rank: SKU (no SKU first), name, then the vendor ids.
fn order_key(h: &Hit) -> (&Option<String>, &str, &str, &str) {
    (&h.3.sku, h.3.name.as_str(), h.1.as_str(), h.2.as_str())
}

impl Store {
    /// Listings of `account_id` whose SKU or barcode equals `query` (case-insensitive) first, then
    /// those whose SKU starts with it, then those whose name/SKU/barcode words start with every word of
    /// it, then those containing every word inside a word (diacritics-insensitive); within a rank by SKU
    /// (none first), then name. Empty query: the first `limit` listings in that order.
    ///
    /// Each rank's candidates come from an index (`sku_upper`, `barcode`, `listing_fts`) and are checked
    /// with the rule in Rust; a rank with more than [`CANDIDATE_CAP`] candidates (or none an index can
    /// find) is read in the search's order from `(account_id, sku, name)` until `limit` is reached.
    pub fn catalog_search(
        &self,
        account_id: &str,
        query: &str,
        limit: usize,
    ) -> Result<Vec<CatalogItem>> {
        let probe = Probe::new(query);
        let mut hits: Vec<Hit> = Vec::new();
        let tiers: &[u8] = if probe.exact.is_empty() {
            &[3]
        } else {
            &[0, 1, 2, 3]
        };
        for &tier in tiers {
            let need = limit.saturating_sub(hits.len());
            if need == 0 {
                break;
            }
            let candidates = if probe.exact.is_empty() {
                None
            } else {
                self.catalog_candidates(account_id, &probe, tier)?
            };
            match candidates {
                Some(ids) => {
                    let mut row = self.conn.prepare_cached(SQL_ROW)?;
                    let mut found: Vec<Hit> = Vec::new();
                    for id in ids {
                        let mut rows = row.query(params![id, account_id])?;
                        if let Some(r) = rows.next()? {
                            let (hit, searchable) = hit_from(r)?;
                            let rank = probe.rank(
                                hit.3.sku.as_deref(),
                                hit.3.barcode.as_deref(),
                                &searchable,
                            );
                            if rank == Some(tier) {
                                found.push(hit);
                            }
                        }
                    }
                    found.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
                    found.truncate(need);
                    hits.extend(found);
                }
                None => {
                    let mut walk = self.conn.prepare_cached(SQL_WALK)?;
                    let mut rows = walk.query(params![account_id])?;
                    let mut taken = 0;
                    while taken < need {
                        let Some(r) = rows.next()? else { break };
                        let sku: Option<String> = r.get(3)?;
                        let barcode: Option<String> = r.get(4)?;
                        let rank = {
                            let searchable = r.get_ref(7)?.as_str().map_err(|e| {
                                rusqlite::Error::FromSqlConversionFailure(
                                    7,
                                    rusqlite::types::Type::Text,
                                    Box::new(e),
                                )
                            })?;
                            probe.rank(sku.as_deref(), barcode.as_deref(), searchable)
                        };
                        if rank == Some(tier) {
                            hits.push(hit_from(r)?.0);
                            taken += 1;
                        }
                    }
                }
            }
        }
        let mut stock = self.conn.prepare_cached(
            "SELECT w.vendor_wh_id, w.name, s.available, s.on_hand
             FROM stock s JOIN warehouses w ON w.id = s.warehouse_id
             WHERE s.listing_id = ?1 ORDER BY w.name, w.id",
        )?;
        for (id, _, _, item) in &mut hits {
            let rows = stock.query_map(params![*id], |r| {
                Ok(CatalogStock {
                    vendor_wh_id: r.get(0)?,
                    warehouse_name: r.get(1)?,
                    available: r.get(2)?,
                    on_hand: r.get(3)?,
                })
            })?;
            for s in rows {
                item.stock.push(s?);
            }
        }
        Ok(hits.into_iter().map(|(_, _, _, i)| i).collect())
    }

    /// The ids that may have rank `tier` (a superset, in no order), or `None` when there are more than
    /// [`CANDIDATE_CAP`] or no index can find them.
    fn catalog_candidates(
        &self,
        account_id: &str,
        probe: &Probe,
        tier: u8,
    ) -> Result<Option<Vec<i64>>> {
        let capped = |ids: Vec<i64>| (ids.len() as i64 <= CANDIDATE_CAP).then_some(ids);
        Ok(match tier {
            0 => {
                let mut st = self.conn.prepare_cached(SQL_EXACT)?;
                let ids = st.query_map(params![account_id, probe.exact], |r| r.get(0))?;
                Some(ids.collect::<rusqlite::Result<_>>()?)
            }
            1 => match prefix_upper_bound(&probe.exact) {
                // only U+10FFFF: no bound, read in order
                None => None,
                Some(upper) => {
                    let mut st = self.conn.prepare_cached(SQL_PREFIX)?;
                    let ids = st.query_map(
                        params![account_id, probe.exact, upper, CANDIDATE_CAP + 1],
                        |r| r.get(0),
                    )?;
                    capped(ids.collect::<rusqlite::Result<_>>()?)
                }
            },
            // No words: every listing not ranked 0/1 has rank 2, none rank 3.
            _ if probe.words.is_empty() => (tier == 3).then(Vec::new),
            _ => match probe.fts_query(account_id, tier == 2) {
                None => None,
                Some(q) => {
                    let mut st = self.conn.prepare_cached(SQL_FTS)?;
                    let ids = st.query_map(params![q, CANDIDATE_CAP + 1], |r| r.get(0))?;
                    capped(ids.collect::<rusqlite::Result<_>>()?)
                }
            },
        })
    }

    /// `EXPLAIN QUERY PLAN` of every statement the catalog search runs, by name (`exact`, `prefix`,
    /// `fts`, `row`, `walk`), for the plan test.
    #[doc(hidden)]
    pub fn explain_catalog_search(&self) -> Result<Vec<(&'static str, String)>> {
        let fts = Probe::new("ao thun")
            .fts_query("x", true)
            .unwrap_or_default();
        let mut out = Vec::new();
        for (name, sql, args) in [
            (
                "exact",
                SQL_EXACT,
                vec![Value::from("x".to_string()), Value::from("AT".to_string())],
            ),
            (
                "prefix",
                SQL_PREFIX,
                vec![
                    Value::from("x".to_string()),
                    Value::from("AT".to_string()),
                    Value::from("AU".to_string()),
                    Value::from(CANDIDATE_CAP + 1),
                ],
            ),
            (
                "fts",
                SQL_FTS,
                vec![Value::from(fts), Value::from(CANDIDATE_CAP + 1)],
            ),
            (
                "row",
                SQL_ROW,
                vec![Value::from(1), Value::from("x".to_string())],
            ),
            ("walk", SQL_WALK, vec![Value::from("x".to_string())]),
        ] {
            out.push((name, crate::explain(&self.conn, sql, &args)?));
        }
        Ok(out)
    }

    /// Which of `skus` and `barcodes` a cached listing (at any account) already has, compared by their
    /// grouping keys (a new product's SKU must be free: the same key would group it with another
    /// product). One scan of the listings for the lot.
    pub fn held_codes(&self, skus: &[&str], barcodes: &[&str]) -> Result<HeldCodes> {
        let sku_keys: Vec<(String, &str)> = skus
            .iter()
            .filter_map(|s| crate::text::normalize_sku(s).map(|k| (k, *s)))
            .collect();
        let barcode_keys: Vec<(String, &str)> = barcodes
            .iter()
            .filter_map(|b| crate::text::normalize_barcode(b).map(|k| (k, *b)))
            .collect();
        let mut held = HeldCodes::default();
        for (column, keys, out) in [
            ("sku_norm", &sku_keys, &mut held.skus),
            ("barcode_norm", &barcode_keys, &mut held.barcodes),
        ] {
            if keys.is_empty() {
                continue;
            }
            let marks = vec!["?"; keys.len()].join(",");
            let mut st = self.conn.prepare(&format!(
                "SELECT DISTINCT {column} FROM listings WHERE {column} IN ({marks})"
            ))?;
            let found: HashSet<String> = st
                .query_map(
                    rusqlite::params_from_iter(keys.iter().map(|(k, _)| k.as_str())),
                    |r| r.get::<_, String>(0),
                )?
                .collect::<rusqlite::Result<_>>()?;
            out.extend(
                keys.iter()
                    .filter(|(k, _)| found.contains(k))
                    .map(|(_, s)| s.to_string()),
            );
        }
        Ok(held)
    }

    /// The listing of `account_id` with exactly this SKU (case-insensitive), for the bulk import.
    pub fn catalog_by_sku(&self, account_id: &str, sku: &str) -> Result<Option<CatalogItem>> {
        let wanted = sku.trim().to_uppercase();
        if wanted.is_empty() {
            return Ok(None);
        }
        Ok(self
            .catalog_search(account_id, sku, 50)?
            .into_iter()
            .find(|i| i.sku.as_deref().map(|s| s.trim().to_uppercase()) == Some(wanted.clone())))
    }
}

/// The codes [`Store::held_codes`] found, as they were asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeldCodes {
    pub skus: HashSet<String>,
    pub barcodes: HashSet<String>,
}

/// One listing as its detail view shows it (with its image URLs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ListingView {
    pub listing: crate::ListingRef,
    pub vendor: crate::Vendor,
    pub name: String,
    pub sku: Option<String>,
    /// The selling price (VND) the last sync read.
    #[specta(type = Option<specta_typescript::Number>)]
    pub price_vnd: Option<i64>,
    pub images: Vec<String>,
}

impl Store {
    /// One listing with its images, `None` when it is not (or no longer) cached.
    pub fn listing_view(&self, r: &crate::ListingRef) -> Result<Option<ListingView>> {
        use rusqlite::OptionalExtension;
        let row = self
            .conn
            .query_row(
                "SELECT a.vendor, l.name, l.sku, l.image_urls, l.price_vnd
                 FROM listings l JOIN accounts a ON a.id = l.account_id
                 WHERE l.account_id = ?1 AND l.vendor_product_id = ?2 AND l.vendor_variation_id = ?3",
                params![r.account_id, r.vendor_product_id, r.vendor_variation_id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, Option<i64>>(4)?,
                    ))
                },
            )
            .optional()?;
        Ok(row.and_then(|(vendor, name, sku, images, price_vnd)| {
            Some(ListingView {
                listing: r.clone(),
                vendor: crate::Vendor::parse(&vendor)?,
                name,
                sku,
                price_vnd,
                images: serde_json::from_str(&images).unwrap_or_default(),
            })
        }))
    }

    /// Record the images the vendor now reports for a listing (after ShopDesk added one), until the next
    /// sync refreshes the whole row.
    pub fn set_listing_images(&mut self, r: &crate::ListingRef, urls: &[String]) -> Result<()> {
        let json = serde_json::to_string(urls).map_err(|e| crate::Error::Invalid(e.to_string()))?;
        let n = self.conn.execute(
            "UPDATE listings SET image_urls = ?4
             WHERE account_id = ?1 AND vendor_product_id = ?2 AND vendor_variation_id = ?3",
            params![
                r.account_id,
                r.vendor_product_id,
                r.vendor_variation_id,
                json
            ],
        )?;
        if n == 0 {
            return Err(crate::Error::NotFound(format!(
                "listing {}/{}",
                r.vendor_product_id, r.vendor_variation_id
            )));
        }
        Ok(())
    }
}
