import { useQuery } from "@tanstack/react-query";
import { ipc } from "../ipc";
import { keys } from "./keys";

/** Ward-level suggestions for a typed line (from 2 characters). */
export function useAddressSuggest(query: string) {
  return useQuery({
    queryKey: keys.address.suggest(query),
    queryFn: () => ipc.addressSuggest(query),
    enabled: query.trim().length >= 2,
    placeholderData: (prev) => prev,
  });
}
