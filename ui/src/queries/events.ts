import { useQueryClient } from "@tanstack/react-query";
import { ipc } from "../ipc";
import { invalidateKind } from "./keys";
import { useIpcEvent } from "./listen";

/** The one `data-changed` listener (mounted by the shell): refetch what `invalidatedBy[kind]` names. */
export function useDataChangedInvalidation() {
  const qc = useQueryClient();
  useIpcEvent(ipc.onDataChanged, (kind) => void invalidateKind(qc, kind));
}
