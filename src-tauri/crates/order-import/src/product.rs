//! Bulk product create from a spreadsheet ("Tạo sản phẩm từ Excel"): one row per variant, rows with the
//! same "Mã sản phẩm" form one product.
//!
//! The same job as [`crate::po`] on another column table: the file is read with
//! [`crate::parse::read_table`] (the same limits, header search and [`crate::columns::header_key`]
//! matching), the template and report go through the crate's writers, and problems are the same
//! [`RowError`]s. The drafts are [`shopdesk_core::product::ProductDraft`]s checked by
//! [`shopdesk_core::product::validate`], whose wire paths (`variants.1.barcode`, `attributes.0.values`)
//! are mapped back to the rows and columns they came from.
//!
//! A product's attributes are the names in "Thuộc tính 1..3" and the distinct values of "Giá trị 1..3"
//! over its rows (in row order); each row is the variant of its values. The rows need not cover every
//! combination (the validator asks only that each variant is a distinct combination of known values).

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use shopdesk_core::product::{
    generate_variants, validate, ProductAttribute, ProductDraft, ProductTarget, Taken,
    VariantDraft, VARIANTS_MAX,
};
use shopdesk_core::text::fold;

use crate::build::RowError;
use crate::columns::{header_key, ColumnKind};
use crate::error::ImportError;
use crate::group::{group_by, require_columns, user_headers, Pins};
use crate::number::{from_float, parse_amount};
use crate::parse::{read_table, CellValue, FileKind, TableRow};
use crate::report::{report_csv_with, report_xlsx_with, ReportRow};
use crate::template::{
    write_template_csv, write_template_xlsx, Example, TemplateColumn, TemplateSpec,
};

/// Codes the product import adds to the ones [`shopdesk_core::product::validate`] emits.
pub mod codes {
    pub use crate::build::codes::{NUMBER_INVALID, PRICE_REQUIRED};
    pub use crate::po::codes::SKU_REQUIRED;
    /// "Khối lượng (g)" is empty on every row of the product.
    pub const WEIGHT_REQUIRED: &str = "weight.required";
    /// Rows of one product (same "Mã sản phẩm") disagree on a product-level value or an attribute's
    /// name.
    pub const PRODUCT_CONFLICT: &str = "product.conflict";
    /// The product has an attribute (a name or values in "Thuộc tính N" / "Giá trị N") but this row
    /// has no value for it.
    pub const VALUE_REQUIRED: &str = "value.required";
    /// A second row of one product with the same values (the validator's code, found here so the
    /// later row is pinned); without attributes: a second row of the same product.
    pub const VARIANT_DUPLICATE: &str = "variant.duplicate";
    /// The validator's code, also given to a SKU (a product's or a variant's) that an earlier product
    /// of the file holds (compared ignoring case).
    pub const SKU_DUPLICATE: &str = "sku.duplicate";
    /// The validator's code, also given to a barcode that an earlier product of the file holds.
    pub const BARCODE_DUPLICATE: &str = "barcode.duplicate";
}

/// One column of the product file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProductColumn {
    Sku,
    Name,
    Price,
    Weight,
    Length,
    Width,
    Height,
    Description,
    Images,
    Attribute1,
    Value1,
    Attribute2,
    Value2,
    Attribute3,
    Value3,
    VariantSku,
    Barcode,
    VariantPrice,
}

/// Whether a column holds a value of the whole product or of the row's variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductLevel {
    Product,
    Variant,
}

/// One row of [`PRODUCT_COLUMNS`].
#[derive(Debug)]
pub struct ProductColumnSpec {
    pub column: ProductColumn,
    pub header: &'static str,
    /// Other spellings accepted, already folded.
    pub aliases: &'static [&'static str],
    pub kind: ColumnKind,
    pub level: ProductLevel,
    pub required: bool,
    pub width: f64,
    pub help: &'static str,
}

/// The attribute columns: (name, value) of attribute 1, 2 and 3 (`ATTRIBUTES_MAX`).
const SLOTS: [(ProductColumn, ProductColumn); 3] = [
    (ProductColumn::Attribute1, ProductColumn::Value1),
    (ProductColumn::Attribute2, ProductColumn::Value2),
    (ProductColumn::Attribute3, ProductColumn::Value3),
];

/// The product columns, in template order.
pub const PRODUCT_COLUMNS: &[ProductColumnSpec] = &[
    ProductColumnSpec {
        column: ProductColumn::Sku,
        header: "Mã sản phẩm",
        aliases: &["ma sp", "ma hang", "sku", "sku san pham", "product sku", "product code", "parent sku"],
        kind: ColumnKind::Code,
        level: ProductLevel::Product,
        required: true,
        width: 16.0,
        help: "Mã của sản phẩm do bạn đặt (tối đa 64 ký tự, không có khoảng trắng). Các dòng cùng mã sản phẩm là một sản phẩm, mỗi dòng một biến thể. Không được trùng với mã khác trong file hay mã đã có ở tài khoản đã kết nối.",
    },
    ProductColumnSpec {
        column: ProductColumn::Name,
        header: "Tên sản phẩm",
        aliases: &["ten", "ten sp", "ten hang", "name", "product name", "title"],
        kind: ColumnKind::Text,
        level: ProductLevel::Product,
        required: true,
        width: 28.0,
        help: "Tên sản phẩm (tối đa 255 ký tự). Tên biến thể là tên sản phẩm kèm giá trị thuộc tính (Áo thun basic - Đen / M).",
    },
    ProductColumnSpec {
        column: ProductColumn::Price,
        header: "Giá bán",
        aliases: &["gia", "gia ban le", "don gia", "price", "retail price", "selling price"],
        kind: ColumnKind::Money,
        level: ProductLevel::Product,
        required: true,
        width: 12.0,
        help: "Giá bán (đồng) của mọi biến thể không có giá riêng: 150000, 150.000 hoặc 150k.",
    },
    ProductColumnSpec {
        column: ProductColumn::Weight,
        header: "Khối lượng (g)",
        aliases: &["can nang", "trong luong", "weight", "weight grams"],
        kind: ColumnKind::Count,
        level: ProductLevel::Product,
        required: true,
        width: 12.0,
        help: "Khối lượng một sản phẩm, tính bằng gam: số nguyên từ 1 đến 1.000.000.",
    },
    ProductColumnSpec {
        column: ProductColumn::Length,
        header: "Dài (cm)",
        aliases: &["chieu dai", "length"],
        kind: ColumnKind::Count,
        level: ProductLevel::Product,
        required: false,
        width: 9.0,
        help: "Chiều dài khi đóng gói (cm): số nguyên từ 1 đến 10.000.",
    },
    ProductColumnSpec {
        column: ProductColumn::Width,
        header: "Rộng (cm)",
        aliases: &["chieu rong", "width"],
        kind: ColumnKind::Count,
        level: ProductLevel::Product,
        required: false,
        width: 9.0,
        help: "Chiều rộng khi đóng gói (cm): số nguyên từ 1 đến 10.000.",
    },
    ProductColumnSpec {
        column: ProductColumn::Height,
        header: "Cao (cm)",
        aliases: &["chieu cao", "height"],
        kind: ColumnKind::Count,
        level: ProductLevel::Product,
        required: false,
        width: 9.0,
        help: "Chiều cao khi đóng gói (cm): số nguyên từ 1 đến 10.000.",
    },
    ProductColumnSpec {
        column: ProductColumn::Description,
        header: "Mô tả",
        aliases: &["mo ta san pham", "description", "desc"],
        kind: ColumnKind::Text,
        level: ProductLevel::Product,
        required: false,
        width: 30.0,
        help: "Mô tả sản phẩm (tối đa 5000 ký tự).",
    },
    ProductColumnSpec {
        column: ProductColumn::Images,
        header: "Ảnh",
        aliases: &["anh san pham", "hinh", "hinh anh", "link anh", "image", "images", "image url", "image urls", "photo"],
        kind: ColumnKind::Text,
        level: ProductLevel::Product,
        required: false,
        width: 30.0,
        help: "Đường dẫn ảnh công khai (https://…), tối đa 20 ảnh, cách nhau bằng xuống dòng, dấu cách, dấu phẩy hoặc dấu chấm phẩy; ảnh đầu tiên là ảnh chính. Có thể lấy đường dẫn từ thư viện ảnh Onflow.",
    },
    ProductColumnSpec {
        column: ProductColumn::Attribute1,
        header: "Thuộc tính 1",
        aliases: &["ten thuoc tinh 1", "phan loai 1", "attribute 1", "option 1 name"],
        kind: ColumnKind::Text,
        level: ProductLevel::Variant,
        required: false,
        width: 13.0,
        help: "Tên thuộc tính thứ nhất, ví dụ Màu. Giống nhau ở mọi dòng của một sản phẩm (có thể chỉ ghi ở dòng đầu). Để trống các cột thuộc tính nếu sản phẩm không có biến thể.",
    },
    ProductColumnSpec {
        column: ProductColumn::Value1,
        header: "Giá trị 1",
        aliases: &["gia tri thuoc tinh 1", "attribute 1 value", "option 1", "option 1 value", "value 1"],
        kind: ColumnKind::Text,
        level: ProductLevel::Variant,
        required: false,
        width: 11.0,
        help: "Giá trị của thuộc tính 1 cho biến thể ở dòng này, ví dụ Đen. Bắt buộc ở mọi dòng khi sản phẩm có thuộc tính 1.",
    },
    ProductColumnSpec {
        column: ProductColumn::Attribute2,
        header: "Thuộc tính 2",
        aliases: &["ten thuoc tinh 2", "phan loai 2", "attribute 2", "option 2 name"],
        kind: ColumnKind::Text,
        level: ProductLevel::Variant,
        required: false,
        width: 13.0,
        help: "Tên thuộc tính thứ hai, ví dụ Size. Giống nhau ở mọi dòng của một sản phẩm.",
    },
    ProductColumnSpec {
        column: ProductColumn::Value2,
        header: "Giá trị 2",
        aliases: &["gia tri thuoc tinh 2", "attribute 2 value", "option 2", "option 2 value", "value 2"],
        kind: ColumnKind::Text,
        level: ProductLevel::Variant,
        required: false,
        width: 11.0,
        help: "Giá trị của thuộc tính 2 cho biến thể ở dòng này, ví dụ M.",
    },
    ProductColumnSpec {
        column: ProductColumn::Attribute3,
        header: "Thuộc tính 3",
        aliases: &["ten thuoc tinh 3", "phan loai 3", "attribute 3", "option 3 name"],
        kind: ColumnKind::Text,
        level: ProductLevel::Variant,
        required: false,
        width: 13.0,
        help: "Tên thuộc tính thứ ba (tối đa 3 thuộc tính). Giống nhau ở mọi dòng của một sản phẩm.",
    },
    ProductColumnSpec {
        column: ProductColumn::Value3,
        header: "Giá trị 3",
        aliases: &["gia tri thuoc tinh 3", "attribute 3 value", "option 3", "option 3 value", "value 3"],
        kind: ColumnKind::Text,
        level: ProductLevel::Variant,
        required: false,
        width: 11.0,
        help: "Giá trị của thuộc tính 3 cho biến thể ở dòng này.",
    },
    ProductColumnSpec {
        column: ProductColumn::VariantSku,
        header: "SKU biến thể",
        aliases: &["ma bien the", "sku phan loai", "variant sku", "sku variant", "variation sku"],
        kind: ColumnKind::Code,
        level: ProductLevel::Variant,
        required: false,
        width: 18.0,
        help: "Mã riêng của biến thể (tối đa 64 ký tự, không có khoảng trắng). Để trống: ShopDesk tạo từ mã sản phẩm và giá trị thuộc tính (AT01-DEN-M); sản phẩm không có thuộc tính dùng chính mã sản phẩm. Không được trùng trong file hay với mã đã có ở tài khoản.",
    },
    ProductColumnSpec {
        column: ProductColumn::Barcode,
        header: "Mã vạch",
        aliases: &["barcode", "ean", "ean13", "ma barcode", "gtin"],
        kind: ColumnKind::Code,
        level: ProductLevel::Variant,
        required: false,
        width: 16.0,
        help: "Mã vạch của biến thể (không bắt buộc). 13 chữ số được kiểm tra như mã EAN-13 (chữ số cuối là số kiểm tra); mã khác: chữ không dấu và số, không có khoảng trắng, tối đa 48 ký tự. Không được trùng trong file hay với mã đã có ở tài khoản.",
    },
    ProductColumnSpec {
        column: ProductColumn::VariantPrice,
        header: "Giá biến thể",
        aliases: &["gia rieng", "gia phan loai", "variant price", "variation price"],
        kind: ColumnKind::Money,
        level: ProductLevel::Variant,
        required: false,
        width: 12.0,
        help: "Giá bán riêng của biến thể (đồng). Để trống: dùng Giá bán của sản phẩm.",
    },
];

impl ProductColumn {
    pub fn spec(self) -> &'static ProductColumnSpec {
        // every variant has a row (checked by a test), the fallback is never used
        PRODUCT_COLUMNS
            .iter()
            .find(|s| s.column == self)
            .unwrap_or(&PRODUCT_COLUMNS[0])
    }

    /// Index in [`PRODUCT_COLUMNS`] (the template's column order).
    pub fn position(self) -> usize {
        PRODUCT_COLUMNS
            .iter()
            .position(|s| s.column == self)
            .unwrap_or(usize::MAX)
    }

    /// The Vietnamese header of the template.
    pub fn header(self) -> &'static str {
        self.spec().header
    }

    /// Recognizes a header the way the order import does ([`header_key`]): case, diacritics,
    /// punctuation and a trailing `(…)` ignored; English and unaccented aliases accepted.
    pub fn from_header(header: &str) -> Option<ProductColumn> {
        let key = header_key(header);
        if key.is_empty() {
            return None;
        }
        PRODUCT_COLUMNS
            .iter()
            .find(|s| header_key(s.header) == key || s.aliases.contains(&key.as_str()))
            .map(|s| s.column)
    }
}

/// Name of the product template's data sheet.
pub const PRODUCT_SHEET: &str = "Sản phẩm";

/// Report headers of the product import.
pub const PRODUCT_REPORT_HEADERS: [&str; 6] = [
    "Mã sản phẩm",
    "Dòng",
    "Trạng thái",
    "Mã tham chiếu",
    "Mã đã tạo",
    "Lỗi",
];

/// One row of the product file.
pub type ProductSheetRow = TableRow<ProductColumn>;

/// Reads the file and checks the required columns (Mã sản phẩm, Tên sản phẩm, Giá bán, Khối lượng).
/// Blocking, like [`crate::parse`]: files over the [`crate::limits`] are refused as [`ImportError`]s.
pub fn parse_products(bytes: &[u8], kind: FileKind) -> Result<Vec<ProductSheetRow>, ImportError> {
    let table = read_table(
        bytes,
        kind,
        ProductColumn::from_header,
        ProductColumn::header,
    )?;
    require_columns(
        &table,
        PRODUCT_COLUMNS
            .iter()
            .filter(|s| s.required)
            .map(|s| (s.column, s.header)),
    )?;
    Ok(table.rows)
}

/// One product of the file: its rows, its draft when valid, else the errors of its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductImportProduct {
    /// The "Mã sản phẩm" (as on the product's first row).
    pub sku: String,
    pub name: String,
    /// Spreadsheet row numbers of its variants.
    pub rows: Vec<u32>,
    pub variants: u32,
    /// `Some` only when `errors` is empty: ready for the product journal.
    pub draft: Option<ProductDraft>,
    pub errors: Vec<RowError>,
}

impl ProductImportProduct {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty() && self.draft.is_some()
    }
}

/// The preview shown before anything is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductImportPreview {
    pub products: Vec<ProductImportProduct>,
    pub valid_count: u32,
    pub invalid_count: u32,
}

impl ProductImportPreview {
    /// The valid products with their drafts, in file order.
    pub fn valid(&self) -> impl Iterator<Item = (&ProductImportProduct, &ProductDraft)> {
        self.products
            .iter()
            .filter(|p| p.errors.is_empty())
            .filter_map(|p| p.draft.as_ref().map(|d| (p, d)))
    }
}

/// Groups rows into products (one variant per row), builds each [`ProductDraft`] with `targets` (the
/// accounts chosen, the same for every product) and `reference_of(i)` as the i-th product's reference
/// (called once per product, in file order, valid or not), checks that SKUs and barcodes are unique
/// across the file's products, validates each draft against `taken` and maps every problem to its row
/// and column.
pub fn build_products(
    rows: &[ProductSheetRow],
    targets: &[ProductTarget],
    taken: &dyn Taken,
    reference_of: &mut dyn FnMut(usize) -> String,
) -> ProductImportPreview {
    let headers = user_headers(rows);
    let mut built: Vec<Assembled<'_>> = group_by(rows, ProductColumn::Sku)
        .into_iter()
        .enumerate()
        .map(|(i, (key, group))| assemble(&headers, key, &group, targets, reference_of(i)))
        .collect();

    // unique across the file: the later product's cell is the one in error
    let mut sku_owner: HashMap<String, usize> = HashMap::new();
    let mut barcode_owner: HashMap<String, usize> = HashMap::new();
    for (i, a) in built.iter_mut().enumerate() {
        for (sku, row, column) in a.sku_claims() {
            match sku_owner.get(&sku.to_uppercase()) {
                Some(&owner) if owner != i => {
                    a.pins
                        .error(row, Some(column), codes::SKU_DUPLICATE, Some(sku));
                }
                Some(_) => {}
                None => {
                    sku_owner.insert(sku.to_uppercase(), i);
                }
            }
        }
        for (barcode, row) in a.barcode_claims() {
            match barcode_owner.get(&barcode) {
                Some(&owner) if owner != i => a.pins.error(
                    row,
                    Some(ProductColumn::Barcode),
                    codes::BARCODE_DUPLICATE,
                    Some(barcode),
                ),
                Some(_) => {}
                None => {
                    barcode_owner.insert(barcode, i);
                }
            }
        }
    }

    let products: Vec<ProductImportProduct> = built.into_iter().map(|a| a.finish(taken)).collect();
    let valid = products.iter().filter(|p| p.is_valid()).count();
    ProductImportPreview {
        valid_count: u32::try_from(valid).unwrap_or(u32::MAX),
        invalid_count: u32::try_from(products.len() - valid).unwrap_or(u32::MAX),
        products,
    }
}

/// Where each value of a draft came from, to place the validator's errors.
struct Sources {
    first_row: u32,
    /// Product-level column → the row its value was taken from.
    product: HashMap<ProductColumn, u32>,
    /// Per attribute of the draft: its slot in [`SLOTS`] and the row its name was taken from.
    attributes: Vec<(usize, u32)>,
    /// Per variant of the draft.
    variants: Vec<VariantSource>,
}

struct VariantSource {
    row: u32,
    /// "SKU biến thể" was empty: the SKU was generated from the product's.
    generated: bool,
    /// The first slot the row has no value for.
    empty_slot: Option<usize>,
}

/// One product's draft before the file-wide checks and the validator.
struct Assembled<'a> {
    pins: Pins<'a, ProductColumn>,
    key: String,
    rows: Vec<u32>,
    draft: ProductDraft,
    src: Sources,
}

/// A cell as a whole number (`money`: a workbook number is rounded to the đồng).
fn whole(v: &CellValue, money: bool) -> Option<i64> {
    match v {
        CellValue::Number(n) => from_float(*n, money),
        CellValue::Text(t) => parse_amount(t),
    }
}

fn text_canon(v: &CellValue) -> String {
    fold(&v.as_text())
}

fn money_canon(v: &CellValue) -> String {
    whole(v, true).map_or_else(|| v.as_text().trim().to_string(), |n| n.to_string())
}

fn count_canon(v: &CellValue) -> String {
    whole(v, false).map_or_else(|| v.as_text().trim().to_string(), |n| n.to_string())
}

fn images_canon(v: &CellValue) -> String {
    image_list(&v.as_text()).join(" ")
}

/// The URLs of an "Ảnh" cell: separated by line breaks, spaces, commas or semicolons.
pub fn image_list(cell: &str) -> Vec<String> {
    cell.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A value of an attribute column: trimmed, `None` when empty or without a letter or digit (`-`).
fn value_of(r: &ProductSheetRow, column: ProductColumn) -> Option<String> {
    r.text(column).filter(|v| !fold(v).is_empty())
}

/// A product-level value: the first row's that has it (a later row with another value is
/// `product.conflict`), remembered in `src` for the validator's errors.
fn product_value(
    pins: &mut Pins<'_, ProductColumn>,
    src: &mut Sources,
    rows: &[&ProductSheetRow],
    column: ProductColumn,
    canon: fn(&CellValue) -> String,
) -> Option<(CellValue, u32)> {
    let (v, row) = pins.shared(rows, column, codes::PRODUCT_CONFLICT, canon)?;
    src.product.insert(column, row);
    Some((v, row))
}

/// A whole number from a taken value; `number.invalid` on its cell when it is something else.
fn number_at(
    pins: &mut Pins<'_, ProductColumn>,
    value: &Option<(CellValue, u32)>,
    column: ProductColumn,
    money: bool,
) -> Option<i64> {
    let (v, row) = value.as_ref()?;
    let n = whole(v, money);
    if n.is_none() {
        pins.error(*row, Some(column), codes::NUMBER_INVALID, Some(v.as_text()));
    }
    n
}

fn assemble<'a>(
    headers: &'a HashMap<ProductColumn, String>,
    key: String,
    rows: &[&ProductSheetRow],
    targets: &[ProductTarget],
    reference: String,
) -> Assembled<'a> {
    use ProductColumn as P;
    let mut pins = Pins::new(headers, ProductColumn::header);
    let first_row = rows.first().map_or(0, |r| r.row);
    let mut src = Sources {
        first_row,
        product: HashMap::new(),
        attributes: Vec::new(),
        variants: Vec::new(),
    };
    if key.is_empty() {
        pins.error(first_row, Some(P::Sku), codes::SKU_REQUIRED, None);
    }
    let sku = key.trim().to_string();

    let name = product_value(&mut pins, &mut src, rows, P::Name, text_canon)
        .map(|(v, _)| v.as_text().trim().to_string())
        .unwrap_or_default();
    let price_cell = product_value(&mut pins, &mut src, rows, P::Price, money_canon);
    if price_cell.is_none() {
        pins.error(first_row, Some(P::Price), codes::PRICE_REQUIRED, None);
    }
    let price = number_at(&mut pins, &price_cell, P::Price, true);
    let weight_cell = product_value(&mut pins, &mut src, rows, P::Weight, count_canon);
    if weight_cell.is_none() {
        pins.error(first_row, Some(P::Weight), codes::WEIGHT_REQUIRED, None);
    }
    let weight = number_at(&mut pins, &weight_cell, P::Weight, false);
    let mut size = |pins: &mut Pins<'_, ProductColumn>, c: ProductColumn| {
        let cell = product_value(pins, &mut src, rows, c, count_canon);
        number_at(pins, &cell, c, false)
    };
    let length_cm = size(&mut pins, P::Length);
    let width_cm = size(&mut pins, P::Width);
    let height_cm = size(&mut pins, P::Height);
    let description = product_value(&mut pins, &mut src, rows, P::Description, text_canon)
        .map(|(v, _)| v.as_text().trim().to_string());
    let images = product_value(&mut pins, &mut src, rows, P::Images, images_canon)
        .map(|(v, _)| image_list(&v.as_text()))
        .unwrap_or_default();

    // attributes: a slot is used when some row names it or has a value in it
    let mut attributes: Vec<ProductAttribute> = Vec::new();
    // per attribute: a value folded → its first spelling
    let mut spellings: Vec<HashMap<String, String>> = Vec::new();
    for (slot, (name_col, value_col)) in SLOTS.iter().enumerate() {
        let attr_name = product_value(&mut pins, &mut src, rows, *name_col, text_canon);
        let has_values = rows.iter().any(|r| value_of(r, *value_col).is_some());
        if attr_name.is_none() && !has_values {
            continue;
        }
        let mut spelling = HashMap::new();
        let mut values = Vec::new();
        for v in rows.iter().filter_map(|r| value_of(r, *value_col)) {
            if let Entry::Vacant(e) = spelling.entry(fold(&v)) {
                e.insert(v.clone());
                values.push(v);
            }
        }
        spellings.push(spelling);
        src.attributes
            .push((slot, attr_name.as_ref().map_or(first_row, |(_, row)| *row)));
        attributes.push(ProductAttribute {
            name: attr_name
                .map(|(v, _)| v.as_text().trim().to_string())
                .unwrap_or_default(),
            values,
        });
    }

    // variants: one per row, a repeated combination pinned on the later row and left out
    let generated: HashMap<Vec<String>, String> = generate_variants(&sku, &attributes, &[])
        .into_iter()
        .map(|v| (v.options.iter().map(|o| fold(o)).collect(), v.sku))
        .collect();
    let mut combos: HashSet<Vec<String>> = HashSet::new();
    let mut variants: Vec<VariantDraft> = Vec::new();
    for r in rows {
        let mut options = Vec::with_capacity(attributes.len());
        let mut empty_slot = None;
        for (spelling, (slot, _)) in spellings.iter().zip(&src.attributes) {
            let value_col = SLOTS[*slot].1;
            match value_of(r, value_col) {
                // the spelling of the value's first row, so one value reads the same everywhere
                Some(v) => options.push(spelling.get(&fold(&v)).cloned().unwrap_or(v)),
                None => {
                    pins.error(r.row, Some(value_col), codes::VALUE_REQUIRED, None);
                    empty_slot.get_or_insert(*slot);
                    options.push(String::new());
                }
            }
        }
        if empty_slot.is_none() && !combos.insert(options.iter().map(|o| fold(o)).collect()) {
            match src.attributes.first() {
                Some((slot, _)) => pins.error(
                    r.row,
                    Some(SLOTS[*slot].1),
                    codes::VARIANT_DUPLICATE,
                    Some(options.join(" / ")),
                ),
                None => pins.error(
                    r.row,
                    Some(P::Sku),
                    codes::VARIANT_DUPLICATE,
                    Some(sku.clone()),
                ),
            }
            continue;
        }
        let own_sku = r.text(P::VariantSku);
        let variant_sku = match &own_sku {
            Some(s) => s.clone(),
            None => generated_sku(&sku, &attributes, &generated, &options),
        };
        let price = r
            .get(P::VariantPrice)
            .filter(|v| !v.as_text().trim().is_empty())
            .and_then(|v| {
                let n = whole(v, true);
                if n.is_none() {
                    pins.error(
                        r.row,
                        Some(P::VariantPrice),
                        codes::NUMBER_INVALID,
                        Some(v.as_text()),
                    );
                }
                n
            });
        variants.push(VariantDraft {
            options,
            sku: variant_sku,
            barcode: r.text(P::Barcode),
            price,
        });
        src.variants.push(VariantSource {
            row: r.row,
            generated: own_sku.is_none(),
            empty_slot,
        });
    }

    Assembled {
        pins,
        key,
        rows: rows.iter().map(|r| r.row).collect(),
        draft: ProductDraft {
            reference,
            name,
            sku,
            price: price.unwrap_or(0),
            weight_grams: weight.unwrap_or(0),
            length_cm,
            width_cm,
            height_cm,
            description,
            images,
            attributes,
            variants,
            targets: targets.to_vec(),
        },
        src,
    }
}

/// The SKU [`generate_variants`] gives the combination `options` (`generated`: its SKUs by folded
/// options; the product's SKU without attributes); for a combination it did not list (past its cap, or
/// a missing value), the same rule: the product's SKU and the options' codes.
fn generated_sku(
    sku: &str,
    attributes: &[ProductAttribute],
    generated: &HashMap<Vec<String>, String>,
    options: &[String],
) -> String {
    if attributes.is_empty() || sku.is_empty() {
        // without a product SKU nothing is generated: the product's `sku.required` explains it
        return sku.to_string();
    }
    let folded: Vec<String> = options.iter().map(|o| fold(o)).collect();
    if let Some(code) = generated.get(&folded) {
        return code.clone();
    }
    let single: Vec<ProductAttribute> = attributes
        .iter()
        .zip(options)
        .map(|(a, o)| ProductAttribute {
            name: a.name.clone(),
            values: vec![o.clone()],
        })
        .collect();
    generate_variants(sku, &single, &[])
        .into_iter()
        .next()
        .map_or_else(|| sku.to_string(), |v| v.sku)
}

impl Assembled<'_> {
    /// The SKUs this product takes (its own, each variant's), each once, with the cell it came from.
    fn sku_claims(&self) -> Vec<(String, u32, ProductColumn)> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let product = (
            self.draft.sku.clone(),
            self.src.first_row,
            ProductColumn::Sku,
        );
        // a generated SKU is pinned on its row's "SKU biến thể" too: typing one there is the fix
        let variants = self
            .draft
            .variants
            .iter()
            .zip(&self.src.variants)
            .map(|(v, s)| (v.sku.trim().to_string(), s.row, ProductColumn::VariantSku));
        for (sku, row, column) in std::iter::once(product).chain(variants) {
            if !sku.is_empty() && seen.insert(sku.to_uppercase()) {
                out.push((sku, row, column));
            }
        }
        out
    }

    /// The barcodes of this product's variants, each once, with their rows.
    fn barcode_claims(&self) -> Vec<(String, u32)> {
        let mut seen = HashSet::new();
        self.draft
            .variants
            .iter()
            .zip(&self.src.variants)
            .filter_map(|(v, s)| {
                let b = v.barcode.as_deref()?.trim().to_string();
                (!b.is_empty() && seen.insert(b.clone())).then_some((b, s.row))
            })
            .collect()
    }

    fn finish(mut self, taken: &dyn Taken) -> ProductImportProduct {
        // a product of thousands of rows is refused for its count; the checks read one past the limit
        // (the validator compares every variant with every value of its attributes)
        let checked = if self.draft.variants.len() > VARIANTS_MAX {
            let mut cut = self.draft.clone();
            cut.variants.truncate(VARIANTS_MAX + 1);
            Cow::Owned(cut)
        } else {
            Cow::Borrowed(&self.draft)
        };
        if let Err(fields) = validate(&checked, taken) {
            for (path, path_codes) in &fields.0 {
                let (row, column, value) = place(path, &checked, &self.src);
                for code in path_codes {
                    self.pins.error(row, column, code, value.clone());
                }
            }
        }
        let errors = self.pins.sorted(ProductColumn::position);
        ProductImportProduct {
            sku: self.key,
            name: self.draft.name.clone(),
            rows: self.rows,
            variants: u32::try_from(self.draft.variants.len()).unwrap_or(u32::MAX),
            draft: errors.is_empty().then_some(self.draft),
            errors,
        }
    }
}

/// The row, column and value a validator path names: product-level paths → the row the value came from
/// (the product's first row), `variants.N.*` → that variant's row, `attributes.N.*` → the attribute's
/// "Thuộc tính N" / "Giá trị N" column; targets and the reference → the first row, no column.
fn place(
    path: &str,
    d: &ProductDraft,
    src: &Sources,
) -> (u32, Option<ProductColumn>, Option<String>) {
    use ProductColumn as P;
    let first = src.first_row;
    let product = |c: P| (src.product.get(&c).copied().unwrap_or(first), Some(c), None);
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        ["name"] => product(P::Name),
        ["sku"] => (
            first,
            Some(P::Sku),
            Some(d.sku.clone()).filter(|s| !s.is_empty()),
        ),
        ["price"] => product(P::Price),
        ["weightGrams"] => product(P::Weight),
        ["lengthCm"] => product(P::Length),
        ["widthCm"] => product(P::Width),
        ["heightCm"] => product(P::Height),
        ["description"] => product(P::Description),
        ["images"] => product(P::Images),
        // too many variants: the first row past the limit
        ["variants"] => match src.variants.get(VARIANTS_MAX) {
            Some(s) if d.variants.len() > VARIANTS_MAX => (s.row, None, None),
            _ => (first, None, None),
        },
        ["images", i] => {
            let (row, column, _) = product(P::Images);
            let url = i.parse::<usize>().ok().and_then(|i| d.images.get(i));
            (row, column, url.cloned())
        }
        ["attributes", i, field] => {
            match i.parse::<usize>().ok().and_then(|i| src.attributes.get(i)) {
                Some(&(slot, name_row)) if *field == "name" => {
                    (name_row, Some(SLOTS[slot].0), None)
                }
                Some(&(slot, _)) => (first, Some(SLOTS[slot].1), None),
                None => (first, None, None),
            }
        }
        ["variants", i, field] => {
            let i = i.parse::<usize>().ok();
            let Some((v, s)) = i.and_then(|i| Some((d.variants.get(i)?, src.variants.get(i)?)))
            else {
                return (first, None, None);
            };
            match *field {
                // a generated SKU that is the product's own (no attributes, or no product SKU): its cell
                "sku" if s.generated && v.sku.trim() == d.sku.trim() => (
                    first,
                    Some(P::Sku),
                    Some(d.sku.clone()).filter(|s| !s.is_empty()),
                ),
                "sku" => (s.row, Some(P::VariantSku), Some(v.sku.clone())),
                "barcode" => (s.row, Some(P::Barcode), v.barcode.clone()),
                "price" => (s.row, Some(P::VariantPrice), None),
                // options (and the variant's name made of them): the value cell, the name without any
                _ => {
                    let slot = s
                        .empty_slot
                        .or_else(|| src.attributes.first().map(|(slot, _)| *slot));
                    (s.row, Some(slot.map_or(P::Name, |k| SLOTS[k].1)), None)
                }
            }
        }
        _ => (first, None, None),
    }
}

/// The example rows: `AT01` in Màu × Size (four variants, one with its own SKU, two with their own
/// price) and `MU01` without attributes.
fn example(row: usize, column: ProductColumn) -> Option<Example> {
    use Example::{Number, Text};
    use ProductColumn as P;
    match (row, column) {
        (0..=3, P::Sku) => Some(Text("AT01")),
        (4, P::Sku) => Some(Text("MU01")),
        (0, P::Name) => Some(Text("Áo thun basic")),
        (4, P::Name) => Some(Text("Mũ lưỡi trai")),
        (0, P::Price) => Some(Number(150_000.0)),
        (4, P::Price) => Some(Number(99_000.0)),
        (0, P::Weight) => Some(Number(250.0)),
        (4, P::Weight) => Some(Number(120.0)),
        (0, P::Length) => Some(Number(30.0)),
        (0, P::Width) => Some(Number(20.0)),
        (0, P::Height) => Some(Number(2.0)),
        (0, P::Description) => Some(Text("Áo thun cotton 100%, form rộng.")),
        (4, P::Description) => Some(Text("Mũ kaki, khoá cài phía sau.")),
        (0, P::Images) => Some(Text(
            "https://example.com/anh/at01-den.jpg\nhttps://example.com/anh/at01-trang.jpg",
        )),
        (4, P::Images) => Some(Text("https://example.com/anh/mu01.jpg")),
        (0..=3, P::Attribute1) => Some(Text("Màu")),
        (0 | 1, P::Value1) => Some(Text("Đen")),
        (2 | 3, P::Value1) => Some(Text("Trắng")),
        (0..=3, P::Attribute2) => Some(Text("Size")),
        (0 | 2, P::Value2) => Some(Text("M")),
        (1 | 3, P::Value2) => Some(Text("L")),
        (3, P::VariantSku) => Some(Text("AT01-TRG-L")),
        (0, P::Barcode) => Some(Text("8934567890120")),
        (4, P::Barcode) => Some(Text("8934567890137")),
        (1 | 3, P::VariantPrice) => Some(Number(160_000.0)),
        _ => None,
    }
}

/// How many example rows the template has.
const EXAMPLE_ROWS: usize = 5;

const PRODUCT_NOTES: &[&str] = &[
    "Mỗi dòng là MỘT biến thể. Sản phẩm nhiều biến thể: nhiều dòng cùng \"Mã sản phẩm\"; tên, giá bán, khối lượng, kích thước, mô tả và ảnh chỉ cần ghi ở dòng đầu của sản phẩm (nếu ghi lại ở dòng sau thì phải giống dòng đầu).",
    "Biến thể: tên thuộc tính (Màu, Size, …) ở cột \"Thuộc tính 1\", \"Thuộc tính 2\", \"Thuộc tính 3\" và giá trị của dòng ở cột \"Giá trị\" cùng số. Mỗi dòng một tổ hợp giá trị khác nhau; không cần đủ mọi tổ hợp. Sản phẩm không có biến thể: một dòng, để trống các cột thuộc tính.",
    "SKU biến thể để trống thì được tạo từ mã sản phẩm và giá trị thuộc tính (AT01-DEN-M). Mã sản phẩm, SKU biến thể và mã vạch không được trùng trong file, cũng như với mã đã có ở các tài khoản đã kết nối.",
    "Dòng 1 là tiêu đề cột: giữ nguyên tên cột (có dấu hay không dấu, chữ hoa hay thường đều được); có thể đổi thứ tự cột; cột không có trong danh sách sẽ được bỏ qua.",
    "Xoá 5 dòng ví dụ (AT01, MU01) trước khi nhập sản phẩm thật. Dòng trống được bỏ qua.",
    "Trước khi tạo, ShopDesk hiển thị bản xem trước với lỗi của từng dòng; chỉ các sản phẩm hợp lệ được tạo, tại các tài khoản bạn chọn, mỗi sản phẩm đúng một lần.",
    "Lưu file dạng .xlsx, hoặc CSV UTF-8 (Excel: Lưu thành → \"CSV UTF-8 (phân cách bằng dấu phẩy)\").",
];

fn product_spec() -> TemplateSpec<'static> {
    TemplateSpec {
        sheet: PRODUCT_SHEET,
        title: "Hướng dẫn tạo sản phẩm hàng loạt",
        notes: PRODUCT_NOTES,
        columns: PRODUCT_COLUMNS
            .iter()
            .map(|s| TemplateColumn {
                header: s.header,
                kind: s.kind,
                width: s.width,
                required: if s.required { "Có" } else { "Không" },
                level: match s.level {
                    ProductLevel::Product => "Cả sản phẩm (dòng đầu)",
                    ProductLevel::Variant => "Từng biến thể",
                },
                help: s.help,
            })
            .collect(),
        examples: (0..EXAMPLE_ROWS)
            .map(|row| {
                PRODUCT_COLUMNS
                    .iter()
                    .map(|s| example(row, s.column))
                    .collect()
            })
            .collect(),
    }
}

/// The product template workbook: sheet "Sản phẩm" (five example rows: a Màu × Size product with four
/// variants and a product without attributes) and the "Hướng dẫn" sheet.
pub fn product_template_xlsx() -> Result<Vec<u8>, ImportError> {
    write_template_xlsx(&product_spec(), |_| Ok(()))
}

/// The product template as CSV (UTF-8 with BOM).
pub fn product_template_csv() -> Result<Vec<u8>, ImportError> {
    write_template_csv(&product_spec())
}

/// The product import's result report as a workbook.
pub fn product_report_xlsx(rows: &[ReportRow]) -> Result<Vec<u8>, ImportError> {
    report_xlsx_with(&PRODUCT_REPORT_HEADERS, rows)
}

/// The product import's result report as CSV (UTF-8 with BOM).
pub fn product_report_csv(rows: &[ReportRow]) -> Result<Vec<u8>, ImportError> {
    report_csv_with(&PRODUCT_REPORT_HEADERS, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_one_row_and_spellings_do_not_collide() {
        let mut seen = HashMap::new();
        for s in PRODUCT_COLUMNS {
            assert_eq!(ProductColumn::from_header(s.header), Some(s.column));
            assert_eq!(s.column.spec().column, s.column);
            for k in
                std::iter::once(header_key(s.header)).chain(s.aliases.iter().map(|a| a.to_string()))
            {
                assert_eq!(fold(&k), k, "alias {k:?} must be written folded");
                if let Some(prev) = seen.insert(k.clone(), s.column) {
                    panic!("{k:?} used by {prev:?} and {:?}", s.column);
                }
            }
        }
        assert_eq!(PRODUCT_COLUMNS.len(), 18);
        assert_eq!(SLOTS.len(), shopdesk_core::product::ATTRIBUTES_MAX);
    }

    #[test]
    fn image_cells_split_on_breaks_spaces_commas_and_semicolons() {
        assert_eq!(
            image_list(" https://a/1.jpg\nhttps://a/2.jpg ;https://a/3.jpg,  https://a/4.jpg\r\n"),
            [
                "https://a/1.jpg",
                "https://a/2.jpg",
                "https://a/3.jpg",
                "https://a/4.jpg"
            ]
        );
        assert!(image_list(" \n ; ").is_empty());
    }

    #[test]
    fn a_combination_past_the_generators_cap_gets_the_same_rule() {
        let attributes = vec![ProductAttribute {
            name: "Màu".into(),
            values: vec!["Xanh lá".into()],
        }];
        let options = vec!["Xanh lá".to_string()];
        let none = HashMap::new();
        assert_eq!(
            generated_sku("SP", &attributes, &none, &options),
            "SP-XANHLA"
        );
        assert_eq!(generated_sku("SP", &[], &none, &[]), "SP");
        assert_eq!(generated_sku("", &attributes, &none, &options), "");
    }

    #[test]
    fn the_template_text_is_vietnamese() {
        let spec = product_spec();
        assert_eq!(spec.sheet, "Sản phẩm");
        assert_eq!(spec.examples.len(), EXAMPLE_ROWS);
        for c in &spec.columns {
            assert!(!c.help.is_empty() && !c.help.is_ascii(), "{}", c.header);
        }
    }
}
