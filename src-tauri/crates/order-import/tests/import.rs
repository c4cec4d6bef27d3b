//! Template → filled file → parse → build → report, the way a shop owner uses it.

use std::io::Cursor;

use calamine::{Data, Reader};
use order_import::*;
use rust_xlsxwriter::Workbook;
use shopdesk_core::order::{
    Address, Customer, Extras, Item, OnflowExtras, OrderDraft, Target, Vendor,
};
use shopdesk_core::Money;

fn catalog() -> MemoryCatalog {
    let hit = |sku: &str, pid: &str, price: Option<i64>| CatalogHit {
        sku: sku.into(),
        product_id: Some(pid.into()),
        variation_id: Some(format!("var-{pid}")),
        name: format!("Sản phẩm {pid}"),
        price: price.map(Money::vnd),
    };
    MemoryCatalog::new([
        hit("AO-THUN-TRANG-M", "101", Some(199_000)),
        hit("MU-LUOI-DEN", "102", Some(99_000)),
        hit("QUAN-JEAN-30", "103", None),
    ])
}

fn target(vendor: Vendor) -> Target {
    Target {
        account_id: "acc-1".into(),
        vendor,
        warehouse_id: "11".into(),
    }
}

fn item(sku: &str, pid: &str, quantity: i64, unit_price: i64, discount: i64) -> Item {
    Item {
        sku: sku.into(),
        product_id: Some(pid.into()),
        variation_id: Some(format!("var-{pid}")),
        quantity,
        unit_price: Money::vnd(unit_price),
        discount: Money::vnd(discount),
    }
}

fn draft(name: &str, phone: &str, line1: &str, items: Vec<Item>) -> OrderDraft {
    OrderDraft {
        customer: Customer {
            name: name.into(),
            phone: phone.into(),
            email: None,
        },
        address: Address {
            line1: line1.into(),
            ..Default::default()
        },
        items,
        order_discount: Money::ZERO,
        shipping_fee: Money::ZERO,
        cod: None,
        note: None,
        target: target(Vendor::Pancake),
        extras: Extras::default(),
    }
}

fn csv(text: &str) -> Vec<u8> {
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend_from_slice(text.as_bytes());
    b
}

fn preview_of(bytes: &[u8], kind: FileKind, vendor: Vendor) -> ImportPreview {
    let rows = parse_for(bytes, kind, vendor).expect("file parses");
    build(&rows, &target(vendor), &Extras::default(), &catalog())
}

enum V<'a> {
    S(&'a str),
    N(f64),
}

/// A workbook with the template's headers (in the template's order) and `rows` below, written the
/// way Excel stores what a user typed: numbers as numbers, text as text.
fn workbook(headers: &[&str], rows: &[Vec<Option<V>>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v {
                Some(V::S(s)) => sheet.write_string(r as u32 + 1, c as u16, *s).unwrap(),
                Some(V::N(n)) => sheet.write_number(r as u32 + 1, c as u16, *n).unwrap(),
                None => continue,
            };
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn the_template_parses_back_into_its_example_order() {
    let bytes = template_xlsx().unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), vec![ORDERS_SHEET, HELP_SHEET]);
    let help = book.worksheet_range(HELP_SHEET).unwrap();
    let help_text: Vec<String> = help.rows().flatten().map(|d| d.to_string()).collect();
    for spec in COLUMNS {
        assert!(
            help_text.iter().any(|t| t == spec.header),
            "help explains {}",
            spec.header
        );
    }

    let rows = parse(&bytes, FileKind::Xlsx).unwrap();
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![2, 3]);
    assert_eq!(
        parse(&bytes, FileKind::Csv).unwrap(),
        rows,
        "a workbook with a .csv name is still read as a workbook"
    );
    let preview = build(
        &rows,
        &target(Vendor::Pancake),
        &Extras::default(),
        &catalog(),
    );
    assert_eq!((preview.valid_count, preview.invalid_count), (1, 0));
    let order = &preview.orders[0];
    assert_eq!(order.key, "DH001");
    assert_eq!(order.rows, vec![2, 3]);
    let mut want = draft(
        "Nguyễn Thị Lan",
        "0912345678",
        "12 Lê Lợi",
        vec![
            item("AO-THUN-TRANG-M", "101", 2, 199_000, 10_000),
            item("MU-LUOI-DEN", "102", 1, 99_000, 0),
        ],
    );
    want.address.ward = Some("Phường Sài Gòn".into());
    want.address.province = Some("TP Hồ Chí Minh".into());
    want.order_discount = Money::vnd(20_000);
    want.shipping_fee = Money::vnd(30_000);
    want.note = Some("Giao giờ hành chính".into());
    assert_eq!(order.draft.as_ref(), Some(&want));

    // the CSV template says the same, and Excel can open it (UTF-8 BOM)
    let csv_bytes = template_csv().unwrap();
    assert!(csv_bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let from_csv = build(
        &parse(&csv_bytes, FileKind::Csv).unwrap(),
        &target(Vendor::Pancake),
        &Extras::default(),
        &catalog(),
    );
    assert_eq!(from_csv.orders[0].draft.as_ref(), Some(&want));
}

#[test]
fn a_filled_workbook_becomes_the_expected_drafts() {
    let headers: Vec<&str> = COLUMNS.iter().map(|s| s.header).collect();
    let col = |h: &str| headers.iter().position(|x| *x == h).unwrap();
    let mut rows: Vec<Vec<Option<V>>> = Vec::new();
    let mut row = |cells: Vec<(&str, V<'static>)>| {
        let mut r: Vec<Option<V>> = (0..headers.len()).map(|_| None).collect();
        for (h, v) in cells {
            r[col(h)] = Some(v);
        }
        rows.push(r);
    };
    use V::{N, S};
    // row 2-3: order DH1, two items; the phone typed as a number lost its leading zero
    row(vec![
        ("Mã đơn", S("DH1")),
        ("Tên khách hàng", S("Trần Văn Bình")),
        ("Số điện thoại", N(987_654_321.0)),
        ("Địa chỉ", S("5 Trần Phú")),
        ("Phường/Xã", S("Phường Ba Đình")),
        ("Tỉnh/Thành phố", S("Hà Nội")),
        ("SKU", S("AO-THUN-TRANG-M")),
        ("Số lượng", N(3.0)),
        ("Phí vận chuyển", N(25_000.0)),
        ("COD", N(0.0)),
    ]);
    row(vec![
        ("Mã đơn", S("DH1")),
        ("SKU", S("QUAN-JEAN-30")),
        ("Số lượng", N(1.0)),
        ("Đơn giá", S("350.000đ")),
    ]);
    // row 4: no key, an order of its own, SKU in another case, price from the catalog
    row(vec![
        ("Tên khách hàng", S("Lê Thị Hoa")),
        ("Số điện thoại", S("+84 38 123 4567")),
        ("Địa chỉ", S("Ấp 3")),
        ("Quận/Huyện", S("Huyện Củ Chi")),
        ("SKU", S("mu-luoi-den")),
        ("Số lượng", S("2")),
        ("Giảm giá/SP", S("9k")),
        ("Ghi chú", S("Gọi trước khi giao")),
    ]);
    let bytes = workbook(&headers, &rows);
    let preview = preview_of(&bytes, FileKind::Xlsx, Vendor::Pancake);
    assert_eq!(preview.errors(), Vec::<&RowError>::new());
    assert_eq!((preview.valid_count, preview.invalid_count), (2, 0));

    let mut first = draft(
        "Trần Văn Bình",
        "0987654321",
        "5 Trần Phú",
        vec![
            item("AO-THUN-TRANG-M", "101", 3, 199_000, 0),
            item("QUAN-JEAN-30", "103", 1, 350_000, 0),
        ],
    );
    first.address.ward = Some("Phường Ba Đình".into());
    first.address.province = Some("Hà Nội".into());
    first.shipping_fee = Money::vnd(25_000);
    first.cod = Some(Money::ZERO);
    let mut second = draft(
        "Lê Thị Hoa",
        "0381234567",
        "Ấp 3",
        vec![item("MU-LUOI-DEN", "102", 2, 99_000, 9_000)],
    );
    second.address.district = Some("Huyện Củ Chi".into());
    second.note = Some("Gọi trước khi giao".into());

    let got: Vec<(&str, Vec<u32>, Option<&OrderDraft>)> = preview
        .orders
        .iter()
        .map(|o| (o.key.as_str(), o.rows.clone(), o.draft.as_ref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("DH1", vec![2, 3], Some(&first)),
            ("", vec![4], Some(&second)),
        ]
    );
    assert_eq!(
        preview.orders[1].draft.as_ref().unwrap().cod_amount(),
        Money::vnd(180_000)
    );
}

#[test]
fn csv_with_bom_and_semicolons() {
    let bytes = csv(concat!(
        "Mã đơn;Tên khách hàng;Số điện thoại;Địa chỉ;Tỉnh/Thành phố;SKU;Số lượng;Đơn giá;Ghi chú\r\n",
        "A1;\"Phạm Minh; Tuấn\";0912 345 678;\"1 Nguyễn Huệ, tầng 2\";TP Hồ Chí Minh;AO-THUN-TRANG-M;1;\"1.000.000\";\r\n",
        ";;;;;;;;\r\n",
        "A1;;;;;MU-LUOI-DEN;2;150.000 ₫;\"giao \"\"nhanh\"\"\"\r\n",
    ));
    let preview = preview_of(&bytes, FileKind::Csv, Vendor::Pancake);
    assert_eq!(preview.errors(), Vec::<&RowError>::new());
    assert_eq!(preview.orders.len(), 1);
    let o = &preview.orders[0];
    assert_eq!(
        o.rows,
        vec![2, 4],
        "the empty row 3 is skipped, numbering kept"
    );
    let d = o.draft.as_ref().unwrap();
    assert_eq!(d.customer.name, "Phạm Minh; Tuấn");
    assert_eq!(d.customer.phone, "0912345678");
    assert_eq!(d.address.line1, "1 Nguyễn Huệ, tầng 2");
    assert_eq!(
        d.items
            .iter()
            .map(|i| (i.sku.as_str(), i.quantity, i.unit_price.dong()))
            .collect::<Vec<_>>(),
        vec![
            ("AO-THUN-TRANG-M", 1, 1_000_000),
            ("MU-LUOI-DEN", 2, 150_000)
        ]
    );
    assert_eq!(d.note.as_deref(), Some("giao \"nhanh\""));
}

#[test]
fn a_bad_phone_on_row_4_marks_only_that_order() {
    let bytes = csv(concat!(
        "Mã đơn,Tên khách hàng,Số điện thoại,Địa chỉ,SKU,Số lượng\n",
        "1,An,0912345678,1 A,AO-THUN-TRANG-M,1\n",
        "2,Bình,0987654321,2 B,AO-THUN-TRANG-M,1\n",
        "3,Chi,0212345678,3 C,MU-LUOI-DEN,1\n",
        "3,,,,AO-THUN-TRANG-M,2\n",
        "4,Dũng,0381234567,4 D,MU-LUOI-DEN,1\n",
    ));
    let preview = preview_of(&bytes, FileKind::Csv, Vendor::Pancake);
    assert_eq!((preview.valid_count, preview.invalid_count), (3, 1));
    let bad = &preview.orders[2];
    assert_eq!(bad.key, "3");
    assert_eq!(
        bad.draft, None,
        "an order with errors is never ready to send"
    );
    assert_eq!(
        bad.errors,
        vec![RowError {
            row: 4,
            column: Some("Số điện thoại".into()),
            code: "phone.invalid".into(),
            value: None,
        }]
    );
    let valid: Vec<&str> = preview.valid().map(|(o, _)| o.key.as_str()).collect();
    assert_eq!(valid, vec!["1", "2", "4"]);
}

#[test]
fn unknown_skus_and_bad_numbers_point_at_their_cells() {
    let bytes = csv(concat!(
        "Ma don,Ten khach hang,SDT,Dia chi,SKU,So luong,Don gia,Giam gia/SP,Phi van chuyen\n",
        "X,An,0912345678,1 A,KHONG-CO,1,,,\n",
        "X,,,,AO-THUN-TRANG-M,hai,,,\n",
        "Y,Bình,0912345678,2 B,QUAN-JEAN-30,1,,,\n",
        "Z,Chi,0912345678,3 C,MU-LUOI-DEN,1,1.5,,30.000đ\n",
        "W,Dũng,0912345678,4 D,MU-LUOI-DEN,1,,200000,abc\n",
        "V,Em,0912345678,5 E,MU-LUOI-DEN,,,,\n",
    ));
    let preview = preview_of(&bytes, FileKind::Csv, Vendor::Pancake);
    let errs: Vec<(u32, Option<&str>, &str, Option<&str>)> = preview
        .errors()
        .into_iter()
        .map(|e| {
            (
                e.row,
                e.column.as_deref(),
                e.code.as_str(),
                e.value.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        errs,
        vec![
            (2, Some("SKU"), "sku.unknown", Some("KHONG-CO")),
            (3, Some("So luong"), "number.invalid", Some("hai")),
            (4, Some("Don gia"), "price.required", None),
            (5, Some("Don gia"), "number.invalid", Some("1.5")),
            (6, Some("Giam gia/SP"), "discount.invalid", None),
            (6, Some("Phi van chuyen"), "number.invalid", Some("abc")),
            (7, Some("So luong"), "quantity.required", None),
        ]
    );
    assert_eq!((preview.valid_count, preview.invalid_count), (0, 5));
    assert!(preview.orders.iter().all(|o| o.draft.is_none()));
}

#[test]
fn vietnamese_number_formats_reach_the_draft() {
    let bytes = csv(concat!(
        "SKU,Số lượng,Đơn giá,Giảm giá/SP,Giảm giá đơn,Phí vận chuyển,COD,Tên khách hàng,Số điện thoại,Địa chỉ\n",
        "AO-THUN-TRANG-M,\"1.000\",\"1,000,000\",150000đ,\"150.000 ₫\",30k,\"849.880.000 VNĐ\",An,0912345678,1 A\n",
    ));
    let preview = preview_of(&bytes, FileKind::Csv, Vendor::Pancake);
    assert_eq!(preview.errors(), Vec::<&RowError>::new());
    let d = preview.orders[0].draft.as_ref().unwrap();
    assert_eq!(d.items[0].quantity, 1_000);
    assert_eq!(d.items[0].unit_price, Money::vnd(1_000_000));
    assert_eq!(d.items[0].discount, Money::vnd(150_000));
    assert_eq!(d.order_discount, Money::vnd(150_000));
    assert_eq!(d.shipping_fee, Money::vnd(30_000));
    assert_eq!(d.cod, Some(Money::vnd(849_880_000)));
    assert_eq!(d.cod_amount(), d.total());
}

#[test]
fn missing_required_columns_are_a_file_error_naming_them() {
    let bytes = csv("Tên khách hàng,Số điện thoại,Địa chỉ,Số lượng\nAn,0912345678,1 A,1\n");
    let e = parse(&bytes, FileKind::Csv).unwrap_err();
    assert_eq!(
        e,
        ImportError::MissingColumns {
            columns: vec!["SKU".into()]
        }
    );
    assert_eq!(e.code(), "column.missing");

    // Pancake needs the customer columns, Onflow the marketplace
    let bytes = csv("SKU,Số lượng\nAO-THUN-TRANG-M,1\n");
    assert!(parse(&bytes, FileKind::Csv).is_ok());
    assert_eq!(
        parse_for(&bytes, FileKind::Csv, Vendor::Pancake).unwrap_err(),
        ImportError::MissingColumns {
            columns: vec![
                "Tên khách hàng".into(),
                "Số điện thoại".into(),
                "Địa chỉ".into()
            ]
        }
    );
    assert_eq!(
        parse_for(&bytes, FileKind::Csv, Vendor::Onflow).unwrap_err(),
        ImportError::MissingColumns {
            columns: vec!["Sàn TMĐT".into()]
        }
    );

    let only_header = csv("SKU,Số lượng\n\n");
    assert_eq!(
        parse(&only_header, FileKind::Csv).unwrap_err(),
        ImportError::Empty
    );
}

#[test]
fn headers_without_diacritics_in_any_order_and_english_aliases_match() {
    let headers = [
        "quantity",
        "Ghi chu khac", // unknown: ignored
        "SKU",
        "so dien thoai",
        "TEN KHACH HANG",
        "dia chi",
    ];
    use V::{N, S};
    let bytes = workbook(
        &headers,
        &[vec![
            Some(N(2.0)),
            Some(S("bỏ qua")),
            Some(S("MU-LUOI-DEN")),
            Some(S("0912.345.678")),
            Some(S("An")),
            Some(S("1 A")),
        ]],
    );
    let preview = preview_of(&bytes, FileKind::Xlsx, Vendor::Pancake);
    assert_eq!(preview.errors(), Vec::<&RowError>::new());
    let d = preview.orders[0].draft.as_ref().unwrap();
    assert_eq!(d.customer.phone, "0912345678");
    assert_eq!(d.items[0].quantity, 2);
    assert_eq!(d.note, None, "an unknown column is not read as the note");

    // errors name the header as the user wrote it
    let bytes =
        csv("sku,so luong,ten khach hang,so dien thoai,dia chi\nMU-LUOI-DEN,1,An,12345,1 A\n");
    let preview = preview_of(&bytes, FileKind::Csv, Vendor::Pancake);
    assert_eq!(preview.errors()[0].column.as_deref(), Some("so dien thoai"));
}

#[test]
fn a_title_row_above_the_header_is_skipped_and_row_numbers_stay_true() {
    use V::{N, S};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Đơn hàng tháng 11").unwrap();
    for (c, h) in [
        "SKU",
        "Số lượng",
        "Tên khách hàng",
        "Số điện thoại",
        "Địa chỉ",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    for (c, v) in [S("MU-LUOI-DEN"), N(0.0), S("An"), S("0912345678"), S("1 A")]
        .iter()
        .enumerate()
    {
        match v {
            S(s) => sheet.write_string(3, c as u16, *s).unwrap(),
            N(n) => sheet.write_number(3, c as u16, *n).unwrap(),
        };
    }
    let bytes = book.save_to_buffer().unwrap();
    let preview = preview_of(&bytes, FileKind::Xlsx, Vendor::Pancake);
    assert_eq!(preview.orders[0].rows, vec![4]);
    assert_eq!(
        preview.orders[0].errors,
        vec![RowError {
            row: 4,
            column: Some("Số lượng".into()),
            code: "quantity.positive".into(),
            value: None
        }]
    );
}

#[test]
fn rows_of_one_order_that_disagree_are_flagged() {
    let bytes = csv(concat!(
        "Mã đơn,Tên khách hàng,Số điện thoại,Địa chỉ,SKU,Số lượng,Phí vận chuyển\n",
        "K,An,0912345678,1 A,MU-LUOI-DEN,1,30000\n",
        "K,an,+84912345678,,AO-THUN-TRANG-M,1,30.000\n",
        "K,Bình,,,AO-THUN-TRANG-M,1,\n",
    ));
    let preview = preview_of(&bytes, FileKind::Csv, Vendor::Pancake);
    assert_eq!(preview.orders.len(), 1);
    assert_eq!(
        preview.orders[0].errors,
        vec![RowError {
            row: 4,
            column: Some("Tên khách hàng".into()),
            code: "order.conflict".into(),
            value: Some("Bình".into()),
        }],
        "same values written differently are not a conflict"
    );
}

#[test]
fn onflow_columns_fill_the_marketplace_extras() {
    let bytes = csv(concat!(
        "Mã đơn,SKU,Số lượng,Sàn TMĐT,Mã đơn sàn,Mã vận đơn\n",
        "S1,MU-LUOI-DEN,1,TikTok Shop,240101ABCD,SPXVN0001\n",
        "S1,AO-THUN-TRANG-M,1,,,\n",
        "S2,MU-LUOI-DEN,1,Sendo,,\n",
        "S3,MU-LUOI-DEN,1,,,\n",
    ));
    let defaults = Extras {
        onflow: Some(OnflowExtras {
            document_urls: vec!["https://files.example/label.pdf".into()],
            ..Default::default()
        }),
        ..Default::default()
    };
    let rows = parse_for(&bytes, FileKind::Csv, Vendor::Onflow).unwrap();
    let preview = build(&rows, &target(Vendor::Onflow), &defaults, &catalog());
    let d = preview.orders[0].draft.as_ref().expect("S1 valid");
    assert_eq!(
        d.extras.onflow,
        Some(OnflowExtras {
            platform: "tiktok".into(),
            marketplace_order_ref: Some("240101ABCD".into()),
            waybill: Some("SPXVN0001".into()),
            document_urls: vec!["https://files.example/label.pdf".into()],
        })
    );
    let code_at = |i: usize| {
        let e = &preview.orders[i].errors[0];
        (e.row, e.column.clone(), e.code.clone())
    };
    assert_eq!(
        code_at(1),
        (4, Some("Sàn TMĐT".into()), "platform.invalid".into())
    );
    assert_eq!(
        code_at(2),
        (5, Some("Sàn TMĐT".into()), "platform.required".into())
    );

    // the same file sent to Pancake ignores the marketplace columns but needs a customer
    let pancake = build(
        &rows,
        &target(Vendor::Pancake),
        &Extras::default(),
        &catalog(),
    );
    assert!(pancake
        .orders
        .iter()
        .all(|o| o.errors.iter().any(|e| e.code == "name.required")));
}

#[test]
fn reports_open_with_vietnamese_headers() {
    let rows = vec![
        ReportRow {
            key: "DH1".into(),
            rows: vec![2, 3],
            state: ReportState::Created,
            reference: Some("SD-0123456789ABCDEF".into()),
            vendor_order_id: Some("000123".into()),
            error: None,
        },
        ReportRow {
            key: "".into(),
            rows: vec![4],
            state: ReportState::Invalid,
            reference: None,
            vendor_order_id: None,
            error: Some("Dòng 4 – Số điện thoại: không hợp lệ".into()),
        },
    ];
    let xlsx = report_xlsx(&rows).unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(xlsx)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect();
    assert_eq!(cells[0], REPORT_HEADERS.map(String::from).to_vec());
    assert_eq!(
        cells[1],
        vec!["DH1", "2, 3", "Đã tạo", "SD-0123456789ABCDEF", "000123", ""]
    );
    assert_eq!(cells[2][5], "Dòng 4 – Số điện thoại: không hợp lệ");

    let csv_bytes = report_csv(&rows).unwrap();
    let text = std::str::from_utf8(csv_bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Mã đơn,Dòng,Trạng thái,Mã tham chiếu,Mã đơn đã tạo,Lỗi"
    );
    assert_eq!(lines[1], "DH1,\"2, 3\",Đã tạo,SD-0123456789ABCDEF,000123,");

    // invalid orders of a preview become report lines with the app's wording
    let bytes =
        csv("SKU,Số lượng,Tên khách hàng,Số điện thoại,Địa chỉ\nKHONG-CO,1,An,0912345678,1 A\n");
    let preview = preview_of(&bytes, FileKind::Csv, Vendor::Pancake);
    let lines = invalid_rows(&preview, |e| format!("Dòng {}: {}", e.row, e.code));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].state, ReportState::Invalid);
    assert_eq!(lines[0].error.as_deref(), Some("Dòng 2: sku.unknown"));
}

#[test]
fn the_preview_serializes_in_camel_case_for_the_ui() {
    let bytes =
        csv("SKU,Số lượng,Tên khách hàng,Số điện thoại,Địa chỉ\nKHONG-CO,1,An,0912345678,1 A\n");
    let preview = preview_of(&bytes, FileKind::Csv, Vendor::Pancake);
    let v = serde_json::to_value(&preview).unwrap();
    assert_eq!(v["validCount"], 0);
    assert_eq!(v["invalidCount"], 1);
    assert_eq!(v["orders"][0]["errors"][0]["code"], "sku.unknown");
    assert_eq!(v["orders"][0]["rows"][0], 2);
}

#[test]
fn the_ipc_types_export_to_typescript() {
    let types = specta::Types::default()
        .register::<ImportPreview>()
        .register::<ReportRow>()
        .register::<CatalogHit>()
        .register::<FileKind>()
        .register::<ImportError>()
        .register::<SheetRow>();
    let ts = specta_typescript::Typescript::default()
        .export(&types, specta_serde::Format)
        .expect("no BigInt or unsupported type in the IPC types");
    for name in [
        "ImportPreview",
        "ImportOrder",
        "RowError",
        "ReportRow",
        "validCount",
    ] {
        assert!(ts.contains(name), "{name} in the bindings:\n{ts}");
    }
}

#[test]
fn ten_thousand_rows_build_into_orders() {
    let mut text = String::from("Mã đơn,Tên khách hàng,Số điện thoại,Địa chỉ,SKU,Số lượng\n");
    for i in 0..10_000 {
        // 5,000 two-item orders
        let sku = if i % 2 == 0 {
            "AO-THUN-TRANG-M"
        } else {
            "MU-LUOI-DEN"
        };
        text.push_str(&format!(
            "K{0},Khách {0},0912345678,{0} Lê Lợi,{sku},1\n",
            i / 2
        ));
    }
    let preview = preview_of(&csv(&text), FileKind::Csv, Vendor::Pancake);
    assert_eq!((preview.valid_count, preview.invalid_count), (5_000, 0));
    let last = preview.orders.last().unwrap();
    assert_eq!(last.rows, vec![10_000, 10_001]);
}

#[test]
fn a_table_that_starts_at_c3_keeps_its_row_numbers_and_columns() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (col, header) in [(2, "SKU"), (3, "Số lượng"), (4, "Ghi chú")] {
        sheet.write_string(2, col, header).unwrap();
    }
    sheet.write_string(3, 2, "AO-THUN-TRANG-M").unwrap();
    sheet.write_number(3, 3, 2).unwrap();
    // row 5 left empty
    sheet.write_string(5, 2, "MU-LUOI-DEN").unwrap();
    sheet.write_number(5, 3, 1).unwrap();
    sheet.write_string(5, 4, "gói quà").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let sheet = read_sheet(&bytes, FileKind::Xlsx).unwrap();
    assert_eq!(
        sheet.columns,
        vec![
            (Column::Sku, "SKU".to_string()),
            (Column::Quantity, "Số lượng".to_string()),
            (Column::Note, "Ghi chú".to_string()),
        ]
    );
    let rows: Vec<String> = sheet
        .rows
        .iter()
        .map(|r| {
            let text = |c| r.text(c).unwrap_or_default();
            format!(
                "{} {} {} {}",
                r.row,
                text(Column::Sku),
                text(Column::Quantity),
                text(Column::Note)
            )
        })
        .collect();
    assert_eq!(rows, ["4 AO-THUN-TRANG-M 2 ", "6 MU-LUOI-DEN 1 gói quà"]);
}
