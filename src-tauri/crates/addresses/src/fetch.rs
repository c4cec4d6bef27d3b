//! One vendor geo list, fetched through the vendor's typed client and turned into `VendorUnit`s.
//!
//! Every unit gets `parent_id` = the id it was fetched under, so `geo`'s matching scopes the list
//! even when the vendor omits the parent id in its answer (Nhanh does).

use geo::{Level, VendorUnit};
use nhanh::shipping::{LocationType, LocationVersion};
use pancake::GeoModel;

use crate::{Error, Model, VendorGeo};

fn unit(id: String, name: String, parent: Option<&str>, level: Level) -> VendorUnit {
    VendorUnit {
        id,
        name,
        parent_id: parent.map(str::to_string),
        level,
    }
}

/// Fetches the units of `level` under `parent` (`None` for provinces). `province` is the vendor's
/// province id when fetching below it (Pancake wants it next to the district id). Rows without
/// an id or a name (tolerant decoding fills defaults) are dropped: they can never be sent.
pub(crate) async fn fetch(
    vendor: VendorGeo<'_>,
    model: Model,
    level: Level,
    province: Option<&str>,
    parent: Option<&str>,
) -> Result<Vec<VendorUnit>, Error> {
    let mut units = fetch_raw(vendor, model, level, province, parent).await?;
    units.retain(|u| !u.id.trim().is_empty() && !u.name.trim().is_empty());
    Ok(units)
}

async fn fetch_raw(
    vendor: VendorGeo<'_>,
    model: Model,
    level: Level,
    province: Option<&str>,
    parent: Option<&str>,
) -> Result<Vec<VendorUnit>, Error> {
    if !model.supported_by(vendor.vendor()) {
        return Err(Error::ModelNotSupported {
            vendor: vendor.vendor(),
            model,
        });
    }
    let parent_or_empty = parent.unwrap_or_default();
    match vendor {
        VendorGeo::Pancake { client, .. } => {
            let units = match (level, model) {
                (Level::Province, Model::Legacy) => client
                    .provinces(GeoModel::Legacy)
                    .await?
                    .into_iter()
                    .map(|p| (p.id.0, p.name.unwrap_or_default()))
                    .collect::<Vec<_>>(),
                (Level::Province, Model::New2025) => client
                    .provinces(GeoModel::New)
                    .await?
                    .into_iter()
                    .map(|p| (p.id.0, p.name.unwrap_or_default()))
                    .collect(),
                (Level::District, _) => client
                    .districts(parent_or_empty)
                    .await?
                    .into_iter()
                    .map(|d| (d.id.0, d.name.unwrap_or_default()))
                    .collect(),
                (Level::Ward, Model::Legacy) => client
                    .communes(province.unwrap_or_default(), Some(parent_or_empty))
                    .await?
                    .into_iter()
                    .map(|c| (c.id.0, c.name.unwrap_or_default()))
                    .collect(),
                (Level::Ward, Model::New2025) => client
                    .communes(parent_or_empty, None)
                    .await?
                    .into_iter()
                    .map(|c| (c.id.0, c.name.unwrap_or_default()))
                    .collect(),
            };
            Ok(units
                .into_iter()
                .map(|(id, name)| unit(id, name, parent, level))
                .collect())
        }
        VendorGeo::Onflow { client, .. } => {
            let units: Vec<(String, String)> = match level {
                Level::Province => client
                    .provinces()
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect(),
                Level::District => client
                    .districts(parent_or_empty)
                    .await?
                    .into_iter()
                    .map(|d| (d.id, d.name))
                    .collect(),
                Level::Ward => client
                    .wards(parent_or_empty)
                    .await?
                    .into_iter()
                    .map(|w| (w.id, w.name))
                    .collect(),
            };
            Ok(units
                .into_iter()
                .map(|(id, name)| unit(id, name, parent, level))
                .collect())
        }
        VendorGeo::Nhanh { client, .. } => {
            let version = match model {
                Model::Legacy => LocationVersion::V1,
                Model::New2025 => LocationVersion::V2,
            };
            let kind = match level {
                Level::Province => LocationType::City,
                Level::District => LocationType::District,
                Level::Ward => LocationType::Ward,
            };
            let parent_num = match parent {
                None => None,
                Some(p) => Some(p.parse::<i64>().map_err(|_| Error::BadVendorId {
                    vendor: vendor.vendor(),
                    id: p.to_string(),
                })?),
            };
            Ok(client
                .locations(version, kind, parent_num)
                .await?
                .into_iter()
                .map(|l| unit(l.id.to_string(), l.name, parent, level))
                .collect())
        }
    }
}
