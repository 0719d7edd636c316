import type { Role } from "@mostrador/contracts/http/staff";
import { createHash, randomBytes } from "node:crypto";
import { type Ctx, isoNow } from "../core/context.js";

/** A shift is long; a session outlives it a little, then the PIN is asked again. */
export const SESSION_TTL_MS = 14 * 60 * 60 * 1000;

/** Who is acting, on which till. Every API call after login carries one. */
export interface Principal {
  staffId: string;
  name: string;
  role: Role;
  terminalId: string | null;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Issues a bearer token for a staff member who just proved their PIN. Only its hash is stored. */
export function createSession(ctx: Ctx, staffId: string, terminalId: string | null): string {
  const token = randomBytes(32).toString("base64url");
  const now = ctx.clock.now();
  ctx.db
    .prepare(
      "INSERT INTO staff_sessions (token_hash, staff_id, terminal_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
    )
    .run(
      hashToken(token),
      staffId,
      terminalId,
      now.toISOString(),
      new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    );
  return token;
}

/** The principal behind a token, or null when it is unknown, expired, revoked or its staff member is inactive. */
export function resolveSession(ctx: Ctx, token: string): Principal | null {
  const row = ctx.db
    .prepare(
      `SELECT s.id AS staffId, s.name, s.role, ss.terminal_id AS terminalId
         FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id
        WHERE ss.token_hash = ? AND ss.revoked_at IS NULL AND ss.expires_at > ? AND s.active = 1`,
    )
    .get(hashToken(token), isoNow(ctx)) as Principal | undefined;
  return row ?? null;
}

export function revokeSession(ctx: Ctx, token: string): void {
  ctx.db
    .prepare("UPDATE staff_sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")
    .run(isoNow(ctx), hashToken(token));
}
