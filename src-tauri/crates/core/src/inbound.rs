//! Goods in ("Nhập kho") in neutral types: the inbound purchase order the owner builds (and its
//! validation), a PO as the warehouse holds it, its inspection result, and whether a product can go into
//! a PO. The vendor crates map to and from these in their `adapter` modules (`ports::inbound`).

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::order::FieldErrors;

/// A document sent with a PO (an invoice): a URL the warehouse can read (a file of the library, uploaded
/// to the vendor) and how many copies to print.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PoDocument {
    pub url: String,
    pub name: String,
    pub print_quantity: u32,
}

/// One product line of a package: the warehouse's product id (Onflow's OASIN) and the quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PoLine {
    pub oasin: String,
    pub sku: Option<String>,
    pub name: String,
    #[specta(type = specta_typescript::Number)]
    pub quantity: i64,
}

/// One carton of a PO: its label, weight (g), dimensions (cm) and lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PoPackageDraft {
    pub code: String,
    pub weight: Option<f64>,
    pub length: Option<f64>,
    pub width: Option<f64>,
    pub height: Option<f64>,
    pub note: Option<String>,
    pub items: Vec<PoLine>,
}

/// An inbound purchase order as the owner enters it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PoDraft {
    pub account_id: String,
    pub warehouse_code: String,
    /// Our reference (the vendor's `merchant_po_reference`): written to the journal before the send and
    /// looked up before any resend.
    pub reference: String,
    /// `YYYY-MM-DD`, the day the goods should reach the warehouse.
    pub estimated_arrival: String,
    /// Co-inspection at receipt (Onflow's only documented value-added service).
    pub co_inspection: bool,
    pub packages: Vec<PoPackageDraft>,
    pub documents: Vec<PoDocument>,
    pub note: Option<String>,
}

/// Longest reference, package code and note accepted.
pub const REFERENCE_MAX: usize = 64;
pub const CODE_MAX: usize = 64;
pub const NOTE_MAX: usize = 1000;
/// Largest quantity of one line, packages of one PO, lines of one package.
pub const QUANTITY_MAX: i64 = 1_000_000;
pub const PACKAGES_MAX: usize = 200;
pub const LINES_MAX: usize = 500;

impl PoDraft {
    /// The arrival day as the start of that day (UTC+7, Vietnam), `None` when it is not a date.
    pub fn arrival(&self) -> Option<DateTime<Utc>> {
        let day = NaiveDate::parse_from_str(self.estimated_arrival.trim(), "%Y-%m-%d").ok()?;
        let local = day.and_hms_opt(0, 0, 0)?;
        Some(DateTime::<Utc>::from_naive_utc_and_offset(local, Utc) - chrono::Duration::hours(7))
    }

    /// Units over every line.
    pub fn units(&self) -> i64 {
        self.packages
            .iter()
            .flat_map(|p| p.items.iter())
            .map(|l| l.quantity.max(0))
            .sum()
    }

    /// Every product id, once, in the order the lines name them.
    pub fn oasins(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        self.packages
            .iter()
            .flat_map(|p| p.items.iter())
            .map(|l| l.oasin.trim().to_string())
            .filter(|o| !o.is_empty() && seen.insert(o.clone()))
            .collect()
    }
}

/// Check a PO before it is stored. Paths are the wire's (`packages.1.items.0.quantity`); codes are stable
/// (the UI translates them). `today` is the owner's day: an arrival before it is refused.
pub fn validate(d: &PoDraft, today: NaiveDate) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    if d.account_id.trim().is_empty() {
        e.add("accountId", "account.required");
    }
    if d.warehouse_code.trim().is_empty() {
        e.add("warehouseCode", "warehouse.required");
    }
    let reference = d.reference.trim();
    if reference.is_empty() {
        e.add("reference", "reference.required");
    } else if reference.chars().count() > REFERENCE_MAX {
        e.add("reference", "reference.tooLong");
    }
    match NaiveDate::parse_from_str(d.estimated_arrival.trim(), "%Y-%m-%d") {
        Err(_) => e.add("estimatedArrival", "date.invalid"),
        Ok(day) if day < today => e.add("estimatedArrival", "date.past"),
        Ok(_) => {}
    }
    if d.note
        .as_deref()
        .is_some_and(|n| n.chars().count() > NOTE_MAX)
    {
        e.add("note", "note.tooLong");
    }
    if d.packages.is_empty() {
        e.add("packages", "packages.required");
    } else if d.packages.len() > PACKAGES_MAX {
        e.add("packages", "packages.tooMany");
    }
    let mut codes = HashSet::new();
    for (pi, p) in d.packages.iter().enumerate() {
        let code = p.code.trim();
        if code.is_empty() {
            e.add(format!("packages.{pi}.code"), "code.required");
        } else if code.chars().count() > CODE_MAX {
            e.add(format!("packages.{pi}.code"), "code.tooLong");
        } else if !codes.insert(code.to_uppercase()) {
            e.add(format!("packages.{pi}.code"), "code.duplicate");
        }
        for (name, v) in [
            ("weight", p.weight),
            ("length", p.length),
            ("width", p.width),
            ("height", p.height),
        ] {
            if v.is_some_and(|v| !v.is_finite() || v <= 0.0 || v > 1_000_000.0) {
                e.add(format!("packages.{pi}.{name}"), "measure.invalid");
            }
        }
        if p.note
            .as_deref()
            .is_some_and(|n| n.chars().count() > NOTE_MAX)
        {
            e.add(format!("packages.{pi}.note"), "note.tooLong");
        }
        if p.items.is_empty() {
            e.add(format!("packages.{pi}.items"), "items.required");
        } else if p.items.len() > LINES_MAX {
            e.add(format!("packages.{pi}.items"), "items.tooMany");
        }
        let mut seen = HashSet::new();
        for (li, l) in p.items.iter().enumerate() {
            let oasin = l.oasin.trim();
            if oasin.is_empty() {
                e.add(
                    format!("packages.{pi}.items.{li}.oasin"),
                    "product.required",
                );
            } else if !seen.insert(oasin.to_string()) {
                e.add(
                    format!("packages.{pi}.items.{li}.oasin"),
                    "product.duplicate",
                );
            }
            if l.quantity <= 0 || l.quantity > QUANTITY_MAX {
                e.add(
                    format!("packages.{pi}.items.{li}.quantity"),
                    "quantity.invalid",
                );
            }
        }
    }
    for (di, doc) in d.documents.iter().enumerate() {
        if !(doc.url.starts_with("https://") || doc.url.starts_with("http://")) {
            e.add(format!("documents.{di}.url"), "document.invalid");
        }
        if doc.print_quantity == 0 || doc.print_quantity > 100 {
            e.add(format!("documents.{di}.printQuantity"), "quantity.invalid");
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(e)
    }
}

/// Where a PO is, for the chip's colour; the vendor's own status text is always shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PoStage {
    Transit,
    Receiving,
    Completed,
    Cancelled,
    /// A status the vendor's documentation does not name.
    Other,
}

/// A PO as the warehouse holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FetchedPo {
    pub po_code: String,
    pub reference: String,
    pub warehouse_code: String,
    /// The vendor's own status text.
    pub status: String,
    pub stage: PoStage,
    pub cancellable: bool,
    pub co_inspection: bool,
    pub packages: Vec<PoPackageDraft>,
    pub documents: Vec<PoDocument>,
    pub note: Option<String>,
    #[specta(type = Option<String>)]
    pub estimated_arrival: Option<DateTime<Utc>>,
    #[specta(type = Option<String>)]
    pub created_at: Option<DateTime<Utc>>,
    #[specta(type = Option<String>)]
    pub updated_at: Option<DateTime<Utc>>,
}

impl FetchedPo {
    pub fn units(&self) -> i64 {
        self.packages
            .iter()
            .flat_map(|p| p.items.iter())
            .map(|l| l.quantity.max(0))
            .sum()
    }
}

/// One line of a completed PO's receiving result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InspectionRow {
    pub package_code: String,
    pub oasin: String,
    pub sku: String,
    /// Declared on the PO.
    #[specta(type = specta_typescript::Number)]
    pub declared: i64,
    /// Received at the dock.
    #[specta(type = specta_typescript::Number)]
    pub received: i64,
    /// Put on the shelves (sellable).
    #[specta(type = specta_typescript::Number)]
    pub putaway: i64,
    pub stock_level: Option<String>,
}

/// Whether a product can go into a PO for a warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum LineState {
    Ready,
    /// Not ACTIVE at the warehouse (e.g. NEW, INACTIVE).
    Inactive,
    /// ACTIVE, but not assigned to this warehouse.
    NotMapped,
    NotFound,
    /// The vendor could not be asked.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LineCheck {
    pub oasin: String,
    pub state: LineState,
    /// The vendor's product status text, when it answered one.
    pub vendor_status: Option<String>,
}

/// A vendor refusal that names a line: the package and line index and the vendor's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LineError {
    pub package: u32,
    pub line: u32,
    pub code: String,
}

/// The lines of `draft` whose product id a refusal's text names (`PRODUCTS_INACTIVE: OASIN1, OASIN2`).
pub fn lines_named(draft: &PoDraft, text: &str, code: &str) -> Vec<LineError> {
    let mut out = Vec::new();
    for (pi, p) in draft.packages.iter().enumerate() {
        for (li, l) in p.items.iter().enumerate() {
            let oasin = l.oasin.trim();
            if !oasin.is_empty() && names_id(text, oasin) {
                out.push(LineError {
                    package: pi as u32,
                    line: li as u32,
                    code: code.to_string(),
                });
            }
        }
    }
    out
}

/// Whether `text` holds `id` as a whole token (so `OASIN12` does not match `OASIN123`).
fn names_id(text: &str, id: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
        .any(|t| t.eq_ignore_ascii_case(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> PoDraft {
        PoDraft {
            account_id: "a1".into(),
            warehouse_code: "ONF_WH_HN_LB".into(),
            reference: "SD-PO-1".into(),
            estimated_arrival: "2026-12-10".into(),
            co_inspection: true,
            packages: vec![PoPackageDraft {
                code: "PKG_01".into(),
                weight: Some(1000.0),
                length: None,
                width: None,
                height: None,
                note: None,
                items: vec![PoLine {
                    oasin: "OASIN1234567".into(),
                    sku: Some("SKU-1".into()),
                    name: "Áo".into(),
                    quantity: 10,
                }],
            }],
            documents: vec![],
            note: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    #[test]
    fn a_complete_po_is_valid() {
        assert_eq!(validate(&draft(), today()), Ok(()));
    }

    #[test]
    fn each_fault_points_at_its_field() {
        let mut d = draft();
        d.reference = " ".into();
        d.estimated_arrival = "2026-12-01".into();
        d.packages[0].items[0].quantity = 0;
        d.packages[0].weight = Some(-1.0);
        let mut second = d.packages[0].clone();
        second.code = "pkg_01".into();
        second.items.clear();
        d.packages.push(second);
        let e = validate(&d, today()).unwrap_err();
        assert!(e.has("reference", "reference.required"));
        assert!(e.has("estimatedArrival", "date.past"));
        assert!(e.has("packages.0.items.0.quantity", "quantity.invalid"));
        assert!(e.has("packages.0.weight", "measure.invalid"));
        assert!(e.has("packages.1.code", "code.duplicate"));
        assert!(e.has("packages.1.items", "items.required"));
    }

    #[test]
    fn a_product_twice_in_one_package_and_no_packages_are_refused() {
        let mut d = draft();
        let line = d.packages[0].items[0].clone();
        d.packages[0].items.push(line);
        let e = validate(&d, today()).unwrap_err();
        assert!(e.has("packages.0.items.1.oasin", "product.duplicate"));
        d.packages.clear();
        assert!(validate(&d, today())
            .unwrap_err()
            .has("packages", "packages.required"));
    }

    #[test]
    fn a_refusal_is_placed_on_the_lines_it_names() {
        let mut d = draft();
        let mut p2 = d.packages[0].clone();
        p2.code = "PKG_02".into();
        p2.items[0].oasin = "OASIN7654321".into();
        p2.items.push(PoLine {
            oasin: "OASIN1234567".into(),
            sku: None,
            name: "x".into(),
            quantity: 1,
        });
        d.packages.push(p2);
        let errs = lines_named(&d, "OASIN1234567, OASIN0000001", "PRODUCTS_INACTIVE");
        let at: Vec<(u32, u32)> = errs.iter().map(|e| (e.package, e.line)).collect();
        assert_eq!(at, vec![(0, 0), (1, 1)]);
        assert!(lines_named(&d, "OASIN12345678", "X").is_empty());
    }

    #[test]
    fn the_arrival_day_is_vietnam_midnight() {
        let at = draft().arrival().unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-09T17:00:00+00:00");
        assert_eq!(draft().oasins(), vec!["OASIN1234567".to_string()]);
    }
}
