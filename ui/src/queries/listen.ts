import { useEffect, useRef } from "react";

/** Subscribe to one backend event for the component's lifetime; `onEvent` always sees the latest render. */
export function useIpcEvent<T>(listen: (cb: (payload: T) => void) => Promise<() => void>, onEvent: (payload: T) => void) {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    let off: (() => void) | undefined;
    let cancelled = false;
    void listen((payload) => handler.current(payload)).then((f) => {
      if (cancelled) f();
      else off = f;
    });
    return () => {
      cancelled = true;
      off?.();
    };
  }, [listen]);
}
