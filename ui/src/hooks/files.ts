import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ipc, type FileJob } from "../ipc";
import { useWorkspace } from "./accounts";

/** Files go to Onflow: the workspace's Onflow accounts. */
export function useOnflowAccounts() {
  const ws = useWorkspace().data;
  return (ws?.accounts ?? []).filter((a) => a.vendor === "onflow");
}

/** The upload queue: the jobs (with errors and files) plus live progress from `file-job` events. */
export function useFileJobs() {
  const qc = useQueryClient();
  const jobs = useQuery({ queryKey: ["files", "jobs"], queryFn: ipc.filesJobs });
  const [progress, setProgress] = useState<Record<number, FileJob>>({});
  useEffect(() => {
    let off: (() => void) | undefined;
    let cancelled = false;
    void ipc
      .onFileJob((j) => {
        setProgress((p) => ({ ...p, [j.jobId]: j }));
        // a new job, or one that settled: its error / library file come with the full list
        if (j.state !== "Uploading") void qc.invalidateQueries({ queryKey: ["files", "jobs"] });
      })
      .then((f) => {
        if (cancelled) f();
        else off = f;
      });
    return () => {
      cancelled = true;
      off?.();
    };
  }, [qc]);
  return { jobs: jobs.data ?? [], progress };
}
