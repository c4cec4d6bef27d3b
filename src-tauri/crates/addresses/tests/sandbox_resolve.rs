//! Resolution against the three simulators: real addresses of the seed resolve to ids the
//! simulator's own lists contain; absent units are reported, not guessed; lists are cached per
//! parent and refetched after `refresh`.

use std::time::Duration;

use addresses::{
    CanonicalAddress, Error, GeoCache, GeoSource, Level, Model, Reason, Resolver, VendorResolution,
};
use nhanh::shipping::{LocationType, LocationVersion};
use sandbox::{Options, Sandbox};
use secrecy::SecretString;
use shopdesk_core::Vendor;
use vendor_http::{RateLimit, RetryPolicy};

const ACCOUNT: &str = "acc-1";

/// (legacy province, district, ward) GSO codes and the ward's official name, all in the seed.
const SEED: &[(&str, &str, &str, &str)] = &[
    ("79", "760", "26740", "Phường Bến Nghé"),
    ("01", "002", "00061", "Phường Hàng Bạc"),
    ("48", "492", "20233", "Phường Thạch Thang"),
    ("79", "770", "27160", "Phường 1"),
];

struct Env {
    sb: Sandbox,
    pancake: pancake::PancakeClient,
    onflow: onflow::OnflowClient,
    nhanh: nhanh::Client,
}

fn retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        min_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    }
}

async fn env() -> anyhow::Result<Env> {
    let sb = sandbox::start("127.0.0.1:0".parse()?, Options::default()).await?;
    let base = sb.base_url();
    let pancake = pancake::PancakeClient::builder()
        .base_url(format!("{base}/api/v1"))
        .api_key(SecretString::from(
            sandbox::pancake::DEMO_API_KEY.to_string(),
        ))
        .shop_id(sandbox::pancake::SHOP_ID)
        .rate_limit(RateLimit::new(1_000, Duration::from_secs(1)))
        .retry(retry())
        .build()?;
    let onflow = onflow::OnflowClient::builder()
        .base_url(format!("{base}/onflow"))
        .token(SecretString::from(sb.onflow.token().to_string()))
        .rate_limit(RateLimit::new(1_000, Duration::from_secs(1)))
        .retry(retry())
        .build()?;
    let info = sb.info()["nhanh"].clone();
    let mut config = nhanh::Config::new(info["app_id"].as_i64().unwrap_or_default())
        .with_base_url(info["base_url"].as_str().unwrap_or_default())?;
    config.rate_limit = RateLimit::new(1_000, Duration::from_secs(1));
    config.retry = retry();
    let nhanh = nhanh::Client::new(
        config,
        nhanh::Credentials {
            business_id: info["business_id"].as_i64().unwrap_or_default(),
            access_token: SecretString::from(
                info["access_token"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            ),
        },
    )?;
    Ok(Env {
        sb,
        pancake,
        onflow,
        nhanh,
    })
}

impl Env {
    fn geo(&self, vendor: Vendor) -> &dyn GeoSource {
        match vendor {
            Vendor::Pancake => &self.pancake,
            Vendor::Onflow => &self.onflow,
            Vendor::Nhanh => &self.nhanh,
        }
    }

    fn attempts(&self, vendor: Vendor) -> u64 {
        match vendor {
            Vendor::Pancake => self.pancake.http().stats().attempts,
            Vendor::Onflow => self.onflow.stats().attempts,
            Vendor::Nhanh => self.nhanh.http().stats().attempts,
        }
    }

    /// The simulator's own (id, name) lists, fetched directly with the vendor client:
    /// provinces, districts of `province`, wards of `parent` (district, or province in 2025).
    async fn list(
        &self,
        vendor: Vendor,
        model: Model,
        level: Level,
        province: &str,
        parent: &str,
    ) -> anyhow::Result<Vec<(String, String)>> {
        Ok(match vendor {
            Vendor::Pancake => {
                let m = match model {
                    Model::Legacy => pancake::GeoModel::Legacy,
                    Model::New2025 => pancake::GeoModel::New,
                };
                match level {
                    Level::Province => self
                        .pancake
                        .provinces(m)
                        .await?
                        .into_iter()
                        .map(|p| (p.id.0, p.name.unwrap_or_default()))
                        .collect(),
                    Level::District => self
                        .pancake
                        .districts(parent)
                        .await?
                        .into_iter()
                        .map(|p| (p.id.0, p.name.unwrap_or_default()))
                        .collect(),
                    Level::Ward => {
                        let district = (model == Model::Legacy).then_some(parent);
                        self.pancake
                            .communes(province, district)
                            .await?
                            .into_iter()
                            .map(|p| (p.id.0, p.name.unwrap_or_default()))
                            .collect()
                    }
                }
            }
            Vendor::Onflow => match level {
                Level::Province => self
                    .onflow
                    .provinces()
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect(),
                Level::District => self
                    .onflow
                    .districts(parent)
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect(),
                Level::Ward => self
                    .onflow
                    .wards(parent)
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect(),
            },
            Vendor::Nhanh => {
                let v = match model {
                    Model::Legacy => LocationVersion::V1,
                    Model::New2025 => LocationVersion::V2,
                };
                let (kind, p) = match level {
                    Level::Province => (LocationType::City, None),
                    Level::District => (LocationType::District, Some(parent.parse()?)),
                    Level::Ward => (LocationType::Ward, Some(parent.parse()?)),
                };
                self.nhanh
                    .locations(v, kind, p)
                    .await?
                    .into_iter()
                    .map(|l| (l.id.to_string(), l.name))
                    .collect()
            }
        })
    }
}

fn send<F: std::future::Future + Send>(f: F) -> F {
    f
}

fn resolver() -> anyhow::Result<Resolver> {
    Ok(Resolver::new(GeoCache::open_in_memory()?))
}

fn norm(s: &str) -> String {
    geo::normalize(s)
}

/// Checks each id of a complete resolution against the simulator's own lists, and that the
/// ward's vendor name is the expected one.
async fn assert_in_vendor_lists(
    env: &Env,
    vendor: Vendor,
    r: &VendorResolution,
    ward_name: &str,
) -> anyhow::Result<()> {
    assert!(r.is_complete(), "{vendor:?}: {:?}", r.unresolved);
    let p = r.province.as_ref().expect("province id");
    let provinces = env.list(vendor, r.model, Level::Province, "", "").await?;
    assert!(
        provinces.iter().any(|(id, _)| *id == p.id),
        "{vendor:?} {p:?}"
    );
    let ward_parent = match r.model {
        Model::Legacy => {
            let d = r.district.as_ref().expect("district id");
            let districts = env
                .list(vendor, r.model, Level::District, &p.id, &p.id)
                .await?;
            assert!(
                districts.iter().any(|(id, _)| *id == d.id),
                "{vendor:?} {d:?}"
            );
            d.id.clone()
        }
        Model::New2025 => {
            assert_eq!(r.district, None);
            p.id.clone()
        }
    };
    let w = r.ward.as_ref().expect("ward id");
    let wards = env
        .list(vendor, r.model, Level::Ward, &p.id, &ward_parent)
        .await?;
    let (_, name) = wards
        .iter()
        .find(|(id, _)| *id == w.id)
        .unwrap_or_else(|| panic!("{vendor:?}: ward {w:?} not in the simulator's list"));
    assert_eq!(norm(name), norm(ward_name), "{vendor:?}");
    assert_eq!(norm(&w.name), norm(ward_name));
    Ok(())
}

#[tokio::test]
async fn seed_addresses_resolve_to_each_vendors_legacy_ids() -> anyhow::Result<()> {
    let env = env().await?;
    let r = resolver()?;
    for vendor in Vendor::ALL {
        for (p, d, w, name) in SEED {
            let addr = CanonicalAddress::legacy(p, Some(d), Some(w));
            let res = r
                .resolve(env.geo(vendor), ACCOUNT, &addr, Model::Legacy)
                .await?;
            assert_eq!((res.vendor, res.model), (vendor, Model::Legacy));
            assert_in_vendor_lists(&env, vendor, &res, name).await?;
        }
    }
    // the three vendors use different ids for the same ward
    let addr = CanonicalAddress::legacy("79", Some("760"), Some("26740"));
    let mut ids = Vec::new();
    for vendor in Vendor::ALL {
        let res = r
            .resolve(env.geo(vendor), ACCOUNT, &addr, Model::Legacy)
            .await?;
        ids.push(res.ward.map(|w| w.id));
    }
    ids.dedup();
    assert_eq!(ids.len(), 3, "{ids:?}");
    Ok(())
}

#[tokio::test]
async fn parsed_address_line_resolves() -> anyhow::Result<()> {
    let env = env().await?;
    let r = resolver()?;
    let parsed = geo::parse_address("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM");
    let best = parsed.best().expect("a reading");
    let addr = CanonicalAddress::from_candidate(best).expect("canonical");
    let res = r
        .resolve(env.geo(Vendor::Nhanh), ACCOUNT, &addr, Model::Legacy)
        .await?;
    assert_in_vendor_lists(&env, Vendor::Nhanh, &res, "Phường Bến Nghé").await?;
    Ok(())
}

/// A 2025 address (official codes) resolves to Pancake's `is_new` and Nhanh's `v2` ids.
#[tokio::test]
async fn new_model_addresses_resolve_for_pancake_and_nhanh() -> anyhow::Result<()> {
    let env = env().await?;
    let r = resolver()?;
    let d = geo::data();
    for (p, _, w, _) in SEED {
        // the 2025 ward the seed ward now belongs to, in the official data
        let conv = d.legacy_to_new(w).expect("mapped");
        let new_ward = conv.default_ward().expect("ward");
        let new_province = d.legacy_province_to_new(p).expect("province");
        let addr = CanonicalAddress::new2025(&new_province.code, Some(&new_ward.code));
        for vendor in [Vendor::Pancake, Vendor::Nhanh] {
            let res = r
                .resolve(env.geo(vendor), ACCOUNT, &addr, Model::New2025)
                .await?;
            assert_in_vendor_lists(&env, vendor, &res, &new_ward.name).await?;
        }
    }
    Ok(())
}

/// A legacy address asked in the 2025 model goes through the official conversion; a legacy
/// ward that was split is a choice for the user, not a silent default.
#[tokio::test]
async fn legacy_address_converted_to_new_model() -> anyhow::Result<()> {
    let env = env().await?;
    let r = resolver()?;
    let d = geo::data();
    let (mut exact, mut split) = (0, 0);
    for s in sandbox::common::geo_seed::all_legacy_wards() {
        let (p, dist, w) = (s.province_code, s.district_code, s.ward_code);
        let addr = CanonicalAddress::legacy(p, Some(dist), Some(w));
        let res = r
            .resolve(env.geo(Vendor::Nhanh), ACCOUNT, &addr, Model::New2025)
            .await?;
        let Some(conv) = d.legacy_to_new(w) else {
            // the seed has a few wards dissolved before 2025 (e.g. Phường 13, Quận 3): no mapping
            assert_eq!(res.unresolved.len(), 1);
            assert_eq!(res.unresolved[0].reason, Reason::UnknownCode);
            continue;
        };
        assert!(res.province.is_some());
        if res.is_complete() {
            // only an unsplit ward converts without asking, to the official 2025 ward
            assert!(!conv.is_split(), "{s:?}");
            exact += 1;
            let name = &conv.default_ward().expect("ward").name;
            assert_in_vendor_lists(&env, Vendor::Nhanh, &res, name).await?;
        } else {
            assert_eq!(res.ward, None);
            assert_eq!(res.unresolved.len(), 1);
            let u = &res.unresolved[0];
            assert_eq!((u.level, u.canonical_code.as_str()), (Level::Ward, w));
            if conv.is_split() && u.reason == Reason::SplitWard {
                assert!(!u.candidates.is_empty());
                split += 1;
            } else {
                // the seed's 2025 name differs from the official conversion: not guessed
                assert_eq!(u.reason, Reason::NotFound, "{s:?}");
            }
        }
    }
    assert!(exact >= 10 && split >= 1, "exact {exact}, split {split}");
    Ok(())
}

/// A 2025 ward formed from several legacy wards cannot be sent as one legacy ward: the ward is
/// reported `Merged` with the vendor's units of each legacy ward.
#[tokio::test]
async fn new_ward_asked_in_legacy_model_lists_the_legacy_wards() -> anyhow::Result<()> {
    let env = env().await?;
    let r = resolver()?;
    let d = geo::data();
    // Phường Hoàn Kiếm (2025) took several legacy wards of Quận Hoàn Kiếm, all in the seed
    let hk = d
        .wards_of("01")
        .find(|w| w.name == "Phường Hoàn Kiếm")
        .expect("Phường Hoàn Kiếm");
    let origins = d.new_to_legacy(&hk.code);
    assert!(origins.len() > 1);
    let addr = CanonicalAddress::new2025("01", Some(&hk.code));
    let res = r
        .resolve(env.geo(Vendor::Onflow), ACCOUNT, &addr, Model::Legacy)
        .await?;
    assert!(res.province.is_some());
    assert_eq!(res.ward, None);
    // it took wards of two legacy districts: both levels are a choice with concrete candidates
    let levels: Vec<(Level, Reason)> = res.unresolved.iter().map(|u| (u.level, u.reason)).collect();
    assert_eq!(
        levels,
        vec![
            (Level::District, Reason::Merged),
            (Level::Ward, Reason::Merged)
        ]
    );
    assert!(res.unresolved[0]
        .candidates
        .iter()
        .any(|c| norm(&c.name) == norm("Quận Hoàn Kiếm")));
    let u = &res.unresolved[1];
    assert!(u.candidates.len() > 1, "{res:#?}");
    assert!(
        u.candidates
            .iter()
            .any(|c| norm(&c.name) == norm("Phường Hàng Bạc")),
        "{res:#?}"
    );
    Ok(())
}

#[tokio::test]
async fn ward_absent_from_vendor_list_is_reported_not_guessed() -> anyhow::Result<()> {
    let env = env().await?;
    let r = resolver()?;
    let d = geo::data();
    let seeded: Vec<&str> = sandbox::common::geo_seed::all_legacy_wards()
        .iter()
        .map(|w| w.ward_code)
        .collect();
    // a real ward of a seeded district (e.g. Thành phố Thủ Đức) that the simulators do not list
    let absent = sandbox::common::geo_seed::all_legacy_wards()
        .iter()
        .flat_map(|s| d.legacy_wards_of(s.district_code))
        .find(|w| !seeded.contains(&w.code.as_str()))
        .expect("an unseeded ward of a seeded district");
    let addr = CanonicalAddress::legacy(
        &absent.province_code,
        Some(&absent.district_code),
        Some(&absent.code),
    );
    for vendor in Vendor::ALL {
        let res = r
            .resolve(env.geo(vendor), ACCOUNT, &addr, Model::Legacy)
            .await?;
        assert!(
            res.province.is_some() && res.district.is_some(),
            "{vendor:?}"
        );
        assert_eq!(res.ward, None, "{vendor:?}");
        assert_eq!(res.unresolved.len(), 1);
        let u = &res.unresolved[0];
        assert_eq!(
            (u.level, u.reason, u.canonical_code.as_str()),
            (Level::Ward, Reason::NotFound, absent.code.as_str())
        );
        assert_eq!(u.canonical_name, absent.name);
    }
    // a province the simulators do not have: its children are not searched
    let addr = CanonicalAddress::legacy("92", Some("916"), Some("31117"));
    let res = r
        .resolve(env.geo(Vendor::Pancake), ACCOUNT, &addr, Model::Legacy)
        .await?;
    assert_eq!((res.province, res.district, res.ward), (None, None, None));
    let reasons: Vec<(Level, Reason)> =
        res.unresolved.iter().map(|u| (u.level, u.reason)).collect();
    assert_eq!(
        reasons,
        vec![
            (Level::Province, Reason::NotFound),
            (Level::District, Reason::ParentUnresolved),
            (Level::Ward, Reason::ParentUnresolved),
        ]
    );
    // an unknown code
    let addr = CanonicalAddress::legacy("79", Some("760"), Some("99999"));
    let res = r
        .resolve(env.geo(Vendor::Onflow), ACCOUNT, &addr, Model::Legacy)
        .await?;
    assert_eq!(res.unresolved.len(), 1);
    assert_eq!(res.unresolved[0].reason, Reason::UnknownCode);
    Ok(())
}

#[tokio::test]
async fn onflow_has_no_2025_model() -> anyhow::Result<()> {
    let env = env().await?;
    let r = resolver()?;
    let addr = CanonicalAddress::new2025("79", None);
    let e = r
        .resolve(env.geo(Vendor::Onflow), ACCOUNT, &addr, Model::New2025)
        .await
        .expect_err("unsupported");
    assert!(matches!(
        e,
        Error::ModelNotSupported {
            vendor: Vendor::Onflow,
            model: Model::New2025
        }
    ));
    assert_eq!(env.attempts(Vendor::Onflow), 0);
    Ok(())
}

#[tokio::test]
async fn second_resolution_hits_the_cache_and_refresh_refetches() -> anyhow::Result<()> {
    let env = env().await?;
    let r = resolver()?;
    let addr = CanonicalAddress::legacy("48", Some("492"), Some("20233"));
    for vendor in Vendor::ALL {
        // the app runs resolutions on a multi-threaded runtime (Tauri commands)
        let first = send(r.resolve(env.geo(vendor), ACCOUNT, &addr, Model::Legacy)).await?;
        let after_first = env.attempts(vendor);
        // provinces, districts of Đà Nẵng, wards of Hải Châu
        assert_eq!(after_first, 3, "{vendor:?}");
        assert_eq!(r.cache().count(vendor, ACCOUNT)?, 3);

        let second = r
            .resolve(env.geo(vendor), ACCOUNT, &addr, Model::Legacy)
            .await?;
        assert_eq!(second, first);
        assert_eq!(env.attempts(vendor), after_first, "{vendor:?} refetched");

        // another ward of the same district: only the cached lists are used
        let other = CanonicalAddress::legacy("48", Some("492"), Some("20227"));
        assert!(r
            .resolve(env.geo(vendor), ACCOUNT, &other, Model::Legacy)
            .await?
            .is_complete());
        assert_eq!(env.attempts(vendor), after_first);

        // another account of the same vendor has its own entries
        r.resolve(env.geo(vendor), "acc-2", &addr, Model::Legacy)
            .await?;
        assert_eq!(env.attempts(vendor), after_first + 3);

        assert_eq!(r.refresh(vendor, ACCOUNT)?, 3);
        assert_eq!(r.cache().count(vendor, ACCOUNT)?, 0);
        assert_eq!(r.cache().count(vendor, "acc-2")?, 3);
        let again = r
            .resolve(env.geo(vendor), ACCOUNT, &addr, Model::Legacy)
            .await?;
        assert_eq!(again, first);
        assert_eq!(env.attempts(vendor), after_first + 6, "{vendor:?}");
    }
    Ok(())
}

#[tokio::test]
async fn cache_file_survives_reopen_and_ttl_expires() -> anyhow::Result<()> {
    let env = env().await?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("geo-cache.sqlite");
    let addr = CanonicalAddress::legacy("01", Some("002"), Some("00061"));
    {
        let r = Resolver::new(GeoCache::open(&path)?);
        r.resolve(env.geo(Vendor::Nhanh), ACCOUNT, &addr, Model::Legacy)
            .await?;
    }
    let n = env.attempts(Vendor::Nhanh);
    assert_eq!(n, 3);
    {
        let r = Resolver::new(GeoCache::open(&path)?);
        let res = r
            .resolve(env.geo(Vendor::Nhanh), ACCOUNT, &addr, Model::Legacy)
            .await?;
        assert!(res.is_complete());
        assert_eq!(env.attempts(Vendor::Nhanh), n, "read from the file");
    }
    {
        // expired entries are refetched and overwritten
        let r = Resolver::new(GeoCache::open(&path)?.with_ttl(chrono::Duration::zero()));
        r.resolve(env.geo(Vendor::Nhanh), ACCOUNT, &addr, Model::Legacy)
            .await?;
        assert_eq!(env.attempts(Vendor::Nhanh), n + 3);
        assert_eq!(r.cache().count(Vendor::Nhanh, ACCOUNT)?, 3);
    }
    // the models are cached apart
    let r = Resolver::new(GeoCache::open(&path)?);
    r.resolve(
        env.geo(Vendor::Nhanh),
        ACCOUNT,
        &CanonicalAddress::new2025("01", None),
        Model::New2025,
    )
    .await?;
    assert_eq!(env.attempts(Vendor::Nhanh), n + 4);
    drop(env.sb);
    Ok(())
}

#[test]
fn a_cache_of_an_older_schema_version_is_rebuilt() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("geo-cache.sqlite");
    {
        let c = rusqlite::Connection::open(&path)?;
        c.execute_batch(
            "CREATE TABLE geo_lists (old TEXT); INSERT INTO geo_lists VALUES ('x');
             PRAGMA user_version = 0;",
        )?;
    }
    let cache = GeoCache::open(&path)?;
    assert_eq!(cache.count(Vendor::Pancake, ACCOUNT)?, 0);
    let c = rusqlite::Connection::open(&path)?;
    let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    assert_eq!(v, addresses::SCHEMA_VERSION);
    Ok(())
}

#[test]
fn a_cache_from_a_newer_build_is_refused_and_left_untouched() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("geo-cache.sqlite");
    drop(GeoCache::open(&path)?);
    rusqlite::Connection::open(&path)?.pragma_update(None, "user_version", 999)?;
    let before = std::fs::read(&path)?;
    match GeoCache::open(&path) {
        Err(addresses::Error::NewerSchema { found, supported }) => {
            assert_eq!((found, supported), (999, addresses::SCHEMA_VERSION));
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path)?, before, "left untouched");
    Ok(())
}

#[test]
fn a_cache_file_that_is_not_a_database_is_reported_as_corrupt() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("geo-cache.sqlite");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage)?;
    match GeoCache::open(&path) {
        Err(addresses::Error::CorruptFile(why)) => assert!(!why.is_empty()),
        other => panic!("expected CorruptFile, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path)?, garbage, "left untouched");
    Ok(())
}

/// A written line (as in an imported spreadsheet) resolves to the vendor's ids, and what cannot be
/// resolved exactly is reported, not guessed.
#[tokio::test]
async fn written_lines_resolve_or_say_why_not() -> anyhow::Result<()> {
    use addresses::picker::{resolve_text, TextMatch};
    let env = env().await?;
    let r = resolver()?;
    for vendor in [Vendor::Pancake, Vendor::Nhanh, Vendor::Onflow] {
        let m = resolve_text(
            &r,
            env.geo(vendor),
            ACCOUNT,
            "Phường Bến Nghé, Quận 1, TP Hồ Chí Minh",
        )
        .await?;
        let TextMatch::Ids {
            province_id,
            district_id,
            ward_id,
        } = m
        else {
            panic!("{vendor:?}: {m:?}");
        };
        assert!(province_id.is_some() && district_id.is_some() && ward_id.is_some());
    }
    // a 2025 ward made of several legacy wards: the vendors take legacy ids, so the old address is needed
    let merged = resolve_text(
        &r,
        env.geo(Vendor::Nhanh),
        ACCOUNT,
        "Phường Sài Gòn, TP Hồ Chí Minh",
    )
    .await?;
    assert_eq!(merged, TextMatch::Ambiguous);
    assert_eq!(merged.code(), Some("address.ambiguous"));
    let unknown = resolve_text(
        &r,
        env.geo(Vendor::Nhanh),
        ACCOUNT,
        "Phường Không Có, Tỉnh Không Có",
    )
    .await?;
    assert_eq!(unknown, TextMatch::Unknown);
    Ok(())
}
