//! One vendor geo list, fetched through the vendor's [`GeoSource`].
//!
//! Every unit has `parent_id` = the id it was fetched under (the port's contract), so `geo`'s matching
//! scopes the list even when the vendor omits the parent id in its answer (Nhanh does).

use geo::{Level, VendorUnit};
use shopdesk_core::ports::geo::GeoSource;

use crate::{Error, Model};

/// Fetches the units of `level` under `parent` (`None` for provinces). `province` is the vendor's
/// province id when fetching below it (Pancake wants it next to the district id). Rows without
/// an id or a name (tolerant decoding fills defaults) are dropped: they can never be sent.
pub(crate) async fn fetch(
    source: &dyn GeoSource,
    model: Model,
    level: Level,
    province: Option<&str>,
    parent: Option<&str>,
) -> Result<Vec<VendorUnit>, Error> {
    if !source.supports(model) {
        return Err(Error::ModelNotSupported {
            vendor: source.vendor(),
            model,
        });
    }
    let mut units = source.units(model, level, province, parent).await?;
    units.retain(|u| !u.id.trim().is_empty() && !u.name.trim().is_empty());
    Ok(units)
}
