//! Onflow: the `shopdesk_core::ports::returns` ports on [`OnflowClient`]. A B2C return shipment carries
//! our reference as `merchant_return_tracking_code_reference`; its id is the `return_tracking_code`
//! (`OARSC…`) and its order the original `shipment_tracking_code` (`OASC…`, the orders list's id).
//! Statuses are Onflow's own `status_info` (only 350 documented; the rest are placeholders in
//! `assumptions::return_status`). Onflow reports no per-item condition; a restocked return's units are
//! back in sellable stock.

use futures::future::BoxFuture;
use shopdesk_core::ports::order_sink::{Lookup, LookupScope, ScanRow, LOOKUP_PAGE_SIZE};
use shopdesk_core::ports::returns::{ReturnPage, ReturnSink, ReturnSource};
use shopdesk_core::returns::{FetchedReturn, ReturnDraft, ReturnLine, ReturnStage};
use vendor_http::Result;

use crate::{NewReturn, OnflowClient, ReturnQuery, ReturnShipment, ReturnStatus, ShipmentItem};

/// The request of Create Return for a draft.
pub fn to_onflow(d: &ReturnDraft, reference: &str, warehouse_code: String) -> NewReturn {
    let text = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    NewReturn {
        warehouse_code,
        shipment_tracking_code: d.vendor_order_id.trim().to_string(),
        merchant_return_tracking_code_reference: reference.to_string(),
        partner_tracking_code: None,
        return_courier_tracking_code: text(&d.courier_tracking_code),
        items: d
            .items
            .iter()
            .map(|l| ShipmentItem {
                oasin: l.item_id.trim().to_string(),
                quantity: l.quantity,
                sku: None,
            })
            .collect(),
        reason: text(&d.reason),
        note: text(&d.note),
    }
}

/// Where a status sits in the flow.
pub fn stage(status: ReturnStatus) -> ReturnStage {
    match status {
        ReturnStatus::New => ReturnStage::Requested,
        ReturnStatus::InTransit => ReturnStage::InTransit,
        ReturnStatus::Received => ReturnStage::Received,
        ReturnStatus::Problem => ReturnStage::Problem,
        ReturnStatus::Restocked => ReturnStage::Restocked,
        ReturnStatus::Cancelled => ReturnStage::Cancelled,
        ReturnStatus::Other(_) => ReturnStage::Other,
    }
}

/// A return shipment in neutral types.
pub fn fetched(r: &ReturnShipment) -> FetchedReturn {
    let info = r.status_info.clone().unwrap_or_default();
    let stage = stage(ReturnStatus::from_code(info.value));
    // a restocked return is back in sellable stock; a cancelled one never came back
    let restocked = match stage {
        ReturnStage::Restocked => Some(true),
        ReturnStage::Cancelled | ReturnStage::Problem => Some(false),
        _ => None,
    };
    FetchedReturn {
        return_id: r.return_tracking_code.clone(),
        vendor_order_id: r.shipment_tracking_code.clone(),
        reference: Some(r.merchant_return_tracking_code_reference.clone())
            .filter(|s| !s.trim().is_empty()),
        stage,
        vendor_status: if info.label.trim().is_empty() {
            info.value.to_string()
        } else {
            info.label.clone()
        },
        cancellable: crate::assumptions::return_cancellable(info.value),
        warehouse_code: Some(r.warehouse_code.clone()).filter(|s| !s.is_empty()),
        courier_tracking_code: r.return_courier_tracking_code.clone(),
        reason: r.reason.clone(),
        note: r
            .extra
            .get("note")
            .and_then(|v| v.as_str())
            .map(str::to_string),
        items: r
            .items
            .iter()
            .map(|i| ReturnLine {
                item_id: i.oasin.clone(),
                sku: i.sku.clone(),
                name: String::new(),
                quantity: i.quantity,
                condition: None,
                restocked,
            })
            .collect(),
        created_at: r.created_time,
        updated_at: r.updated_time,
    }
}

impl ReturnSource for OnflowClient {
    fn list_returns(&self, page: u32) -> BoxFuture<'_, Result<ReturnPage>> {
        Box::pin(async move {
            let p =
                OnflowClient::list_returns(self, &ReturnQuery::default(), page, LOOKUP_PAGE_SIZE)
                    .await?;
            Ok(ReturnPage {
                has_more: p.has_more(),
                items: p.items.iter().map(fetched).collect(),
            })
        })
    }

    fn get_return<'a>(&'a self, return_id: &'a str) -> BoxFuture<'a, Result<FetchedReturn>> {
        Box::pin(async move { Ok(fetched(&self.return_shipment(return_id).await?)) })
    }
}

impl ReturnSink for OnflowClient {
    /// The return goes to the warehouse that shipped the order (read from the shipment).
    fn create_return<'a>(
        &'a self,
        draft: &'a ReturnDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let shipment = self.shipment(draft.vendor_order_id.trim()).await?;
            let body = to_onflow(draft, reference, shipment.warehouse_code.clone());
            Ok(OnflowClient::create_return(self, &body)
                .await?
                .return_tracking_code)
        })
    }

    /// The returns of the draft's shipment first (the list's shipment filter, a placeholder name: each
    /// row's own fields are matched), then the return list page by page within the scope.
    fn find_return_by_reference<'a>(
        &'a self,
        draft: &'a ReturnDraft,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, Result<Lookup>> {
        Box::pin(async move {
            let reference = reference.trim();
            if reference.is_empty() {
                return Ok(Lookup::NotFound);
            }
            let shipment = draft.vendor_order_id.trim();
            let filtered = OnflowClient::list_returns(
                self,
                &ReturnQuery {
                    shipment_tracking_code: Some(shipment.to_string()),
                    ..Default::default()
                },
                1,
                LOOKUP_PAGE_SIZE,
            )
            .await?;
            if let Some(r) = filtered
                .items
                .iter()
                .find(|r| r.merchant_return_tracking_code_reference.trim() == reference)
            {
                return Ok(Lookup::Found(r.return_tracking_code.clone()));
            }
            let all = ReturnQuery::default();
            super::find_in_pages(
                reference,
                scope,
                |n| OnflowClient::list_returns(self, &all, n, LOOKUP_PAGE_SIZE),
                |r| ScanRow {
                    reference: &r.merchant_return_tracking_code_reference,
                    id: r.return_tracking_code.clone(),
                    created: r.created_time,
                },
            )
            .await
        })
    }

    fn cancel_return<'a>(&'a self, return_id: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let r = OnflowClient::cancel_return(self, return_id).await?;
            if r.success {
                Ok(())
            } else {
                Err(vendor_http::Error::VendorRejected {
                    http_status: None,
                    vendor_code: "CANCEL_NOT_DONE".into(),
                    message: format!("Onflow did not cancel {return_id}"),
                })
            }
        })
    }

    /// Onflow answers `ALREADY_EXISTS` for a repeated reference *(placeholder)*.
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        err.vendor_code() == Some(crate::assumptions::DUPLICATE_REFERENCE_CODE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_or_placeholder_status_has_a_stage() {
        use crate::assumptions::return_status as s;
        let table = [
            (s::NEW, ReturnStage::Requested, true),
            (s::IN_TRANSIT, ReturnStage::InTransit, false),
            (s::RECEIVED, ReturnStage::Received, false),
            (s::PROBLEM, ReturnStage::Problem, false),
            (s::RESTOCKED, ReturnStage::Restocked, false),
            (s::CANCELLED, ReturnStage::Cancelled, false),
            (999, ReturnStage::Other, false),
        ];
        for (code, want, cancellable) in table {
            assert_eq!(stage(ReturnStatus::from_code(code)), want, "{code}");
            assert_eq!(crate::assumptions::return_cancellable(code), cancellable);
        }
    }
}
