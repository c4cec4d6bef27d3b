//! The cache on its own: filters, search, pagination, replace/upsert/delete, the file, 10k orders.

mod common;

use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{cancellable, normalize};
use order_cache::*;
use shopdesk_core::Money;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0)
        .single()
        .unwrap_or_default()
}

fn order(
    vendor: Vendor,
    id: &str,
    name: &str,
    phone: &str,
    code: i64,
    minutes: i64,
) -> FetchedOrder {
    let created = t0() + Duration::minutes(minutes);
    OrderDetail {
        row: OrderRow {
            account_id: String::new(),
            vendor,
            vendor_order_id: id.into(),
            client_ref: None,
            customer_name: name.into(),
            phone: phone.into(),
            address: "12 Lê Lợi, Quận 1, TP Hồ Chí Minh".into(),
            total: Money::vnd(250_000),
            cod: Money::vnd(250_000),
            status: normalize(vendor, code),
            vendor_status: code.to_string(),
            vendor_status_code: code,
            created_at: created,
            updated_at: created,
            item_count: 2,
            cancellable: cancellable(vendor, code),
        },
        items: vec![OrderLine {
            sku: "AT-001-M".into(),
            name: "Áo thun - M".into(),
            quantity: 2,
            unit_price: Money::vnd(125_000),
            discount: Money::ZERO,
        }],
        history: vec![StatusEvent {
            at: created,
            vendor_status: code.to_string(),
            status: normalize(vendor, code),
            note: Some("Chủ shop".into()),
        }],
        carrier: Some("GHN".into()),
        tracking_code: Some(format!("GHN{id}")),
    }
}

/// Three accounts: pancake "pk" (4 orders), nhanh "nh" (3), onflow "of" (1).
fn seeded() -> anyhow::Result<OrderCache> {
    let c = OrderCache::open_in_memory()?;
    let mut pk = vec![
        order(
            Vendor::Pancake,
            "101",
            "Nguyễn Văn An",
            "+84 912 345 678",
            0,
            10,
        ),
        order(Vendor::Pancake, "102", "Trần Thị Bình", "0987654321", 3, 20),
        order(
            Vendor::Pancake,
            "103",
            "Lê Đức Cường",
            "84 38 111 2222",
            6,
            30,
        ),
        order(
            Vendor::Pancake,
            "1040",
            "Phạm Ngọc Dung",
            "0901 000 999",
            2,
            40,
        ),
    ];
    pk[0].row.client_ref = Some("SD-01ABC".into());
    c.replace_account("pk", Vendor::Pancake, pk)?;
    c.replace_account(
        "nh",
        Vendor::Nhanh,
        vec![
            order(
                Vendor::Nhanh,
                "5001",
                "NGUYỄN văn an",
                "0912 999 000",
                54,
                15,
            ),
            order(Vendor::Nhanh, "5002", "Đặng Thu Hà", "0356000111", 59, 25),
            order(Vendor::Nhanh, "5003", "Võ Minh Khôi", "0779123456", 64, 35),
        ],
    )?;
    c.replace_account(
        "of",
        Vendor::Onflow,
        vec![order(Vendor::Onflow, "OASC51090555", "", "", 300, 5)],
    )?;
    Ok(c)
}

fn ids(page: &OrderPage) -> Vec<&str> {
    page.rows
        .iter()
        .map(|r| r.vendor_order_id.as_str())
        .collect()
}

fn search(c: &OrderCache, s: &str) -> anyhow::Result<Vec<String>> {
    let p = c.list(&OrderFilter {
        search: Some(s.into()),
        ..Default::default()
    })?;
    Ok(p.rows.into_iter().map(|r| r.vendor_order_id).collect())
}

#[test]
fn newest_first_with_pages() -> anyhow::Result<()> {
    let c = seeded()?;
    let all = c.list(&OrderFilter::default())?;
    assert_eq!(all.total, 8);
    assert_eq!(
        ids(&all),
        [
            "1040",
            "5003",
            "103",
            "5002",
            "102",
            "5001",
            "101",
            "OASC51090555"
        ]
    );
    let p2 = c.list(&OrderFilter {
        limit: 3,
        offset: 3,
        ..Default::default()
    })?;
    assert_eq!(p2.total, 8);
    assert_eq!(ids(&p2), ["5002", "102", "5001"]);
    let past = c.list(&OrderFilter {
        limit: 3,
        offset: 9,
        ..Default::default()
    })?;
    assert_eq!((past.total, past.rows.len()), (8, 0));
    Ok(())
}

#[test]
fn filters_by_account_status_and_date() -> anyhow::Result<()> {
    let c = seeded()?;
    let p = c.list(&OrderFilter {
        account_ids: vec!["nh".into(), "of".into()],
        ..Default::default()
    })?;
    assert_eq!(ids(&p), ["5003", "5002", "5001", "OASC51090555"]);
    let p = c.list(&OrderFilter {
        statuses: vec![OrderStatus::Shipping],
        ..Default::default()
    })?;
    assert_eq!(ids(&p), ["1040", "5002", "OASC51090555"]);
    let p = c.list(&OrderFilter {
        statuses: vec![OrderStatus::Cancelled, OrderStatus::New],
        account_ids: vec!["pk".into()],
        ..Default::default()
    })?;
    assert_eq!(ids(&p), ["103", "101"]);
    // [from, to): created at 20 and 25 minutes
    let p = c.list(&OrderFilter {
        from: Some(t0() + Duration::minutes(20)),
        to: Some(t0() + Duration::minutes(30)),
        ..Default::default()
    })?;
    assert_eq!(ids(&p), ["5002", "102"]);
    Ok(())
}

#[test]
fn search_phone_name_id_and_reference() -> anyhow::Result<()> {
    let c = seeded()?;
    // "0912" finds "+84 912 …" and "0912 …"; "+84912" and "84912345678" too
    assert_eq!(search(&c, "0912")?, ["5001", "101"]);
    assert_eq!(search(&c, "+84 912")?, ["5001", "101"]);
    assert_eq!(search(&c, "84912345678")?, ["101"]);
    assert_eq!(search(&c, "0912.345")?, ["101"]);
    // "038…" finds "84 38 …"
    assert_eq!(search(&c, "038111")?, ["103"]);
    // bare digits match anywhere in the number
    assert_eq!(search(&c, "2222")?, ["103"]);
    // names without diacritics and in any case
    assert_eq!(search(&c, "nguyen van an")?, ["5001", "101"]);
    assert_eq!(search(&c, "DUC CUONG")?, ["103"]);
    assert_eq!(search(&c, "Hà")?, ["5002"]);
    assert_eq!(search(&c, "thu ha")?, ["5002"]);
    assert!(
        search(&c, "hu ha")?.is_empty(),
        "names match from the start of a word"
    );
    // vendor order id and our reference, by prefix
    assert_eq!(search(&c, "104")?, ["1040"]);
    assert_eq!(search(&c, "OASC5109")?, ["OASC51090555"]);
    assert_eq!(search(&c, "sd-01a")?, ["101"]);
    assert!(search(&c, "ABC")?.is_empty(), "reference is a prefix match");
    assert!(search(&c, "%")?.is_empty(), "LIKE wildcards are literal");
    assert!(search(&c, "khong co")?.is_empty());
    // search combines with the other filters
    let p = c.list(&OrderFilter {
        search: Some("0912".into()),
        account_ids: vec!["pk".into()],
        ..Default::default()
    })?;
    assert_eq!(ids(&p), ["101"]);
    Ok(())
}

#[test]
fn status_counts_ignore_the_status_filter() -> anyhow::Result<()> {
    let c = seeded()?;
    let counts = c.status_counts(&OrderFilter {
        account_ids: vec!["pk".into()],
        statuses: vec![OrderStatus::New],
        limit: 1,
        ..Default::default()
    })?;
    let got: Vec<(OrderStatus, u32)> = counts.iter().map(|c| (c.status, c.count)).collect();
    assert_eq!(
        got,
        [
            (OrderStatus::New, 1),
            (OrderStatus::Shipping, 1),
            (OrderStatus::Delivered, 1),
            (OrderStatus::Cancelled, 1)
        ]
    );
    let counts = c.status_counts(&OrderFilter {
        search: Some("nguyen".into()),
        ..Default::default()
    })?;
    assert_eq!(counts.len(), 1);
    assert_eq!(counts[0].count, 2);
    Ok(())
}

#[test]
fn replace_upsert_detail_and_delete() -> anyhow::Result<()> {
    let c = seeded()?;
    let d = c.detail("pk", "101")?.expect("cached");
    assert_eq!(d.row.account_id, "pk");
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.history[0].note.as_deref(), Some("Chủ shop"));
    assert_eq!(d.tracking_code.as_deref(), Some("GHN101"));
    assert!(c.detail("nh", "101")?.is_none(), "ids are per account");

    // a cancel reflected through upsert
    let mut cancelled = d.clone();
    cancelled.row.status = OrderStatus::Cancelled;
    cancelled.row.vendor_status_code = 6;
    cancelled.row.cancellable = false;
    c.upsert(&cancelled)?;
    assert_eq!(c.detail("pk", "101")?, Some(cancelled));
    let orphan = order(Vendor::Pancake, "999", "X", "0911111111", 0, 1);
    assert!(matches!(c.upsert(&orphan), Err(CacheError::NoAccount(_))));
    c.upsert(&orphan.for_account("zz"))?;
    assert_eq!(c.delete_account("zz")?, 1);
    assert_eq!(c.count_account("pk")?, 4);

    // partial fetch: nothing removed
    let r = c.replace_account_with(
        "pk",
        Vendor::Pancake,
        vec![order(Vendor::Pancake, "105", "Mới", "0911111111", 0, 50)],
        Coverage::Partial,
    )?;
    assert_eq!((r.upserted, r.removed), (1, 0));
    assert_eq!(c.count_account("pk")?, 5);
    // windowed fetch: only orders created inside the window can disappear
    let r = c.replace_account_with(
        "pk",
        Vendor::Pancake,
        vec![order(Vendor::Pancake, "105", "Mới", "0911111111", 0, 50)],
        Coverage::CreatedSince(t0() + Duration::minutes(25)),
    )?;
    assert_eq!(r.removed, 2, "103 (30 min) and 1040 (40 min) are gone");
    let left: Vec<String> = c
        .list(&OrderFilter {
            account_ids: vec!["pk".into()],
            ..Default::default()
        })?
        .rows
        .into_iter()
        .map(|r| r.vendor_order_id)
        .collect();
    assert_eq!(left, ["105", "102", "101"]);
    // full fetch: whatever is missing is removed, other accounts untouched
    let r = c.replace_account(
        "pk",
        Vendor::Pancake,
        vec![order(
            Vendor::Pancake,
            "102",
            "Trần Thị Bình",
            "0987654321",
            5,
            20,
        )],
    )?;
    assert_eq!(r.removed, 2);
    assert_eq!(c.count_account("pk")?, 1);
    assert_eq!(
        c.detail("pk", "102")?.map(|d| d.row.status),
        Some(OrderStatus::Returned)
    );
    assert_eq!(c.count_account("nh")?, 3);
    assert_eq!(c.delete_account("nh")?, 3);
    assert_eq!(c.list(&OrderFilter::default())?.total, 2);
    Ok(())
}

#[test]
fn file_cache_survives_reopen() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders.sqlite");
    {
        let c = OrderCache::open(&path)?;
        assert_eq!(c.schema_version()?, order_cache::cache::SCHEMA_VERSION);
        c.replace_account(
            "nh",
            Vendor::Nhanh,
            vec![order(Vendor::Nhanh, "5001", "An", "0912999000", 54, 1)],
        )?;
    }
    let c = OrderCache::open(&path)?;
    assert_eq!(c.schema_version()?, order_cache::cache::SCHEMA_VERSION);
    assert_eq!(search(&c, "0912")?, ["5001"]);
    let mode: String =
        rusqlite::Connection::open(&path)?.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    assert_eq!(mode, "wal");
    Ok(())
}

#[test]
fn a_newer_cache_is_refused_and_left_untouched() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders-list.sqlite");
    drop(OrderCache::open(&path)?);
    rusqlite::Connection::open(&path)?.pragma_update(None, "user_version", 999)?;
    let before = std::fs::read(&path)?;
    match OrderCache::open(&path) {
        Err(CacheError::NewerSchema { found, supported }) => {
            assert_eq!(
                (found, supported),
                (999, order_cache::cache::SCHEMA_VERSION)
            );
        }
        other => panic!("expected NewerSchema, got {:?}", other.err()),
    }
    assert_eq!(std::fs::read(&path)?, before, "left untouched");
    Ok(())
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_corrupt() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders-list.sqlite");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage)?;
    match OrderCache::open(&path) {
        Err(CacheError::CorruptFile(why)) => assert!(!why.is_empty()),
        other => panic!("expected CorruptFile, got {:?}", other.err()),
    }
    assert_eq!(std::fs::read(&path)?, garbage, "left untouched");
    Ok(())
}

#[test]
fn ten_thousand_orders() -> anyhow::Result<()> {
    let c = OrderCache::open_in_memory()?;
    let vendors = [Vendor::Pancake, Vendor::Nhanh, Vendor::Onflow];
    let codes = [
        [0, 1, 2, 3, 6],
        [54, 56, 59, 60, 63],
        [100, 250, 300, 500, 300],
    ];
    let t = Instant::now();
    for (a, vendor) in vendors.iter().enumerate() {
        let orders: Vec<FetchedOrder> = (0..3_400)
            .map(|i| {
                let n = a * 10_000 + i;
                order(
                    *vendor,
                    &format!("{n}"),
                    if i % 100 == 7 {
                        "Hoàng Thị Mai"
                    } else {
                        "Khách lẻ"
                    },
                    &format!("09{:08}", n),
                    codes[a][i % 5],
                    (i * 3 + a) as i64,
                )
            })
            .collect();
        c.replace_account(&format!("acc{a}"), *vendor, orders)?;
    }
    println!("bench order-list insert 10200 orders: {:?}", t.elapsed());

    let t = Instant::now();
    let first = c.list(&OrderFilter::default())?;
    println!(
        "bench order-list list first page of 10200: {:?}",
        t.elapsed()
    );
    assert_eq!(first.total, 10_200);
    assert_eq!(first.rows.len(), 50);
    assert!(first
        .rows
        .windows(2)
        .all(|w| w[0].created_at >= w[1].created_at));
    // the newest of all: account 2, i = 3399
    assert_eq!(first.rows[0].vendor_order_id, "23399");

    let t = Instant::now();
    let deep = c.list(&OrderFilter {
        offset: 10_150,
        limit: 100,
        ..Default::default()
    })?;
    println!("bench order-list list last page: {:?}", t.elapsed());
    assert_eq!(deep.rows.len(), 50);
    assert_eq!(
        deep.rows.last().map(|r| r.vendor_order_id.as_str()),
        Some("0")
    );

    let t = Instant::now();
    let mai = c.list(&OrderFilter {
        search: Some("hoang thi mai".into()),
        limit: 1000,
        ..Default::default()
    })?;
    println!("bench order-list name search: {:?}", t.elapsed());
    assert_eq!(mai.total, 3 * 34);

    let t = Instant::now();
    let phone = c.list(&OrderFilter {
        search: Some("+84 900 010 12".into()),
        ..Default::default()
    })?;
    println!("bench order-list phone search: {:?}", t.elapsed());
    // 0900010120 … 0900010129
    assert_eq!(phone.total, 10);
    assert!(phone
        .rows
        .iter()
        .all(|r| r.vendor_order_id.starts_with("1012")));

    let t = Instant::now();
    let shipping = c.list(&OrderFilter {
        statuses: vec![OrderStatus::Shipping],
        account_ids: vec!["acc1".into(), "acc2".into()],
        ..Default::default()
    })?;
    println!("bench order-list status+account filter: {:?}", t.elapsed());
    assert_eq!(shipping.total, 680 + 1360);
    let counts = c.status_counts(&OrderFilter::default())?;
    assert_eq!(counts.iter().map(|c| c.count).sum::<u32>(), 10_200);
    Ok(())
}

/// The stock push subtracts what the POS has sold and not handed to the carrier: new, confirmed and
/// packing orders count, per SKU (spelled any way), summed over orders and lines; shipped, delivered,
/// cancelled and returned ones do not, nor other accounts' orders.
#[test]
fn unshipped_units_per_sku() -> anyhow::Result<()> {
    let c = OrderCache::open_in_memory()?;
    let with = |id: &str, status: OrderStatus, lines: &[(&str, i64)]| {
        let mut o = order(Vendor::Pancake, id, "Khách", "0912345678", 0, 1);
        o.row.status = status;
        o.items = lines
            .iter()
            .map(|(sku, q)| OrderLine {
                sku: (*sku).into(),
                name: "Áo".into(),
                quantity: *q,
                unit_price: Money::vnd(100_000),
                discount: Money::ZERO,
            })
            .collect();
        o
    };
    c.replace_account(
        "pk",
        Vendor::Pancake,
        vec![
            with("1", OrderStatus::New, &[("AT-001-M", 2), ("QJ-02", 1)]),
            with("2", OrderStatus::Confirmed, &[(" at-001-m ", 3)]),
            with(
                "3",
                OrderStatus::Packing,
                &[("QJ-02", 4), ("", 9), ("X", 0)],
            ),
            with("4", OrderStatus::Shipping, &[("AT-001-M", 50)]),
            with("5", OrderStatus::Delivered, &[("AT-001-M", 50)]),
            with("6", OrderStatus::Cancelled, &[("AT-001-M", 50)]),
            with("7", OrderStatus::Returned, &[("QJ-02", 50)]),
            with("8", OrderStatus::Other, &[("QJ-02", 50)]),
        ],
    )?;
    c.replace_account(
        "nh",
        Vendor::Nhanh,
        vec![with("9", OrderStatus::New, &[("AT-001-M", 7)])],
    )?;
    let units = c.unshipped_units("pk")?;
    assert_eq!(units.get("AT-001-M"), Some(&5));
    assert_eq!(units.get("QJ-02"), Some(&5));
    assert_eq!(units.len(), 2, "{units:?}");
    assert_eq!(c.unshipped_units("nh")?.get("AT-001-M"), Some(&7));
    assert!(c.unshipped_units("none")?.is_empty());
    Ok(())
}

#[test]
fn day_totals_count_each_vietnam_day_and_agree_with_the_list() -> anyhow::Result<()> {
    let c = OrderCache::open_in_memory()?;
    // t0 is 08:00 UTC = 15:00 in Vietnam; 17:00 UTC is midnight there
    let mut late = order(Vendor::Pancake, "201", "An", "0912000001", 0, 8 * 60 + 59); // 16:59 UTC
    late.row.total = Money::vnd(100_000);
    let mut midnight = order(Vendor::Pancake, "202", "Bình", "0912000002", 0, 9 * 60); // 17:00 UTC
    midnight.row.total = Money::vnd(40_000);
    let mut next = order(
        Vendor::Pancake,
        "203",
        "Cường",
        "0912000003",
        0,
        9 * 60 + 30,
    );
    next.row.total = Money::vnd(60_000);
    let mut cancelled = order(Vendor::Pancake, "204", "Dung", "0912000004", 6, 9 * 60 + 40);
    cancelled.row.total = Money::vnd(999_000);
    let early = order(Vendor::Pancake, "200", "Hà", "0912000005", 0, -24 * 60);
    c.replace_account(
        "pk",
        Vendor::Pancake,
        vec![late, midnight, next, cancelled, early],
    )?;
    c.replace_account(
        "nh",
        Vendor::Nhanh,
        vec![order(
            Vendor::Nhanh,
            "5001",
            "Khôi",
            "0912000006",
            54,
            9 * 60 + 1,
        )],
    )?;

    let vn = 7 * 3600;
    let from = t0() - Duration::hours(2); // leaves out "200", a day earlier
    let days = c.day_totals(from, None, vn)?;
    let day1 = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
    let day2 = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
    let sum = |account: &str, day, cancelled: Option<bool>| {
        days.iter()
            .filter(|d| d.account_id == account && d.day == day)
            .filter(|d| cancelled.is_none_or(|c| (d.status == OrderStatus::Cancelled) == c))
            .fold((0u32, 0i64), |(n, t), d| (n + d.orders, t + d.total.dong()))
    };
    assert_eq!(
        sum("pk", day1, None),
        (1, 100_000),
        "16:59 UTC is still the 1st in Vietnam"
    );
    assert_eq!(
        sum("pk", day2, Some(false)),
        (2, 100_000),
        "from 17:00 UTC it is the 2nd"
    );
    assert_eq!(
        sum("pk", day2, Some(true)),
        (1, 999_000),
        "a cancelled order kept apart by its status"
    );
    assert_eq!(sum("nh", day2, None).0, 1);
    assert!(
        days.iter().all(|d| d.day >= day1),
        "nothing before `from`: {days:?}"
    );

    // the same count the orders list answers for that Vietnam day
    let start2 = Utc
        .with_ymd_and_hms(2026, 3, 1, 17, 0, 0)
        .single()
        .unwrap_or_default();
    let listed = c.list(&OrderFilter {
        account_ids: vec!["pk".into()],
        from: Some(start2),
        to: Some(start2 + Duration::days(1)),
        ..Default::default()
    })?;
    assert_eq!(listed.total, sum("pk", day2, None).0);
    // `to` is exclusive
    let only1 = c.day_totals(from, Some(start2), vn)?;
    assert!(only1.iter().all(|d| d.day == day1), "{only1:?}");
    Ok(())
}

/// The low-stock view's sales speed: units per SKU in orders created since a time, every account,
/// cancelled orders left out, older orders left out.
#[test]
fn sold_units_since_counts_recent_uncancelled_lines() -> anyhow::Result<()> {
    let c = OrderCache::open_in_memory()?;
    let with = |id: &str, status: OrderStatus, minutes: i64, lines: &[(&str, i64)]| {
        let mut o = order(Vendor::Pancake, id, "Khách", "0912345678", 0, minutes);
        o.row.status = status;
        o.items = lines
            .iter()
            .map(|(sku, q)| OrderLine {
                sku: (*sku).into(),
                name: "Áo".into(),
                quantity: *q,
                unit_price: Money::vnd(100_000),
                discount: Money::ZERO,
            })
            .collect();
        o
    };
    c.replace_account(
        "pk",
        Vendor::Pancake,
        vec![
            with("1", OrderStatus::Delivered, 60, &[("AT-001-M", 2), ("", 4)]),
            with("2", OrderStatus::Shipping, 90, &[(" at-001-m ", 3)]),
            with("3", OrderStatus::Cancelled, 90, &[("AT-001-M", 50)]),
            with("4", OrderStatus::Delivered, 10, &[("AT-001-M", 50)]),
        ],
    )?;
    c.replace_account(
        "nh",
        Vendor::Nhanh,
        vec![with("9", OrderStatus::New, 120, &[("AT-001-M", 7)])],
    )?;
    let units = c.sold_units_since(t0() + Duration::minutes(30))?;
    assert_eq!(units.get("AT-001-M"), Some(&12));
    assert_eq!(units.len(), 1, "{units:?}");
    assert!(c
        .sold_units_since(t0() + Duration::minutes(500))?
        .is_empty());
    Ok(())
}

#[test]
fn the_export_holds_every_row_the_filter_matches_with_vietnamese_headers() -> anyhow::Result<()> {
    let c = seeded()?;
    // a custom date range: created at 20 and 25 minutes, across accounts
    let filter = OrderFilter {
        from: Some(t0() + Duration::minutes(20)),
        to: Some(t0() + Duration::minutes(30)),
        limit: 1,
        offset: 1,
        ..Default::default()
    };
    let rows = c.export_rows(&filter)?;
    assert_eq!(
        rows.iter()
            .map(|r| r.vendor_order_id.as_str())
            .collect::<Vec<_>>(),
        ["5002", "102"],
        "every matching row, the page size and offset ignored"
    );
    let label = |id: &str| format!("Cửa hàng {id}");
    let bytes = order_cache::orders_csv(&rows, label)?;
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let head: Vec<String> = r.headers()?.iter().map(str::to_string).collect();
    assert_eq!(head, order_cache::EXPORT_HEADERS);
    let recs: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>()?;
    assert_eq!(recs.len(), 2);
    assert_eq!(&recs[0][0], "5002");
    assert_eq!(&recs[0][2], "Cửa hàng nh");
    assert_eq!(&recs[0][3], "Nhanh.vn");
    assert_eq!(&recs[0][4], "Đặng Thu Hà");
    assert_eq!(&recs[1][0], "102");
    assert_eq!(&recs[1][3], "Pancake POS");
    assert_eq!(recs[1][8].parse::<i64>()?, rows[1].total.dong());
    assert_eq!(recs[1][9].parse::<i64>()?, rows[1].cod.dong());
    assert_eq!(recs[1][7].parse::<i64>()?, rows[1].item_count);

    // the same rows in a workbook, numbers as numbers
    let xlsx = order_cache::orders_xlsx(&rows, label).map_err(anyhow::Error::msg)?;
    use calamine::{DataType, Reader};
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(xlsx))?;
    let sheet = wb.worksheet_range("Đơn hàng")?;
    assert_eq!(sheet.height(), 3);
    assert_eq!(
        sheet.get((0, 0)).map(|c| c.to_string()),
        Some("Mã đơn".into())
    );
    assert_eq!(
        sheet.get((1, 0)).map(|c| c.to_string()),
        Some("5002".into())
    );
    assert_eq!(
        sheet.get((2, 8)).and_then(|c| c.get_float()),
        Some(rows[1].total.dong() as f64)
    );
    Ok(())
}
