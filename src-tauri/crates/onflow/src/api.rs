//! The calls, one `impl OnflowClient` block per area.

use std::path::Path;

use vendor_http::upload::{single_file_form, ProgressFn};
use vendor_http::{Error, Result, Safety};

use crate::assumptions::{self, Filters};
use crate::client::{fill, OnflowClient};
use crate::envelope::Page;
use crate::models::*;

fn opt(pairs: &mut Vec<(&'static str, String)>, name: &'static str, v: &Option<String>) {
    if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
        pairs.push((name, v.clone()));
    }
}

// ---------------------------------------------------------------------------------------------------------
// Config
// ---------------------------------------------------------------------------------------------------------

impl OnflowClient {
    /// Warehouses the merchant may use (`ONF_WH_HN_LB`, …).
    pub async fn warehouses(&self) -> Result<Vec<Warehouse>> {
        Ok(self
            .get::<crate::client::ListData<Warehouse>>(&self.paths.warehouses, &[])
            .await?
            .0)
    }

    pub async fn provinces(&self) -> Result<Vec<Province>> {
        Ok(self
            .get::<crate::client::ListData<Province>>(&self.paths.provinces, &[])
            .await?
            .0)
    }

    pub async fn districts(&self, province_id: &str) -> Result<Vec<District>> {
        let q = [(Filters::PROVINCE_ID, province_id.to_string())];
        Ok(self
            .get::<crate::client::ListData<District>>(&self.paths.districts, &q)
            .await?
            .0)
    }

    pub async fn wards(&self, district_id: &str) -> Result<Vec<Ward>> {
        let q = [(Filters::DISTRICT_ID, district_id.to_string())];
        Ok(self
            .get::<crate::client::ListData<Ward>>(&self.paths.wards, &q)
            .await?
            .0)
    }

    /// Upload a file from disk, streamed (never held in memory), reporting `(sent, total)` bytes to
    /// `progress`. Returns the public URL to use in `product_image_url_*`, `po_documents[].document_url`
    /// or shipment documents. The MIME type comes from the extension ([`assumptions::UPLOAD_TYPES`]);
    /// other extensions are sent as `application/octet-stream` and left to the server to judge.
    pub async fn upload_file(
        &self,
        path: &Path,
        progress: Option<ProgressFn>,
    ) -> Result<UploadedFile> {
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| !n.is_empty())
            .ok_or_else(|| Error::Validation {
                fields: [("file".to_string(), vec!["invalid file name".to_string()])].into(),
                vendor_code: None,
                message: Some("invalid file name".into()),
            })?
            .to_string();
        if !path.is_file() {
            return Err(Error::Validation {
                fields: [("file".to_string(), vec!["file not found".to_string()])].into(),
                vendor_code: None,
                message: Some(format!("file not found: {file_name}")),
            });
        }
        let mime = assumptions::upload_mime(&file_name).unwrap_or("application/octet-stream");
        let form = single_file_form(
            assumptions::UPLOAD_FIELD,
            path.to_path_buf(),
            file_name,
            mime.to_string(),
            progress,
        );
        let spec = self
            .spec(
                vendor_http::Method::POST,
                self.url(&self.paths.upload, &[])?,
            )?
            .multipart(form)
            .timeout(assumptions::UPLOAD_TIMEOUT)
            .safety(Safety::Write);
        Ok(self.send_env::<UploadedFile>(spec).await?.data)
    }
}

// ---------------------------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------------------------

impl OnflowClient {
    /// Create a product master record (status `NEW`, not mapped to any warehouse yet).
    pub async fn create_product(&self, product: &NewProduct) -> Result<CreatedProduct> {
        self.post_json(&self.paths.product_create, product, Safety::Write)
            .await
    }

    /// Map a product to warehouses; this makes it `ACTIVE` and usable in POs and shipments.
    pub async fn assign_product(
        &self,
        oasin: &str,
        warehouse_codes: &[String],
    ) -> Result<ProductState> {
        let body = AssignProduct {
            warehouse_codes: warehouse_codes.to_vec(),
        };
        let path = fill(&self.paths.product_assign, &[("oasin", oasin)]);
        self.put_json(&path, Some(&body)).await
    }

    /// Deactivate a product (status `INACTIVE`; no longer usable).
    pub async fn deactivate_product(&self, oasin: &str) -> Result<ProductState> {
        let path = fill(&self.paths.product_deactivate, &[("oasin", oasin)]);
        self.put_json::<(), _>(&path, None).await
    }

    pub async fn product(&self, oasin: &str) -> Result<Product> {
        let path = fill(&self.paths.product_detail, &[("oasin", oasin)]);
        self.get(&path, &[]).await
    }

    /// Every product, walking all pages.
    pub async fn list_all_products(&self, query: &ProductQuery) -> Result<Vec<Product>> {
        self.all_pages(&self.paths.product_list, &product_filters(query))
            .await
    }

    /// Stock of every OASIN in every warehouse (or as filtered), walking all pages.
    pub async fn list_all_stock(&self, query: &StockQuery) -> Result<Vec<StockRow>> {
        self.all_pages(&self.paths.stock, &stock_filters(query))
            .await
    }

    /// [`Self::list_all_stock`] calling `progress(rows so far, total if known)` after each page (for the
    /// sync's progress events).
    pub async fn list_all_stock_with_progress(
        &self,
        query: &StockQuery,
        progress: impl FnMut(usize, Option<u64>),
    ) -> Result<Vec<StockRow>> {
        self.all_pages_with(&self.paths.stock, &stock_filters(query), progress)
            .await
    }

    /// [`Self::list_all_products`] calling `progress(products so far, total if known)` after each page.
    pub async fn list_all_products_with_progress(
        &self,
        query: &ProductQuery,
        progress: impl FnMut(usize, Option<u64>),
    ) -> Result<Vec<Product>> {
        self.all_pages_with(&self.paths.product_list, &product_filters(query), progress)
            .await
    }

    /// Stock rows of one product.
    pub async fn product_stock(&self, oasin: &str) -> Result<Vec<StockRow>> {
        let rows = self
            .list_all_stock(&StockQuery {
                oasin: Some(oasin.to_string()),
                ..Default::default()
            })
            .await?;
        // the filter name is a guess: never trust it to have been applied
        Ok(rows.into_iter().filter(|r| r.oasin == oasin).collect())
    }
}

fn product_filters(q: &ProductQuery) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    opt(&mut v, Filters::SKU, &q.sku);
    opt(&mut v, Filters::STATUS, &q.status);
    opt(&mut v, Filters::WAREHOUSE_CODE, &q.warehouse_code);
    v
}

fn stock_filters(q: &StockQuery) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    opt(&mut v, Filters::OASIN, &q.oasin);
    opt(&mut v, Filters::SKU, &q.sku);
    opt(&mut v, Filters::WAREHOUSE_CODE, &q.warehouse_code);
    v
}

// ---------------------------------------------------------------------------------------------------------
// Purchase orders
// ---------------------------------------------------------------------------------------------------------

impl OnflowClient {
    /// Create an inbound PO (status `TRANSIT`). Sent once: a PO carries no documented idempotency key.
    pub async fn create_po(&self, po: &NewPurchaseOrder) -> Result<CreatedPo> {
        self.post_json(&self.paths.po_create, po, Safety::Write)
            .await
    }

    pub async fn list_pos(
        &self,
        query: &PoQuery,
        page: u32,
        limit: u32,
    ) -> Result<Page<PurchaseOrder>> {
        let mut f = Vec::new();
        opt(&mut f, Filters::STATUS, &query.status);
        opt(&mut f, Filters::WAREHOUSE_CODE, &query.warehouse_code);
        opt(
            &mut f,
            Filters::MERCHANT_PO_REFERENCE,
            &query.merchant_po_reference,
        );
        self.page(&self.paths.po_list, &f, page, limit).await
    }

    pub async fn po(&self, po_code: &str) -> Result<PurchaseOrder> {
        let path = fill(&self.paths.po_detail, &[("po_code", po_code)]);
        self.get(&path, &[]).await
    }

    /// Printable PO bill (PDF URL).
    pub async fn po_bill(&self, po_code: &str) -> Result<PoBill> {
        let path = fill(&self.paths.po_bill, &[("po_code", po_code)]);
        self.get(&path, &[]).await
    }

    /// Receiving/inspection result per line; only once the PO is `COMPLETED`.
    pub async fn po_inspection(&self, po_code: &str) -> Result<Vec<InspectionLine>> {
        let path = fill(&self.paths.po_inspection, &[("po_code", po_code)]);
        Ok(self.get::<crate::client::ListData<_>>(&path, &[]).await?.0)
    }

    /// Cancel a PO; Onflow allows it only while the PO is `TRANSIT`.
    pub async fn cancel_po(&self, po_code: &str) -> Result<CancelPoResult> {
        let path = fill(&self.paths.po_cancel, &[("po_code", po_code)]);
        self.put_json::<(), _>(&path, None).await
    }
}

// ---------------------------------------------------------------------------------------------------------
// B2C shipments
// ---------------------------------------------------------------------------------------------------------

impl OnflowClient {
    /// Create a B2C shipment (status NEW), carrying our `merchant_tracking_code_reference`. Sent once: a
    /// transient failure (network, timeout, 5xx) is returned to the caller (`Error::outcome_unknown()`),
    /// whose journal looks the reference up ([`Self::find_shipment_by_reference`]) before any resend. When
    /// Onflow answers that the reference is already used (a resend after a lost answer), the existing
    /// shipment is looked up and returned instead of an error.
    pub async fn create_shipment(&self, shipment: &NewShipment) -> Result<CreatedShipment> {
        if !shipment.platform.is_marketplace() {
            tracing::debug!(platform = %shipment.platform, "non-marketplace platform sent to Onflow");
        }
        let created = self
            .post_json::<_, CreatedShipment>(&self.paths.shipment_create, shipment, Safety::Write)
            .await;
        match created {
            Err(e) if e.vendor_code() == Some(assumptions::DUPLICATE_REFERENCE_CODE) => {
                match self
                    .find_shipment_by_reference(&shipment.merchant_tracking_code_reference)
                    .await?
                {
                    Some(s) => Ok(CreatedShipment {
                        tracking_code: s.tracking_code,
                        merchant_tracking_code_reference: Some(s.merchant_tracking_code_reference),
                        status_info: s.status_info,
                        created_time: s.created_time,
                    }),
                    None => Err(e),
                }
            }
            other => other,
        }
    }

    pub async fn list_shipments(
        &self,
        query: &ShipmentQuery,
        page: u32,
        limit: u32,
    ) -> Result<Page<Shipment>> {
        self.page(
            &self.paths.shipment_list,
            &shipment_filters(query),
            page,
            limit,
        )
        .await
    }

    pub async fn list_all_shipments(&self, query: &ShipmentQuery) -> Result<Vec<Shipment>> {
        self.all_pages(&self.paths.shipment_list, &shipment_filters(query))
            .await
    }

    pub async fn shipment(&self, tracking_code: &str) -> Result<Shipment> {
        let path = fill(
            &self.paths.shipment_detail,
            &[("tracking_code", tracking_code)],
        );
        self.get(&path, &[]).await
    }

    /// Cancel a shipment; Onflow allows it only before HANDOVER (status 300).
    pub async fn cancel_shipment(&self, tracking_code: &str) -> Result<CancelResult> {
        let path = fill(
            &self.paths.shipment_cancel,
            &[("tracking_code", tracking_code)],
        );
        self.put_json::<(), _>(&path, None).await
    }

    /// The shipment created with our `merchant_tracking_code_reference`, if Onflow has it (the order
    /// outbox calls this after a timeout before re-sending). Matches exactly; if the server ignores the
    /// (undocumented) filter parameter, every page is scanned.
    pub async fn find_shipment_by_reference(&self, reference: &str) -> Result<Option<Shipment>> {
        if reference.is_empty() {
            return Ok(None);
        }
        let query = ShipmentQuery {
            merchant_tracking_code_reference: Some(reference.to_string()),
            ..Default::default()
        };
        let limit = self.pagination.page_size.max(1);
        let first = self.list_shipments(&query, 1, limit).await?;
        let filter_ignored = first
            .items
            .iter()
            .any(|s| s.merchant_tracking_code_reference != reference);
        if let Some(s) = first
            .items
            .iter()
            .find(|s| s.merchant_tracking_code_reference == reference)
        {
            return Ok(Some(s.clone()));
        }
        if !filter_ignored || !first.has_more() {
            return Ok(None);
        }
        let all = self.list_all_shipments(&ShipmentQuery::default()).await?;
        Ok(all
            .into_iter()
            .find(|s| s.merchant_tracking_code_reference == reference))
    }
}

fn shipment_filters(q: &ShipmentQuery) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    opt(
        &mut v,
        Filters::MERCHANT_TRACKING_CODE_REFERENCE,
        &q.merchant_tracking_code_reference,
    );
    opt(&mut v, Filters::WAREHOUSE_CODE, &q.warehouse_code);
    if let Some(s) = q.status {
        v.push((Filters::STATUS, s.to_string()));
    }
    v
}

// ---------------------------------------------------------------------------------------------------------
// Returns
// ---------------------------------------------------------------------------------------------------------

impl OnflowClient {
    /// Create a B2C return for an earlier shipment.
    pub async fn create_return(&self, ret: &NewReturn) -> Result<CreatedReturn> {
        self.post_json(&self.paths.return_create, ret, Safety::Write)
            .await
    }

    pub async fn list_returns(
        &self,
        query: &ReturnQuery,
        page: u32,
        limit: u32,
    ) -> Result<Page<ReturnShipment>> {
        let mut f = Vec::new();
        opt(
            &mut f,
            Filters::SHIPMENT_TRACKING_CODE,
            &query.shipment_tracking_code,
        );
        opt(&mut f, Filters::WAREHOUSE_CODE, &query.warehouse_code);
        self.page(&self.paths.return_list, &f, page, limit).await
    }

    pub async fn return_shipment(&self, return_tracking_code: &str) -> Result<ReturnShipment> {
        let path = fill(
            &self.paths.return_detail,
            &[("return_tracking_code", return_tracking_code)],
        );
        self.get(&path, &[]).await
    }

    pub async fn cancel_return(&self, return_tracking_code: &str) -> Result<CancelResult> {
        let path = fill(
            &self.paths.return_cancel,
            &[("return_tracking_code", return_tracking_code)],
        );
        self.put_json::<(), _>(&path, None).await
    }
}
