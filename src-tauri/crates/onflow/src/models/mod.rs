//! Request and response models. Tolerant: unknown fields ignored (or kept in `extra`), ids as number or
//! string, `null` accepted, epoch seconds → `DateTime<Utc>`, money strings → VND `i64`.

mod common;
mod config;
mod po;
mod product;
mod shipment;
mod webhook;

pub use common::{
    CancelResult, Document, Lang, Platform, PoStatus, ProductStatus, ReturnStatus, ShipmentStatus,
    StatusInfo,
};
pub use config::{Brand, District, Province, UploadedFile, Ward, Warehouse};
pub use po::{
    CancelPoResult, CreatedPo, InspectionLine, NewPurchaseOrder, PoBill, PoItem, PoPackage,
    PoQuery, PurchaseOrder,
};
pub use product::{
    AssignProduct, CreatedProduct, NewProduct, Product, ProductQuery, ProductState, StockQuery,
    StockRow,
};
pub use shipment::{
    CreatedReturn, CreatedShipment, NewReturn, NewShipment, ReturnQuery, ReturnShipment, Shipment,
    ShipmentItem, ShipmentQuery,
};
pub use webhook::{PoEvent, ReturnEvent, ShipmentEvent, StockEvent, WebhookEvent, WebhookMeta};
