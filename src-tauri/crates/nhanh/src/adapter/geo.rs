//! nhanh: the `shopdesk_core::ports::geo` port. Nhanh lists both models (`locationVersion` v1 / v2) with
//! numeric ids; ShopDesk sends v1, which Nhanh advises "until further notice".

use futures::future::BoxFuture;
use shopdesk_core::ports::geo::{unit, GeoError, GeoModel, GeoSource, Level, VendorUnit};
use shopdesk_core::Vendor;

use crate::shipping::{LocationType, LocationVersion};
use crate::Client;

impl GeoSource for Client {
    fn vendor(&self) -> Vendor {
        Vendor::Nhanh
    }

    fn supports(&self, _model: GeoModel) -> bool {
        true
    }

    fn recommended_model(&self) -> GeoModel {
        GeoModel::Legacy
    }

    /// `shipping/location` of the level's type under `parent` (cities; districts of a city; wards of a
    /// district in v1, of a city in v2). A parent id that is not a number is [`GeoError::BadVendorId`].
    fn units<'a>(
        &'a self,
        model: GeoModel,
        level: Level,
        _province: Option<&'a str>,
        parent: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Vec<VendorUnit>, GeoError>> {
        Box::pin(async move {
            let version = match model {
                GeoModel::Legacy => LocationVersion::V1,
                GeoModel::New2025 => LocationVersion::V2,
            };
            let kind = match level {
                Level::Province => LocationType::City,
                Level::District => LocationType::District,
                Level::Ward => LocationType::Ward,
            };
            let parent_num = match parent {
                None => None,
                Some(p) => Some(p.parse::<i64>().map_err(|_| GeoError::BadVendorId {
                    vendor: Vendor::Nhanh,
                    id: p.to_string(),
                })?),
            };
            Ok(self
                .locations(version, kind, parent_num)
                .await?
                .into_iter()
                .map(|l| unit(l.id.to_string(), l.name, parent, level))
                .collect())
        })
    }
}
