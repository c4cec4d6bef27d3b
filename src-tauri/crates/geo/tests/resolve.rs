//! Matching a vendor's own geo list against canonical units.

use geo::{
    resolve, resolve_legacy, resolve_new, Canonical, LegacyAddress, Level, NewAddress,
    UnresolvedReason, VendorUnit,
};

fn u(id: &str, name: &str, parent: Option<&str>, level: Level) -> VendorUnit {
    VendorUnit {
        id: id.into(),
        name: name.into(),
        parent_id: parent.map(str::to_string),
        level,
    }
}

/// A vendor-style legacy list: vendor ids, vendor spellings (short names, "TP." prefixes,
/// zero-padded numbers, a duplicate), parent ids.
fn vendor_legacy() -> (Vec<VendorUnit>, Vec<VendorUnit>, Vec<VendorUnit>) {
    let p = Level::Province;
    let d = Level::District;
    let w = Level::Ward;
    let provinces = vec![
        u("202", "Hồ Chí Minh", None, p),
        u("201", "Hà Nội", None, p),
        u("206", "Bà Rịa - Vũng Tàu", None, p),
        u("240", "Thừa Thiên Huế", None, p),
    ];
    let districts = vec![
        u("1442", "Quận 01", Some("202"), d),
        u("1444", "Quận 3", Some("202"), d),
        u("3695", "Thành Phố Thủ Đức", Some("202"), d),
        u("1489", "Q. Hoàn Kiếm", Some("201"), d),
        u("1703", "Đông Anh", Some("201"), d),
        u("1544", "Thành phố Vũng Tàu", Some("206"), d),
        // same short name in another province: must not be confused
        u("9999", "Quận 1", Some("206"), d),
    ];
    let wards = vec![
        u("20108", "Phường Bến Nghé", Some("1442"), w),
        u("20109", "P. Đa Kao", Some("1442"), w),
        u("20110", "Phường Bến Thành", Some("1442"), w),
        u("20199", "Phường Bến Thành (cũ)", Some("1442"), w),
        u("20111", "Bến Thành", Some("1442"), w),
        u("1A0101", "Phường Hàng Bạc", Some("1489"), w),
        u("1B2105", "Xã Đông Anh", Some("1703"), w),
        u("26506", "Phường 01", Some("1544"), w),
        u("90001", "Phường Bến Nghé", Some("9999"), w),
    ];
    (provinces, districts, wards)
}

fn legacy(p: &str, d: Option<&str>, w: Option<&str>) -> LegacyAddress {
    LegacyAddress {
        province_code: p.into(),
        district_code: d.map(str::to_string),
        ward_code: w.map(str::to_string),
    }
}

#[test]
fn full_legacy_match() {
    let (p, d, w) = vendor_legacy();
    let r = resolve_legacy(&p, &d, &w, &legacy("79", Some("760"), Some("26740")));
    assert!(r.is_complete(), "{r:#?}");
    assert_eq!(r.vendor_id(Level::Province), Some("202"));
    assert_eq!(r.vendor_id(Level::District), Some("1442"));
    assert_eq!(r.vendor_id(Level::Ward), Some("20108"));
    assert_eq!(r.matched[2].canonical_name, "Phường Bến Nghé");

    let r = resolve_legacy(&p, &d, &w, &legacy("01", Some("002"), Some("00061")));
    assert_eq!(
        [Level::Province, Level::District, Level::Ward].map(|l| r.vendor_id(l)),
        [Some("201"), Some("1489"), Some("1A0101")]
    );
    // Legacy province names and numbered wards: "Phường 01" is Phường 1.
    let r = resolve_legacy(&p, &d, &w, &legacy("77", Some("747"), Some("26506")));
    assert!(r.is_complete(), "{r:#?}");
    assert_eq!(r.vendor_id(Level::Ward), Some("26506"));
    // Vendor still says "Thừa Thiên Huế" for what is now "Thành phố Huế".
    let r = resolve_legacy(&p, &d, &w, &legacy("46", None, None));
    assert_eq!(r.vendor_id(Level::Province), Some("240"));
    // Abbreviated prefix "P. Đa Kao".
    let r = resolve_legacy(&p, &d, &w, &legacy("79", Some("760"), Some("26737")));
    assert_eq!(r.vendor_id(Level::Ward), Some("20109"));
}

#[test]
fn ambiguity_is_reported_with_candidates() {
    let (p, d, w) = vendor_legacy();
    let r = resolve_legacy(&p, &d, &w, &legacy("79", Some("760"), Some("26743")));
    assert_eq!(r.vendor_id(Level::District), Some("1442"));
    assert_eq!(r.vendor_id(Level::Ward), None);
    assert_eq!(r.unresolved.len(), 1);
    let un = &r.unresolved[0];
    assert_eq!(un.level, Level::Ward);
    assert_eq!(un.reason, UnresolvedReason::Ambiguous);
    let mut ids: Vec<&str> = un.candidates.iter().map(|c| c.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["20110", "20111"]);
}

#[test]
fn missing_or_mistyped_units_are_not_guessed() {
    let (p, d, w) = vendor_legacy();
    // Phường Tân Định is not in the vendor list.
    let r = resolve_legacy(&p, &d, &w, &legacy("79", Some("760"), Some("26734")));
    assert_eq!(r.matched.len(), 2);
    assert_eq!(r.unresolved[0].reason, UnresolvedReason::NotFound);
    assert_eq!(r.unresolved[0].canonical_name, "Phường Tân Định");
    // "Xã Đông Anh" (vendor) is not "Thị trấn Đông Anh" (canonical): offered, not taken.
    let r = resolve_legacy(&p, &d, &w, &legacy("01", Some("017"), Some("00454")));
    assert_eq!(r.vendor_id(Level::District), Some("1703"));
    let un = &r.unresolved[0];
    assert_eq!(
        (un.level, un.reason),
        (Level::Ward, UnresolvedReason::NotFound)
    );
    assert_eq!(
        un.candidates
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["1B2105"]
    );
    // Unknown canonical code.
    let r = resolve_legacy(&p, &d, &w, &legacy("79", Some("000"), None));
    assert_eq!(r.unresolved[0].reason, UnresolvedReason::UnknownCode);
}

#[test]
fn children_of_an_unresolved_parent_stay_unresolved() {
    let (_, d, w) = vendor_legacy();
    // Vendor list without Hồ Chí Minh: Quận 1 exists under another province, never taken.
    let p = vec![u("201", "Hà Nội", None, Level::Province)];
    let r = resolve_legacy(&p, &d, &w, &legacy("79", Some("760"), Some("26740")));
    assert!(r.matched.is_empty(), "{r:#?}");
    assert_eq!(r.unresolved.len(), 3);
    assert_eq!(r.unresolved[0].reason, UnresolvedReason::NotFound);
    assert_eq!(r.unresolved[1].reason, UnresolvedReason::ParentUnresolved);
    assert_eq!(
        r.unresolved[1].candidates.len(),
        2,
        "both vendor 'Quận 1' listed for the user"
    );
    assert_eq!(r.unresolved[2].reason, UnresolvedReason::ParentUnresolved);
}

#[test]
fn new_model_lists_and_flat_lists() {
    let p = vec![
        u("79", "TP HCM", None, Level::Province),
        u("1", "Thành phố Hà Nội", None, Level::Province),
    ];
    let w = vec![
        u("w1", "Phường Sài Gòn", Some("79"), Level::Ward),
        u("w2", "Phường Bến Thành", Some("79"), Level::Ward),
        u("w3", "Phường Hoàn Kiếm", Some("1"), Level::Ward),
    ];
    // A legacy address converted to 2025, then resolved against the 2025 list.
    let conv = legacy("79", Some("760"), Some("26740"))
        .to_new()
        .expect("converts");
    let r = resolve_new(&p, &w, &conv.address);
    assert!(r.is_complete(), "{r:#?}");
    assert_eq!(r.vendor_id(Level::Province), Some("79"));
    assert_eq!(r.vendor_id(Level::Ward), Some("w1"));
    let addr = NewAddress {
        province_code: "01".into(),
        ward_code: Some("00070".into()),
    };
    assert_eq!(
        resolve_new(&p, &w, &addr).vendor_id(Level::Ward),
        Some("w3")
    );

    // One mixed slice, wards without parent ids (a flat list): unique names still match.
    let mut all = p.clone();
    all.extend(w.iter().map(|x| VendorUnit {
        parent_id: None,
        ..x.clone()
    }));
    let r = resolve(&all, &Canonical::New(addr));
    assert_eq!(r.vendor_id(Level::Ward), Some("w3"));
}

#[test]
fn vendor_units_deserialize_tolerantly() {
    let units: Vec<VendorUnit> = serde_json::from_str(
        r#"[{"id":"1","name":"Hà Nội","level":"Province"},
            {"id":2,"name":"Hoàn Kiếm","parent_id":1,"level":"District","extra":true},
            {"id":"3","name":"Hàng Bạc","parent_id":null,"level":"Ward"}]"#,
    )
    .expect("parses");
    assert_eq!(units[0].parent_id, None);
    assert_eq!(units[1].id, "2");
    assert_eq!(units[1].parent_id.as_deref(), Some("1"));
    assert_eq!(units[2].parent_id, None);
}
