// Every TanStack Query cache key of the UI, and which keys each backend `data-changed` kind makes stale.
// Queries take their key from here (never a literal), so the invalidation map below is the whole story.
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { AddressOption, DataKind, GridQuery, LibraryFilter, ListingRef, MatchKind, OrderFilter } from "../ipc";

/**
 * Key roots by what the data is derived from. The `invalidatedBy` map names roots (or, rarely, one key under
 * a root); the functions under it build the keys of single queries (a prefix of each is its root).
 */
export const keys = {
  settings: {
    root: ["settings"] as const,
    current: () => [...keys.settings.root, "current"] as const,
    appInfo: () => [...keys.settings.root, "app-info"] as const,
    recovery: () => [...keys.settings.root, "recovery"] as const,
  },
  accounts: {
    root: ["accounts"] as const,
    workspace: () => [...keys.accounts.root, "workspace"] as const,
  },
  /** The home page: figures read from every local store, so every change makes them stale. */
  home: {
    root: ["home"] as const,
    summary: () => [...keys.home.root, "summary"] as const,
  },
  /** The stock cache: the grid, sync status and runs, product matching, listing details. */
  stock: {
    root: ["stock"] as const,
    grid: (query: GridQuery) => [...keys.stock.root, "grid", query] as const,
    syncStatus: () => [...keys.stock.root, "sync-status"] as const,
    /** "Sắp hết": the low products, and one product's limits. */
    lowStock: () => [...keys.stock.root, "low-stock"] as const,
    limits: (groupKey: string | null) => [...keys.stock.root, "limits", groupKey] as const,
    /** One grid row opened: its listings and stock history. */
    detail: (groupKey: string | null) => [...keys.stock.root, "detail", groupKey] as const,
    runs: (accountId: string | null) => [...keys.stock.root, "runs", accountId] as const,
    log: (runId: number | null) => [...keys.stock.root, "log", runId] as const,
    matching: (kind: MatchKind, search: string, offset: number) => [...keys.stock.root, "matching", kind, search, offset] as const,
    listings: () => [...keys.stock.root, "listing"] as const,
    listing: (listing: ListingRef | null) => [...keys.stock.listings(), listing] as const,
    /** Stock push: a preview reads the cache, so it goes stale with it. */
    pushPreview: (accountId: string | null) => [...keys.stock.root, "push-preview", accountId] as const,
    pushHistory: (accountId: string | null) => [...keys.stock.root, "push-history", accountId] as const,
    pushRun: (run: number | null) => [...keys.stock.root, "push-run", run] as const,
    pushRules: (accountId: string | null) => [...keys.stock.root, "push-rules", accountId] as const,
    /** The automatic push mode's latest outcome per account (the `push-auto` event refreshes it). */
    pushAuto: () => [...keys.stock.root, "push-auto"] as const,
    pushMapping: (accountId: string | null) => [...keys.stock.root, "push-mapping", accountId] as const,
  },
  /** What the order form and the import read from the stock cache: accounts' warehouses and catalogs. */
  catalog: {
    root: ["catalog"] as const,
    targets: () => [...keys.catalog.root, "targets"] as const,
    search: (accountId: string, query: string) => [...keys.catalog.root, "search", accountId, query] as const,
    /** The Onflow accounts and warehouses a PO can go to. */
    inboundTargets: () => [...keys.catalog.root, "inbound-targets"] as const,
    /** The accounts a new product can be created at, with Onflow's warehouses. */
    productAccounts: () => [...keys.catalog.root, "product-accounts"] as const,
    productOptions: (accountId: string) => [...keys.catalog.root, "product-options", accountId] as const,
  },
  /** Products sent from ShopDesk to the vendors (the product journal). */
  products: {
    root: ["products"] as const,
    list: () => [...keys.products.root, "list"] as const,
  },
  /** Goods in: the POs ShopDesk is sending (journal) and those read from the warehouse (cache). */
  inbound: {
    root: ["inbound"] as const,
    list: () => [...keys.inbound.root, "list"] as const,
    detail: (accountId: string, poCode: string) => [...keys.inbound.root, "detail", accountId, poCode] as const,
    bill: (accountId: string, poCode: string) => [...keys.inbound.root, "bill", accountId, poCode] as const,
  },
  /** Returns: the requests ShopDesk is sending (journal) and every vendor's returns (local list). */
  returns: {
    root: ["returns"] as const,
    list: () => [...keys.returns.root, "list"] as const,
    detail: (accountId: string, returnId: string) => [...keys.returns.root, "detail", accountId, returnId] as const,
    forOrder: (accountId: string, vendorOrderId: string) => [...keys.returns.root, "for-order", accountId, vendorOrderId] as const,
  },
  /** The orders list cache and the outbox of orders sent from ShopDesk. */
  orders: {
    root: ["orders"] as const,
    list: (filter: OrderFilter) => [...keys.orders.root, "list", filter] as const,
    counts: (filter: OrderFilter) => [...keys.orders.root, "counts", filter] as const,
    detail: (accountId: string, vendorOrderId: string) => [...keys.orders.root, "detail", accountId, vendorOrderId] as const,
    outbox: () => [...keys.orders.root, "outbox"] as const,
  },
  /** Live lookups at an account's vendor (carriers and sources, geo ids): they change with the account. */
  vendor: {
    root: ["vendor"] as const,
    orderOptions: (accountId: string | null) => [...keys.vendor.root, "order-options", accountId] as const,
    geo: (accountId: string | null, address: AddressOption | null) => [...keys.vendor.root, "geo", accountId, address] as const,
    /** The customers the vendors know by a typed phone (the order form's lookup). */
    customers: (phone: string) => [...keys.vendor.root, "customers", phone] as const,
    /** Whether each product can go into a PO for the warehouse. */
    lineChecks: (accountId: string | null, warehouseCode: string | null, oasins: readonly string[]) =>
      [...keys.vendor.root, "line-checks", accountId, warehouseCode, oasins] as const,
    /** An order's tracking page, asked of the vendor. */
    trackingLink: (accountId: string, vendorOrderId: string) => [...keys.vendor.root, "tracking-link", accountId, vendorOrderId] as const,
  },
  /** The bundled address lists (never change while the app runs). */
  address: {
    root: ["address"] as const,
    suggest: (query: string) => [...keys.address.root, "suggest", query] as const,
  },
  /** The app's own updates: what the update endpoint offers, and the version the user asked to see. */
  update: {
    root: ["update"] as const,
    status: () => [...keys.update.root, "status"] as const,
    /** The version a manual check found (shown even when skipped); `null` until the user checks. */
    requested: () => [...keys.update.root, "requested"] as const,
  },
  files: {
    root: ["files"] as const,
    config: () => [...keys.files.root, "config"] as const,
    jobs: () => [...keys.files.root, "jobs"] as const,
    library: (filter: LibraryFilter) => [...keys.files.root, "library", filter] as const,
  },
};

/**
 * Which cached queries a backend change makes stale. Typed against the generated `DataKind`: a new kind
 * does not compile until it is mapped here.
 */
export const invalidatedBy = {
  // the home page's figures are read from the accounts', stock, orders, PO and return stores: each change of
  // those makes them stale
  // the order targets and vendor lookups follow the accounts
  // (a removed account takes its POs and returns with it)
  accounts: [keys.home.root, keys.accounts.root, keys.catalog.root, keys.vendor.root, keys.inbound.root, keys.returns.root, keys.products.root],
  // a stock sync refreshes the catalog the order form searches, and the warehouses it offers
  stock: [keys.home.root, keys.stock.root, keys.catalog.root],
  // the Stock page's sync cards say when each account's orders were last synced
  orders: [keys.home.root, keys.orders.root, keys.stock.syncStatus()],
  files: [keys.files.root],
  // a PO stored, sent, refused, read from the warehouse or cancelled: the list and any open detail
  inbound: [keys.home.root, keys.inbound.root],
  // a return request stored, sent or refused, returns read from the vendors, a cancel: the list, any open
  // detail and the returns an open order shows
  returns: [keys.home.root, keys.returns.root],
  // a product stored, sent, refused or finished: the list of products sent from ShopDesk
  products: [keys.products.root],
} as const satisfies Record<DataKind, readonly QueryKey[]>;

/** Refetch everything `kind` makes stale (the `data-changed` listener, and mutations that change `kind`). */
export function invalidateKind(qc: QueryClient, kind: DataKind): Promise<void> {
  return Promise.all(invalidatedBy[kind].map((queryKey) => qc.invalidateQueries({ queryKey }))).then(() => undefined);
}
