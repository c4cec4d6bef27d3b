import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ipc, type ListingRef, type MatchKind } from "../ipc";
import { invalidateKind, keys } from "./keys";

/** Listings shown per page of the Products page. */
export const MATCHING_PAGE = 50;

/** One page (from 1) of the listings by how they matched across vendors; the total counts every page. */
export function useMatchingList(kind: MatchKind, search: string, page: number) {
  const offset = (page - 1) * MATCHING_PAGE;
  return useQuery({
    queryKey: keys.stock.matching(kind, search, offset),
    queryFn: () => ipc.matchingList({ kind, search, offset, limit: MATCHING_PAGE }),
    // the page shown stays while the next one loads
    placeholderData: keepPreviousData,
  });
}

/** A manual matching decision changes the grid's groups: everything derived from the stock cache refetches. */
function useStockChanged() {
  const qc = useQueryClient();
  // not awaited: the caller's own success handling (toast, navigation) runs at once
  return () => void invalidateKind(qc, "stock");
}

export function useMatchListing() {
  const onSuccess = useStockChanged();
  return useMutation({
    mutationFn: (a: { listing: ListingRef; groupKey: string }) => ipc.matchingMatch(a.listing, a.groupKey),
    onSuccess,
  });
}

export function useUnmatchListing() {
  const onSuccess = useStockChanged();
  return useMutation({ mutationFn: (l: ListingRef) => ipc.matchingUnmatch(l), onSuccess });
}

export function useClearMatch() {
  const onSuccess = useStockChanged();
  return useMutation({ mutationFn: (l: ListingRef) => ipc.matchingClear(l), onSuccess });
}

export function useMappingExport() {
  return useMutation({ mutationFn: ipc.mappingExport });
}

export function useMappingImport() {
  const onSettled = useStockChanged();
  return useMutation({ mutationFn: ipc.mappingImport, onSuccess: onSettled });
}

/** One listing with its images (`null`: no listing open). */
export function useListingDetail(listing: ListingRef | null) {
  return useQuery({
    queryKey: keys.stock.listing(listing),
    queryFn: () => (listing ? ipc.listingDetail(listing) : null),
    enabled: !!listing,
  });
}

export function useAddListingImage(listing: ListingRef | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (url: string) => ipc.listingAddImage(listing as ListingRef, url),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.stock.listings() }),
  });
}
