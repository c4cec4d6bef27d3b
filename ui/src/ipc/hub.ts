/**
 * One Tauri listener per backend event, shared by the app's subscribers and fanned out to them in JS.
 *
 * A component that subscribes on mount and unsubscribes on unmount would otherwise cost two IPC calls and a
 * script Tauri evaluates in the page on every page visit, and Tauri keeps a listener entry in the page for
 * each one. WebKitGTK keeps a few kB for each of those for the page's life (measured: `src-tauri/README.md`,
 * "Memory"), so page visits grew the web process without end. Here a visit only adds and removes a
 * function in a `Set`. The Tauri listener stays while anyone subscribes and for a minute after the last one
 * left (a page opened again soon costs nothing); then it is dropped, so events nobody shows (a sync's
 * progress while another page is open) are not sent to the page at all.
 */

type Listen<T> = (emit: (payload: T) => void) => Promise<() => void>;

/** How long the Tauri listener outlives its last subscriber. */
export const LINGER_MS = 60_000;

interface Hub {
  reset(): void;
}

const hubs: Hub[] = [];

/** Subscribe through the one shared listener `listen` starts (when the first subscriber comes). */
export function sharedEvent<T>(listen: Listen<T>): (cb: (payload: T) => void) => Promise<() => void> {
  let subscribers = new Set<(payload: T) => void>();
  /** The Tauri listener: being started or started; `live` turns false once it is being dropped. */
  let current: { started: Promise<() => void>; live: boolean } | null = null;
  let idle: ReturnType<typeof setTimeout> | null = null;

  const cancelIdle = () => {
    if (idle !== null) clearTimeout(idle);
    idle = null;
  };
  const dropIfUnused = () => {
    idle = null;
    const listener = current;
    if (subscribers.size > 0 || listener === null) return;
    current = null;
    listener.live = false;
    listener.started.then(
      (off) => off(),
      () => undefined,
    );
  };
  hubs.push({
    reset() {
      cancelIdle();
      subscribers = new Set();
      current = null;
    },
  });

  return async (cb) => {
    if (!("__TAURI_INTERNALS__" in window)) return () => undefined;
    cancelIdle();
    // a wrapper of its own, so one callback subscribed twice is two subscriptions
    const mine = (payload: T) => cb(payload);
    const into = subscribers;
    into.add(mine);
    let listener = current;
    if (listener === null) {
      const fresh = { started: Promise.resolve<() => void>(() => undefined), live: true };
      fresh.started = listen((payload) => {
        if (!fresh.live) return;
        // a copy: a subscriber may unsubscribe (or subscribe another) while it is called
        for (const s of [...into]) s(payload);
      });
      fresh.started.catch(() => {
        // the next subscriber tries again
        if (current === fresh) current = null;
      });
      current = fresh;
      listener = fresh;
    }
    try {
      await listener.started;
    } catch (e) {
      into.delete(mine);
      throw e;
    }
    return () => {
      into.delete(mine);
      if (into === subscribers && into.size === 0 && idle === null) idle = setTimeout(dropIfUnused, LINGER_MS);
    };
  };
}

/** Forget every shared listener (tests: each installs a fresh mock of Tauri's IPC, without the old ones). */
export function resetEventHubs() {
  for (const h of hubs) h.reset();
}
