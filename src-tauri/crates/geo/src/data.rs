//! The embedded unit lists and the legacy → 2025 mapping.

use std::collections::HashMap;
use std::io::Read;
use std::sync::LazyLock;

use serde::Serialize;

const EMBEDDED: &[u8] = include_bytes!("../data/units.tsv.gz");

/// Which administrative model a unit belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Model {
    /// Since 1 July 2025: 34 provinces → 3,321 wards/communes/special zones, no district level.
    New,
    /// Until 30 June 2025: 63 provinces → districts → wards.
    Legacy,
}

/// Level of a unit in its model (the geo port's neutral type).
pub use shopdesk_core::ports::geo::Level;

/// The unit type, taken from the official name's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum UnitType {
    /// Tỉnh (province).
    Tinh,
    /// Thành phố (centrally-run city at province level, provincial city at district level).
    ThanhPho,
    /// Quận (urban district, legacy).
    Quan,
    /// Huyện (rural district, legacy).
    Huyen,
    /// Thị xã (town, legacy district level).
    ThiXa,
    /// Phường (urban ward).
    Phuong,
    /// Xã (commune).
    Xa,
    /// Thị trấn (township, legacy ward level).
    ThiTran,
    /// Đặc khu (special zone, 2025 ward level).
    DacKhu,
}

impl UnitType {
    /// The Vietnamese prefix as written in official names.
    pub fn prefix(self) -> &'static str {
        match self {
            UnitType::Tinh => "Tỉnh",
            UnitType::ThanhPho => "Thành phố",
            UnitType::Quan => "Quận",
            UnitType::Huyen => "Huyện",
            UnitType::ThiXa => "Thị xã",
            UnitType::Phuong => "Phường",
            UnitType::Xa => "Xã",
            UnitType::ThiTran => "Thị trấn",
            UnitType::DacKhu => "Đặc khu",
        }
    }

    pub(crate) const ALL: [UnitType; 9] = [
        UnitType::ThanhPho,
        UnitType::ThiXa,
        UnitType::ThiTran,
        UnitType::DacKhu,
        UnitType::Phuong,
        UnitType::Huyen,
        UnitType::Quan,
        UnitType::Tinh,
        UnitType::Xa,
    ];

    /// Splits `"Phường Bến Nghé"` into (`Phuong`, `"Bến Nghé"`).
    pub(crate) fn split_name(name: &str) -> Option<(UnitType, &str)> {
        UnitType::ALL.iter().find_map(|t| {
            name.strip_prefix(t.prefix())
                .and_then(|rest| rest.strip_prefix(' '))
                .map(|rest| (*t, rest))
        })
    }
}

/// A 2025 province (34).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Province {
    pub code: String,
    /// Official full name, e.g. "Thành phố Hồ Chí Minh".
    pub name: String,
    /// Name without the type prefix, e.g. "Hồ Chí Minh".
    pub short_name: String,
    pub unit_type: UnitType,
}

/// A 2025 ward / commune / special zone (3,321), directly under a province.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ward {
    pub code: String,
    pub province_code: String,
    pub name: String,
    pub short_name: String,
    pub unit_type: UnitType,
}

/// A legacy province (63).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegacyProvince {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub unit_type: UnitType,
}

/// A legacy district (696).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegacyDistrict {
    pub code: String,
    pub province_code: String,
    pub name: String,
    pub short_name: String,
    pub unit_type: UnitType,
}

/// A legacy ward / commune / township (10,035).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegacyWard {
    pub code: String,
    pub district_code: String,
    pub province_code: String,
    pub name: String,
    pub short_name: String,
    pub unit_type: UnitType,
}

/// One possible 2025 ward for a legacy ward that was split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Candidate<'a> {
    pub ward: &'a Ward,
    /// The source package's default choice when the user has not chosen (exactly one per split).
    pub is_default: bool,
}

/// Result of converting a legacy ward to the 2025 model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Conversion<'a> {
    /// The whole legacy ward went into this 2025 ward.
    Exact(&'a Ward),
    /// The legacy ward was split: the user must choose (one candidate is marked default).
    Split(Vec<Candidate<'a>>),
}

impl<'a> Conversion<'a> {
    /// The exact ward, or the default candidate of a split (`None` only for an empty split,
    /// which [`GeoData::legacy_to_new`] never returns).
    pub fn default_ward(&self) -> Option<&'a Ward> {
        match self {
            Conversion::Exact(w) => Some(w),
            Conversion::Split(c) => c
                .iter()
                .find(|c| c.is_default)
                .or(c.first())
                .map(|c| c.ward),
        }
    }

    /// All candidates (one, marked default, for an exact conversion).
    pub fn candidates(&self) -> Vec<Candidate<'a>> {
        match self {
            Conversion::Exact(w) => vec![Candidate {
                ward: w,
                is_default: true,
            }],
            Conversion::Split(c) => c.clone(),
        }
    }

    pub fn is_split(&self) -> bool {
        matches!(self, Conversion::Split(_))
    }
}

/// A legacy ward that (wholly or partly) became a given 2025 ward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LegacyOrigin<'a> {
    pub ward: &'a LegacyWard,
    /// `false` when the legacy ward was split and only part of it went to this 2025 ward.
    pub whole: bool,
    /// For a split legacy ward: whether this 2025 ward is its default candidate.
    pub is_default: bool,
}

/// Where the embedded data came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub package: String,
    pub version: String,
}

/// All embedded units with indexes. Obtain it with [`data()`](crate::data).
#[derive(Debug)]
pub struct GeoData {
    pub source: Source,
    pub provinces: Vec<Province>,
    pub wards: Vec<Ward>,
    pub legacy_provinces: Vec<LegacyProvince>,
    pub legacy_districts: Vec<LegacyDistrict>,
    pub legacy_wards: Vec<LegacyWard>,
    province_idx: HashMap<String, usize>,
    ward_idx: HashMap<String, usize>,
    lprovince_idx: HashMap<String, usize>,
    ldistrict_idx: HashMap<String, usize>,
    lward_idx: HashMap<String, usize>,
    /// legacy ward index → (new ward index, is_default)
    mapping: Vec<Vec<(usize, bool)>>,
    /// legacy district code (ward-less island district) → new ward index
    district_mapping: HashMap<String, usize>,
    /// new ward index → legacy ward indexes
    reverse: Vec<Vec<usize>>,
    /// legacy province index → new province index
    province_mapping: Vec<Option<usize>>,
}

static DATA: LazyLock<GeoData> = LazyLock::new(|| match GeoData::from_gzip(EMBEDDED) {
    Ok(d) => d,
    // The embedded file is checked by the test suite; a failure here is a build defect.
    Err(e) => panic!("embedded geo data is corrupt: {e}"),
});

/// The embedded data, decompressed and indexed on first use (a few milliseconds).
pub fn data() -> &'static GeoData {
    &DATA
}

/// Error while loading a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for LoadError {}

fn err(line: usize, msg: &str) -> LoadError {
    LoadError(format!("line {line}: {msg}"))
}

fn named(line: usize, name: &str) -> Result<(UnitType, String), LoadError> {
    UnitType::split_name(name)
        .map(|(t, s)| (t, s.to_string()))
        .ok_or_else(|| err(line, &format!("unknown unit type in {name:?}")))
}

impl GeoData {
    /// Parses a gzip-compressed data file in the format written by `src-tauri/crates/geo/scripts/regenerate.py`.
    pub fn from_gzip(bytes: &[u8]) -> Result<GeoData, LoadError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|e| LoadError(format!("gzip: {e}")))?;
        GeoData::from_tsv(&text)
    }

    /// Parses the uncompressed TSV data format.
    pub fn from_tsv(text: &str) -> Result<GeoData, LoadError> {
        let mut d = GeoData {
            source: Source {
                package: String::new(),
                version: String::new(),
            },
            provinces: Vec::new(),
            wards: Vec::new(),
            legacy_provinces: Vec::new(),
            legacy_districts: Vec::new(),
            legacy_wards: Vec::new(),
            province_idx: HashMap::new(),
            ward_idx: HashMap::new(),
            lprovince_idx: HashMap::new(),
            ldistrict_idx: HashMap::new(),
            lward_idx: HashMap::new(),
            mapping: Vec::new(),
            district_mapping: HashMap::new(),
            reverse: Vec::new(),
            province_mapping: Vec::new(),
        };
        let mut raw_mapping: Vec<(usize, String, String)> = Vec::new();
        let mut raw_dmapping: Vec<(usize, String, String)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let f: Vec<&str> = line.split('\t').collect();
            match f.as_slice() {
                ["#shopdesk-geo", "1", package, version] => {
                    d.source = Source {
                        package: package.to_string(),
                        version: version.to_string(),
                    };
                }
                ["P", code, name] => {
                    let (unit_type, short_name) = named(n, name)?;
                    d.provinces.push(Province {
                        code: code.to_string(),
                        name: name.to_string(),
                        short_name,
                        unit_type,
                    });
                }
                ["W", code, province, name] => {
                    let (unit_type, short_name) = named(n, name)?;
                    d.wards.push(Ward {
                        code: code.to_string(),
                        province_code: province.to_string(),
                        name: name.to_string(),
                        short_name,
                        unit_type,
                    });
                }
                ["LP", code, name] => {
                    let (unit_type, short_name) = named(n, name)?;
                    d.legacy_provinces.push(LegacyProvince {
                        code: code.to_string(),
                        name: name.to_string(),
                        short_name,
                        unit_type,
                    });
                }
                ["LD", code, province, name] => {
                    let (unit_type, short_name) = named(n, name)?;
                    d.legacy_districts.push(LegacyDistrict {
                        code: code.to_string(),
                        province_code: province.to_string(),
                        name: name.to_string(),
                        short_name,
                        unit_type,
                    });
                }
                ["LW", code, district, name] => {
                    let (unit_type, short_name) = named(n, name)?;
                    d.legacy_wards.push(LegacyWard {
                        code: code.to_string(),
                        district_code: district.to_string(),
                        province_code: String::new(),
                        name: name.to_string(),
                        short_name,
                        unit_type,
                    });
                }
                ["M", legacy, news] => raw_mapping.push((n, legacy.to_string(), news.to_string())),
                ["MD", district, new] => {
                    raw_dmapping.push((n, district.to_string(), new.to_string()))
                }
                [""] => {}
                _ => return Err(err(n, "unrecognised record")),
            }
        }
        if d.source.package.is_empty() {
            return Err(LoadError("missing #shopdesk-geo header".into()));
        }
        d.province_idx = index(d.provinces.iter().map(|p| &p.code));
        d.ward_idx = index(d.wards.iter().map(|w| &w.code));
        d.lprovince_idx = index(d.legacy_provinces.iter().map(|p| &p.code));
        d.ldistrict_idx = index(d.legacy_districts.iter().map(|p| &p.code));
        d.lward_idx = index(d.legacy_wards.iter().map(|p| &p.code));
        for w in &d.wards {
            if !d.province_idx.contains_key(&w.province_code) {
                return Err(LoadError(format!("ward {} has unknown province", w.code)));
            }
        }
        for dist in &d.legacy_districts {
            if !d.lprovince_idx.contains_key(&dist.province_code) {
                return Err(LoadError(format!(
                    "district {} has unknown province",
                    dist.code
                )));
            }
        }
        for i in 0..d.legacy_wards.len() {
            let dist = d
                .ldistrict_idx
                .get(&d.legacy_wards[i].district_code)
                .ok_or_else(|| {
                    LoadError(format!(
                        "legacy ward {} has unknown district",
                        d.legacy_wards[i].code
                    ))
                })?;
            d.legacy_wards[i].province_code = d.legacy_districts[*dist].province_code.clone();
        }
        d.mapping = vec![Vec::new(); d.legacy_wards.len()];
        d.reverse = vec![Vec::new(); d.wards.len()];
        for (n, legacy, news) in raw_mapping {
            let li = *d
                .lward_idx
                .get(&legacy)
                .ok_or_else(|| err(n, "unknown legacy ward"))?;
            let mut cands = Vec::new();
            for item in news.split(',') {
                let (code, is_default) = match item.strip_suffix('*') {
                    Some(c) => (c, true),
                    None => (item, false),
                };
                let wi = *d
                    .ward_idx
                    .get(code)
                    .ok_or_else(|| err(n, "unknown 2025 ward"))?;
                cands.push((wi, is_default));
                d.reverse[wi].push(li);
            }
            if cands.len() == 1 {
                cands[0].1 = true;
            } else if cands.iter().filter(|c| c.1).count() != 1 {
                return Err(err(n, "split ward needs exactly one default"));
            }
            d.mapping[li] = cands;
        }
        for (n, district, new) in raw_dmapping {
            let wi = *d
                .ward_idx
                .get(&new)
                .ok_or_else(|| err(n, "unknown 2025 ward"))?;
            if !d.ldistrict_idx.contains_key(&district) {
                return Err(err(n, "unknown legacy district"));
            }
            d.district_mapping.insert(district, wi);
        }
        // Provinces were merged whole: derive legacy → new province from the ward mapping.
        d.province_mapping = vec![None; d.legacy_provinces.len()];
        for (li, cands) in d.mapping.iter().enumerate() {
            let Some(&(wi, _)) = cands.first() else {
                continue;
            };
            let lp = d.lprovince_idx[&d.legacy_wards[li].province_code];
            let np = d.province_idx[&d.wards[wi].province_code];
            d.province_mapping[lp].get_or_insert(np);
        }
        Ok(d)
    }

    /// 2025 province by code ("79").
    pub fn province(&self, code: &str) -> Option<&Province> {
        self.province_idx.get(code).map(|&i| &self.provinces[i])
    }

    /// 2025 ward by code ("26734").
    pub fn ward(&self, code: &str) -> Option<&Ward> {
        self.ward_idx.get(code).map(|&i| &self.wards[i])
    }

    pub fn legacy_province(&self, code: &str) -> Option<&LegacyProvince> {
        self.lprovince_idx
            .get(code)
            .map(|&i| &self.legacy_provinces[i])
    }

    pub fn legacy_district(&self, code: &str) -> Option<&LegacyDistrict> {
        self.ldistrict_idx
            .get(code)
            .map(|&i| &self.legacy_districts[i])
    }

    pub fn legacy_ward(&self, code: &str) -> Option<&LegacyWard> {
        self.lward_idx.get(code).map(|&i| &self.legacy_wards[i])
    }

    /// 2025 wards of a 2025 province.
    pub fn wards_of<'a>(&'a self, province_code: &'a str) -> impl Iterator<Item = &'a Ward> + 'a {
        self.wards
            .iter()
            .filter(move |w| w.province_code == province_code)
    }

    pub fn legacy_districts_of<'a>(
        &'a self,
        province_code: &'a str,
    ) -> impl Iterator<Item = &'a LegacyDistrict> + 'a {
        self.legacy_districts
            .iter()
            .filter(move |d| d.province_code == province_code)
    }

    pub fn legacy_wards_of<'a>(
        &'a self,
        district_code: &'a str,
    ) -> impl Iterator<Item = &'a LegacyWard> + 'a {
        self.legacy_wards
            .iter()
            .filter(move |w| w.district_code == district_code)
    }

    /// Converts a legacy ward code to the 2025 model. `None` for an unknown code.
    pub fn legacy_to_new(&self, legacy_ward_code: &str) -> Option<Conversion<'_>> {
        let li = *self.lward_idx.get(legacy_ward_code)?;
        let cands = &self.mapping[li];
        match cands.as_slice() {
            [] => None,
            [(wi, _)] => Some(Conversion::Exact(&self.wards[*wi])),
            many => Some(Conversion::Split(
                many.iter()
                    .map(|&(wi, is_default)| Candidate {
                        ward: &self.wards[wi],
                        is_default,
                    })
                    .collect(),
            )),
        }
    }

    /// The 2025 unit for a legacy district that had no wards (island districts such as Côn Đảo,
    /// Lý Sơn, Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa → the special zone of the same name).
    pub fn legacy_district_to_new(&self, legacy_district_code: &str) -> Option<&Ward> {
        self.district_mapping
            .get(legacy_district_code)
            .map(|&i| &self.wards[i])
    }

    /// The 2025 province a legacy province was merged into (provinces were merged whole).
    pub fn legacy_province_to_new(&self, legacy_province_code: &str) -> Option<&Province> {
        let lp = *self.lprovince_idx.get(legacy_province_code)?;
        self.province_mapping[lp].map(|i| &self.provinces[i])
    }

    /// Legacy provinces merged into a 2025 province.
    pub fn new_province_to_legacy(&self, province_code: &str) -> Vec<&LegacyProvince> {
        let Some(&np) = self.province_idx.get(province_code) else {
            return Vec::new();
        };
        self.province_mapping
            .iter()
            .enumerate()
            .filter(|(_, m)| **m == Some(np))
            .map(|(i, _)| &self.legacy_provinces[i])
            .collect()
    }

    /// Legacy wards that wholly or partly became this 2025 ward (sorted by legacy code).
    pub fn new_to_legacy(&self, new_ward_code: &str) -> Vec<LegacyOrigin<'_>> {
        let Some(&wi) = self.ward_idx.get(new_ward_code) else {
            return Vec::new();
        };
        let mut out: Vec<LegacyOrigin<'_>> = self.reverse[wi]
            .iter()
            .map(|&li| {
                let cands = &self.mapping[li];
                LegacyOrigin {
                    ward: &self.legacy_wards[li],
                    whole: cands.len() == 1,
                    is_default: cands.iter().any(|&(w, d)| w == wi && d),
                }
            })
            .collect();
        out.sort_by(|a, b| a.ward.code.cmp(&b.ward.code));
        out
    }
}

fn index<'a>(codes: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    codes.enumerate().map(|(i, c)| (c.clone(), i)).collect()
}
