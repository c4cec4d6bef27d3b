// A typed stand-in for the Rust backend in UI tests. It replaces the generated `commands` of
// src/ipc/bindings.ts, so the real `ipc` wrappers (result unwrapping, IpcError) run against it; a handler
// is typed by the generated command's parameters and answer, so renaming or reshaping a command in Rust
// breaks the test build. Events go through Tauri's own mock IPC, so the app's listeners (data-changed,
// file-job, sync-progress, file drops) receive what a test emits.
//
// In a test file:
//   vi.mock("../ipc/bindings", async (orig) => (await import("../test/fakeBackend")).fakeBindings(await orig()));
//   beforeEach(() => backend.reset({ workspace: () => ({ ... }) }));
import { emit as tauriEmit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type { AppError_Serialize, AvailableUpdate_Serialize, commands, events, UpdateFailure } from "../ipc/bindings";
import { resetEventHubs } from "../ipc/hub";
import { resetReadsOnOpen } from "../queries/readOnOpen";

type Commands = typeof commands;
export type CommandName = keyof Commands;
type Raw<K extends CommandName> = Awaited<ReturnType<Commands[K]>>;
/** What the command answers: the `data` of a `Result` command, else its plain value. */
export type Answer<K extends CommandName> =
  [Extract<Raw<K>, { status: "error" }>] extends [never] ? Raw<K> : Extract<Raw<K>, { status: "ok" }>["data"];
export type Handler<K extends CommandName> = (...args: Parameters<Commands[K]>) => Answer<K> | Promise<Answer<K>>;
export type Handlers = { [K in CommandName]?: Handler<K> };

/** Commands that answer a plain value (no `Result`): a failure rejects the promise instead. */
type PlainName = { [K in CommandName]: [Extract<Raw<K>, { status: "error" }>] extends [never] ? K : never }[CommandName];
const PLAIN = [
  "appInfo",
  "uiReady",
  "uiFirstRows",
  "recoveryStatus",
  "recoveryQuit",
  "getSettings",
  "syncNow",
  "filesConfig",
  "addressSuggest",
  "poNewReference",
  "returnNewReference",
  "productNewReference",
  "productVariants",
] as const satisfies readonly PlainName[];
// every plain command is listed (a new one fails here until it is)
const plainListed: [Exclude<PlainName, (typeof PLAIN)[number]>] extends [never] ? true : false = true;
void plainListed;
const plain = new Set<string>(PLAIN);

/** Thrown by a handler: the backend answers this error (`{code, message, details}`). */
export class FakeFailure {
  constructor(readonly error: AppError_Serialize) {}
}
export function fail(code: AppError_Serialize["code"], message: string = code, details?: AppError_Serialize["details"]): never {
  throw new FakeFailure(details ? { code, message, details } : { code, message });
}

const SETTINGS = {
  language: "vi",
  demoDismissed: false,
  lowStockThreshold: 5,
  lowStockMuted: false,
  syncIntervalSeconds: 0,
  syncBudgetPercent: 30,
  updateSkippedVersion: null,
} as const satisfies Answer<"getSettings">;

/** The version the fake app runs. */
export const CURRENT_VERSION = "0.1.0";

/** Home's figures on a fresh install: nothing sold, nothing waiting. */
export const HOME_SUMMARY = {
  todayFrom: "2026-12-03T17:00:00+00:00",
  weekFrom: "2026-11-30T17:00:00+00:00",
  until: "2026-12-04T17:00:00+00:00",
  today: { orders: 0, revenue: 0, cancelled: 0 },
  week: { orders: 0, revenue: 0, cancelled: 0 },
  accounts: [],
  waiting: { confirm: 0, pack: 0, ship: 0 },
  outboxAttention: 0,
  lowStock: 0,
  lowThreshold: 5,
  arriving: { transit: 0, receiving: 0 },
  returns: { requested: 0, inTransit: 0, received: 0 },
  series: [],
} as const satisfies Answer<"homeSummary">;

/** The answers every test starts from: a fresh install (no accounts, Vietnamese, nothing synced, no update). */
const DEFAULTS: Handlers = {
  appInfo: () => ({ name: "ShopDesk", version: CURRENT_VERSION, channel: "dev" }),
  uiReady: () => undefined,
  uiFirstRows: () => undefined,
  recoveryStatus: () => null,
  getSettings: () => ({ ...SETTINGS }),
  updateCheck: () => ({ current: CURRENT_VERSION, available: null }),
  updateSkip: (version) => ({ ...SETTINGS, updateSkippedVersion: version }),
  // a successful install restarts the app: the call never answers
  updateInstall: () => new Promise<never>(() => undefined),
  diagnosticsExport: () => ({ path: "/home/user/shopdesk-diagnostics.zip", entries: ["versions.json", "logs/shopdesk.log"] }),
  workspace: () => ({ demo: false, accounts: [], unreadableAccounts: 0 }),
  stockGrid: () => ({ totalRows: 0, rows: [], columns: [] }),
  syncStatus: () => [],
  syncNow: () => undefined,
  homeSummary: () => HOME_SUMMARY,
  matchingList: () => ({ total: 0, items: [] }),
  orderTargets: () => [],
  catalogSearch: () => [],
  customerLookup: () => ({ phone: null, offers: [], unavailable: [] }),
  orderOutbox: () => ({ entries: [], unreadable: [] }),
  ordersList: () => ({ rows: [], total: 0 }),
  ordersStatusCounts: () => [],
  filesConfig: () => ({ maxBytes: 10 * 1024 * 1024, kinds: ["pdf", "png", "jpeg", "webp", "docx", "xlsx"], extensions: [] }),
  filesJobs: () => [],
  filesList: () => [],
  addressSuggest: () => [],
  pushAutoStatus: () => [],
  inboundTargets: () => [],
  // every product accepted, until a test says otherwise
  inboundCheckLines: (_accountId, _warehouseCode, oasins) => oasins.map((oasin) => ({ oasin, state: "ready", vendorStatus: "ACTIVE" })),
  poNewReference: () => "SD-PO-0000000000000001",
  poList: () => [],
  poSync: () => null,
  returnNewReference: () => "SD-RT-0000000000000001",
  returnList: () => [],
  returnsSync: () => null,
  returnsForOrder: () => [],
};

/** The event names as the generated `events` emit them. */
const EVENT_NAMES = {
  dataChanged: "data-changed",
  fileJob: "file-job",
  pushAuto: "push-auto",
  pushProgress: "push-progress",
  syncProgress: "sync-progress",
  updateProgress: "update-progress",
} as const satisfies Record<keyof typeof events, string>;
type Events = typeof events;
export type EventPayload<E extends keyof Events> = Parameters<Parameters<Events[E]["listen"]>[0]>[0]["payload"];

const DRAG_DROP = "tauri://drag-drop";
type Invoke = (cmd: string, args?: unknown, options?: unknown) => Promise<unknown>;

export interface Call {
  name: CommandName;
  args: unknown[];
}

class FakeBackend {
  private handlers: Handlers = { ...DEFAULTS };
  /** Every command the UI called, in order. */
  calls: Call[] = [];

  /** Start over: the defaults, overridden by `handlers`; no calls; Tauri's event and window mocks. */
  reset(handlers: Handlers = {}) {
    this.handlers = { ...DEFAULTS, ...handlers };
    this.calls = [];
    clearMocks();
    // the app's shared event listeners lived in the old mock: the next subscriber listens again
    resetEventHubs();
    // and every page opens as in a fresh app: it reads its vendors
    resetReadsOnOpen();
    mockWindows("main");
    mockIPC((cmd) => {
      throw new Error(`fake backend: unexpected raw invoke of ${cmd}`);
    }, { shouldMockEvents: true });
    // count the app's listeners per event, so an emit can wait until the app listens
    this.listening.clear();
    const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: Invoke } }).__TAURI_INTERNALS__;
    const invoke = internals.invoke;
    internals.invoke = (cmd, args, options) => {
      const event = (args as { event?: string } | undefined)?.event;
      if (event && cmd === "plugin:event|listen") this.listening.set(event, (this.listening.get(event) ?? 0) + 1);
      if (event && cmd === "plugin:event|unlisten") this.listening.set(event, (this.listening.get(event) ?? 1) - 1);
      return invoke(cmd, args, options);
    };
  }

  private listening = new Map<string, number>();

  /** Resolves once the app listens to `event` (a listener subscribes in an effect, a little after render). */
  private async listened(event: string, timeoutMs = 3000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((this.listening.get(event) ?? 0) === 0) {
      if (Date.now() > until) throw new Error(`fake backend: nothing listens to ${event}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Change some answers mid-test. */
  use(handlers: Handlers) {
    this.handlers = { ...this.handlers, ...handlers };
  }

  /**
   * The update endpoint offers `update` (`skipped` as the settings remember it; "Để sau" marks it skipped for
   * the next checks). Installing it ends with `install`: a failure reason, or `"restart"` (never answers, as
   * when the app restarts into the new version).
   */
  offerUpdate(
    update: { version: string; notes?: string | null; date?: string | null; skipped?: boolean },
    install: UpdateFailure | "restart" = "restart",
  ) {
    let available: AvailableUpdate_Serialize = { notes: null, date: null, skipped: false, ...update };
    this.use({
      updateCheck: () => ({ current: CURRENT_VERSION, available: { ...available } }),
      updateSkip: (version) => {
        if (version === available.version) available = { ...available, skipped: true };
        return { ...SETTINGS, updateSkippedVersion: version };
      },
      updateInstall: () => (install === "restart" ? new Promise<never>(() => undefined) : install),
    });
  }

  /** The arguments of every call of one command. */
  callsOf<K extends CommandName>(name: K): Parameters<Commands[K]>[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args as Parameters<Commands[K]>);
  }

  /** Emit a backend event as Rust would (once the app listens to it). */
  async emit<E extends keyof Events>(event: E, payload: EventPayload<E>): Promise<void> {
    await this.listened(EVENT_NAMES[event]);
    return tauriEmit(EVENT_NAMES[event], payload);
  }

  /** Files dropped on the window (Tauri's drag-drop event). */
  async dropFiles(paths: string[]): Promise<void> {
    await this.listened(DRAG_DROP);
    return tauriEmit(DRAG_DROP, { paths, position: { x: 0, y: 0 } });
  }

  private async call(name: CommandName, args: unknown[]): Promise<unknown> {
    this.calls.push({ name, args });
    const handler = this.handlers[name] as ((...a: unknown[]) => unknown) | undefined;
    const isPlain = plain.has(name);
    if (!handler) throw new Error(`fake backend: no answer for ${name}; give one with backend.reset/use`);
    try {
      const data = await handler(...args);
      return isPlain ? data : { status: "ok", data };
    } catch (e) {
      if (!(e instanceof FakeFailure)) throw e;
      if (isPlain) throw e.error;
      return { status: "error", error: e.error };
    }
  }

  /** The stand-in for the generated `commands` object. */
  readonly commands: Commands = new Proxy({} as Commands, {
    get: (_target, name) =>
      typeof name === "symbol" || name === "then" ? undefined : (...args: unknown[]) => this.call(name as CommandName, args),
  });
}

export const backend = new FakeBackend();

/** The module `vi.mock` puts in place of src/ipc/bindings: the generated module with the fake commands. */
export function fakeBindings<M extends { commands: Commands }>(actual: M): M {
  return { ...actual, commands: backend.commands };
}
