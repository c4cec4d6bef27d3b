//! onflow: the `shopdesk_core::ports::geo` port. Onflow has the legacy directory only (province →
//! district → ward).

use futures::future::BoxFuture;
use shopdesk_core::ports::geo::{unit, GeoError, GeoModel, GeoSource, Level, VendorUnit};
use shopdesk_core::Vendor;

use crate::OnflowClient;

impl GeoSource for OnflowClient {
    fn vendor(&self) -> Vendor {
        Vendor::Onflow
    }

    fn supports(&self, model: GeoModel) -> bool {
        model == GeoModel::Legacy
    }

    fn recommended_model(&self) -> GeoModel {
        GeoModel::Legacy
    }

    /// Provinces; districts of a province; wards of a district. The 2025 model is
    /// [`GeoError::ModelNotSupported`].
    fn units<'a>(
        &'a self,
        model: GeoModel,
        level: Level,
        _province: Option<&'a str>,
        parent: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Vec<VendorUnit>, GeoError>> {
        Box::pin(async move {
            if !self.supports(model) {
                return Err(GeoError::ModelNotSupported {
                    vendor: Vendor::Onflow,
                    model,
                });
            }
            let parent_or_empty = parent.unwrap_or_default();
            let units: Vec<(String, String)> = match level {
                Level::Province => self
                    .provinces()
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect(),
                Level::District => self
                    .districts(parent_or_empty)
                    .await?
                    .into_iter()
                    .map(|d| (d.id, d.name))
                    .collect(),
                Level::Ward => self
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
        })
    }
}
