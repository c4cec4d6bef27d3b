//! A small, real slice of Vietnam's administrative units for the simulators' geo endpoints: three
//! provinces (Hà Nội, TP. Hồ Chí Minh, Đà Nẵng) in the legacy three-level model, each legacy ward with the
//! 2025 ward it now belongs to (the default candidate when it was split). The table below is generated
//! from the official data in the `geo` crate (`cargo run -p geo --example sandbox_seed`); vendors use their
//! own ids on top.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyWardRef {
    pub province_code: &'static str,
    pub province: &'static str,
    pub district_code: &'static str,
    pub district: &'static str,
    pub ward_code: &'static str,
    pub ward: &'static str,
    /// The 2025 ward (no district level) this ward now belongs to.
    pub new_ward: &'static str,
    /// The 2025 province.
    pub new_province: &'static str,
}

pub struct Province {
    pub code: &'static str,
    pub name: &'static str,
    pub districts: &'static [District],
}

pub struct District {
    pub code: &'static str,
    pub name: &'static str,
    /// (legacy code, legacy name, 2025 ward name)
    pub wards: &'static [(&'static str, &'static str, &'static str)],
}

pub const PROVINCES: &[Province] = &[
    Province {
        code: "01",
        name: "Thành phố Hà Nội",
        districts: &[
            District {
                code: "001",
                name: "Quận Ba Đình",
                wards: &[
                    ("00001", "Phường Phúc Xá", "Phường Hồng Hà"),
                    ("00004", "Phường Trúc Bạch", "Phường Ba Đình"),
                    ("00006", "Phường Vĩnh Phúc", "Phường Ngọc Hà"),
                    ("00007", "Phường Cống Vị", "Phường Ngọc Hà"),
                    ("00008", "Phường Liễu Giai", "Phường Ngọc Hà"),
                    ("00013", "Phường Quán Thánh", "Phường Ba Đình"),
                    ("00016", "Phường Ngọc Hà", "Phường Ba Đình"),
                    ("00019", "Phường Điện Biên", "Phường Ba Đình"),
                    ("00022", "Phường Đội Cấn", "Phường Ngọc Hà"),
                    ("00025", "Phường Ngọc Khánh", "Phường Giảng Võ"),
                    ("00028", "Phường Kim Mã", "Phường Ngọc Hà"),
                    ("00031", "Phường Giảng Võ", "Phường Giảng Võ"),
                    ("00034", "Phường Thành Công", "Phường Giảng Võ"),
                ],
            },
            District {
                code: "002",
                name: "Quận Hoàn Kiếm",
                wards: &[
                    ("00037", "Phường Phúc Tân", "Phường Hồng Hà"),
                    ("00040", "Phường Đồng Xuân", "Phường Hoàn Kiếm"),
                    ("00043", "Phường Hàng Mã", "Phường Hoàn Kiếm"),
                    ("00046", "Phường Hàng Buồm", "Phường Hoàn Kiếm"),
                    ("00049", "Phường Hàng Đào", "Phường Hoàn Kiếm"),
                    ("00052", "Phường Hàng Bồ", "Phường Hoàn Kiếm"),
                    ("00055", "Phường Cửa Đông", "Phường Hoàn Kiếm"),
                    ("00058", "Phường Lý Thái Tổ", "Phường Hoàn Kiếm"),
                    ("00061", "Phường Hàng Bạc", "Phường Hoàn Kiếm"),
                    ("00064", "Phường Hàng Gai", "Phường Hoàn Kiếm"),
                    ("00067", "Phường Chương Dương", "Phường Hồng Hà"),
                    ("00070", "Phường Hàng Trống", "Phường Hoàn Kiếm"),
                    ("00073", "Phường Cửa Nam", "Phường Văn Miếu - Quốc Tử Giám"),
                    ("00076", "Phường Hàng Bông", "Phường Hoàn Kiếm"),
                ],
            },
            District {
                code: "005",
                name: "Quận Cầu Giấy",
                wards: &[
                    ("00157", "Phường Nghĩa Đô", "Phường Nghĩa Đô"),
                    ("00160", "Phường Nghĩa Tân", "Phường Nghĩa Đô"),
                    ("00163", "Phường Mai Dịch", "Phường Phú Diễn"),
                    ("00166", "Phường Dịch Vọng", "Phường Cầu Giấy"),
                    ("00167", "Phường Dịch Vọng Hậu", "Phường Cầu Giấy"),
                    ("00169", "Phường Quan Hoa", "Phường Nghĩa Đô"),
                    ("00172", "Phường Yên Hòa", "Phường Yên Hòa"),
                    ("00175", "Phường Trung Hòa", "Phường Yên Hòa"),
                ],
            },
        ],
    },
    Province {
        code: "79",
        name: "Thành phố Hồ Chí Minh",
        districts: &[
            District {
                code: "760",
                name: "Quận 1",
                wards: &[
                    ("26734", "Phường Tân Định", "Phường Tân Định"),
                    ("26737", "Phường Đa Kao", "Phường Sài Gòn"),
                    ("26740", "Phường Bến Nghé", "Phường Sài Gòn"),
                    ("26743", "Phường Bến Thành", "Phường Bến Thành"),
                    ("26746", "Phường Nguyễn Thái Bình", "Phường Bến Thành"),
                    ("26749", "Phường Phạm Ngũ Lão", "Phường Bến Thành"),
                    ("26752", "Phường Cầu Ông Lãnh", "Phường Bến Thành"),
                    ("26755", "Phường Cô Giang", "Phường Cầu Ông Lãnh"),
                    ("26758", "Phường Nguyễn Cư Trinh", "Phường Cầu Ông Lãnh"),
                    ("26761", "Phường Cầu Kho", "Phường Cầu Ông Lãnh"),
                ],
            },
            District {
                code: "770",
                name: "Quận 3",
                wards: &[
                    ("27127", "Phường 14", "Phường Nhiêu Lộc"),
                    ("27130", "Phường 12", "Phường Nhiêu Lộc"),
                    ("27133", "Phường 11", "Phường Nhiêu Lộc"),
                    ("27139", "Phường Võ Thị Sáu", "Phường Xuân Hòa"),
                    ("27142", "Phường 9", "Phường Nhiêu Lộc"),
                    ("27148", "Phường 4", "Phường Bàn Cờ"),
                    ("27151", "Phường 5", "Phường Bàn Cờ"),
                    ("27154", "Phường 3", "Phường Bàn Cờ"),
                    ("27157", "Phường 2", "Phường Bàn Cờ"),
                    ("27160", "Phường 1", "Phường Bàn Cờ"),
                ],
            },
            District {
                code: "769",
                name: "Thành phố Thủ Đức",
                wards: &[
                    ("26794", "Phường Linh Xuân", "Phường Linh Xuân"),
                    ("26797", "Phường Bình Chiểu", "Phường Tam Bình"),
                    ("26800", "Phường Linh Trung", "Phường Linh Xuân"),
                    ("26803", "Phường Tam Bình", "Phường Tam Bình"),
                    ("26806", "Phường Tam Phú", "Phường Tam Bình"),
                    ("26809", "Phường Hiệp Bình Phước", "Phường Hiệp Bình"),
                    ("26812", "Phường Hiệp Bình Chánh", "Phường Hiệp Bình"),
                    ("26815", "Phường Linh Chiểu", "Phường Thủ Đức"),
                    ("26818", "Phường Linh Tây", "Phường Thủ Đức"),
                    ("26821", "Phường Linh Đông", "Phường Thủ Đức"),
                    ("26824", "Phường Bình Thọ", "Phường Thủ Đức"),
                    ("26827", "Phường Trường Thọ", "Phường Thủ Đức"),
                    ("26830", "Phường Long Bình", "Phường Long Bình"),
                    ("26833", "Phường Long Thạnh Mỹ", "Phường Long Bình"),
                ],
            },
        ],
    },
    Province {
        code: "48",
        name: "Thành phố Đà Nẵng",
        districts: &[
            District {
                code: "490",
                name: "Quận Liên Chiểu",
                wards: &[
                    ("20194", "Phường Hòa Hiệp Bắc", "Phường Hải Vân"),
                    ("20195", "Phường Hòa Hiệp Nam", "Phường Hải Vân"),
                    ("20197", "Phường Hòa Khánh Bắc", "Phường Liên Chiểu"),
                    ("20198", "Phường Hòa Khánh Nam", "Phường Hòa Khánh"),
                    ("20200", "Phường Hòa Minh", "Phường Hòa Khánh"),
                ],
            },
            District {
                code: "491",
                name: "Quận Thanh Khê",
                wards: &[
                    ("20206", "Phường Thanh Khê Tây", "Phường Thanh Khê"),
                    ("20207", "Phường Thanh Khê Đông", "Phường Thanh Khê"),
                    ("20209", "Phường Xuân Hà", "Phường Thanh Khê"),
                    ("20215", "Phường Chính Gián", "Phường Thanh Khê"),
                    ("20218", "Phường Thạc Gián", "Phường Thanh Khê"),
                    ("20224", "Phường An Khê", "Phường An Khê"),
                ],
            },
            District {
                code: "492",
                name: "Quận Hải Châu",
                wards: &[
                    ("20227", "Phường Thanh Bình", "Phường Hải Châu"),
                    ("20230", "Phường Thuận Phước", "Phường Hải Châu"),
                    ("20233", "Phường Thạch Thang", "Phường Hải Châu"),
                    ("20236", "Phường Hải Châu", "Phường Hải Châu"),
                    ("20242", "Phường Phước Ninh", "Phường Hải Châu"),
                    ("20245", "Phường Hòa Thuận Tây", "Phường Hòa Cường"),
                    ("20254", "Phường Bình Thuận", "Phường Hòa Cường"),
                    ("20257", "Phường Hòa Cường Bắc", "Phường Hòa Cường"),
                    ("20258", "Phường Hòa Cường Nam", "Phường Hòa Cường"),
                ],
            },
        ],
    },
];

/// Every legacy ward of the seed, flattened, in a stable order.
pub fn all_legacy_wards() -> Vec<LegacyWardRef> {
    PROVINCES
        .iter()
        .flat_map(|p| {
            p.districts.iter().flat_map(move |d| {
                d.wards
                    .iter()
                    .map(move |(code, name, new_ward)| LegacyWardRef {
                        province_code: p.code,
                        province: p.name,
                        district_code: d.code,
                        district: d.name,
                        ward_code: code,
                        ward: name,
                        new_ward,
                        new_province: p.name,
                    })
            })
        })
        .collect()
}

/// The distinct 2025 wards of a province in the seed, sorted by name.
pub fn new_wards(province_code: &str) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = PROVINCES
        .iter()
        .filter(|p| p.code == province_code)
        .flat_map(|p| p.districts.iter().flat_map(|d| d.wards.iter().map(|w| w.2)))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_province_has_districts_and_wards() {
        for p in super::PROVINCES {
            assert!(p.districts.len() >= 3, "{}", p.name);
            for d in p.districts {
                assert!(d.wards.len() >= 5, "{}", d.name);
            }
            assert!(super::new_wards(p.code).len() >= 3);
        }
        assert!(super::all_legacy_wards().len() > 80);
    }
}
