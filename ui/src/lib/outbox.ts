import type { OutboxEntry } from "../ipc";

/** What the outbox row says to do: its state, or that it was replaced by a fixed copy / dismissed. */
export type OutboxTodo = OutboxEntry["state"] | "superseded" | "dismissed";

export function todoOf(e: Pick<OutboxEntry, "state" | "supersededBy" | "dismissedAt">): OutboxTodo {
  if (e.supersededBy) return "superseded";
  if (e.dismissedAt) return "dismissed";
  return e.state;
}

/** Whether the user still has something to do about the entry (mirrors `OutboxEntry::needs_action` in Rust). */
export function needsAction(e: Pick<OutboxEntry, "state" | "supersededBy" | "dismissedAt">): boolean {
  return (e.state === "failed" || e.state === "needsAttention") && !e.supersededBy && !e.dismissedAt;
}

/** A refused entry (nothing was created) not yet replaced or dismissed can be fixed and sent again. */
export function canFix(e: Pick<OutboxEntry, "state" | "supersededBy" | "dismissedAt">): boolean {
  return e.state === "failed" && !e.supersededBy && !e.dismissedAt;
}
