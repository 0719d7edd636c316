import type { ApplianceStatus } from "@mostrador/contracts/http/dashboard";

/**
 * An appliance that called the cloud in the last 5 minutes is online: it long-polls the shape endpoint
 * every ~20 s while connected, and the cloud notes it at most every 30 s.
 */
export const ONLINE_WINDOW_MS = 5 * 60_000;

export type ApplianceState = "revoked" | "online" | "offline";

export function applianceState(a: ApplianceStatus, nowMs: number): ApplianceState {
  if (a.revokedAt) return "revoked";
  if (a.lastSeenAt && nowMs - new Date(a.lastSeenAt).getTime() <= ONLINE_WINDOW_MS) return "online";
  return "offline";
}
