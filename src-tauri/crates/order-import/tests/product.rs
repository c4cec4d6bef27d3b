//! Bulk product create, the way a shop owner uses it: template → filled file → parse → preview of
//! drafts with row errors → report.

use std::io::Cursor;

use calamine::Reader;
use order_import::*;
use rust_xlsxwriter::Workbook;
use shopdesk_core::product::{
    generate_variants, validate, NothingTaken, OnflowFields, ProductDraft, ProductTarget, Taken,
    VendorFields, IMAGES_MAX,
};
use shopdesk_core::Vendor;

fn targets() -> Vec<ProductTarget> {
    vec![
        ProductTarget {
            account_id: "onflow-1".into(),
            fields: VendorFields::Onflow(OnflowFields {
                warehouse_codes: vec!["ONF_WH_HN_LB".into()],
                ..Default::default()
            }),
        },
        ProductTarget {
            account_id: "pancake-1".into(),
            fields: VendorFields::blank(Vendor::Pancake),
        },
    ]
}

/// What the connected accounts already hold.
struct Held(&'static [&'static str]);

impl Taken for Held {
    fn sku(&self, sku: &str) -> bool {
        self.0.contains(&sku)
    }
    fn barcode(&self, barcode: &str) -> bool {
        self.0.contains(&barcode)
    }
}

fn preview_with(bytes: &[u8], kind: FileKind, taken: &dyn Taken) -> ProductImportPreview {
    let rows = parse_products(bytes, kind).expect("file parses");
    build_products(&rows, &targets(), taken, &mut |i| format!("SD-SP-TEST-{i}"))
}

fn preview(bytes: &[u8], kind: FileKind) -> ProductImportPreview {
    preview_with(bytes, kind, &NothingTaken)
}

/// A CSV (UTF-8 with BOM, comma-separated, quoted where needed) of `headers` and `rows`.
fn csv(headers: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        w.write_record(headers).unwrap();
        for r in rows {
            w.write_record(r).unwrap();
        }
        w.flush().unwrap();
    }
    out
}

/// A workbook of `headers` and `rows` as a user types them: numbers as numbers, the rest as text.
fn workbook(headers: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, values) in rows.iter().enumerate() {
        for (c, v) in values.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32 + 1, c as u16, n).unwrap(),
                Err(_) => sheet.write_string(r as u32 + 1, c as u16, *v).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

fn product<'a>(p: &'a ProductImportPreview, sku: &str) -> &'a ProductImportProduct {
    p.products
        .iter()
        .find(|x| x.sku == sku)
        .unwrap_or_else(|| panic!("product {sku} in {p:#?}"))
}

/// An error as (row, column, code, value).
type Pinned<'a> = (u32, Option<&'a str>, &'a str, Option<&'a str>);

/// The errors of a product.
fn errors(p: &ProductImportProduct) -> Vec<Pinned<'_>> {
    p.errors
        .iter()
        .map(|e| {
            (
                e.row,
                e.column.as_deref(),
                e.code.as_str(),
                e.value.as_deref(),
            )
        })
        .collect()
}

fn draft_of<'a>(p: &'a ProductImportPreview, sku: &str) -> &'a ProductDraft {
    let x = product(p, sku);
    x.draft
        .as_ref()
        .unwrap_or_else(|| panic!("{sku} valid: {:?}", x.errors))
}

#[test]
fn the_template_parses_back_into_two_valid_products() {
    let xlsx = product_template_xlsx().unwrap();
    let book = calamine::Xlsx::new(Cursor::new(xlsx.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["Sản phẩm", "Hướng dẫn"]);
    let csv = product_template_csv().unwrap();
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]));

    for (bytes, kind) in [(xlsx, FileKind::Xlsx), (csv, FileKind::Csv)] {
        let rows = parse_products(&bytes, kind).unwrap();
        assert_eq!(rows.len(), 5, "{kind:?}");
        let mut references = Vec::new();
        let p = build_products(&rows, &targets(), &NothingTaken, &mut |i| {
            references.push(i);
            format!("SD-SP-{i}")
        });
        assert_eq!(references, [0, 1]);
        assert_eq!((p.valid_count, p.invalid_count), (2, 0), "{p:#?}");

        let at = product(&p, "AT01");
        assert_eq!(at.name, "Áo thun basic");
        assert_eq!((at.rows.clone(), at.variants), (vec![2, 3, 4, 5], 4));
        let d = at.draft.as_ref().unwrap();
        assert_eq!(d.reference, "SD-SP-0");
        assert_eq!((d.price, d.weight_grams), (150_000, 250));
        assert_eq!(
            (d.length_cm, d.width_cm, d.height_cm),
            (Some(30), Some(20), Some(2))
        );
        assert_eq!(d.images.len(), 2);
        assert_eq!(d.images[0], "https://example.com/anh/at01-den.jpg");
        let attrs: Vec<(&str, Vec<&str>)> = d
            .attributes
            .iter()
            .map(|a| {
                (
                    a.name.as_str(),
                    a.values.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            attrs,
            [("Màu", vec!["Đen", "Trắng"]), ("Size", vec!["M", "L"])]
        );
        assert_eq!(
            d.variant_skus(),
            ["AT01-DEN-M", "AT01-DEN-L", "AT01-TRANG-M", "AT01-TRG-L"]
        );
        assert_eq!(d.variants[3].options, ["Trắng", "L"]);
        let prices: Vec<i64> = d.variants.iter().map(|v| d.price_of(v)).collect();
        assert_eq!(prices, [150_000, 160_000, 150_000, 160_000]);
        assert_eq!(d.variants[0].barcode.as_deref(), Some("8934567890120"));
        assert_eq!(d.targets, targets());
        assert!(validate(d, &NothingTaken).is_ok());

        let mu = draft_of(&p, "MU01");
        assert_eq!(mu.reference, "SD-SP-1");
        assert!(mu.attributes.is_empty());
        assert_eq!(mu.variant_skus(), ["MU01"]);
        assert!(mu.variants[0].options.is_empty());
        assert_eq!(mu.variants[0].barcode.as_deref(), Some("8934567890137"));
        assert_eq!(
            (mu.price, mu.weight_grams, mu.length_cm),
            (99_000, 120, None)
        );
    }
}

#[test]
fn a_csv_with_headers_in_another_order_and_unaccented_aliases_works() {
    // semicolons, no diacritics, English words, units in brackets, columns shuffled
    let text = "gia ban;TEN SAN PHAM;Weight (g);sku;Ma vach;Thuoc tinh 1;gia tri 1;ma bien the;Gia bien the;mo ta;Hinh anh\n\
                450.000đ;Giày chạy bộ;\"1.200\";GI01;;Size;40;;;Đế cao su;https://a.vn/1.jpg; https://a.vn/2.jpg\n\
                ;;;GI01;4006381333931;size;41;GI01-41-X;500k;;\n\
                99k;Tất;50;TA01;;;;;;;\n";
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    let p = preview(&bytes, FileKind::Csv);
    assert_eq!((p.valid_count, p.invalid_count), (2, 0), "{p:#?}");
    let gi = draft_of(&p, "GI01");
    assert_eq!(
        (gi.name.as_str(), gi.price, gi.weight_grams),
        ("Giày chạy bộ", 450_000, 1_200)
    );
    assert_eq!(gi.description.as_deref(), Some("Đế cao su"));
    assert_eq!(gi.attributes[0].name, "Size");
    assert_eq!(gi.attributes[0].values, ["40", "41"]);
    assert_eq!(gi.variant_skus(), ["GI01-40", "GI01-41-X"]);
    assert_eq!(gi.variants[1].price, Some(500_000));
    assert_eq!(gi.variants[1].barcode.as_deref(), Some("4006381333931"));
    assert_eq!(product(&p, "GI01").rows, [2, 3]);
    let ta = draft_of(&p, "TA01");
    assert_eq!((ta.price, ta.weight_grams), (99_000, 50));

    // the English names alone
    let english = "Product SKU,Product name,Price,Weight,Attribute 1,Option 1,Variant SKU,Barcode,Variant price\n\
                   SP1,Shirt,100000,200,Color,Red,,,\n";
    let p = preview(english.as_bytes(), FileKind::Csv);
    assert_eq!(draft_of(&p, "SP1").variant_skus(), ["SP1-RED"]);
}

#[test]
fn row_errors_land_on_their_row_and_column_and_the_rest_of_the_file_stays_valid() {
    let headers = [
        "Mã sản phẩm",
        "Tên sản phẩm",
        "Giá bán",
        "Khối lượng (g)",
        "Ảnh",
        "Thuộc tính 1",
        "Giá trị 1",
        "SKU biến thể",
        "Mã vạch",
    ];
    let many_images = (0..=IMAGES_MAX)
        .map(|i| format!("https://a.vn/{i}.jpg"))
        .collect::<Vec<_>>()
        .join("\n");
    let rows = vec![
        vec![
            "AT01",
            "Áo thun",
            "150000",
            "250",
            "",
            "Màu",
            "Đen",
            "",
            "8934567890120",
        ], // 2
        vec!["AT01", "", "", "", "", "Màu", "Trắng", "", ""], // 3
        // the product's 3rd row: the EAN-13 check digit should be 0
        vec!["AT01", "", "", "", "", "Màu", "Xanh", "", "8934567890121"], // 4
        vec!["B01", "", "99000", "100", "", "", "", "", ""],              // 5: no name
        vec!["C01", "Quần", "12 nghìn", "300", "", "", "", "", ""],       // 6: price as words
        // 7: a variant SKU another product of the file generates
        vec!["D01", "Mũ", "50000", "100", "", "", "", "AT01-DEN", ""],
        vec!["E01", "Túi", "200000", "500", "", "", "", "", ""], // 8: held at an account
        vec!["F01", "Váy", "300000", "400", "", "Size", "M", "", ""], // 9
        vec!["F01", "Váy dài", "", "", "", "Size", "L", "", ""], // 10: another name
        vec!["G01", "Dép", "80000", "200", "", "Size", "40", "", ""], // 11
        vec!["G01", "", "", "", "", "Size", "40", "", ""],       // 12: the same size again
        vec!["H01", "Nón", "70000", "100", &many_images, "", "", "", ""], // 13: 21 images
        vec![
            "I01",
            "Ví",
            "120000",
            "150",
            "https://a.vn/vi.jpg",
            "",
            "",
            "",
            "8934567890137",
        ], // 14
        // 15: a barcode of an earlier product
        vec![
            "J01",
            "Khăn",
            "60000",
            "80",
            "",
            "",
            "",
            "",
            "8934567890120",
        ],
    ];
    for (bytes, kind) in [
        (csv(&headers, &rows), FileKind::Csv),
        (workbook(&headers, &rows), FileKind::Xlsx),
    ] {
        let p = preview_with(&bytes, kind, &Held(&["E01"]));
        assert_eq!((p.valid_count, p.invalid_count), (1, 9), "{kind:?}");
        let expect: &[(&str, Pinned)] = &[
            (
                "AT01",
                (
                    4,
                    Some("Mã vạch"),
                    "barcode.checkDigit",
                    Some("8934567890121"),
                ),
            ),
            ("B01", (5, Some("Tên sản phẩm"), "name.required", None)),
            (
                "C01",
                (6, Some("Giá bán"), "number.invalid", Some("12 nghìn")),
            ),
            (
                "D01",
                (7, Some("SKU biến thể"), "sku.duplicate", Some("AT01-DEN")),
            ),
            ("E01", (8, Some("Mã sản phẩm"), "sku.taken", Some("E01"))),
            (
                "F01",
                (
                    10,
                    Some("Tên sản phẩm"),
                    "product.conflict",
                    Some("Váy dài"),
                ),
            ),
            (
                "G01",
                (12, Some("Giá trị 1"), "variant.duplicate", Some("40")),
            ),
            ("H01", (13, Some("Ảnh"), "images.tooMany", None)),
            (
                "J01",
                (
                    15,
                    Some("Mã vạch"),
                    "barcode.duplicate",
                    Some("8934567890120"),
                ),
            ),
        ];
        for (sku, error) in expect {
            let x = product(&p, sku);
            assert_eq!(errors(x), [*error], "{sku} ({kind:?})");
            assert!(x.draft.is_none(), "{sku} has no draft");
            assert!(!x.is_valid());
        }
        // the valid product of a partly wrong file is ready to send
        let vi = draft_of(&p, "I01");
        assert_eq!(vi.images, ["https://a.vn/vi.jpg"]);
        assert_eq!(
            p.valid().map(|(x, _)| x.sku.as_str()).collect::<Vec<_>>(),
            ["I01"]
        );
        // the earlier holder of a SKU or barcode keeps it: the later row is the one in error
        assert!(product(&p, "AT01")
            .errors
            .iter()
            .all(|e| e.code != "sku.duplicate" && e.code != "barcode.duplicate"));
    }
}

#[test]
fn attributes_must_agree_and_every_row_needs_its_values() {
    let headers = [
        "Mã sản phẩm",
        "Tên sản phẩm",
        "Giá bán",
        "Khối lượng (g)",
        "Thuộc tính 1",
        "Giá trị 1",
        "Thuộc tính 2",
        "Giá trị 2",
    ];
    let rows = vec![
        vec!["K01", "Áo", "100000", "200", "Màu", "Đen", "Size", "M"], // 2
        // the name written without diacritics is the same attribute; the size is missing
        vec!["K01", "", "", "", "Mau", "Trắng", "Size", ""], // 3
        vec!["K01", "", "", "", "Màu sắc", "đen", "", "L"],  // 4: another attribute name
        vec!["L01", "Quần", "200000", "300", "", "Đen", "", ""], // 5: a value without a name
        vec!["M01", "Giày", "300000", "600", "Màu", "Đen", "", ""], // 6
        vec!["M01", "", "", "", "", "đen ", "", ""],         // 7: the same colour spelt otherwise
        vec!["N01", "Khăn", "50000", "50", "", "", "", ""],  // 8
        vec!["N01", "", "", "", "", "", "", ""], // 9: a second row of a product without attributes
    ];
    let p = preview(&csv(&headers, &rows), FileKind::Csv);
    assert_eq!(
        errors(product(&p, "K01")),
        [
            (3, Some("Giá trị 2"), "value.required", None),
            (4, Some("Thuộc tính 1"), "product.conflict", Some("Màu sắc")),
        ]
    );
    assert_eq!(
        errors(product(&p, "L01")),
        [(5, Some("Thuộc tính 1"), "attribute.nameRequired", None)]
    );
    assert_eq!(
        errors(product(&p, "M01")),
        [(7, Some("Giá trị 1"), "variant.duplicate", Some("Đen"))]
    );
    assert_eq!(
        errors(product(&p, "N01")),
        [(9, Some("Mã sản phẩm"), "variant.duplicate", Some("N01"))]
    );

    // the value's first spelling is the one used; options follow the attributes' order
    let rows = vec![
        vec!["K01", "Áo", "100000", "200", "Màu", "Đen", "Size", "M"],
        vec!["K01", "", "", "", "", "ĐEN", "", "L"],
    ];
    let p = preview(&csv(&headers, &rows), FileKind::Csv);
    let d = draft_of(&p, "K01");
    assert_eq!(d.attributes[0].values, ["Đen"]);
    assert_eq!(d.variants[1].options, ["Đen", "L"]);
    assert_eq!(d.variant_skus(), ["K01-DEN-M", "K01-DEN-L"]);
}

#[test]
fn empty_variant_skus_are_what_generate_variants_gives() {
    let headers = [
        "Mã sản phẩm",
        "Tên sản phẩm",
        "Giá bán",
        "Khối lượng (g)",
        "Thuộc tính 1",
        "Giá trị 1",
        "Thuộc tính 2",
        "Giá trị 2",
        "Thuộc tính 3",
        "Giá trị 3",
        "SKU biến thể",
    ];
    // rows in any order, not every combination, and two values with the same code (A-B, AB)
    let rows = vec![
        vec![
            "SP", "Túi", "100000", "300", "Loại", "AB", "Màu", "Xanh lá", "Cỡ", "Nhỏ", "",
        ],
        vec![
            "SP",
            "",
            "",
            "",
            "Loại",
            "A-B",
            "Màu",
            "Đỏ đô",
            "Cỡ",
            "Nhỏ",
            "",
        ],
        vec![
            "SP", "", "", "", "Loại", "A-B", "Màu", "Xanh lá", "Cỡ", "Lớn", "",
        ],
        vec![
            "SP",
            "",
            "",
            "",
            "Loại",
            "AB",
            "Màu",
            "Đỏ đô",
            "Cỡ",
            "Lớn",
            "SP-RIENG",
        ],
        vec!["SP2", "Ví", "50000", "100", "", "", "", "", "", "", ""],
    ];
    let p = preview(&workbook(&headers, &rows), FileKind::Xlsx);
    assert_eq!(p.valid_count, 2, "{p:#?}");
    let d = draft_of(&p, "SP");
    let expected = generate_variants("SP", &d.attributes, &[]);
    for v in &d.variants[..3] {
        let same = expected
            .iter()
            .find(|g| g.options == v.options)
            .expect("a generated combination");
        assert_eq!(v.sku, same.sku, "{:?}", v.options);
    }
    // the second "AB" is numbered at the end of its whole code, as the form's generator does
    assert_eq!(
        d.variant_skus(),
        [
            "SP-AB-XANHLA-NHO",
            "SP-AB-DODO-NHO-2",
            "SP-AB-XANHLA-LON-2",
            "SP-RIENG"
        ]
    );
    let sp2 = draft_of(&p, "SP2");
    assert_eq!(
        sp2.variant_skus(),
        generate_variants("SP2", &[], &[])
            .iter()
            .map(|v| v.sku.clone())
            .collect::<Vec<_>>()
    );
}

#[test]
fn missing_required_columns_name_the_template_headers() {
    let e =
        parse_products("Mã sản phẩm,Tên sản phẩm\nA,B\n".as_bytes(), FileKind::Csv).unwrap_err();
    assert_eq!(
        e,
        ImportError::MissingColumns {
            columns: vec!["Giá bán".into(), "Khối lượng (g)".into()]
        }
    );
}

#[test]
fn hostile_files_are_refused_with_an_import_error_not_a_panic() {
    // over the size limit: refused before it is read
    let huge = vec![b'a'; MAX_FILE_BYTES + 1];
    for kind in [FileKind::Csv, FileKind::Xlsx] {
        assert_eq!(
            parse_products(&huge, kind).unwrap_err().code(),
            "file.too_large"
        );
    }
    // more rows than the limit
    let mut long = String::from("Mã sản phẩm,Tên sản phẩm,Giá bán,Khối lượng (g)\n");
    for i in 0..=MAX_ROWS {
        long.push_str(&format!("SP{i},Tên,1000,1\n"));
    }
    assert_eq!(
        parse_products(long.as_bytes(), FileKind::Csv)
            .unwrap_err()
            .code(),
        "file.too_many_rows"
    );
    // a zip that is no workbook, text that is no UTF-8, a line of too many fields
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    assert!(parse_products(&zip, FileKind::Xlsx).is_err());
    assert_eq!(
        // "Mã sản phẩm" saved in the Windows code page
        parse_products(b"M\xe3 s\xe3n ph\xe2m,T\xean\nA,B\n", FileKind::Csv)
            .unwrap_err()
            .code(),
        "file.encoding"
    );
    let wide = ",".repeat(MAX_CSV_FIELDS + 10);
    assert_eq!(
        parse_products(wide.as_bytes(), FileKind::Csv)
            .unwrap_err()
            .code(),
        "file.too_many_cells"
    );
    // garbage of every shape: an error or rows, never a panic; whatever parses builds
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for len in (0..2000).step_by(37) {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // mostly separators, quotes and line breaks around a few letters
                const SHAPES: &[u8] = b",;\"\n\r\tAa0 \xc3";
                SHAPES[(seed % SHAPES.len() as u64) as usize]
            })
            .collect();
        let with_header = [
            b"Ma san pham,Ten san pham,Gia ban,Khoi luong\n".as_slice(),
            &bytes,
        ]
        .concat();
        for b in [&bytes, &with_header] {
            for kind in [FileKind::Csv, FileKind::Xlsx] {
                if let Ok(rows) = parse_products(b, kind) {
                    let _ =
                        build_products(&rows, &targets(), &NothingTaken, &mut |i| format!("R{i}"));
                }
            }
        }
    }
}

#[test]
fn the_preview_serializes_for_the_ui_and_exports_to_typescript() {
    let bytes = csv(
        &["Mã sản phẩm", "Tên sản phẩm", "Giá bán", "Khối lượng (g)"],
        &[vec!["A1", "", "1000", "1"]],
    );
    let v = serde_json::to_value(preview(&bytes, FileKind::Csv)).unwrap();
    assert_eq!(v["validCount"], 0);
    assert_eq!(v["invalidCount"], 1);
    assert_eq!(v["products"][0]["sku"], "A1");
    assert_eq!(v["products"][0]["errors"][0]["code"], "name.required");
    assert_eq!(v["products"][0]["errors"][0]["column"], "Tên sản phẩm");
    assert!(v["products"][0]["draft"].is_null());

    let types = specta::Types::default().register::<ProductImportPreview>();
    let ts = specta_typescript::Typescript::default()
        .export(&types, specta_serde::Format)
        .expect("no BigInt or unsupported type in the IPC types");
    for name in [
        "ProductImportPreview",
        "ProductImportProduct",
        "ProductDraft",
        "RowError",
    ] {
        assert!(ts.contains(name), "{name} in the bindings:\n{ts}");
    }
}

#[test]
fn the_report_has_product_headers() {
    let rows = vec![ReportRow {
        key: "AT01".into(),
        rows: vec![2, 3, 4, 5],
        state: ReportState::Created,
        reference: Some("SD-SP-1".into()),
        vendor_order_id: Some("123".into()),
        error: None,
    }];
    let csv = String::from_utf8(product_report_csv(&rows).unwrap()[3..].to_vec()).unwrap();
    assert!(
        csv.starts_with("Mã sản phẩm,Dòng,Trạng thái,Mã tham chiếu,Mã đã tạo,Lỗi"),
        "{csv}"
    );
    assert!(
        csv.contains("AT01,\"2, 3, 4, 5\",Đã tạo,SD-SP-1,123,"),
        "{csv}"
    );
    let xlsx = product_report_xlsx(&rows).unwrap();
    let book = calamine::Xlsx::new(Cursor::new(xlsx)).unwrap();
    assert_eq!(book.sheet_names(), ["Kết quả"]);
}

#[test]
fn ten_thousand_rows_build_whether_products_or_variants() {
    let header = "Mã sản phẩm,Tên sản phẩm,Giá bán,Khối lượng (g),Thuộc tính 1,Giá trị 1\n";
    let mut many = String::from(header);
    for i in 0..MAX_ROWS {
        many.push_str(&format!("SP{i},Sản phẩm {i},{},100,,\n", 1000 + i));
    }
    let started = std::time::Instant::now();
    let p = preview(many.as_bytes(), FileKind::Csv);
    assert_eq!((p.valid_count, p.invalid_count), (10_000, 0));

    // one product of 10,000 rows: refused for its count, on the first row past the limit
    let mut big = String::from(header);
    for i in 0..MAX_ROWS {
        big.push_str(&format!("BIG,Áo,100000,200,Màu,Màu {i}\n"));
    }
    let p = preview(big.as_bytes(), FileKind::Csv);
    let x = product(&p, "BIG");
    assert_eq!((x.variants, x.rows.len()), (10_000, 10_000));
    assert_eq!(
        errors(x),
        [
            (2, Some("Giá trị 1"), "attribute.tooManyValues", None),
            (102, None, "variants.tooMany", None),
        ]
    );
    assert!(x.draft.is_none());
    // linear work: well under the time a shop owner waits, even in a debug build
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
