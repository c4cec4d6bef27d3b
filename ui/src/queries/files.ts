import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ipc, type FileJob, type LibraryFilter } from "../ipc";
import { invalidateKind, keys } from "./keys";
import { useIpcEvent } from "./listen";

export function useFilesConfig() {
  return useQuery({ queryKey: keys.files.config(), queryFn: ipc.filesConfig, staleTime: Infinity });
}

/** The upload queue: the jobs (with errors and files) plus live progress from `file-job` events. */
export function useFileJobs() {
  const qc = useQueryClient();
  const jobs = useQuery({ queryKey: keys.files.jobs(), queryFn: ipc.filesJobs });
  const [progress, setProgress] = useState<Record<number, FileJob>>({});
  useIpcEvent(ipc.onFileJob, (j) => {
    setProgress((p) => ({ ...p, [j.jobId]: j }));
    // a new job, or one that settled: its error / library file come with the full list
    if (j.state !== "uploading") void qc.invalidateQueries({ queryKey: keys.files.jobs() });
  });
  return { jobs: jobs.data ?? [], progress };
}

/** Paths of files dropped on the window. */
export function useFileDrop(onDrop: (paths: string[]) => void) {
  useIpcEvent(ipc.onFileDrop, onDrop);
}

export function useUploadPick(accountId: string) {
  return useMutation({ mutationFn: () => ipc.filesUploadPick(accountId) });
}

export function useUploadPaths(accountId: string) {
  return useMutation({ mutationFn: (paths: string[]) => ipc.filesUploadPaths(accountId, paths) });
}

export function useCancelJob() {
  return useMutation({ mutationFn: (id: number) => ipc.filesCancel(id) });
}

export function useRetryJob() {
  return useMutation({ mutationFn: (id: number) => ipc.filesRetry(id) });
}

export function useClearFinished() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ipc.filesClearFinished,
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.files.jobs() }),
  });
}

/** The library, filtered (by search, kind, account). */
export function useLibrary(filter: LibraryFilter, enabled = true) {
  return useQuery({ queryKey: keys.files.library(filter), queryFn: () => ipc.filesList(filter), enabled });
}

export function useRemoveFile() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: number) => ipc.filesRemove(id), onSuccess: () => invalidateKind(qc, "files") });
}

export function useOpenFile() {
  return useMutation({ mutationFn: (id: number) => ipc.filesOpen(id) });
}
