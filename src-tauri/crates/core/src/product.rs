//! Products born once for every vendor ("Sản phẩm"): the product as the owner enters it (shared fields,
//! attributes and the variants they generate, the accounts to create it at with each vendor's own
//! fields), the variant generator, and every check made in Rust before anything is sent — SKUs and
//! barcodes unique within the product and against what the connected accounts already hold, the EAN-13
//! check digit, and each vendor's documented limits. Neutral types: the vendor crates map them in their
//! `adapter::product` modules (`ports::products`).
//!
//! One product becomes, per vendor:
//! - **Onflow:** one product per variant (Onflow has no variants; `product_size` / `product_color` carry
//!   the options), each assigned to the chosen warehouses;
//! - **Pancake:** one product with its variations (`product_attributes` + `variations[].fields`);
//! - **Nhanh:** one product per variant: Nhanh's API cannot create attributes (nhanh.md, `product/add`).
//!
//! The SKU is each record's code at the vendor (Onflow `sku`, Pancake `custom_id`, Nhanh `code` and
//! `appProductId`), so a lost answer is looked up by it before anything is sent again.

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::order::FieldErrors;
use crate::text::fold;
use crate::Vendor;

/// One attribute and its values, e.g. `Màu` × `Đen, Trắng`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductAttribute {
    pub name: String,
    pub values: Vec<String>,
}

/// One variant: its option per attribute (in the attributes' order; empty for a product without
/// attributes), its own SKU and barcode, and its price when it differs from the product's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VariantDraft {
    pub options: Vec<String>,
    pub sku: String,
    pub barcode: Option<String>,
    /// VND; `None` = the product's price.
    #[specta(type = Option<specta_typescript::Number>)]
    pub price: Option<i64>,
}

/// Onflow's own fields. `None` takes the default kept in `onflow::assumptions` (the documented example's
/// values); any value is passed on as typed, since the docs list the values seen, not every value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OnflowFields {
    pub product_type: Option<String>,
    pub product_unit: Option<String>,
    pub storage_method: Option<String>,
    pub inventory_tracking_type: Option<String>,
    pub outbound_strategy: Option<String>,
    /// `HIGH_VALUE`, `FRAGILE` seen.
    pub characteristics: Vec<String>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub brand_id: Option<i64>,
    /// The warehouses the product is assigned to (it is usable for POs and shipments only there).
    pub warehouse_codes: Vec<String>,
}

/// Pancake's own fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PancakeFields {
    #[specta(type = Vec<specta_typescript::Number>)]
    pub category_ids: Vec<i64>,
}

/// Nhanh's own fields (`product/add` documents no brand).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NhanhFields {
    #[specta(type = Option<specta_typescript::Number>)]
    pub category_id: Option<i64>,
}

/// What one vendor needs beyond the shared fields; the variant names the vendor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "vendor", rename_all = "camelCase")]
pub enum VendorFields {
    Onflow(OnflowFields),
    Pancake(PancakeFields),
    Nhanh(NhanhFields),
}

impl VendorFields {
    pub fn vendor(&self) -> Vendor {
        match self {
            VendorFields::Onflow(_) => Vendor::Onflow,
            VendorFields::Pancake(_) => Vendor::Pancake,
            VendorFields::Nhanh(_) => Vendor::Nhanh,
        }
    }

    /// Blank fields for `vendor` (the vendor's defaults apply).
    pub fn blank(vendor: Vendor) -> VendorFields {
        match vendor {
            Vendor::Onflow => VendorFields::Onflow(OnflowFields::default()),
            Vendor::Pancake => VendorFields::Pancake(PancakeFields::default()),
            Vendor::Nhanh => VendorFields::Nhanh(NhanhFields::default()),
        }
    }
}

/// One account to create the product at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductTarget {
    pub account_id: String,
    pub fields: VendorFields,
}

/// A product as the owner enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductDraft {
    /// Our reference (`SD-SP-…`): the journal's key for this product.
    pub reference: String,
    pub name: String,
    /// The product's own code (Pancake's product `custom_id`); each variant has its own SKU.
    pub sku: String,
    /// VND, the selling price of every variant without its own.
    #[specta(type = specta_typescript::Number)]
    pub price: i64,
    #[specta(type = specta_typescript::Number)]
    pub weight_grams: i64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub length_cm: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub width_cm: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub height_cm: Option<i64>,
    pub description: Option<String>,
    /// Public image URLs (the Onflow file library's), the first is the main image.
    pub images: Vec<String>,
    pub attributes: Vec<ProductAttribute>,
    pub variants: Vec<VariantDraft>,
    pub targets: Vec<ProductTarget>,
}

impl ProductDraft {
    /// A variant's selling price.
    pub fn price_of(&self, v: &VariantDraft) -> i64 {
        v.price.unwrap_or(self.price)
    }

    /// A variant's full name: the product's name, then its options (`Áo thun - Đen / M`); the product's
    /// name alone when it has no options.
    pub fn variant_name(&self, v: &VariantDraft) -> String {
        let options: Vec<&str> = v
            .options
            .iter()
            .map(|o| o.trim())
            .filter(|o| !o.is_empty())
            .collect();
        if options.is_empty() {
            self.name.trim().to_string()
        } else {
            format!("{} - {}", self.name.trim(), options.join(" / "))
        }
    }

    /// The option of `v` for the attribute whose folded name is one of `names` (`["mau", "color"]`).
    pub fn option_named<'a>(&self, v: &'a VariantDraft, names: &[&str]) -> Option<&'a str> {
        let i = self
            .attributes
            .iter()
            .position(|a| names.contains(&fold(&a.name).as_str()))?;
        v.options.get(i).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    /// Every SKU the product will hold at a vendor: each variant's.
    pub fn variant_skus(&self) -> Vec<String> {
        self.variants
            .iter()
            .map(|v| v.sku.trim().to_string())
            .collect()
    }
}

/// Attribute names that mean colour and size (folded), for vendors with fixed fields for them.
pub const COLOR_NAMES: [&str; 4] = ["mau", "mau sac", "color", "colour"];
pub const SIZE_NAMES: [&str; 4] = ["size", "kich co", "kich thuoc", "co"];

/// Limits: ours where the vendors are silent, theirs where documented (Nhanh: strings of 255, 100
/// products per `product/add`, 20 images per product; Pancake: `weight` and `retail_price` required).
pub const REFERENCE_MAX: usize = 64;
pub const NAME_MAX: usize = 255;
pub const SKU_MAX: usize = 64;
pub const BARCODE_MAX: usize = 48;
pub const DESCRIPTION_MAX: usize = 5000;
pub const ATTRIBUTES_MAX: usize = 3;
pub const VALUES_MAX: usize = 30;
pub const VARIANTS_MAX: usize = 100;
pub const IMAGES_MAX: usize = 20;
pub const PRICE_MAX: i64 = 1_000_000_000_000;
pub const WEIGHT_MAX: i64 = 1_000_000;
pub const SIZE_MAX: i64 = 10_000;

/// A short code of an option for a generated SKU: folded, upper case, letters and digits only
/// (`"Xanh lá"` → `"XANHLA"`, `"Đỏ đô"` → `"DODO"`).
pub fn option_code(value: &str) -> String {
    fold(value)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The variants of `attributes` (every combination, in the attributes' order), each with a SKU made of
/// the product's SKU and its options' codes (`AT01-DEN-M`). A variant of `existing` with the same options
/// is kept as it is (the owner's edits to its SKU, barcode and price survive a change of attributes).
/// No attributes: one variant with the product's SKU.
pub fn generate_variants(
    sku: &str,
    attributes: &[ProductAttribute],
    existing: &[VariantDraft],
) -> Vec<VariantDraft> {
    let sku = sku.trim();
    let lists: Vec<Vec<&str>> = attributes
        .iter()
        .map(|a| {
            let mut seen = HashSet::new();
            a.values
                .iter()
                .map(|v| v.trim())
                .filter(|v| {
                    let f = fold(v);
                    !f.is_empty() && seen.insert(f)
                })
                .collect()
        })
        .filter(|vs: &Vec<&str>| !vs.is_empty())
        .collect();
    if lists.is_empty() {
        let kept = existing.iter().find(|v| v.options.is_empty());
        return vec![VariantDraft {
            options: vec![],
            sku: sku.to_string(),
            barcode: kept.and_then(|v| v.barcode.clone()),
            price: kept.and_then(|v| v.price),
        }];
    }
    let mut combos: Vec<Vec<&str>> = vec![vec![]];
    for values in &lists {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                values.iter().map(move |v| {
                    let mut next = c.clone();
                    next.push(v);
                    next
                })
            })
            .take(VARIANTS_MAX + 1)
            .collect();
    }
    let same = |a: &[String], b: &[&str]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| fold(x) == fold(y))
    };
    let kept: Vec<Option<&VariantDraft>> = combos
        .iter()
        .map(|options| existing.iter().find(|v| same(&v.options, options)))
        .collect();
    // kept SKUs first, so a generated one never takes a kept one's code
    let mut used: HashSet<String> = kept
        .iter()
        .flatten()
        .map(|v| v.sku.trim().to_string())
        .collect();
    combos
        .into_iter()
        .zip(kept)
        .map(|(options, kept)| {
            if let Some(kept) = kept {
                return kept.clone();
            }
            let mut code = sku.to_string();
            for o in &options {
                let c = option_code(o);
                if !c.is_empty() {
                    code.push('-');
                    code.push_str(&c);
                }
            }
            // two options with the same code (`A-B`, `AB`): the later one is numbered
            let mut unique = code.clone();
            let mut n = 2;
            while !used.insert(unique.clone()) {
                unique = format!("{code}-{n}");
                n += 1;
            }
            VariantDraft {
                options: options.iter().map(|s| s.to_string()).collect(),
                sku: unique,
                barcode: None,
                price: None,
            }
        })
        .collect()
}

/// What a barcode is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarcodeKind {
    /// 13 digits with a valid check digit.
    Ean13,
    /// Any other code a scanner reads (Code 128 and the like): printable ASCII without spaces.
    Other,
}

/// Why a barcode is refused (its code in `FieldErrors`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarcodeError {
    /// Not printable ASCII, or contains a space.
    Format,
    TooLong,
    /// 13 digits whose last is not the EAN-13 check digit.
    CheckDigit,
}

impl BarcodeError {
    pub fn code(self) -> &'static str {
        match self {
            BarcodeError::Format => "barcode.format",
            BarcodeError::TooLong => "barcode.tooLong",
            BarcodeError::CheckDigit => "barcode.checkDigit",
        }
    }
}

/// The EAN-13 check digit of the first 12 digits (`None` unless `digits` is 12 ASCII digits).
pub fn ean13_check_digit(digits: &str) -> Option<u8> {
    if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    Some(((10 - sum % 10) % 10) as u8)
}

/// Check a barcode: 13 digits are an EAN-13 and must carry its check digit; anything else must be
/// printable ASCII without spaces, at most [`BARCODE_MAX`] characters.
pub fn check_barcode(code: &str) -> Result<BarcodeKind, BarcodeError> {
    if !code.bytes().all(|b| b.is_ascii_graphic()) || code.is_empty() {
        return Err(BarcodeError::Format);
    }
    if code.len() > BARCODE_MAX {
        return Err(BarcodeError::TooLong);
    }
    if code.len() == 13 && code.bytes().all(|b| b.is_ascii_digit()) {
        let want = ean13_check_digit(&code[..12]);
        let got = code.as_bytes()[12] - b'0';
        return if want == Some(got) {
            Ok(BarcodeKind::Ean13)
        } else {
            Err(BarcodeError::CheckDigit)
        };
    }
    Ok(BarcodeKind::Other)
}

/// Check a SKU's form: not empty, at most [`SKU_MAX`] characters, no whitespace or control characters
/// (a SKU is matched exactly across vendors).
fn sku_form(sku: &str) -> Option<&'static str> {
    if sku.is_empty() {
        Some("sku.required")
    } else if sku.chars().count() > SKU_MAX {
        Some("sku.tooLong")
    } else if sku.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("sku.format")
    } else {
        None
    }
}

/// Images: at most [`IMAGES_MAX`], each an http(s) URL without spaces (`images`, `images.N`).
fn check_images(images: &[String], e: &mut FieldErrors) {
    if images.len() > IMAGES_MAX {
        e.add("images", "images.tooMany");
    }
    for (i, url) in images.iter().enumerate() {
        let u = url.trim();
        if !(u.starts_with("https://") || u.starts_with("http://"))
            || u.contains(char::is_whitespace)
        {
            e.add(format!("images.{i}"), "image.url");
        }
    }
}

/// What the connected accounts and the catalog cache already hold, for the uniqueness checks.
pub trait Taken {
    /// Whether some listing already carries this SKU (compared exactly, after trimming).
    fn sku(&self, sku: &str) -> bool;
    /// Whether some listing already carries this barcode.
    fn barcode(&self, barcode: &str) -> bool;
}

/// Nothing is taken (a draft checked on its own).
pub struct NothingTaken;

impl Taken for NothingTaken {
    fn sku(&self, _: &str) -> bool {
        false
    }
    fn barcode(&self, _: &str) -> bool {
        false
    }
}

/// Check a product draft: field paths of the wire (`variants.1.barcode`, `targets.0.fields.warehouseCodes`),
/// stable codes. `taken` answers for the SKUs and barcodes already in use at a connected account.
pub fn validate(d: &ProductDraft, taken: &dyn Taken) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    let reference = d.reference.trim();
    if reference.is_empty() {
        e.add("reference", "reference.required");
    } else if reference.chars().count() > REFERENCE_MAX {
        e.add("reference", "reference.tooLong");
    }
    let name = d.name.trim();
    if name.is_empty() {
        e.add("name", "name.required");
    } else if name.chars().count() > NAME_MAX {
        e.add("name", "name.tooLong");
    }
    if let Some(code) = sku_form(d.sku.trim()) {
        e.add("sku", code);
    }
    if !(0..=PRICE_MAX).contains(&d.price) {
        e.add("price", "price.range");
    }
    if d.weight_grams < 1 {
        e.add("weightGrams", "weight.min");
    } else if d.weight_grams > WEIGHT_MAX {
        e.add("weightGrams", "weight.max");
    }
    for (path, v) in [
        ("lengthCm", d.length_cm),
        ("widthCm", d.width_cm),
        ("heightCm", d.height_cm),
    ] {
        if v.is_some_and(|v| !(1..=SIZE_MAX).contains(&v)) {
            e.add(path, "size.range");
        }
    }
    if d.description
        .as_deref()
        .is_some_and(|s| s.chars().count() > DESCRIPTION_MAX)
    {
        e.add("description", "description.tooLong");
    }
    if d.images.len() > IMAGES_MAX {
        e.add("images", "images.tooMany");
    }
    check_images(&d.images, &mut e);

    // attributes: named, distinct, each with distinct values
    if d.attributes.len() > ATTRIBUTES_MAX {
        e.add("attributes", "attributes.tooMany");
    }
    let mut names = HashSet::new();
    for (i, a) in d.attributes.iter().enumerate() {
        let n = fold(&a.name);
        if n.is_empty() {
            e.add(format!("attributes.{i}.name"), "attribute.nameRequired");
        } else if !names.insert(n) {
            e.add(format!("attributes.{i}.name"), "attribute.duplicate");
        }
        let values: Vec<String> = a.values.iter().map(|v| fold(v)).collect();
        if values.iter().all(|v| v.is_empty()) {
            e.add(format!("attributes.{i}.values"), "attribute.valuesRequired");
        } else if values.len() > VALUES_MAX {
            e.add(format!("attributes.{i}.values"), "attribute.tooManyValues");
        }
        let mut seen = HashSet::new();
        if values
            .iter()
            .any(|v| !v.is_empty() && !seen.insert(v.clone()))
        {
            e.add(format!("attributes.{i}.values"), "attribute.valueDuplicate");
        }
    }

    // variants: at least one, within the limit, each a distinct combination of known values
    if d.variants.is_empty() {
        e.add("variants", "variants.required");
    } else if d.variants.len() > VARIANTS_MAX {
        e.add("variants", "variants.tooMany");
    }
    let mut skus = HashSet::new();
    let mut barcodes = HashSet::new();
    let mut combos = HashSet::new();
    for (i, v) in d.variants.iter().enumerate() {
        let at = |f: &str| format!("variants.{i}.{f}");
        if v.options.len() != d.attributes.len() {
            e.add(at("options"), "variant.options");
        } else {
            let known = v.options.iter().zip(&d.attributes).all(|(o, a)| {
                let o = fold(o);
                !o.is_empty() && a.values.iter().any(|x| fold(x) == o)
            });
            if !known {
                e.add(at("options"), "variant.unknownOption");
            } else if !combos.insert(v.options.iter().map(|o| fold(o)).collect::<Vec<_>>()) {
                e.add(at("options"), "variant.duplicate");
            }
        }
        let sku = v.sku.trim();
        if let Some(code) = sku_form(sku) {
            e.add(at("sku"), code);
        } else if !skus.insert(sku.to_string()) {
            e.add(at("sku"), "sku.duplicate");
        } else if taken.sku(sku) {
            e.add(at("sku"), "sku.taken");
        }
        if let Some(b) = v
            .barcode
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            if let Err(err) = check_barcode(b) {
                e.add(at("barcode"), err.code());
            } else if !barcodes.insert(b.to_string()) {
                e.add(at("barcode"), "barcode.duplicate");
            } else if taken.barcode(b) {
                e.add(at("barcode"), "barcode.taken");
            }
        }
        if v.price.is_some_and(|p| !(0..=PRICE_MAX).contains(&p)) {
            e.add(at("price"), "price.range");
        }
        if d.variant_name(v).chars().count() > NAME_MAX {
            e.add(at("options"), "name.tooLong");
        }
    }
    // the product's own code: its variant's when it has one variant, else its own
    let product_sku = d.sku.trim();
    if d.variants.len() > 1 && skus.contains(product_sku) {
        e.add("sku", "sku.duplicate");
    } else if !skus.contains(product_sku)
        && sku_form(product_sku).is_none()
        && taken.sku(product_sku)
    {
        e.add("sku", "sku.taken");
    }

    // accounts: at least one, each once, with what its vendor needs
    if d.targets.is_empty() {
        e.add("targets", "targets.required");
    }
    let mut accounts = BTreeSet::new();
    for (i, t) in d.targets.iter().enumerate() {
        if t.account_id.trim().is_empty() {
            e.add(format!("targets.{i}.accountId"), "account.required");
        } else if !accounts.insert(t.account_id.trim()) {
            e.add(format!("targets.{i}.accountId"), "account.duplicate");
        }
        if let VendorFields::Onflow(f) = &t.fields {
            if f.warehouse_codes.iter().all(|w| w.trim().is_empty()) {
                e.add(
                    format!("targets.{i}.fields.warehouseCodes"),
                    "warehouses.required",
                );
            }
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(e)
    }
}

/// The values a vendor offers for one of its own product fields (`field`: the [`VendorFields`] key, e.g.
/// `productType`), and the one taken when it is left blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldChoices {
    pub field: String,
    pub values: Vec<String>,
    pub default: Option<String>,
}

/// A category of the vendor's catalog (its name with its parents', `Áo › Áo thun`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductCategory {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    pub name: String,
}

/// What the product form offers for one account's own fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductOptions {
    pub choices: Vec<FieldChoices>,
    pub categories: Vec<ProductCategory>,
}

/// A shared field of a created product that an edit can change at the vendors that hold it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum SharedField {
    Name,
    Price,
    Weight,
    Images,
    Barcode,
}

impl SharedField {
    /// Every shared field (what a vendor whose API edits them all answers from `editable`).
    pub const ALL: &'static [SharedField] = &[
        SharedField::Name,
        SharedField::Price,
        SharedField::Weight,
        SharedField::Images,
        SharedField::Barcode,
    ];
}

/// A variant's new barcode in an edit (`None`: the barcode is removed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VariantBarcode {
    pub sku: String,
    pub barcode: Option<String>,
}

/// An edit of a created product's shared fields; `None` leaves a field as it is. A new price is every
/// variant's (a variant's own price is dropped).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductChange {
    pub name: Option<String>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub price: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub weight_grams: Option<i64>,
    /// The product's images, the first the main one (every variant's at a vendor with variant images).
    pub images: Option<Vec<String>>,
    /// Variants' new barcodes, by SKU (the others are left as they are).
    pub barcodes: Option<Vec<VariantBarcode>>,
}

fn blank_to_none(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_string)
}

impl ProductChange {
    /// Check the new values against the product they change (the same rules as a new product's; paths
    /// `name`, `price`, `weightGrams`, `images.N`, `barcodes.N`): a barcode must name a variant of the
    /// product, stay unique among its variants, and a new one must not be held by a listing elsewhere
    /// (`taken`; one the product already carries is its own).
    pub fn validate(&self, draft: &ProductDraft, taken: &dyn Taken) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if let Some(name) = &self.name {
            let name = name.trim();
            if name.is_empty() {
                e.add("name", "name.required");
            } else if name.chars().count() > NAME_MAX {
                e.add("name", "name.tooLong");
            }
        }
        if self.price.is_some_and(|p| !(0..=PRICE_MAX).contains(&p)) {
            e.add("price", "price.range");
        }
        match self.weight_grams {
            Some(w) if w < 1 => e.add("weightGrams", "weight.min"),
            Some(w) if w > WEIGHT_MAX => e.add("weightGrams", "weight.max"),
            _ => {}
        }
        if let Some(images) = &self.images {
            check_images(images, &mut e);
        }
        // the barcodes every variant would carry: the edit's where it names one, else the one it has
        let set: Vec<(usize, &VariantBarcode)> =
            self.barcodes.iter().flatten().enumerate().collect();
        for (i, b) in &set {
            if !draft.variants.iter().any(|v| v.sku.trim() == b.sku.trim()) {
                e.add(format!("barcodes.{i}"), "sku.unknown");
            } else if let Some(code) = blank_to_none(b.barcode.as_deref()) {
                let own = draft
                    .variants
                    .iter()
                    .any(|v| blank_to_none(v.barcode.as_deref()).as_deref() == Some(code.as_str()));
                if let Err(err) = check_barcode(&code) {
                    e.add(format!("barcodes.{i}"), err.code());
                } else if !own && taken.barcode(&code) {
                    e.add(format!("barcodes.{i}"), "barcode.taken");
                }
            }
        }
        let mut seen: HashSet<String> = HashSet::new();
        for v in &draft.variants {
            let edited = set.iter().rev().find(|(_, b)| b.sku.trim() == v.sku.trim());
            let code = match edited {
                Some((_, b)) => blank_to_none(b.barcode.as_deref()),
                None => blank_to_none(v.barcode.as_deref()),
            };
            if let Some(code) = code {
                if !seen.insert(code) {
                    let at = edited.map_or_else(
                        || {
                            set.iter()
                                .find(|(_, b)| blank_to_none(b.barcode.as_deref()).is_some())
                                .map_or(0, |(i, _)| *i)
                        },
                        |(i, _)| *i,
                    );
                    e.add(format!("barcodes.{at}"), "barcode.duplicate");
                }
            }
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(e)
        }
    }

    /// `draft` with this change applied, and the fields whose value it changes (in [`SharedField`]
    /// order; empty when nothing differs).
    pub fn apply(&self, draft: &ProductDraft) -> (ProductDraft, Vec<SharedField>) {
        let mut next = draft.clone();
        let mut changed = Vec::new();
        if let Some(name) = self.name.as_deref().map(str::trim) {
            if name != draft.name.trim() {
                next.name = name.to_string();
                changed.push(SharedField::Name);
            }
        }
        if let Some(price) = self.price {
            if draft.variants.iter().any(|v| draft.price_of(v) != price) {
                next.price = price;
                for v in &mut next.variants {
                    v.price = None;
                }
                changed.push(SharedField::Price);
            }
        }
        if let Some(w) = self.weight_grams {
            if w != draft.weight_grams {
                next.weight_grams = w;
                changed.push(SharedField::Weight);
            }
        }
        if let Some(images) = &self.images {
            let images: Vec<String> = images
                .iter()
                .map(|u| u.trim().to_string())
                .filter(|u| !u.is_empty())
                .collect();
            if images != draft.images {
                next.images = images;
                changed.push(SharedField::Images);
            }
        }
        let mut barcode_changed = false;
        for b in self.barcodes.iter().flatten() {
            let code = blank_to_none(b.barcode.as_deref());
            if let Some(v) = next
                .variants
                .iter_mut()
                .find(|v| v.sku.trim() == b.sku.trim())
            {
                if blank_to_none(v.barcode.as_deref()) != code {
                    v.barcode = code;
                    barcode_changed = true;
                }
            }
        }
        if barcode_changed {
            changed.push(SharedField::Barcode);
        }
        (next, changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn attr(name: &str, values: &[&str]) -> ProductAttribute {
        ProductAttribute {
            name: name.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    pub(crate) fn draft() -> ProductDraft {
        let attributes = vec![attr("Màu", &["Đen", "Trắng"]), attr("Size", &["M", "L"])];
        ProductDraft {
            reference: "SD-SP-1".into(),
            name: "Áo thun basic".into(),
            sku: "AT01".into(),
            price: 150_000,
            weight_grams: 250,
            length_cm: Some(30),
            width_cm: Some(20),
            height_cm: Some(2),
            description: None,
            images: vec!["https://files.example/ao.jpg".into()],
            variants: generate_variants("AT01", &attributes, &[]),
            attributes,
            targets: vec![
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
                ProductTarget {
                    account_id: "nhanh-1".into(),
                    fields: VendorFields::blank(Vendor::Nhanh),
                },
            ],
        }
    }

    struct Held(Vec<&'static str>);
    impl Taken for Held {
        fn sku(&self, sku: &str) -> bool {
            self.0.contains(&sku)
        }
        fn barcode(&self, barcode: &str) -> bool {
            self.0.contains(&barcode)
        }
    }

    #[test]
    fn variants_are_every_combination_with_generated_skus() {
        let d = draft();
        let skus = d.variant_skus();
        assert_eq!(
            skus,
            ["AT01-DEN-M", "AT01-DEN-L", "AT01-TRANG-M", "AT01-TRANG-L"]
        );
        assert_eq!(d.variants[2].options, ["Trắng", "M"]);
        assert_eq!(d.variant_name(&d.variants[2]), "Áo thun basic - Trắng / M");
        assert_eq!(d.option_named(&d.variants[2], &COLOR_NAMES), Some("Trắng"));
        assert_eq!(d.option_named(&d.variants[2], &SIZE_NAMES), Some("M"));
        assert!(validate(&d, &NothingTaken).is_ok());
    }

    #[test]
    fn no_attributes_is_one_variant_with_the_products_sku() {
        let v = generate_variants(" AT02 ", &[attr("Màu", &[" ", ""])], &[]);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].sku, "AT02");
        assert!(v[0].options.is_empty());
    }

    #[test]
    fn edits_survive_a_change_of_attributes_and_repeated_values_count_once() {
        let mut d = draft();
        d.variants[0].sku = "CUSTOM".into();
        d.variants[0].barcode = Some("8934567890120".into());
        d.variants[0].price = Some(99_000);
        let attributes = vec![
            attr("Màu", &["Đen", "Trắng", "đen", "Xanh lá"]),
            attr("Size", &["M", "L"]),
        ];
        let v = generate_variants("AT01", &attributes, &d.variants);
        assert_eq!(v.len(), 6);
        assert_eq!(v[0].sku, "CUSTOM");
        assert_eq!(v[0].price, Some(99_000));
        assert_eq!(v[4].sku, "AT01-XANHLA-M");
        assert_eq!(v[4].barcode, None);
    }

    #[test]
    fn options_with_the_same_code_get_distinct_skus() {
        let v = generate_variants("SP", &[attr("Loại", &["A-B", "AB", "a b"])], &[]);
        let skus: Vec<&str> = v.iter().map(|v| v.sku.as_str()).collect();
        assert_eq!(skus, ["SP-AB", "SP-AB-2"]);
    }

    #[test]
    fn ean13_check_digits_are_computed_and_checked() {
        // GS1's own example, and the barcode Nhanh generated in its documented answer
        assert_eq!(ean13_check_digit("400638133393"), Some(1));
        assert_eq!(check_barcode("4006381333931"), Ok(BarcodeKind::Ean13));
        assert_eq!(check_barcode("2000214262919"), Ok(BarcodeKind::Ean13));
        assert_eq!(
            check_barcode("4006381333932"),
            Err(BarcodeError::CheckDigit)
        );
        // the codes of the vendors' examples are not EAN-13 and pass as other codes
        assert_eq!(check_barcode("11111"), Ok(BarcodeKind::Other));
        assert_eq!(check_barcode("BARCODE123"), Ok(BarcodeKind::Other));
        assert_eq!(check_barcode("AB 12"), Err(BarcodeError::Format));
        assert_eq!(check_barcode("mã"), Err(BarcodeError::Format));
        assert_eq!(check_barcode(&"9".repeat(49)), Err(BarcodeError::TooLong));
    }

    #[test]
    fn skus_and_barcodes_are_unique_in_the_product_and_free_at_the_accounts() {
        let mut d = draft();
        d.variants[1].sku = "AT01-DEN-M".into();
        d.variants[2].sku = "AT01-OLD".into();
        d.variants[0].barcode = Some("4006381333931".into());
        d.variants[3].barcode = Some("4006381333931".into());
        d.variants[2].barcode = Some("4006381333932".into());
        let e = validate(&d, &Held(vec!["AT01-OLD"])).unwrap_err();
        assert!(e.has("variants.1.sku", "sku.duplicate"), "{e}");
        assert!(e.has("variants.2.sku", "sku.taken"), "{e}");
        assert!(e.has("variants.3.barcode", "barcode.duplicate"), "{e}");
        assert!(e.has("variants.2.barcode", "barcode.checkDigit"), "{e}");
        assert!(!e.has("variants.0.sku", "sku.duplicate"));

        let mut d = draft();
        d.variants[0].barcode = Some("8934567890120".into());
        let e = validate(&d, &Held(vec!["8934567890120", "AT01"])).unwrap_err();
        assert!(e.has("variants.0.barcode", "barcode.taken"), "{e}");
        assert!(e.has("sku", "sku.taken"), "{e}");
    }

    #[test]
    fn fields_and_vendor_needs_are_checked_with_stable_codes() {
        let mut d = draft();
        d.name = " ".into();
        d.sku = "AT 01".into();
        d.weight_grams = 0;
        d.length_cm = Some(0);
        d.images = vec!["file:///etc/passwd".into()];
        d.attributes.push(attr("màu", &["Đỏ"]));
        d.variants[1].options = vec!["Tím".into(), "M".into(), "Đỏ".into()];
        d.targets.push(d.targets[1].clone());
        d.targets[0].fields = VendorFields::Onflow(OnflowFields::default());
        let e = validate(&d, &NothingTaken).unwrap_err();
        for (path, code) in [
            ("name", "name.required"),
            ("sku", "sku.format"),
            ("weightGrams", "weight.min"),
            ("lengthCm", "size.range"),
            ("images.0", "image.url"),
            ("attributes.2.name", "attribute.duplicate"),
            ("variants.0.options", "variant.options"),
            ("variants.1.options", "variant.unknownOption"),
            ("targets.3.accountId", "account.duplicate"),
            ("targets.0.fields.warehouseCodes", "warehouses.required"),
        ] {
            assert!(e.has(path, code), "{path} {code}: {e}");
        }
        let mut d = draft();
        d.variants[3].options = vec!["đen".into(), "m".into()];
        d.targets.clear();
        let e = validate(&d, &NothingTaken).unwrap_err();
        assert!(e.has("variants.3.options", "variant.duplicate"), "{e}");
        assert!(e.has("targets", "targets.required"), "{e}");
    }

    #[test]
    fn a_variant_name_past_the_vendors_limit_is_refused() {
        let mut d = draft();
        d.name = "A".repeat(250);
        let e = validate(&d, &NothingTaken).unwrap_err();
        assert!(e.has("variants.0.options", "name.tooLong"), "{e}");
        assert!(!e.0.contains_key("name"));
    }

    proptest! {
        /// Whatever the attributes, the generator gives every combination once, each with a distinct SKU
        /// the checks accept, and never more than the limit.
        #[test]
        fn generated_variants_are_distinct_and_valid(
            values in prop::collection::vec(prop::collection::vec("[A-Za-zĐđÀ-ỹ0-9 ]{0,8}", 0..5), 0..3),
        ) {
            let attributes: Vec<ProductAttribute> = values
                .iter()
                .enumerate()
                .map(|(i, vs)| ProductAttribute { name: format!("Thuộc tính {i}"), values: vs.clone() })
                .filter(|a| a.values.iter().any(|v| !fold(v).is_empty()))
                .collect();
            let vs = generate_variants("SP", &attributes, &[]);
            let expected: usize = attributes
                .iter()
                .map(|a| a.values.iter().map(|v| fold(v)).filter(|v| !v.is_empty()).collect::<HashSet<_>>().len())
                .product();
            prop_assert_eq!(vs.len(), expected.min(VARIANTS_MAX + 1));
            let combos: HashSet<Vec<String>> = vs.iter().map(|v| v.options.iter().map(|o| fold(o)).collect()).collect();
            prop_assert_eq!(combos.len(), vs.len());
            let skus: HashSet<&str> = vs.iter().map(|v| v.sku.as_str()).collect();
            prop_assert_eq!(skus.len(), vs.len());
            for v in &vs {
                prop_assert!(sku_form(&v.sku).is_none(), "{}", v.sku);
            }
        }

        /// A 12-digit stem plus its computed digit is always an EAN-13; any other last digit never is.
        #[test]
        fn ean13_round_trips(stem in "[0-9]{12}", other in 0u8..10) {
            let d = ean13_check_digit(&stem).unwrap();
            prop_assert_eq!(check_barcode(&format!("{stem}{d}")), Ok(BarcodeKind::Ean13));
            if other != d {
                prop_assert_eq!(check_barcode(&format!("{stem}{other}")), Err(BarcodeError::CheckDigit));
            }
        }
    }

    #[test]
    fn a_change_reports_only_what_differs_and_a_new_price_is_every_variants() {
        let mut d = draft();
        d.variants[1].price = Some(120_000);
        let same = ProductChange {
            name: Some(format!("  {}  ", d.name)),
            weight_grams: Some(d.weight_grams),
            images: Some(d.images.clone()),
            ..Default::default()
        };
        assert_eq!(same.apply(&d), (d.clone(), vec![]));
        let change = ProductChange {
            name: Some("Áo mới".into()),
            price: Some(d.price),
            ..Default::default()
        };
        let (next, fields) = change.apply(&d);
        // one variant had its own price: the price changes there
        assert_eq!(fields, [SharedField::Name, SharedField::Price]);
        assert_eq!(next.name, "Áo mới");
        assert!(next.variants.iter().all(|v| next.price_of(v) == d.price));
        assert_eq!(next.variants[1].sku, d.variants[1].sku);
        let bad = ProductChange {
            name: Some(" ".into()),
            price: Some(-1),
            weight_grams: Some(0),
            ..Default::default()
        };
        let e = bad.validate(&d, &NothingTaken).unwrap_err();
        assert_eq!(
            e.0.keys().cloned().collect::<Vec<_>>(),
            ["name", "price", "weightGrams"]
        );
        assert!(change.validate(&d, &NothingTaken).is_ok());
    }

    #[test]
    fn an_edit_of_images_and_barcodes_is_checked_against_the_product() {
        let d = draft();
        let ean = |twelve: &str| format!("{twelve}{}", ean13_check_digit(twelve).unwrap());
        let (a, b) = (ean("893000000001"), ean("893000000002"));
        let change = ProductChange {
            images: Some(vec![" https://files.example/moi.jpg ".into()]),
            barcodes: Some(vec![
                VariantBarcode {
                    sku: d.variants[0].sku.clone(),
                    barcode: Some(a.clone()),
                },
                VariantBarcode {
                    sku: d.variants[1].sku.clone(),
                    barcode: Some(b.clone()),
                },
            ]),
            ..Default::default()
        };
        assert!(change.validate(&d, &NothingTaken).is_ok());
        let (next, fields) = change.apply(&d);
        assert_eq!(fields, [SharedField::Images, SharedField::Barcode]);
        assert_eq!(next.images, ["https://files.example/moi.jpg"]);
        assert_eq!(next.variants[1].barcode.as_deref(), Some(b.as_str()));
        // the same code on two variants, a bad check digit, a SKU not of the product, a bad URL
        let mut wrong_digit = a.clone();
        wrong_digit.pop();
        wrong_digit.push(if a.ends_with('0') { '1' } else { '0' });
        let bad = ProductChange {
            images: Some(vec!["ftp://x".into()]),
            barcodes: Some(vec![
                VariantBarcode {
                    sku: d.variants[0].sku.clone(),
                    barcode: Some(a.clone()),
                },
                VariantBarcode {
                    sku: d.variants[1].sku.clone(),
                    barcode: Some(a.clone()),
                },
                VariantBarcode {
                    sku: d.variants[2].sku.clone(),
                    barcode: Some(wrong_digit),
                },
                VariantBarcode {
                    sku: "KHAC".into(),
                    barcode: None,
                },
            ]),
            ..Default::default()
        };
        let e = bad.validate(&d, &NothingTaken).unwrap_err();
        assert!(e.has("barcodes.1", "barcode.duplicate"), "{e}");
        assert!(e.has("barcodes.2", "barcode.checkDigit"), "{e}");
        assert!(e.has("barcodes.3", "sku.unknown"), "{e}");
        assert!(e.has("images.0", "image.url"), "{e}");
        // a new barcode a listing elsewhere carries is refused; the product's own is not
        struct Held(String);
        impl Taken for Held {
            fn sku(&self, _: &str) -> bool {
                false
            }
            fn barcode(&self, b: &str) -> bool {
                b == self.0
            }
        }
        let e = change.validate(&d, &Held(b.clone())).unwrap_err();
        assert!(e.has("barcodes.1", "barcode.taken"), "{e}");
        let mut carrying = d.clone();
        carrying.variants[1].barcode = Some(b.clone());
        assert!(change.validate(&carrying, &Held(b.clone())).is_ok());
        // removing a barcode is a change too
        let mut with = d.clone();
        with.variants[0].barcode = Some(a.clone());
        let clear = ProductChange {
            barcodes: Some(vec![VariantBarcode {
                sku: d.variants[0].sku.clone(),
                barcode: Some("  ".into()),
            }]),
            ..Default::default()
        };
        let (next, fields) = clear.apply(&with);
        assert_eq!(fields, [SharedField::Barcode]);
        assert_eq!(next.variants[0].barcode, None);
    }
}
