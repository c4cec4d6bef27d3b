//! pancake: the `shopdesk_core::ports::geo` port. Pancake lists both models (`is_new` for 2025); ShopDesk
//! sends legacy ids, the only ones its order fields are documented for.

use futures::future::BoxFuture;
use shopdesk_core::ports::geo::{unit, GeoError, GeoModel, GeoSource, Level, VendorUnit};
use shopdesk_core::Vendor;

use crate::{GeoModel as PancakeModel, PancakeClient};

impl GeoSource for PancakeClient {
    fn vendor(&self) -> Vendor {
        Vendor::Pancake
    }

    fn supports(&self, _model: GeoModel) -> bool {
        true
    }

    fn recommended_model(&self) -> GeoModel {
        GeoModel::Legacy
    }

    /// Provinces per model; districts of a province; legacy wards of a district (with its province id),
    /// 2025 wards of a province. Missing names become empty (the caller drops such rows).
    fn units<'a>(
        &'a self,
        model: GeoModel,
        level: Level,
        province: Option<&'a str>,
        parent: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Vec<VendorUnit>, GeoError>> {
        Box::pin(async move {
            let parent_or_empty = parent.unwrap_or_default();
            let units: Vec<(String, String)> = match (level, model) {
                (Level::Province, GeoModel::Legacy) => self
                    .provinces(PancakeModel::Legacy)
                    .await?
                    .into_iter()
                    .map(|p| (p.id.0, p.name.unwrap_or_default()))
                    .collect(),
                (Level::Province, GeoModel::New2025) => self
                    .provinces(PancakeModel::New)
                    .await?
                    .into_iter()
                    .map(|p| (p.id.0, p.name.unwrap_or_default()))
                    .collect(),
                (Level::District, _) => self
                    .districts(parent_or_empty)
                    .await?
                    .into_iter()
                    .map(|d| (d.id.0, d.name.unwrap_or_default()))
                    .collect(),
                (Level::Ward, GeoModel::Legacy) => self
                    .communes(province.unwrap_or_default(), Some(parent_or_empty))
                    .await?
                    .into_iter()
                    .map(|c| (c.id.0, c.name.unwrap_or_default()))
                    .collect(),
                (Level::Ward, GeoModel::New2025) => self
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
        })
    }
}
