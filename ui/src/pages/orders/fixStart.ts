import type { OutboxEntry } from "../../ipc";
import { EMPTY_VENDOR_FIELDS, type ItemRow, type VendorFields } from "../../lib/orders";
import type { Payment } from "./form/PaymentSection";

/** What the order form starts with when it opens a refused outbox entry to be fixed. */
export interface FixStart {
  accountId: string;
  warehouseId: string;
  name: string;
  phone: string;
  street: string;
  items: ItemRow[];
  payment: Payment;
  vendorFields: VendorFields;
}

/** The refused entry's draft as the form's fields (its lines keep their SKU, ids, quantity and prices). */
export function fixStart(e: OutboxEntry): FixStart {
  const d = e.draft;
  const x = d.extras;
  return {
    accountId: d.target.accountId,
    warehouseId: d.target.warehouseId,
    name: d.customer.name,
    phone: d.customer.phone,
    street: d.address.line1,
    items: d.items.map((i, n) => ({
      key: `fix/${e.id}/${n}`,
      item: {
        vendorProductId: i.productId ?? "",
        vendorVariationId: i.variationId ?? "",
        sku: i.sku || null,
        barcode: null,
        name: i.sku,
        priceVnd: i.unitPrice,
        // the stock is not known for a line read back from the outbox: no shortage is claimed
        stock: [],
      },
      quantity: i.quantity,
      unitPrice: i.unitPrice,
      discount: i.discount,
    })),
    payment: {
      orderDiscount: d.orderDiscount,
      shippingFee: d.shippingFee,
      codManual: d.cod !== null,
      cod: d.cod ?? 0,
      note: d.note ?? "",
    },
    vendorFields: {
      onflow: x.onflow
        ? {
            platform: x.onflow.platform || null,
            marketplaceRef: x.onflow.marketplaceOrderRef ?? "",
            waybill: x.onflow.waybill ?? "",
            documents: x.onflow.documentUrls,
          }
        : EMPTY_VENDOR_FIELDS.onflow,
      nhanh: x.nhanh ? { carrierId: x.nhanh.carrierId, carrierServiceId: x.nhanh.carrierServiceId } : EMPTY_VENDOR_FIELDS.nhanh,
      pancake: x.pancake ? { orderSource: x.pancake.orderSource } : EMPTY_VENDOR_FIELDS.pancake,
    },
  };
}

/** The entered address's units on one line ("Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"). */
export function keptAddressText(a: OutboxEntry["draft"]["address"]): string {
  return [a.line1, a.ward, a.district, a.province].filter((p) => p && p.trim()).join(", ");
}
