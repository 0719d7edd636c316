import { create } from "zustand";
import type { BackupRun, BackupStatus } from "@mostrador/contracts/http/backup";
import { get, post } from "../api/client.js";

interface BackupStore {
  status: BackupStatus | null;
  /** GET /api/backup: the till's warning and Ajustes read the same status. */
  refresh(): Promise<void>;
  /** POST /api/backup/run (owner or manager); the status is read again after. */
  runNow(): Promise<BackupRun>;
}

export const useBackup = create<BackupStore>()((set, getState) => ({
  status: null,
  async refresh() {
    set({ status: await get<BackupStatus>("/api/backup") });
  },
  async runNow() {
    try {
      return await post<BackupRun>("/api/backup/run");
    } finally {
      await getState()
        .refresh()
        .catch(() => {});
    }
  },
}));

/** A file size as people read it: 1,2 MB. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}
