//! SKU matching: grouping listings across accounts, the materialised group rows the grid reads,
//! the mismatch rule, the matching page, manual match/unmatch and the CSV mapping.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::model::{vendor_bit, Listing, ListingRef, Vendor};
use crate::text::fold;
use crate::{now_text, Error, Result, Store};

/// One account's sellable stock of a group, summed over that account's warehouses (`available`, else
/// on hand where a vendor reports no available figure; `None`: the account reports neither for any of
/// the group's listings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountStock {
    pub vendor: Vendor,
    pub sellable: Option<i64>,
    /// A POS account's verdict from its last push check (`push_targets`): does a cell of the group differ
    /// from what a push would set it to. `None`: the account has no check yet.
    pub off_target: Option<bool>,
}

/// The mismatch rule (see README). A POS account (Pancake or Nhanh) that has a push check is a mismatch
/// when a push would change one of its cells in the group (`off_target`): its rules, warehouse mapping
/// and unshipped orders decide, so "Lệch tồn" clears once a push has set the figures. A POS account
/// without a check falls back to the physical comparison: physical sellable stock is the sum of
/// `available` over every Onflow account (all its warehouses) that reports one, and the account is a
/// mismatch when it is known and the account offers a different sellable total. On-hand figures are not
/// compared: a push sets what a POS can sell. A group seen only at Onflow, or only at POS accounts, is
/// never a mismatch.
pub fn is_mismatch(accounts: &[AccountStock]) -> bool {
    let mut physical: Option<i64> = None;
    for a in accounts.iter().filter(|a| !a.vendor.is_pos()) {
        physical = add_opt(physical, a.sellable);
    }
    let Some(physical) = physical else {
        return false;
    };
    accounts
        .iter()
        .filter(|a| a.vendor.is_pos())
        .any(|a| match a.off_target {
            Some(off) => off,
            None => a.sellable.is_some_and(|n| n != physical),
        })
}

/// A group's stock total, counting the goods once: the warehouse's (Onflow) figure when Onflow holds the
/// group, else the largest POS account's figure (Pancake and Nhanh sell the same goods, so adding them
/// would count them twice).
pub(crate) fn physical_total(vendor_mask: i64, onflow: i64, pancake: i64, nhanh: i64) -> i64 {
    if vendor_mask & vendor_bit(Vendor::Onflow) != 0 {
        onflow
    } else {
        pancake.max(nhanh)
    }
}

fn add_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.saturating_add(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Pancake before Nhanh before Onflow (a group's representative listing, a detail's listing order).
pub(crate) fn vendor_rank(v: Vendor) -> u8 {
    match v {
        Vendor::Pancake => 0,
        Vendor::Nhanh => 1,
        Vendor::Onflow => 2,
    }
}

/// The key a listing gets when it is kept on its own (manual unmatch, or nothing to join on).
pub(crate) fn solo_key(l: &ListingRef) -> String {
    format!(
        "solo:{}/{}/{}",
        l.account_id, l.vendor_product_id, l.vendor_variation_id
    )
}

struct Row {
    id: i64,
    listing: ListingRef,
    vendor: Vendor,
    sku: Option<String>,
    barcode: Option<String>,
    name: String,
    sku_norm: Option<String>,
    barcode_norm: Option<String>,
    search: String,
    old_key: String,
}

#[derive(Default)]
struct Agg {
    rep: usize,
    vendor_mask: i64,
    listings: i64,
    accounts: Vec<(usize, Vendor, Option<i64>, i64)>, // (account idx, vendor, sellable, listing count)
    skus: Vec<usize>,                                 // listing idx with a sku_norm
    members: Vec<usize>,
    oh: [i64; 3],
    av: [i64; 3],
    cells: Vec<(i64, Option<i64>, Option<i64>)>,
}

/// One materialised `groups` row (plus its cells and search text) before writing.
#[derive(Hash)]
struct GroupRow<'a> {
    key: &'a str,
    name: &'a str,
    sku: Option<&'a str>,
    barcode: Option<&'a str>,
    name_sort: String,
    sku_sort: &'a str,
    vendor_mask: i64,
    accounts: i64,
    listings: i64,
    oh: [i64; 3],
    av: [i64; 3],
    mismatch: bool,
    conflict: bool,
    cells: Vec<(i64, Option<i64>, Option<i64>)>,
    text: String,
    hash: i64,
    text_hash: i64,
}

impl GroupRow<'_> {
    /// Hash of everything written for the group (`hash` and `text_hash` must still be 0).
    fn content_hash(&self) -> i64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut h);
        h.finish() as i64
    }

    /// Hash of the search text alone: the FTS row is rewritten only when this changes.
    fn text_hash(&self) -> i64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.text.hash(&mut h);
        h.finish() as i64
    }
}

/// Bit `id - 1` for every warehouse id in 1..=62 (`groups.wh_bits`): lets the grid filter by
/// warehouse without a subquery. Larger ids are filtered through `group_cells` instead.
pub(crate) fn wh_bits(ids: impl Iterator<Item = i64>) -> i64 {
    ids.filter(|id| (1..=WH_BITS_MAX).contains(id))
        .fold(0, |m, id| m | (1i64 << (id - 1)))
}

pub(crate) const WH_BITS_MAX: i64 = 62;

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let p = parent[x as usize];
        parent[x as usize] = parent[p as usize];
        x = p;
    }
    x
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi as usize] = lo;
    }
}

/// Automatic components: listings sharing a normalised SKU, or a normalised barcode, join;
/// listings with a manual override take no part (their key is fixed). Stores changed keys.
fn assign_keys(
    tx: &Transaction<'_>,
    rows: &[Row],
    overrides: &HashMap<ListingRef, String>,
) -> Result<Vec<String>> {
    // 1. Automatic components: listings sharing a normalised SKU, or a normalised barcode, join.
    //    Listings with a manual override take no part (their key is fixed).
    let n = rows.len();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    {
        let mut by_sku: HashMap<&str, u32> = HashMap::with_capacity(n);
        let mut by_barcode: HashMap<&str, u32> = HashMap::with_capacity(n);
        for (i, r) in rows.iter().enumerate() {
            if overrides.contains_key(&r.listing) {
                continue;
            }
            if let Some(s) = r.sku_norm.as_deref() {
                let first = *by_sku.entry(s).or_insert(i as u32);
                union(&mut parent, first, i as u32);
            }
            if let Some(b) = r.barcode_norm.as_deref() {
                let first = *by_barcode.entry(b).or_insert(i as u32);
                union(&mut parent, first, i as u32);
            }
        }
    }
    // Component key: the smallest SKU in it, else the smallest barcode, else the listing alone.
    let mut comp_sku: HashMap<u32, &str> = HashMap::new();
    let mut comp_bc: HashMap<u32, &str> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let root = find(&mut parent, i as u32);
        if let Some(s) = r.sku_norm.as_deref() {
            let e = comp_sku.entry(root).or_insert(s);
            if s < *e {
                *e = s;
            }
        }
        if let Some(b) = r.barcode_norm.as_deref() {
            let e = comp_bc.entry(root).or_insert(b);
            if b < *e {
                *e = b;
            }
        }
    }
    let mut keys: Vec<String> = Vec::with_capacity(n);
    for (i, r) in rows.iter().enumerate() {
        let key = if let Some(k) = overrides.get(&r.listing) {
            k.clone()
        } else {
            let root = find(&mut parent, i as u32);
            if let Some(s) = comp_sku.get(&root) {
                format!("sku:{s}")
            } else if let Some(b) = comp_bc.get(&root) {
                format!("bc:{b}")
            } else {
                solo_key(&r.listing)
            }
        };
        keys.push(key);
    }
    {
        let mut st = tx.prepare_cached("UPDATE listings SET group_key = ?2 WHERE id = ?1")?;
        for (r, k) in rows.iter().zip(&keys) {
            if &r.old_key != k {
                st.execute(params![r.id, k])?;
            }
        }
    }
    Ok(keys)
}

/// The figures a group's stock history follows: physical (`total_on_hand`), Pancake's and Nhanh's sellable,
/// and the vendor mask they were read under (a listing joining or leaving the group is not a stock move).
type Figures = [i64; 4];

/// Recomputes every listing's group and rebuilds `groups`, `group_cells` and `group_fts` (and appends
/// `stock_history` rows for the groups whose figures moved). Returns the number of groups. Runs inside
/// the caller's write transaction.
pub(crate) fn refresh(tx: &Transaction<'_>) -> Result<usize> {
    refresh_in(tx, None)
}

/// [`refresh`] limited to the groups `keys` when the caller knows group membership did not change
/// (only stock, names, prices… of their listings): their aggregates are recomputed and rewritten if
/// they differ. `None` = everything (membership may have changed).
pub(crate) fn refresh_in(tx: &Transaction<'_>, scope: Option<&HashSet<String>>) -> Result<usize> {
    // Accounts (interned) and warehouses.
    let mut account_idx: HashMap<String, usize> = HashMap::new();
    let mut wh: HashMap<i64, (usize, Vendor)> = HashMap::new();
    {
        let mut st = tx.prepare_cached(
            "SELECT w.id, w.account_id, a.vendor FROM warehouses w JOIN accounts a ON a.id = w.account_id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let account: String = r.get(1)?;
            let vendor: String = r.get(2)?;
            let n = account_idx.len();
            let ai = *account_idx.entry(account).or_insert(n);
            if let Some(v) = Vendor::parse(&vendor) {
                wh.insert(r.get(0)?, (ai, v));
            }
        }
    }
    let mut overrides: HashMap<ListingRef, String> = HashMap::new();
    if scope.is_none() {
        let mut st = tx.prepare_cached(
            "SELECT account_id, vendor_product_id, vendor_variation_id, group_key FROM sku_matches
             WHERE source = 'manual'",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            overrides.insert(
                ListingRef {
                    account_id: r.get(0)?,
                    vendor_product_id: r.get(1)?,
                    vendor_variation_id: r.get(2)?,
                },
                r.get(3)?,
            );
        }
    }
    let mut rows: Vec<Row> = Vec::new();
    {
        const COLS: &str = "SELECT l.id, l.account_id, l.vendor_product_id, l.vendor_variation_id,
                    a.vendor, l.sku, l.barcode, l.name, l.sku_norm, l.barcode_norm, l.search_folded,
                    l.group_key FROM listings l JOIN accounts a ON a.id = l.account_id";
        let read = |q: &mut rusqlite::Rows<'_>, rows: &mut Vec<Row>| -> rusqlite::Result<()> {
            while let Some(r) = q.next()? {
                let vendor: String = r.get(4)?;
                rows.push(Row {
                    id: r.get(0)?,
                    listing: ListingRef {
                        account_id: r.get(1)?,
                        vendor_product_id: r.get(2)?,
                        vendor_variation_id: r.get(3)?,
                    },
                    vendor: Vendor::parse(&vendor).unwrap_or(Vendor::Pancake),
                    sku: r.get(5)?,
                    barcode: r.get(6)?,
                    name: r.get(7)?,
                    sku_norm: r.get(8)?,
                    barcode_norm: r.get(9)?,
                    search: r.get(10)?,
                    old_key: r.get(11)?,
                });
            }
            Ok(())
        };
        match scope {
            None => {
                let mut st = tx.prepare_cached(&format!("{COLS} ORDER BY l.id"))?;
                read(&mut st.query([])?, &mut rows)?;
            }
            Some(keys) => {
                let mut st = tx.prepare_cached(&format!("{COLS} WHERE l.group_key = ?1"))?;
                for k in keys {
                    read(&mut st.query([k])?, &mut rows)?;
                }
            }
        }
    }

    // 1. Group keys (membership cannot change in a scoped refresh).
    let keys: Vec<String> = match scope {
        Some(_) => rows.iter().map(|r| r.old_key.clone()).collect(),
        None => assign_keys(tx, &rows, &overrides)?,
    };

    // 2. Aggregate per group.
    let mut group_of_key: HashMap<&str, usize> = HashMap::new();
    let mut aggs: Vec<Agg> = Vec::new();
    let mut listing_group: Vec<usize> = Vec::with_capacity(rows.len());
    let mut idx_of_id: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
    for (i, (r, k)) in rows.iter().zip(&keys).enumerate() {
        idx_of_id.insert(r.id, i);
        let g = *group_of_key.entry(k.as_str()).or_insert_with(|| {
            aggs.push(Agg {
                rep: i,
                ..Agg::default()
            });
            aggs.len() - 1
        });
        listing_group.push(g);
        let a = &mut aggs[g];
        // Representative (display name / SKU): a listing whose SKU gave the group its key, then
        // Pancake before Nhanh before Onflow, then the oldest row.
        let rank = |x: &Row| {
            let keyed = x
                .sku_norm
                .as_deref()
                .is_some_and(|s| k.strip_prefix("sku:") == Some(s));
            (!keyed, vendor_rank(x.vendor), x.id)
        };
        if rank(r) < rank(&rows[a.rep]) {
            a.rep = i;
        }
        a.vendor_mask |= crate::model::vendor_bit(r.vendor);
        a.listings += 1;
        a.members.push(i);
        if r.sku_norm.is_some() {
            a.skus.push(i);
        }
        let n_acc = account_idx.len();
        let ai = *account_idx
            .entry(r.listing.account_id.clone())
            .or_insert(n_acc);
        match a.accounts.iter_mut().find(|x| x.0 == ai) {
            Some(x) => x.3 += 1,
            None => a.accounts.push((ai, r.vendor, None, 1)),
        }
    }
    {
        let mut add_cell = |lid: i64, wid: i64, oh: Option<i64>, av: Option<i64>| {
            let (Some(&li), Some(&(ai, vendor))) = (idx_of_id.get(&lid), wh.get(&wid)) else {
                return;
            };
            let a = &mut aggs[listing_group[li]];
            let vi = vendor_rank(vendor) as usize;
            a.oh[vi] = a.oh[vi].saturating_add(oh.unwrap_or(0));
            a.av[vi] = a.av[vi].saturating_add(av.unwrap_or(0));
            match a.cells.iter_mut().find(|c| c.0 == wid) {
                Some(c) => {
                    c.1 = add_opt(c.1, oh);
                    c.2 = add_opt(c.2, av);
                }
                None => a.cells.push((wid, oh, av)),
            }
            // An account's figure for the mismatch rule is what it can sell: `available`, else on hand.
            if let Some(acc) = a.accounts.iter_mut().find(|x| x.0 == ai) {
                acc.2 = add_opt(acc.2, av.or(oh));
            }
        };
        match scope {
            None => {
                let mut st = tx.prepare_cached(
                    "SELECT listing_id, warehouse_id, on_hand, available FROM stock ORDER BY listing_id",
                )?;
                let mut q = st.query([])?;
                while let Some(r) = q.next()? {
                    add_cell(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                }
            }
            Some(_) => {
                let mut st = tx.prepare_cached(
                    "SELECT warehouse_id, on_hand, available FROM stock WHERE listing_id = ?1",
                )?;
                for r in &rows {
                    let mut q = st.query([r.id])?;
                    while let Some(c) = q.next()? {
                        add_cell(r.id, c.get(0)?, c.get(1)?, c.get(2)?);
                    }
                }
            }
        }
    }

    // The push checks: which accounts have one, and their targets for these groups' cells.
    let mut checked: HashSet<usize> = HashSet::new();
    {
        let mut st = tx.prepare_cached("SELECT account_id FROM push_checks")?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let account: String = r.get(0)?;
            if let Some(&ai) = account_idx.get(&account) {
                checked.insert(ai);
            }
        }
    }
    // group key → (warehouse id, target)
    let mut targets: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    if !checked.is_empty() {
        let mut put = |q: &mut rusqlite::Rows<'_>| -> rusqlite::Result<()> {
            while let Some(r) = q.next()? {
                targets
                    .entry(r.get(0)?)
                    .or_default()
                    .push((r.get(1)?, r.get(2)?));
            }
            Ok(())
        };
        match scope {
            None => {
                let mut st =
                    tx.prepare_cached("SELECT group_key, warehouse_id, target FROM push_targets")?;
                put(&mut st.query([])?)?;
            }
            Some(keys) => {
                let mut st = tx.prepare_cached(
                    "SELECT group_key, warehouse_id, target FROM push_targets WHERE group_key = ?1",
                )?;
                for k in keys {
                    put(&mut st.query([k])?)?;
                }
            }
        }
    }

    // 3. Compute every group's materialised row and its content hash.
    let mut computed: Vec<GroupRow<'_>> = Vec::with_capacity(aggs.len());
    let mut stocks: Vec<AccountStock> = Vec::new();
    let mut tokens: Vec<&str> = Vec::new();
    for a in &aggs {
        let rep = &rows[a.rep];
        let sku = rep
            .sku
            .as_deref()
            .or_else(|| a.skus.first().and_then(|&i| rows[i].sku.as_deref()));
        let barcode = rep
            .barcode
            .as_deref()
            .or_else(|| a.members.iter().find_map(|&i| rows[i].barcode.as_deref()));
        let sku_sort = rep
            .sku_norm
            .as_deref()
            .or_else(|| a.skus.first().and_then(|&i| rows[i].sku_norm.as_deref()))
            .unwrap_or_default();
        let mut skus: Vec<&str> = a
            .skus
            .iter()
            .filter_map(|&i| rows[i].sku_norm.as_deref())
            .collect();
        skus.sort_unstable();
        skus.dedup();
        let conflict = skus.len() > 1 || a.accounts.iter().any(|x| x.3 > 1);
        stocks.clear();
        let key = keys[a.rep].as_str();
        let group_targets = targets.get(key).map(Vec::as_slice).unwrap_or_default();
        stocks.extend(a.accounts.iter().map(|x| AccountStock {
            vendor: x.1,
            sellable: x.2,
            // a cell of this account whose push target differs from its sellable figure
            off_target: checked.contains(&x.0).then(|| {
                group_targets.iter().any(|&(wid, t)| {
                    wh.get(&wid).is_some_and(|w| w.0 == x.0)
                        && a.cells.iter().find(|c| c.0 == wid).and_then(|c| c.2) != Some(t)
                })
            }),
        }));
        tokens.clear();
        for &m in &a.members {
            tokens.extend(rows[m].search.split(' ').filter(|t| !t.is_empty()));
        }
        tokens.sort_unstable();
        tokens.dedup();
        let mut cells = a.cells.clone();
        cells.sort_unstable();
        let mut g = GroupRow {
            key,
            name: rep.name.as_str(),
            sku,
            barcode,
            name_sort: fold(&rep.name),
            sku_sort,
            vendor_mask: a.vendor_mask,
            accounts: a.accounts.len() as i64,
            listings: a.listings,
            oh: a.oh,
            av: a.av,
            mismatch: is_mismatch(&stocks),
            conflict,
            cells,
            text: tokens.join(" "),
            hash: 0,
            text_hash: 0,
        };
        g.hash = g.content_hash();
        g.text_hash = g.text_hash();
        computed.push(g);
    }

    // 4. Write only groups whose content hash changed, and their FTS row only when their search
    //    text changed: a steady-state sync touches only what moved. Ids of existing keys are kept.
    //    When much changed (first sync, big catalog edit) the secondary indexes are dropped and
    //    rebuilt afterwards (a sorted build beats random inserts) and all cells are rewritten.
    // key → (id, hash, text_hash, the figures the stock history follows)
    let mut existing: HashMap<String, (i64, i64, i64, Figures)> = HashMap::new();
    let mut next_id: i64 = 1;
    match scope {
        None => {
            let mut st = tx.prepare_cached(
                "SELECT key, id, hash, text_hash, total_on_hand, av_pancake, av_nhanh, vendor_mask
                 FROM groups",
            )?;
            let mut q = st.query([])?;
            while let Some(r) = q.next()? {
                let id: i64 = r.get(1)?;
                next_id = next_id.max(id + 1);
                existing.insert(
                    r.get(0)?,
                    (
                        id,
                        r.get(2)?,
                        r.get(3)?,
                        [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
                    ),
                );
            }
        }
        Some(keys) => {
            next_id = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM groups", [], |r| {
                r.get(0)
            })?;
            let mut st = tx.prepare_cached(
                "SELECT id, hash, text_hash, total_on_hand, av_pancake, av_nhanh, vendor_mask
                 FROM groups WHERE key = ?1",
            )?;
            for k in keys {
                let found = st
                    .query_row([k], |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                        ))
                    })
                    .optional()?;
                if let Some(v) = found {
                    existing.insert(k.clone(), v);
                }
            }
        }
    }
    let changed = computed
        .iter()
        .filter(|g| existing.get(g.key).is_none_or(|e| e.1 != g.hash))
        .count()
        + existing.len().saturating_sub(computed.len());
    let bulk = scope.is_none() && changed > 1000 && changed * 4 > existing.len();
    if bulk {
        tx.execute_batch("DELETE FROM group_cells;")?;
        for (name, _) in crate::schema::GROUP_INDEXES {
            tx.execute_batch(&format!("DROP INDEX IF EXISTS {name};"))?;
        }
    }
    let mut put_group = tx.prepare_cached(
        "INSERT OR REPLACE INTO groups (id, key, name, sku, barcode, name_sort, sku_sort, vendor_mask,
             accounts, listings, oh_onflow, oh_pancake, oh_nhanh, av_onflow, av_pancake, av_nhanh,
             total_on_hand, total_available, mismatch, conflict, hash, text_hash, wh_bits)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
             ?20, ?21, ?22, ?23)",
    )?;
    let mut ins_cell = tx.prepare_cached(
        "INSERT INTO group_cells (group_id, warehouse_id, on_hand, available) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut del_cells = tx.prepare_cached("DELETE FROM group_cells WHERE group_id = ?1")?;
    let mut ins_fts = tx.prepare_cached("INSERT INTO group_fts (rowid, text) VALUES (?1, ?2)")?;
    let mut del_fts = tx.prepare_cached("DELETE FROM group_fts WHERE rowid = ?1")?;
    let mut del_group = tx.prepare_cached("DELETE FROM groups WHERE id = ?1")?;
    let mut ins_history = tx.prepare_cached(
        "INSERT INTO stock_history (group_key, at, physical_before, physical_after, pancake_before,
             pancake_after, nhanh_before, nhanh_after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let now = chrono::Utc::now();
    let at = crate::time_text(now);
    for g in &computed {
        let [oh_pancake, oh_nhanh, oh_onflow] = g.oh;
        let [av_pancake, av_nhanh, av_onflow] = g.av;
        let figures: Figures = [
            physical_total(g.vendor_mask, oh_onflow, oh_pancake, oh_nhanh),
            av_pancake,
            av_nhanh,
            g.vendor_mask,
        ];
        let (gid, old_text) = match existing.remove(g.key) {
            Some((id, old, _, _)) if old == g.hash => {
                if bulk {
                    for (wid, oh, av) in &g.cells {
                        ins_cell.execute(params![id, wid, oh, av])?;
                    }
                }
                continue;
            }
            Some((id, _, old_text, before)) => {
                if !bulk {
                    del_cells.execute([id])?;
                }
                if before[3] == figures[3] && before != figures {
                    ins_history.execute(params![
                        g.key, at, before[0], figures[0], before[1], figures[1], before[2],
                        figures[2]
                    ])?;
                }
                (id, Some(old_text))
            }
            None => {
                next_id += 1;
                (next_id - 1, None)
            }
        };
        put_group.execute(params![
            gid,
            g.key,
            g.name,
            g.sku,
            g.barcode,
            g.name_sort,
            g.sku_sort,
            g.vendor_mask,
            g.accounts,
            g.listings,
            oh_onflow,
            oh_pancake,
            oh_nhanh,
            av_onflow,
            av_pancake,
            av_nhanh,
            figures[0],
            physical_total(g.vendor_mask, av_onflow, av_pancake, av_nhanh),
            g.mismatch,
            g.conflict,
            g.hash,
            g.text_hash,
            wh_bits(g.cells.iter().map(|c| c.0)),
        ])?;
        for (wid, oh, av) in &g.cells {
            ins_cell.execute(params![gid, wid, oh, av])?;
        }
        if old_text != Some(g.text_hash) {
            if old_text.is_some() {
                del_fts.execute([gid])?;
            }
            ins_fts.execute(params![gid, g.text])?;
        }
    }
    for (id, _, _, _) in existing.into_values() {
        if !bulk {
            del_cells.execute([id])?;
        }
        del_fts.execute([id])?;
        del_group.execute([id])?;
    }
    if bulk {
        for (_, create) in crate::schema::GROUP_INDEXES {
            tx.execute_batch(create)?;
        }
    }
    tx.prepare_cached("DELETE FROM stock_history WHERE at < ?1")?
        .execute([crate::time_text(
            now - chrono::Duration::days(crate::HISTORY_DAYS),
        )])?;
    match scope {
        None => Ok(aggs.len()),
        Some(_) => {
            Ok(tx.query_row("SELECT COUNT(*) FROM groups", [], |r| r.get::<_, i64>(0))? as usize)
        }
    }
}

/// Where a listing's group comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum MatchSource {
    Auto,
    Manual,
}

impl MatchSource {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchSource::Auto => "auto",
            MatchSource::Manual => "manual",
        }
    }
}

/// Which listings the matching page asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The listing's group has listings of one account only (no counterpart elsewhere).
    #[default]
    Unmatched,
    /// The group joins different SKUs (through a barcode or a manual match), or holds two listings
    /// of the same account.
    Conflicting,
    /// Listings placed by hand.
    Manual,
    All,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MatchingQuery {
    pub kind: MatchKind,
    /// Diacritics-insensitive substring of name / SKU / barcode; empty = no filter.
    pub search: String,
    pub offset: u32,
    /// 0 means 100.
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MatchItem {
    pub listing: ListingRef,
    pub vendor: Vendor,
    pub account_label: String,
    pub sku: Option<String>,
    pub barcode: Option<String>,
    pub name: String,
    pub group_key: String,
    pub group_name: String,
    /// Accounts present in the group.
    #[specta(type = specta_typescript::Number)]
    pub group_accounts: i64,
    pub conflict: bool,
    pub source: MatchSource,
}

/// Result of a CSV import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportStats {
    #[specta(type = specta_typescript::Number)]
    pub rows: usize,
    /// Manual overrides written.
    #[specta(type = specta_typescript::Number)]
    pub manual: usize,
    /// Manual overrides removed because the file says the listing is matched automatically.
    #[specta(type = specta_typescript::Number)]
    pub cleared: usize,
}

/// Header of the mapping CSV (UTF-8, comma separated, one row per listing).
pub const MAPPING_CSV_HEADER: [&str; 7] = [
    "account_id",
    "vendor_product_id",
    "vendor_variation_id",
    "group_key",
    "source",
    "sku",
    "name",
];

impl Store {
    /// Listings for the matching page, grouped together (by group name, then group, then listing).
    /// Returns the total count for the kind and search, and the requested window.
    pub fn matching(&self, q: &MatchingQuery) -> Result<(u64, Vec<MatchItem>)> {
        let kind_sql = match q.kind {
            MatchKind::Unmatched => "g.accounts = 1",
            MatchKind::Conflicting => "g.conflict = 1",
            MatchKind::Manual | MatchKind::All => "1",
        };
        let folded = fold(&q.search);
        // Walk groups in display order (partial indexes for unmatched / conflicting groups) and
        // their listings through the group_key index, so a window stops early; manual overrides
        // are few, so that kind starts from them.
        let from = if q.kind == MatchKind::Manual {
            "FROM sku_matches m JOIN listings l ON l.account_id = m.account_id
                 AND l.vendor_product_id = m.vendor_product_id AND l.vendor_variation_id = m.vendor_variation_id
             JOIN groups g ON g.key = l.group_key JOIN accounts a ON a.id = l.account_id
             WHERE m.source = 'manual' AND (?1 = '' OR instr(l.search_folded, ?1) > 0)"
                .to_string()
        } else {
            format!(
                "FROM groups g CROSS JOIN listings l ON l.group_key = g.key
                 JOIN accounts a ON a.id = l.account_id
                 LEFT JOIN sku_matches m ON m.account_id = l.account_id
                     AND m.vendor_product_id = l.vendor_product_id AND m.vendor_variation_id = l.vendor_variation_id
                 WHERE {kind_sql} AND (?1 = '' OR instr(l.search_folded, ?1) > 0)"
            )
        };
        let count_sql = if q.kind == MatchKind::All && folded.is_empty() {
            // Every listing has a group: no join needed.
            "SELECT COUNT(*) FROM listings WHERE ?1 = ''".to_string()
        } else {
            format!("SELECT COUNT(*) {from}")
        };
        let total: i64 = self
            .conn
            .prepare_cached(&count_sql)?
            .query_row([&folded], |r| r.get(0))?;
        let limit = if q.limit == 0 { 100 } else { q.limit.min(1000) };
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT l.account_id, l.vendor_product_id, l.vendor_variation_id, a.vendor, a.label, l.sku,
                    l.barcode, l.name, g.key, g.name, g.accounts, g.conflict, m.source
             {from} ORDER BY g.name_sort, g.id, l.id LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = st.query_map(params![folded, limit, q.offset], |r| {
            let vendor: String = r.get(3)?;
            let source: Option<String> = r.get(12)?;
            Ok(MatchItem {
                listing: ListingRef {
                    account_id: r.get(0)?,
                    vendor_product_id: r.get(1)?,
                    vendor_variation_id: r.get(2)?,
                },
                vendor: Vendor::parse(&vendor).unwrap_or(Vendor::Pancake),
                account_label: r.get(4)?,
                sku: r.get(5)?,
                barcode: r.get(6)?,
                name: r.get(7)?,
                group_key: r.get(8)?,
                group_name: r.get(9)?,
                group_accounts: r.get(10)?,
                conflict: r.get(11)?,
                source: if source.as_deref() == Some("manual") {
                    MatchSource::Manual
                } else {
                    MatchSource::Auto
                },
            })
        })?;
        Ok((total as u64, rows.collect::<Result<_, _>>()?))
    }

    /// The listings of one group (for a row's detail view), by vendor then id.
    pub fn group_members(&self, group_key: &str) -> Result<Vec<Listing>> {
        let mut all = self.listings(None)?;
        all.retain(|l| l.group_key == group_key);
        all.sort_by_key(|l| (vendor_rank(l.vendor), l.id));
        Ok(all)
    }

    /// Puts a listing into the group `group_key` by hand (wins over automatic matching).
    pub fn match_listing(&mut self, listing: &ListingRef, group_key: &str) -> Result<()> {
        let key = group_key.trim();
        if key.is_empty() {
            return Err(Error::Invalid("empty group key".into()));
        }
        self.set_override(listing, Some(key))
    }

    /// Takes a listing out of its group by hand: it stays on its own whatever its SKU or barcode.
    pub fn unmatch_listing(&mut self, listing: &ListingRef) -> Result<()> {
        let key = solo_key(listing);
        self.set_override(listing, Some(&key))
    }

    /// Removes a manual override: the listing is matched automatically again.
    pub fn clear_match(&mut self, listing: &ListingRef) -> Result<()> {
        self.set_override(listing, None)
    }

    fn set_override(&mut self, listing: &ListingRef, key: Option<&str>) -> Result<()> {
        let tx = self.conn.transaction()?;
        let exists: Option<i64> = tx
            .query_row(
                "SELECT id FROM listings WHERE account_id = ?1 AND vendor_product_id = ?2
                 AND vendor_variation_id = ?3",
                params![
                    listing.account_id,
                    listing.vendor_product_id,
                    listing.vendor_variation_id
                ],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_none() {
            return Err(Error::NotFound(format!(
                "listing {}/{}/{}",
                listing.account_id, listing.vendor_product_id, listing.vendor_variation_id
            )));
        }
        write_override(&tx, listing, key)?;
        refresh(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Writes the whole mapping (every stored listing with its group key and source, plus manual
    /// overrides of listings not stored right now) as CSV with [`MAPPING_CSV_HEADER`].
    pub fn export_mapping_csv<W: Write>(&self, out: W) -> Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(MAPPING_CSV_HEADER)?;
        let mut st = self.conn.prepare(
            "SELECT l.account_id, l.vendor_product_id, l.vendor_variation_id, l.group_key,
                    COALESCE(m.source, 'auto'), COALESCE(l.sku, ''), l.name
             FROM listings l LEFT JOIN sku_matches m ON m.account_id = l.account_id
                 AND m.vendor_product_id = l.vendor_product_id AND m.vendor_variation_id = l.vendor_variation_id
             UNION ALL
             SELECT m.account_id, m.vendor_product_id, m.vendor_variation_id, m.group_key, m.source, '', ''
             FROM sku_matches m WHERE NOT EXISTS (SELECT 1 FROM listings l WHERE l.account_id = m.account_id
                 AND l.vendor_product_id = m.vendor_product_id AND l.vendor_variation_id = m.vendor_variation_id)
             ORDER BY 1, 2, 3",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let rec: [String; 7] = [
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ];
            w.write_record(&rec)?;
        }
        w.flush().map_err(csv::Error::from)?;
        Ok(())
    }

    /// Reads a mapping CSV (as exported). `manual` rows become manual overrides (for listings stored
    /// now or later); `auto` rows remove any manual override of that listing. `sku` and `name` are
    /// informative only. Columns are found by header name; the file is applied all or nothing.
    pub fn import_mapping_csv<R: Read>(&mut self, input: R) -> Result<ImportStats> {
        let mut rd = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let headers = rd.headers()?.clone();
        let col = |name: &str| -> Result<usize> {
            headers
                .iter()
                .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
                .ok_or_else(|| Error::Invalid(format!("mapping CSV has no `{name}` column")))
        };
        let (c_acc, c_pid, c_vid, c_key, c_src) = (
            col("account_id")?,
            col("vendor_product_id")?,
            col("vendor_variation_id")?,
            col("group_key")?,
            col("source")?,
        );
        let mut stats = ImportStats::default();
        let tx = self.conn.transaction()?;
        for (i, rec) in rd.records().enumerate() {
            let rec = rec?;
            let line = i + 2;
            let field = |c: usize| rec.get(c).unwrap_or("").trim().to_string();
            let listing = ListingRef {
                account_id: field(c_acc),
                vendor_product_id: field(c_pid),
                vendor_variation_id: field(c_vid),
            };
            if listing.account_id.is_empty() || listing.vendor_product_id.is_empty() {
                return Err(Error::Invalid(format!(
                    "line {line}: account_id and vendor_product_id are required"
                )));
            }
            stats.rows += 1;
            match field(c_src).as_str() {
                "manual" => {
                    let key = field(c_key);
                    if key.is_empty() {
                        return Err(Error::Invalid(format!("line {line}: empty group_key")));
                    }
                    write_override(&tx, &listing, Some(&key))?;
                    stats.manual += 1;
                }
                "auto" => {
                    stats.cleared += write_override(&tx, &listing, None)?;
                }
                other => {
                    return Err(Error::Invalid(format!(
                        "line {line}: source must be `auto` or `manual`, not `{other}`"
                    )))
                }
            }
        }
        refresh(&tx)?;
        tx.commit()?;
        Ok(stats)
    }
}

fn write_override(tx: &Transaction<'_>, l: &ListingRef, key: Option<&str>) -> Result<usize> {
    Ok(match key {
        Some(key) => tx.execute(
            "INSERT INTO sku_matches (account_id, vendor_product_id, vendor_variation_id, group_key, source, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'manual', ?5)
             ON CONFLICT (account_id, vendor_product_id, vendor_variation_id) DO UPDATE SET
                 group_key = excluded.group_key, source = 'manual', updated_at = excluded.updated_at",
            params![l.account_id, l.vendor_product_id, l.vendor_variation_id, key, now_text()],
        )?,
        None => tx.execute(
            "DELETE FROM sku_matches WHERE account_id = ?1 AND vendor_product_id = ?2
             AND vendor_variation_id = ?3",
            params![l.account_id, l.vendor_product_id, l.vendor_variation_id],
        )?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(vendor: Vendor, sellable: Option<i64>) -> AccountStock {
        AccountStock {
            vendor,
            sellable,
            off_target: None,
        }
    }

    fn checked(vendor: Vendor, sellable: Option<i64>, off_target: bool) -> AccountStock {
        AccountStock {
            vendor,
            sellable,
            off_target: Some(off_target),
        }
    }

    #[test]
    fn a_checked_account_is_a_mismatch_only_when_a_push_would_change_it() {
        // Onflow 10, Pancake 8: the push keeps back 2 (or 2 orders are unshipped), so 8 is the target
        assert!(!is_mismatch(&[
            s(Vendor::Onflow, Some(10)),
            checked(Vendor::Pancake, Some(8), false),
        ]));
        // equal to the physical figure but not to its target
        assert!(is_mismatch(&[
            s(Vendor::Onflow, Some(10)),
            checked(Vendor::Pancake, Some(10), true),
        ]));
        // a checked account in sync does not hide an unchecked one that differs
        assert!(is_mismatch(&[
            s(Vendor::Onflow, Some(10)),
            checked(Vendor::Pancake, Some(8), false),
            s(Vendor::Nhanh, Some(3)),
        ]));
        // no physical figure: never a mismatch, whatever the check said
        assert!(!is_mismatch(&[checked(Vendor::Pancake, Some(8), true)]));
    }

    #[test]
    fn equal_stock_is_not_a_mismatch() {
        assert!(!is_mismatch(&[
            s(Vendor::Onflow, Some(10)),
            s(Vendor::Pancake, Some(10)),
            s(Vendor::Nhanh, Some(10)),
        ]));
    }

    #[test]
    fn a_pos_account_differing_from_onflow_is_a_mismatch() {
        assert!(is_mismatch(&[
            s(Vendor::Onflow, Some(10)),
            s(Vendor::Pancake, Some(10)),
            s(Vendor::Nhanh, Some(9)),
        ]));
        assert!(is_mismatch(&[
            s(Vendor::Pancake, Some(0)),
            s(Vendor::Onflow, Some(3))
        ]));
    }

    #[test]
    fn physical_stock_sums_every_onflow_account() {
        let both = [
            s(Vendor::Onflow, Some(4)),
            s(Vendor::Onflow, Some(6)),
            s(Vendor::Pancake, Some(10)),
        ];
        assert!(!is_mismatch(&both));
        assert!(is_mismatch(
            &both[..2]
                .iter()
                .copied()
                .chain([s(Vendor::Pancake, Some(4))])
                .collect::<Vec<_>>()
        ));
    }

    #[test]
    fn one_side_only_or_unknown_stock_is_never_a_mismatch() {
        assert!(!is_mismatch(&[s(Vendor::Onflow, Some(10))]));
        assert!(!is_mismatch(&[
            s(Vendor::Pancake, Some(1)),
            s(Vendor::Nhanh, Some(7))
        ]));
        assert!(!is_mismatch(&[
            s(Vendor::Onflow, None),
            s(Vendor::Pancake, Some(5))
        ]));
        assert!(!is_mismatch(&[
            s(Vendor::Onflow, Some(5)),
            s(Vendor::Pancake, None)
        ]));
        assert!(!is_mismatch(&[]));
    }
}
