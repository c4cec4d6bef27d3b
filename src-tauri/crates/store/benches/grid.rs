//! Grid benchmark: 100,000 SKUs listed at three accounts (Onflow, Pancake, Nhanh) with two
//! warehouses each (6 grid columns), in a temp-file database. Prints, per view,
//! `bench grid view=<name> rows=100000 p50_ms=<x> p95_ms=<y>` and then `bench db size_mb=<x> rows=100000`
//! on stdout; write timings go to stderr.
//!
//! Run: `cargo bench -p store --bench grid` (release). `STORE_BENCH_ROWS` changes the size.

use std::time::{Duration, Instant};

use store::{
    Account, GridQuery, GridSort, ListingInput, MatchKind, MatchingQuery, SortField, StockInput,
    Store, Vendor, WarehouseInput,
};

const KINDS: &[&str] = &[
    "Áo thun cổ tròn",
    "Áo sơ mi công sở",
    "Quần jean ống suông",
    "Váy hoa nhí",
    "Giày sneaker",
    "Túi xách da",
    "Son môi lì",
    "Nước hoa hồng",
    "Mũ lưỡi trai",
    "Áo khoác gió",
    "Dép quai ngang",
    "Quần short kaki",
];
const COLORS: &[&str] = &[
    "Đen",
    "Trắng",
    "Xanh navy",
    "Be",
    "Hồng",
    "Xám",
    "Đỏ đô",
    "Xanh rêu",
];
const SIZES: &[&str] = &["S", "M", "L", "XL"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::var("STORE_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.sqlite");
    let mut store = Store::open(&path)?;

    let accounts = [
        ("onflow-1", Vendor::Onflow, "Kho Onflow"),
        ("pancake-1", Vendor::Pancake, "Shop Pancake"),
        ("nhanh-1", Vendor::Nhanh, "Shop Nhanh"),
    ];
    for (ai, (id, vendor, label)) in accounts.iter().enumerate() {
        store.upsert_account(&Account {
            id: id.to_string(),
            vendor: *vendor,
            label: label.to_string(),
            demo: true,
        })?;
        store.upsert_warehouses(
            id,
            &[
                WarehouseInput {
                    vendor_wh_id: "wh-hn".into(),
                    name: "Kho Hà Nội".into(),
                    code: Some("HN".into()),
                },
                WarehouseInput {
                    vendor_wh_id: "wh-hcm".into(),
                    name: "Kho Hồ Chí Minh".into(),
                    code: Some("HCM".into()),
                },
            ],
        )?;
        let (listings, stock) = generate(ai, n);
        let t = Instant::now();
        let stats = store.replace_listings(id, &listings, &stock)?;
        eprintln!(
            "bench write account={id} listings={} stock={} groups={:?} ms={:.0}",
            stats.listings_written,
            stats.stock_written,
            stats.groups.unwrap_or(0),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    // Steady state: full refreshes of one account with nothing changed, then with 1% of stock changed.
    for changed_pct in [0usize, 1] {
        let (listings, mut stock) = generate(1, n);
        for (i, s) in stock.iter_mut().enumerate() {
            if changed_pct > 0 && i % (100 / changed_pct) == 0 {
                s.on_hand = s.on_hand.map(|q| q + 1);
            }
        }
        let t = Instant::now();
        let stats = store.replace_listings("pancake-1", &listings, &stock)?;
        eprintln!(
            "bench write account=pancake-1 full-refresh changed_pct={changed_pct} listings_written={} stock_written={} ms={:.0}",
            stats.listings_written,
            stats.stock_written,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }

    let views: Vec<(&str, GridQuery)> = vec![
        ("none", GridQuery::default()),
        (
            "search_ao",
            GridQuery {
                search: "ao".into(),
                ..GridQuery::default()
            },
        ),
        (
            "mismatches",
            GridQuery {
                mismatches_only: true,
                ..GridQuery::default()
            },
        ),
        (
            "sort_total_desc",
            GridQuery {
                sort: GridSort::TotalOnHand,
                descending: true,
                ..GridQuery::default()
            },
        ),
        (
            "vendor_pancake",
            GridQuery {
                vendors: vec![Vendor::Pancake],
                ..GridQuery::default()
            },
        ),
    ];
    // Views outside the required five, reported on stderr only.
    let hcm_pancake = store
        .warehouses()?
        .into_iter()
        .find(|w| w.account_id == "pancake-1" && w.vendor_wh_id == "wh-hcm")
        .map(|w| w.id)
        .unwrap_or_default();
    let extra: Vec<(&str, GridQuery)> = vec![
        (
            "sort_column_desc",
            GridQuery {
                sort: GridSort::Column {
                    warehouse_id: hcm_pancake,
                    field: SortField::OnHand,
                },
                descending: true,
                ..GridQuery::default()
            },
        ),
        (
            "warehouse_filter",
            GridQuery {
                warehouses: vec![hcm_pancake],
                ..GridQuery::default()
            },
        ),
        (
            "low_stock_10",
            GridQuery {
                low_stock_only: true,
                low_threshold: 10,
                ..GridQuery::default()
            },
        ),
        (
            "search_sku",
            GridQuery {
                search: "sp00012".into(),
                ..GridQuery::default()
            },
        ),
    ];
    const ITERS: usize = 60;
    for (name, q) in &extra {
        let mut times: Vec<Duration> = Vec::with_capacity(10);
        for _ in 0..10 {
            let t = Instant::now();
            let _ = store.grid(q)?;
            times.push(t.elapsed());
        }
        times.sort();
        eprintln!(
            "bench grid-extra view={name} rows={n} p50_ms={:.2} max_ms={:.2}",
            times[5].as_secs_f64() * 1000.0,
            times[9].as_secs_f64() * 1000.0
        );
    }
    for kind in [MatchKind::Unmatched, MatchKind::Conflicting, MatchKind::All] {
        let t = Instant::now();
        let (total, items) = store.matching(&MatchingQuery {
            kind,
            ..MatchingQuery::default()
        })?;
        eprintln!(
            "bench matching kind={kind:?} total={total} items={} ms={:.1}",
            items.len(),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    for (name, q) in &views {
        let _ = store.grid(q)?; // warm-up
        let mut times: Vec<Duration> = Vec::with_capacity(ITERS);
        let mut total_rows = 0;
        for i in 0..ITERS {
            // Page through the first windows, as a user scrolling does.
            let q = GridQuery {
                offset: ((i % 3) * 100) as u32,
                ..q.clone()
            };
            let t = Instant::now();
            let page = store.grid(&q)?;
            times.push(t.elapsed());
            total_rows = page.total_rows;
            assert!(!page.rows.is_empty(), "view {name} returned no rows");
        }
        times.sort();
        let p =
            |f: f64| times[((times.len() as f64 * f).ceil() as usize).clamp(1, times.len()) - 1];
        eprintln!("bench grid-info view={name} matching_rows={total_rows}");
        println!(
            "bench grid view={name} rows={n} p50_ms={:.2} p95_ms={:.2}",
            p(0.50).as_secs_f64() * 1000.0,
            p(0.95).as_secs_f64() * 1000.0
        );
    }
    // The order form's item search: one account's 100k listings, typed queries.
    for (name, q) in [
        ("sku_prefix", "AT"),
        ("name_words", "ao thun"),
        ("exact_sku", "NONE-0"),
    ] {
        let mut times = Vec::new();
        for _ in 0..20 {
            let t0 = Instant::now();
            let hits = store.catalog_search("pancake-1", q, 20)?;
            times.push(t0.elapsed());
            std::hint::black_box(hits);
        }
        times.sort();
        println!(
            "bench catalog-search query={name} listings={n} p50_ms={:.2} p95_ms={:.2}",
            times[times.len() / 2].as_secs_f64() * 1000.0,
            times[times.len() * 95 / 100].as_secs_f64() * 1000.0
        );
    }
    drop(store);
    let mut bytes = 0u64;
    for entry in std::fs::read_dir(dir.path())? {
        bytes += entry?.metadata()?.len();
    }
    println!(
        "bench db size_mb={:.1} rows={n}",
        bytes as f64 / (1024.0 * 1024.0)
    );
    Ok(())
}

fn generate(ai: usize, n: usize) -> (Vec<ListingInput>, Vec<StockInput>) {
    let mut listings = Vec::with_capacity(n);
    let mut stock = Vec::with_capacity(n * 2);
    for i in 0..n {
        let kind = KINDS[i % KINDS.len()];
        let color = COLORS[(i / KINDS.len()) % COLORS.len()];
        let size = SIZES[(i / (KINDS.len() * COLORS.len())) % SIZES.len()];
        let pid = format!("{}-{}", ai, i / 4);
        let vid = format!("{ai}-{i}");
        listings.push(ListingInput {
            vendor_product_id: pid.clone(),
            vendor_variation_id: vid.clone(),
            sku: Some(format!("SP{i:06}-{size}")),
            barcode: Some(format!("893{i:010}")),
            name: format!("{kind} mẫu {} - {color} / {size}", i / 96),
            price_vnd: Some(99_000 + (i as i64 % 50) * 10_000),
            image_urls: vec![format!("https://img.example/{i}.jpg")],
            updated_at: None,
        });
        let base = ((i * 7919) % 200) as i64;
        // About one SKU in eight disagrees between the POS and the warehouse.
        let delta = if ai > 0 && (i * 31 + ai).is_multiple_of(8) {
            1
        } else {
            0
        };
        for (wi, wh) in ["wh-hn", "wh-hcm"].iter().enumerate() {
            let q = if wi == 0 { base - delta } else { base / 3 };
            stock.push(StockInput {
                vendor_product_id: pid.clone(),
                vendor_variation_id: vid.clone(),
                vendor_wh_id: wh.to_string(),
                on_hand: Some(q.max(0)),
                available: Some((q - 2).max(0)),
                incoming: None,
                returning: None,
            });
        }
    }
    (listings, stock)
}
