// The one seam between the UI and the Rust backend. Nothing outside src/ipc imports Tauri; UI tests swap the
// generated `commands` for the typed fake of src/test/fakeBackend.ts (so these wrappers run in tests too).
import { sharedEvent } from "./hub";
import {
  commands,
  events,
  type AccountView_Serialize,
  type AppError_Serialize,
  type ConnectionReport_Serialize,
  type GridPage_Serialize,
  type Column_Serialize,
  type GridQuery_Serialize,
  type GridRow_Serialize,
  type GroupDetail_Serialize,
  type DetailListing_Serialize,
  type AccountSyncStatus,
  type ExportResult,
  type SyncProgress,
  type ErrorCode,
  type NewAccount_Deserialize,
  type Settings_Serialize,
  type LowStockView_Serialize,
  type LowStockRow_Serialize,
  type StockLevel_Serialize,
  type Limits_Deserialize,
  type Workspace_Serialize,
  type ListingRef,
  type MatchingQuery,
  type MatchingPage_Serialize,
  type MatchItem_Serialize,
  type SyncRun_Serialize,
  type LogLine_Serialize,
  type ImportStats,
  type OrderDraft_Deserialize,
  type OutboxEntry_Serialize,
  type CatalogItem_Serialize,
  type CustomerLookup_Serialize,
  type CustomerOffer_Serialize,
  type AddressOption_Serialize,
  type GeoMatch_Serialize,
  type OrderTarget,
  type OrderId,
  type NewForm_Serialize,
  type OrderFilter_Deserialize,
  type OrderPage_Serialize,
  type OrderRow_Serialize,
  type OrderDetail_Serialize,
  type StatusCount,
  type JobUpdate_Serialize,
  type LibraryFile,
  type LibraryFilter_Deserialize,
  type FilesConfig,
  type FileJob,
  type ImportView_Serialize,
  type ImportSend_Deserialize,
  type ImportQueued,
  type ReportRow_Deserialize,
  type ExportFormat,
  type ListingView_Serialize,
  type DataFile,
  type DataKind,
  type OutboxListing_Serialize,
  type PushPreview_Serialize,
  type Plan_Serialize,
  type PlanRow_Serialize,
  type RuleSet_Serialize,
  type Rule_Serialize,
  type RunId,
  type RunSummary,
  type RunDetail,
  type PushProgress,
  type PushAuto_Serialize,
  type PushMapping,
  type Mapping,
  type Trip_Serialize,
  type UpdateStatus_Serialize,
  type AvailableUpdate_Serialize,
  type UpdateProgress_Serialize,
  type UpdateFailure,
  type DiagnosticsExport,
  type InboundTarget,
  type LineCheck_Serialize,
  type PoDraft_Deserialize,
  type PoRow_Serialize,
  type PoDetail_Serialize,
  type PoPackageDraft_Serialize,
  type PoLine_Serialize,
  type InspectionRow_Serialize,
  type PoImportView_Serialize,
  type PoImportQueued_Serialize,
  type ReturnDraft_Deserialize,
  type ReturnRow_Serialize,
  type ReturnDetail_Serialize,
  type ReturnLine_Serialize,
  type ProductDraft_Deserialize,
  type ProductRow_Serialize,
  type TargetRow_Serialize,
  type ChangeRow_Serialize,
  type ProductOptions_Serialize,
  type ProductTarget_Deserialize,
  type ProductImportView_Serialize,
  type ProductImportQueued_Serialize,
  type ProductChange_Deserialize,
  type EditPreview as EditPreview_Serialize,
  type FieldDiff as FieldDiff_Serialize,
  type SharedField as SharedField_Serialize,
  type VariantDraft_Deserialize,
  type VariantDraft_Serialize,
  type VendorFields_Deserialize,
  type OnflowFields_Deserialize,
  type ProductAttribute,
  type ProductAccount,
  type HomeSummary_Serialize,
  type HomeAccount_Serialize,
} from "./bindings";

export type {
  DataFile,
  DataKind,
  SyncPhase,
  RecoveryView,
  StoreProblem,
  AccountSyncStatus,
  AppInfo,
  ErrorCode,
  LogCode,
  ExportFormat,
  ExportResult,
  GridSort,
  ImportStats,
  Language,
  ListingRef,
  MatchKind,
  MatchingQuery,
  OnflowEnvironment,
  ShopChoice,
  SyncProgress,
  Vendor,
  OrderTarget,
  TargetWarehouse,
  OrderId,
  State as OutboxState,
  LegacyForm,
  GeoUnit,
  GeoProblem,
  OrderStatus,
  OrderLine,
  StatusCount,
  LibraryFile,
  FileKind,
  FilesConfig,
  FileJob,
  JobState,
  ImportQueued,
  ReportState,
  Step,
  SkipReason,
  RunId,
  RunSummary,
  RunDetail,
  RunRow,
  PushRunStatus,
  RowState,
  RowCounts,
  PushProgress,
  PushMapping,
  Mapping,
  WarehouseFeed,
  UpdateFailure,
  DiagnosticsExport,
  SendCode,
  InboundTarget,
  LineState,
  LineError,
  PoStage,
  SendState as PoSend,
  ReturnStage,
  PoDocument,
  ProductAttribute,
  ProductAccount,
  ProductWarehouse,
  TargetState,
  ListingRow,
  Period,
  DayPoint,
  Waiting,
  Arriving,
  ReturnsInProgress,
} from "./bindings";
/** What the backend sends (tauri-specta also emits the Deserialize shapes, which the UI never receives). */
export type AppError = AppError_Serialize;
export type Settings = Settings_Serialize;
export type LowStockView = LowStockView_Serialize;
export type LowStockRow = LowStockRow_Serialize;
export type StockLevel = StockLevel_Serialize;
export type Limits = Limits_Deserialize;
export type AccountView = AccountView_Serialize;
export type ConnectionReport = ConnectionReport_Serialize;
export type NewAccount = NewAccount_Deserialize;
export type Workspace = Workspace_Serialize;
/** A complete grid query (every field set; the backend also accepts partial ones). */
export type GridQuery = GridQuery_Serialize;
export type GridPage = GridPage_Serialize;
export type GridColumn = Column_Serialize;
export type GridRow = GridRow_Serialize;
/** A grid row opened: its listings per vendor account and its stock history. */
export type GroupDetail = GroupDetail_Serialize;
export type DetailListing = DetailListing_Serialize;
export type { StockChange } from "./bindings";
export type MatchingPage = MatchingPage_Serialize;
export type MatchItem = MatchItem_Serialize;
export type SyncRun = SyncRun_Serialize;
export type LogLine = LogLine_Serialize;
/** An order as the form builds it (optional fields may be left out). */
export type OrderDraft = OrderDraft_Deserialize;
export type OutboxEntry = OutboxEntry_Serialize;
export type OutboxListing = OutboxListing_Serialize;
export type CatalogItem = CatalogItem_Serialize;
export type CustomerLookup = CustomerLookup_Serialize;
export type CustomerOffer = CustomerOffer_Serialize;
export type AddressOption = AddressOption_Serialize;
export type GeoMatch = GeoMatch_Serialize;
export type NewForm = NewForm_Serialize;
export type OrderFilter = OrderFilter_Deserialize;
export type OrderPage = OrderPage_Serialize;
export type OrderRow = OrderRow_Serialize;
/** The home page's figures (local stores only). */
export type HomeSummary = HomeSummary_Serialize;
export type HomeAccount = HomeAccount_Serialize;
export type OrderDetail = OrderDetail_Serialize;
export type PushAuto = PushAuto_Serialize;
export type Trip = Trip_Serialize;
export type JobUpdate = JobUpdate_Serialize;
export type LibraryFilter = LibraryFilter_Deserialize;
export type ImportView = ImportView_Serialize;
export type ImportSend = ImportSend_Deserialize;
export type ReportRow = ReportRow_Deserialize;
export type ListingView = ListingView_Serialize;
export type PushPreview = PushPreview_Serialize;
/** A push plan as the preview shows it (`pushApply` takes the preview's id, never the plan back). */
export type Plan = Plan_Serialize;
export type PlanRow = PlanRow_Serialize;
/** A POS account's push rules (the same shape both ways: every field sent). */
export type RuleSet = RuleSet_Serialize;
export type Rule = Rule_Serialize;
/** The running version and what the update endpoint offers. */
export type UpdateStatus = UpdateStatus_Serialize;
export type AvailableUpdate = AvailableUpdate_Serialize;
export type UpdateProgress = UpdateProgress_Serialize;
/** Goods in: a PO as the form builds it, as the list and detail show it, and the vendor's answers. */
export type PoDraft = PoDraft_Deserialize;
export type PoRow = PoRow_Serialize;
export type PoDetail = PoDetail_Serialize;
export type PoPackageDraft = PoPackageDraft_Serialize;
export type PoLine = PoLine_Serialize;
export type InspectionRow = InspectionRow_Serialize;
export type LineCheck = LineCheck_Serialize;
/** Bulk POs from a file: the preview (POs, their rows and errors) and what the journal took. */
export type PoImportView = PoImportView_Serialize;
export type PoImportQueued = PoImportQueued_Serialize;
/** Returns: a request as the form builds it, a return as the list and detail show it. */
export type ReturnDraft = ReturnDraft_Deserialize;
export type ReturnRow = ReturnRow_Serialize;
export type ReturnDetail = ReturnDetail_Serialize;
export type ReturnLine = ReturnLine_Serialize;
/** Products born once: the form's draft and its parts, a product's per-account results. */
export type ProductDraft = ProductDraft_Deserialize;
export type VariantDraft = VariantDraft_Serialize;
export type VariantInput = VariantDraft_Deserialize;
export type VendorFields = VendorFields_Deserialize;
export type OnflowFields = OnflowFields_Deserialize;
export type ProductRow = ProductRow_Serialize;
export type TargetRow = TargetRow_Serialize;
export type ChangeRow = ChangeRow_Serialize;
export type ProductOptions = ProductOptions_Serialize;
export type ProductImportView = ProductImportView_Serialize;
export type ProductImportQueued = ProductImportQueued_Serialize;
export type ProductTarget = ProductTarget_Deserialize;
export type ProductChange = ProductChange_Deserialize;
export type EditPreview = EditPreview_Serialize;
export type FieldDiff = FieldDiff_Serialize;
export type SharedField = SharedField_Serialize;

type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

/** A failed backend call, carrying the `{code, message, details}` error that crossed IPC. */
export class IpcError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = "IpcError";
    this.error = error;
  }
  get code(): ErrorCode {
    return this.error.code;
  }
}

const CODES: readonly ErrorCode[] = [
  "unauthorized",
  "forbidden",
  "rateLimited",
  "validation",
  "notFound",
  "vendorRejected",
  "network",
  "timeout",
  "keyringUnavailable",
  "keyringLocked",
  "conflict",
  "internal",
];

function isAppError(e: unknown): e is AppError {
  return (
    typeof e === "object" &&
    e !== null &&
    "code" in e &&
    "message" in e &&
    CODES.includes((e as { code: ErrorCode }).code)
  );
}

/** Any thrown value as an AppError (a failure inside Tauri itself becomes `Internal`). */
export function toAppError(e: unknown): AppError {
  if (e instanceof IpcError) return e.error;
  if (isAppError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return { code: "internal", message };
}

function unwrap<T>(r: Result<T, AppError>): T {
  if (r.status === "ok") return r.data;
  throw new IpcError(r.error);
}

export const ipc = {
  appInfo: () => commands.appInfo(),
  recoveryStatus: () => commands.recoveryStatus(),
  recoveryRetry: async () => unwrap(await commands.recoveryRetry()),
  recoveryRebuildCaches: async () => unwrap(await commands.recoveryRebuildCaches()),
  recoverySetAside: async (file: DataFile) => unwrap(await commands.recoverySetAside(file)),
  recoveryQuit: () => commands.recoveryQuit(),
  uiReady: () => commands.uiReady(),
  /** The stock grid painted its first rows (the start-up benchmark's second mark). */
  uiFirstRows: () => commands.uiFirstRows(),
  updateCheck: async (): Promise<UpdateStatus> => unwrap(await commands.updateCheck()),
  /** "Để sau": the start-up check stops offering `version`; answers the saved settings. */
  updateSkip: async (version: string): Promise<Settings> => unwrap(await commands.updateSkip(version)),
  /** Download, verify and install `version`, then restart into it: answers only why it did NOT install. */
  updateInstall: async (version: string): Promise<UpdateFailure> => unwrap(await commands.updateInstall(version)),
  /** Download progress of the update being installed. */
  onUpdateProgress: sharedEvent<UpdateProgress>((emit) => events.updateProgress.listen((e) => emit(e.payload))),
  /** Save the diagnostics zip where the user chooses (`null`: the save dialog was cancelled). */
  diagnosticsExport: async (): Promise<DiagnosticsExport | null> => unwrap(await commands.diagnosticsExport()),
  getSettings: () => commands.getSettings(),
  setLanguage: async (language: "vi" | "en") => unwrap(await commands.setLanguage(language)),
  workspace: async () => unwrap(await commands.workspace()),
  pancakeShops: async (apiKey: string, baseUrl: string | null) => unwrap(await commands.pancakeShops(apiKey, baseUrl)),
  nhanhOpenConsent: async (appId: number, returnLink: string, baseUrl: string | null) =>
    unwrap(await commands.nhanhOpenConsent(appId, returnLink, baseUrl)),
  accountAdd: async (input: NewAccount) => unwrap(await commands.accountAdd(input)),
  accountTest: async (id: string) => unwrap(await commands.accountTest(id)),
  accountRename: async (id: string, label: string) => unwrap(await commands.accountRename(id, label)),
  accountReplaceSecret: async (id: string, name: string, value: string) =>
    unwrap(await commands.accountReplaceSecret(id, name, value)),
  accountRemove: async (id: string) => unwrap(await commands.accountRemove(id)),
  demoStart: async () => unwrap(await commands.demoStart()),
  demoLeave: async () => unwrap(await commands.demoLeave()),
  setStockSettings: async (lowStockThreshold: number, syncIntervalSeconds: number, syncBudgetPercent: number) =>
    unwrap(await commands.setStockSettings(lowStockThreshold, syncIntervalSeconds, syncBudgetPercent)),
  stockGrid: async (query: GridQuery): Promise<GridPage> => unwrap(await commands.stockGrid(query)),
  /** One grid row opened (`null`: a sync regrouped it meanwhile). */
  stockDetail: async (groupKey: string): Promise<GroupDetail | null> => unwrap(await commands.stockDetail(groupKey)),
  stockExport: async (query: GridQuery, format: "csv" | "xlsx"): Promise<ExportResult | null> =>
    unwrap(await commands.stockExport(query, format)),
  syncStatus: async (): Promise<AccountSyncStatus[]> => unwrap(await commands.syncStatus()),
  /** The products below their minimum ("Sắp hết"), with sales speed and a suggested quantity. */
  lowStockView: async (): Promise<LowStockView> => unwrap(await commands.lowStockView()),
  /** One product group's limits: the user's, the vendor's and those in force (`null`: no figure to judge). */
  stockLimits: async (groupKey: string): Promise<StockLevel | null> => unwrap(await commands.stockLimits(groupKey)),
  setStockLimits: async (groupKey: string, limits: Limits) => unwrap(await commands.setStockLimits(groupKey, limits)),
  lowStockExport: async (format: ExportFormat): Promise<ExportResult | null> => unwrap(await commands.lowStockExport(format)),
  setLowStockMuted: async (muted: boolean): Promise<Settings> => unwrap(await commands.setLowStockMuted(muted)),
  syncNow: () => commands.syncNow(),
  /** The home page's figures, from the local stores only (instant, offline too). */
  homeSummary: async (): Promise<HomeSummary> => unwrap(await commands.homeSummary()),
  matchingList: async (query: MatchingQuery): Promise<MatchingPage> => unwrap(await commands.matchingList(query)),
  matchingMatch: async (listing: ListingRef, groupKey: string) => unwrap(await commands.matchingMatch(listing, groupKey)),
  matchingUnmatch: async (listing: ListingRef) => unwrap(await commands.matchingUnmatch(listing)),
  matchingClear: async (listing: ListingRef) => unwrap(await commands.matchingClear(listing)),
  mappingExport: async () => unwrap(await commands.mappingExport()),
  mappingImport: async (): Promise<ImportStats | null> => unwrap(await commands.mappingImport()),
  syncRuns: async (accountId: string): Promise<SyncRun[]> => unwrap(await commands.syncRuns(accountId)),
  syncLog: async (runId: number): Promise<LogLine[]> => unwrap(await commands.syncLog(runId)),
  orderTargets: async (): Promise<OrderTarget[]> => unwrap(await commands.orderTargets()),
  catalogSearch: async (accountId: string, query: string): Promise<CatalogItem[]> =>
    unwrap(await commands.catalogSearch(accountId, query)),
  orderSubmit: async (draft: OrderDraft): Promise<OutboxEntry> => unwrap(await commands.orderSubmit(draft)),
  orderOutbox: async (): Promise<OutboxListing> => unwrap(await commands.orderOutbox()),
  orderOptions: async (accountId: string) => unwrap(await commands.orderOptions(accountId)),
  customerLookup: async (phone: string): Promise<CustomerLookup> => unwrap(await commands.customerLookup(phone)),
  orderRetry: async (id: OrderId): Promise<OutboxEntry> => unwrap(await commands.orderRetry(id)),
  addressSuggest: (query: string): Promise<AddressOption[]> => commands.addressSuggest(query),
  addressResolve: async (accountId: string, address: AddressOption): Promise<GeoMatch> =>
    unwrap(await commands.addressResolve(accountId, address)),
  ordersList: async (filter: OrderFilter): Promise<OrderPage> => unwrap(await commands.ordersList(filter)),
  ordersStatusCounts: async (filter: OrderFilter): Promise<StatusCount[]> =>
    unwrap(await commands.ordersStatusCounts(filter)),
  orderDetail: async (accountId: string, vendorOrderId: string): Promise<OrderDetail | null> =>
    unwrap(await commands.orderDetail(accountId, vendorOrderId)),
  orderCancel: async (accountId: string, vendorOrderId: string): Promise<OrderDetail> =>
    unwrap(await commands.orderCancel(accountId, vendorOrderId)),
  ordersSync: async () => unwrap(await commands.ordersSync()),
  orderResend: async (id: OrderId, draft: OrderDraft): Promise<OutboxEntry> => unwrap(await commands.orderResend(id, draft)),
  orderDismiss: async (id: OrderId): Promise<OutboxEntry> => unwrap(await commands.orderDismiss(id)),
  orderTrackingLink: async (accountId: string, vendorOrderId: string): Promise<string | null> =>
    unwrap(await commands.orderTrackingLink(accountId, vendorOrderId)),
  orderOpenTracking: async (accountId: string, vendorOrderId: string): Promise<string> =>
    unwrap(await commands.orderOpenTracking(accountId, vendorOrderId)),
  orderPrintLabel: async (accountId: string, vendorOrderId: string): Promise<string> =>
    unwrap(await commands.orderPrintLabel(accountId, vendorOrderId)),
  orderSlipCapture: async (vendorOrderId: string, html: string): Promise<boolean> =>
    unwrap(await commands.orderSlipCapture(vendorOrderId, html)),
  ordersExport: async (filter: OrderFilter, format: ExportFormat): Promise<string | null> =>
    unwrap(await commands.ordersExport(filter, format)),
  importTemplate: async (format: ExportFormat): Promise<string | null> => unwrap(await commands.importTemplate(format)),
  importPreview: async (accountId: string, warehouseId: string): Promise<ImportView | null> =>
    unwrap(await commands.importPreview(accountId, warehouseId)),
  importSend: async (orders: ImportSend[]): Promise<ImportQueued[]> => unwrap(await commands.importSend(orders)),
  importReport: async (rows: ReportRow[], format: ExportFormat): Promise<string | null> =>
    unwrap(await commands.importReport(rows, format)),
  listingDetail: async (listing: ListingRef): Promise<ListingView | null> => unwrap(await commands.listingDetail(listing)),
  listingAddImage: async (listing: ListingRef, url: string): Promise<string[]> =>
    unwrap(await commands.listingAddImage(listing, url)),
  filesConfig: (): Promise<FilesConfig> => commands.filesConfig(),
  filesUploadPick: async (accountId: string): Promise<number[]> => unwrap(await commands.filesUploadPick(accountId)),
  filesUploadPaths: async (accountId: string, paths: string[]): Promise<number[]> =>
    unwrap(await commands.filesUploadPaths(accountId, paths)),
  filesJobs: async (): Promise<JobUpdate[]> => unwrap(await commands.filesJobs()),
  filesCancel: async (jobId: number) => unwrap(await commands.filesCancel(jobId)),
  filesRetry: async (jobId: number) => unwrap(await commands.filesRetry(jobId)),
  filesClearFinished: async () => unwrap(await commands.filesClearFinished()),
  filesList: async (filter: LibraryFilter): Promise<LibraryFile[]> => unwrap(await commands.filesList(filter)),
  filesRemove: async (id: number) => unwrap(await commands.filesRemove(id)),
  filesOpen: async (id: number) => unwrap(await commands.filesOpen(id)),
  /** Upload progress and state changes of the file queue. */
  onFileJob: sharedEvent<FileJob>((emit) => events.fileJob.listen((e) => emit(e.payload))),
  /** Paths of files dropped on the window (Tauri's drag-drop event; the webview never reads the bytes). */
  onFileDrop: sharedEvent<string[]>(async (emit) => {
    const { getCurrentWebview } = await import("@tauri-apps/api/webview");
    return getCurrentWebview().onDragDropEvent((e) => {
      if (e.payload.type === "drop") emit(e.payload.paths);
    });
  }),
  /** The Onflow accounts of the workspace shown, with the warehouses a PO can go to. */
  inboundTargets: async (): Promise<InboundTarget[]> => unwrap(await commands.inboundTargets()),
  /** Whether each product can go into a PO for the warehouse (asked of the vendor). */
  inboundCheckLines: async (accountId: string, warehouseCode: string, oasins: string[]): Promise<LineCheck[]> =>
    unwrap(await commands.inboundCheckLines(accountId, warehouseCode, oasins)),
  /** A fresh reference for a new PO (the owner may change it). */
  poNewReference: (): Promise<string> => commands.poNewReference(),
  /** Validate and store the PO; it is sent once in the background (field errors come back as Validation). */
  poSubmit: async (draft: PoDraft): Promise<PoRow> => unwrap(await commands.poSubmit(draft)),
  /** Every PO of the workspace: those ShopDesk is sending and those read from the warehouse. */
  poList: async (): Promise<PoRow[]> => unwrap(await commands.poList()),
  /** Re-read every Onflow account's POs from the vendor. */
  poSync: async () => unwrap(await commands.poSync()),
  poDetail: async (accountId: string, poCode: string): Promise<PoDetail> => unwrap(await commands.poDetail(accountId, poCode)),
  /** The URL of the PO bill (a PDF). */
  poBill: async (accountId: string, poCode: string): Promise<string> => unwrap(await commands.poBill(accountId, poCode)),
  poCancel: async (accountId: string, poCode: string): Promise<PoDetail> => unwrap(await commands.poCancel(accountId, poCode)),
  /** Look a PO whose send is unclear up at the vendor, and send it only if the vendor does not hold it. */
  poRetry: async (reference: string): Promise<PoRow> => unwrap(await commands.poRetry(reference)),
  /** Drop a PO the vendor refused (nothing exists at the vendor). */
  poDiscard: async (reference: string) => unwrap(await commands.poDiscard(reference)),
  /** Save the PO template (`null`: the owner cancelled the dialog). */
  poImportTemplate: async (format: ExportFormat): Promise<string | null> => unwrap(await commands.poImportTemplate(format)),
  /** Pick a file and check its rows for the account (`null`: cancelled); nothing is stored. */
  poImportPreview: async (accountId: string): Promise<PoImportView | null> => unwrap(await commands.poImportPreview(accountId)),
  /** Store the valid POs in the journal; each is sent once in the background. */
  poImportSend: async (pos: PoDraft[]): Promise<PoImportQueued[]> => unwrap(await commands.poImportSend(pos)),
  poImportReport: async (rows: ReportRow[], format: ExportFormat): Promise<string | null> =>
    unwrap(await commands.poImportReport(rows, format)),
  /** A fresh reference for a new return request (the owner may change it). */
  returnNewReference: (): Promise<string> => commands.returnNewReference(),
  /** Validate and store the return request; it is sent once in the background (field errors come back as Validation). */
  returnSubmit: async (draft: ReturnDraft): Promise<ReturnRow> => unwrap(await commands.returnSubmit(draft)),
  /** Every return of the workspace: requests ShopDesk is sending and the returns the vendors report. */
  returnList: async (): Promise<ReturnRow[]> => unwrap(await commands.returnList()),
  /** The returns of one order (the order detail links to them). */
  returnsForOrder: async (accountId: string, vendorOrderId: string): Promise<ReturnRow[]> =>
    unwrap(await commands.returnsForOrder(accountId, vendorOrderId)),
  /** Re-read every account's returns from the vendors. */
  returnsSync: async () => unwrap(await commands.returnsSync()),
  returnDetail: async (accountId: string, returnId: string): Promise<ReturnDetail> => unwrap(await commands.returnDetail(accountId, returnId)),
  returnCancel: async (accountId: string, returnId: string): Promise<ReturnDetail> => unwrap(await commands.returnCancel(accountId, returnId)),
  /** Look a request whose send is unclear up at the vendor, and send it only if the vendor does not hold it. */
  returnRetry: async (reference: string): Promise<ReturnRow> => unwrap(await commands.returnRetry(reference)),
  /** Drop a request the vendor refused (nothing exists at the vendor). */
  returnDiscard: async (reference: string) => unwrap(await commands.returnDiscard(reference)),
  productNewReference: (): Promise<string> => commands.productNewReference(),
  /** The variants of the attributes, SKUs generated from the product's; the owner's edits of the ones kept survive. */
  productVariants: (sku: string, attributes: ProductAttribute[], existing: VariantInput[]): Promise<VariantDraft[]> =>
    commands.productVariants(sku, attributes, existing),
  productAccounts: async (): Promise<ProductAccount[]> => unwrap(await commands.productAccounts()),
  productOptions: async (accountId: string): Promise<ProductOptions> => unwrap(await commands.productOptions(accountId)),
  /** Checked against every account's listings, stored, then sent to each account once in the background. */
  productSubmit: async (draft: ProductDraft): Promise<ProductRow> => unwrap(await commands.productSubmit(draft)),
  productList: async (): Promise<ProductRow[]> => unwrap(await commands.productList()),
  /** Send one account's refused records again (its unclear ones are looked up first). */
  productRetry: async (reference: string, accountId: string): Promise<ProductRow> => unwrap(await commands.productRetry(reference, accountId)),
  /** What an edit would change, and at which accounts (nothing stored). */
  productEditPreview: async (reference: string, change: ProductChange): Promise<EditPreview> => unwrap(await commands.productEditPreview(reference, change)),
  productEdit: async (reference: string, change: ProductChange): Promise<ProductRow> => unwrap(await commands.productEdit(reference, change)),
  productRetire: async (reference: string): Promise<ProductRow> => unwrap(await commands.productRetire(reference)),
  /** Bulk products from a file: the template, the preview for the chosen accounts, the send, the report. */
  productImportTemplate: async (format: ExportFormat): Promise<string | null> => unwrap(await commands.productImportTemplate(format)),
  productImportPreview: async (targets: ProductTarget[]): Promise<ProductImportView | null> => unwrap(await commands.productImportPreview(targets)),
  productImportSend: async (drafts: ProductDraft[]): Promise<ProductImportQueued[]> => unwrap(await commands.productImportSend(drafts)),
  productImportReport: async (rows: ReportRow[], format: ExportFormat): Promise<string | null> => unwrap(await commands.productImportReport(rows, format)),
  pushPreview: async (accountId: string): Promise<PushPreview> => unwrap(await commands.pushPreview(accountId)),
  pushRules: async (accountId: string): Promise<RuleSet> => unwrap(await commands.pushRules(accountId)),
  pushSetRules: async (accountId: string, rules: RuleSet) => unwrap(await commands.pushSetRules(accountId, rules)),
  pushApply: async (preview: number, selected: number[]): Promise<RunId> => unwrap(await commands.pushApply(preview, selected)),
  pushUndo: async (run: RunId): Promise<RunId> => unwrap(await commands.pushUndo(run)),
  pushCancel: async (run: RunId) => unwrap(await commands.pushCancel(run)),
  pushHistory: async (accountId: string): Promise<RunSummary[]> => unwrap(await commands.pushHistory(accountId)),
  pushRun: async (run: RunId): Promise<RunDetail> => unwrap(await commands.pushRun(run)),
  pushAutoStatus: async (): Promise<PushAuto[]> => unwrap(await commands.pushAutoStatus()),
  pushMapping: async (accountId: string): Promise<PushMapping> => unwrap(await commands.pushMapping(accountId)),
  pushSetMapping: async (accountId: string, mapping: Mapping | null) =>
    unwrap(await commands.pushSetMapping(accountId, mapping)),
  /** The automatic push mode decided for an account after a sync (started, held, stood down, nothing). */
  onPushAuto: sharedEvent<PushAuto>((emit) => events.pushAuto.listen((e) => emit(e.payload))),
  onPushProgress: sharedEvent<PushProgress>((emit) => events.pushProgress.listen((e) => emit(e.payload))),
  onSyncProgress: sharedEvent<SyncProgress>((emit) => events.syncProgress.listen((e) => emit(e.payload))),
  /** Calls `cb` with the kind of data that changed in the backend; returns the unsubscribe function. */
  onDataChanged: sharedEvent<DataKind>((emit) => events.dataChanged.listen((e) => emit(e.payload.kind))),
};
