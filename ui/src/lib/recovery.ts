import type { DataFile } from "../ipc";

/** Files that only cache what the vendors hold: rebuilt by the next sync, so they can be set aside
 * without asking twice. The order outbox and the file library hold the owner's own work. */
export function isCache(file: DataFile): boolean {
  return file === "stockCache" || file === "ordersList" || file === "addressCache";
}
