//! Orders that never dead-end (#22), through the command bodies on the demo's simulators with a
//! `MemoryHost`: a refused order fixed and sent again under a new reference, dismiss, the tracking link
//! and the shipping label of each vendor, the filtered list exported.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use order_outbox::{OutboxEntry, State};
use shopdesk_app::accounts::demo_start;
use shopdesk_app::orders as o;
use shopdesk_app::sync::Trigger;
use shopdesk_app::{Desk, MemoryHost};
use shopdesk_core::order::OrderDraft;
use shopdesk_core::{ErrorCode, Vendor};

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "shopdesk-orderwork-{tag}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn accounts_in(dir: &Path) -> Arc<accounts::AccountService> {
    Arc::new(accounts::AccountService::new(
        Arc::new(accounts::FileMeta::new(dir.join("accounts.json"))),
        secrets::Secrets::in_memory(),
    ))
}

async fn synced_demo(tag: &str) -> (Desk, Arc<MemoryHost>, PathBuf) {
    let dir = temp_dir(tag);
    let host = Arc::new(MemoryHost::saving_to(&dir));
    let desk = Desk::open(
        &dir,
        accounts_in(&dir),
        host.clone(),
        tokio::runtime::Handle::current(),
    )
    .expect("stores open");
    demo_start(&desk).await.expect("demo starts");
    shopdesk_app::sync::sync_workspace(&desk, stock_sync::Mode::Full, Trigger::Owner)
        .await
        .expect("sync runs");
    o::orders_sync(&desk).await.expect("orders sync");
    (desk, host, dir)
}

async fn account_of(desk: &Desk, vendor: Vendor) -> String {
    shopdesk_app::accounts::workspace(desk)
        .await
        .expect("ws")
        .accounts
        .into_iter()
        .find(|a| a.vendor == vendor)
        .map(|a| a.id)
        .expect("a demo account of the vendor")
}

/// A Pancake draft of the demo's first "AT0" item, `quantity` of it.
async fn pancake_draft(desk: &Desk, quantity: i64) -> OrderDraft {
    let targets = o::order_targets(desk).await.expect("targets");
    let t = targets
        .iter()
        .find(|t| t.vendor == Vendor::Pancake)
        .expect("pancake target");
    let items = o::catalog_search(desk, t.account_id.clone(), "AT0".into())
        .await
        .expect("catalog");
    let i = items.first().expect("an AT0 item");
    serde_json::from_value(serde_json::json!({
        "customer": {"name": "Nguyễn Thị Lan", "phone": "0912345678"},
        "address": {"line1": "12 Lê Lợi", "ward": "Phường Bến Nghé", "district": "Quận 1",
                    "province": "Thành phố Hồ Chí Minh"},
        "items": [{"sku": i.sku, "productId": i.vendor_product_id, "variationId": i.vendor_variation_id,
                   "quantity": quantity, "unitPrice": 150000}],
        "target": {"accountId": t.account_id, "vendor": "pancake", "warehouseId": t.warehouses[0].id}
    }))
    .expect("draft")
}

/// Wait until the outbox entry `id` is in a final state (the app's own state, polled), at most 30 s.
async fn settled(desk: &Desk, id: order_outbox::OrderId) -> OutboxEntry {
    let start = Instant::now();
    loop {
        let list = o::order_outbox(desk).await.expect("outbox");
        if let Some(e) = list.entries.into_iter().find(|e| e.id == id) {
            if e.state.is_final() {
                return e;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "entry {id:?} never settled"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_order_is_fixed_and_created_once_under_a_new_reference() {
    let (desk, _host, _dir) = synced_demo("resend").await;
    let refused = o::order_submit(&desk, pancake_draft(&desk, 2_000_000_000).await)
        .await
        .expect("stored");
    let old = settled(&desk, refused.id).await;
    assert_eq!(old.state, State::Failed, "{old:?}");
    let fixed = o::order_resend(&desk, old.id, pancake_draft(&desk, 1).await)
        .await
        .expect("sent again");
    assert_ne!(fixed.client_ref, old.client_ref);
    assert_eq!(fixed.previous_refs, vec![old.client_ref.clone()]);
    let new = settled(&desk, fixed.id).await;
    assert_eq!(new.state, State::Created, "{new:?}");
    let listing = o::order_outbox(&desk).await.expect("outbox");
    let old_now = listing
        .entries
        .iter()
        .find(|e| e.id == old.id)
        .expect("the old row stays");
    assert_eq!(
        old_now.superseded_by.as_deref(),
        Some(new.client_ref.as_str())
    );
    assert_eq!(
        listing.entries.iter().filter(|e| e.needs_action()).count(),
        0,
        "nothing left to do"
    );
    // the created order is in the list under its new reference, once
    let vid = new.vendor_order_id.clone().expect("vendor id");
    let start = Instant::now();
    loop {
        let page = o::orders_list(
            &desk,
            order_cache::OrderFilter {
                search: Some(new.client_ref.clone()),
                ..Default::default()
            },
        )
        .await
        .expect("list");
        if page.total == 1 && page.rows[0].vendor_order_id == vid {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the new order never reached the list"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    // a second resend of the old row is refused; so is one of the created row
    for id in [old.id, new.id] {
        let e = o::order_resend(&desk, id, pancake_draft(&desk, 1).await)
            .await
            .expect_err("refused");
        assert_eq!(e.code, ErrorCode::Conflict, "{e:?}");
    }
    // dismiss: only a refused / needs-attention row, once
    let again = o::order_submit(&desk, pancake_draft(&desk, 2_000_000_000).await)
        .await
        .expect("stored");
    assert_eq!(settled(&desk, again.id).await.state, State::Failed);
    let d = o::order_dismiss(&desk, again.id).await.expect("dismissed");
    assert!(d.dismissed_at.is_some() && !d.needs_action());
    assert_eq!(
        o::order_dismiss(&desk, again.id)
            .await
            .expect_err("twice")
            .code,
        ErrorCode::Conflict
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tracking_links_and_the_pancake_label_come_from_each_vendor() {
    let (desk, host, dir) = synced_demo("labels").await;
    let rows = o::orders_list(
        &desk,
        order_cache::OrderFilter {
            limit: 1000,
            ..Default::default()
        },
    )
    .await
    .expect("orders")
    .rows;
    let first = |v: Vendor| {
        rows.iter()
            .find(|r| r.vendor == v)
            .cloned()
            .expect("an order of each vendor in the demo")
    };
    let (pk, nh, of) = (
        first(Vendor::Pancake),
        first(Vendor::Nhanh),
        first(Vendor::Onflow),
    );
    // Pancake: orders/get_tracking_url → the simulator's tracking page, which names the order
    let link = o::order_tracking_link(&desk, pk.account_id.clone(), pk.vendor_order_id.clone())
        .await
        .expect("pancake link")
        .expect("pancake gives a link");
    assert!(link.contains("/pke.gg/"), "{link}");
    let page = reqwest::get(&link)
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    assert!(page.contains(&format!("#{}", pk.vendor_order_id)), "{page}");
    let opened = o::order_open_tracking(&desk, pk.account_id.clone(), pk.vendor_order_id.clone())
        .await
        .expect("opened");
    assert!(host.opened().contains(&opened));
    // Nhanh: the order's own trackingUrl
    let nlink = o::order_tracking_link(&desk, nh.account_id.clone(), nh.vendor_order_id.clone())
        .await
        .expect("nhanh link");
    assert!(
        nlink
            .as_deref()
            .is_some_and(|l| l.ends_with(&format!("/tracking/{}", nh.vendor_order_id))),
        "{nlink:?}"
    );
    // Onflow documents no tracking page
    assert_eq!(
        o::order_tracking_link(&desk, of.account_id.clone(), of.vendor_order_id.clone())
            .await
            .expect("onflow"),
        None
    );

    // the Pancake label: fetched as a real PDF and handed to the host's viewer
    let path = o::order_print_label(&desk, pk.account_id.clone(), pk.vendor_order_id.clone())
        .await
        .expect("label");
    let pdf = std::fs::read(&path).expect("written");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf.len() > 500, "a real page, {} bytes", pdf.len());
    assert!(String::from_utf8_lossy(&pdf).contains(&format!("Don hang: #{}", pk.vendor_order_id)));
    assert!(Path::new(&path).starts_with(&dir));
    assert!(host.opened().contains(&path));
    // Nhanh and Onflow print no label through their APIs
    for r in [&nh, &of] {
        let e = o::order_print_label(&desk, r.account_id.clone(), r.vendor_order_id.clone())
            .await
            .expect_err("no label");
        assert_eq!(e.code, ErrorCode::NotFound, "{e:?}");
    }
    // an unknown order is the vendor's refusal, not a file
    assert!(
        o::order_print_label(&desk, pk.account_id.clone(), "999999999".into())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_label_link_that_is_not_a_pdf_is_refused() {
    // a local page that answers HTML (a login page, an error) is never saved as a label
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        if let Ok((mut s, _)) = listener.accept().await {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf).await;
            let body = "<html>not a label</html>";
            let _ = s
                .write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    )
                    .as_bytes(),
                )
                .await;
        }
    });
    let url = reqwest::Url::parse(&format!("http://{addr}/label.pdf")).expect("url");
    let e = o::fetch_pdf(url).await.expect_err("refused");
    assert_eq!(e.code, ErrorCode::VendorRejected, "{e:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_filtered_list_exports_every_matching_row() {
    let (desk, _host, _dir) = synced_demo("export").await;
    let pk = account_of(&desk, Vendor::Pancake).await;
    let filter = order_cache::OrderFilter {
        account_ids: vec![pk.clone()],
        limit: 5,
        ..Default::default()
    };
    let total = o::orders_list(&desk, filter.clone())
        .await
        .expect("list")
        .total;
    assert!(total > 5, "the demo has more Pancake orders than one page");
    let path = o::orders_export(&desk, filter, store::ExportFormat::Csv)
        .await
        .expect("export")
        .expect("saved");
    let text = std::fs::read_to_string(&path).expect("file");
    let mut lines = text.lines();
    assert!(lines
        .next()
        .is_some_and(|h| h.contains("Mã đơn") && h.contains("Thu hộ COD")));
    let data: Vec<&str> = lines.collect();
    assert_eq!(data.len() as u32, total, "every matching row, not the page");
    assert!(
        data.iter().all(|l| l.contains("Pancake POS")),
        "only the filtered account"
    );
}
