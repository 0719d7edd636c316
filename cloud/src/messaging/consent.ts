import { randomBytes } from "node:crypto";
import type { Channel } from "@mostrador/contracts/http/messaging";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";
import { sha256Hex } from "./secrets.js";

export interface ConsentActor {
  /** Where: "formulario en el local", "enlace de baja", "WhatsApp: STOP"… */
  source: string;
  /** Who recorded it: an account's email, or "la persona" when the person did it themselves. */
  recordedBy: string;
}

/**
 * Opt-in. WhatsApp and Telegram: in force at once. Email: double opt-in — the consent stays pending and
 * the returned token (only its hash is stored) goes out in a confirmation email; confirmEmailOptIn
 * makes it opted_in.
 */
export async function optIn(
  q: Queryable,
  tenantId: string,
  contactId: string,
  channel: Channel,
  actor: ConsentActor,
  now: Date,
): Promise<{ status: "pending" | "opted_in"; confirmToken: string | null }> {
  const confirmToken = channel === "email" ? randomBytes(24).toString("base64url") : null;
  const status = confirmToken ? "pending" : "opted_in";
  await q.query(
    `INSERT INTO messaging_consents (tenant_id, contact_id, channel, status, opted_in_at, source, recorded_by,
       confirm_token_hash, opted_out_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)
     ON CONFLICT (tenant_id, contact_id, channel) DO UPDATE SET status = excluded.status,
       opted_in_at = excluded.opted_in_at, source = excluded.source, recorded_by = excluded.recorded_by,
       confirm_token_hash = excluded.confirm_token_hash, opted_out_at = NULL, updated_at = excluded.updated_at`,
    [
      tenantId,
      contactId,
      channel,
      status,
      status === "opted_in" ? now : null,
      actor.source,
      actor.recordedBy,
      confirmToken ? sha256Hex(confirmToken) : null,
      now,
    ],
  );
  return { status, confirmToken };
}

/** The double opt-in link: the pending consent becomes opted_in, dated now; the token is spent. */
export async function confirmEmailOptIn(q: Queryable, token: string, now: Date): Promise<void> {
  const rows = await q.query(
    `UPDATE messaging_consents SET status = 'opted_in', opted_in_at = $2, confirm_token_hash = NULL, updated_at = $2,
       source = source || ' (confirmado por correo)'
     WHERE confirm_token_hash = $1 AND status = 'pending' RETURNING contact_id`,
    [sha256Hex(token), now],
  );
  if (rows.length === 0)
    throw new CloudError("gone", "confirmation_used", "El enlace de confirmación ya se usó o no es válido");
}

/** Opt-out: honoured by the next claim of every queued message (the worker checks at send time). */
export async function optOut(
  q: Queryable,
  tenantId: string,
  contactId: string,
  channel: Channel,
  actor: ConsentActor,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO messaging_consents (tenant_id, contact_id, channel, status, source, recorded_by, opted_out_at, updated_at)
     VALUES ($1, $2, $3, 'opted_out', $4, $5, $6, $6)
     ON CONFLICT (tenant_id, contact_id, channel) DO UPDATE SET status = 'opted_out', opted_out_at = excluded.opted_out_at,
       source = excluded.source, recorded_by = excluded.recorded_by, confirm_token_hash = NULL, updated_at = excluded.updated_at`,
    [tenantId, contactId, channel, actor.source, actor.recordedBy, now],
  );
}

/** Suppression: bounces and complaints; the address gets nothing again on that channel. */
export async function suppress(
  q: Queryable,
  tenantId: string,
  channel: Channel,
  address: string,
  reason: "bounce" | "complaint" | "manual",
  detail: string | null,
  messageId: string | null,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO messaging_suppressions (tenant_id, channel, address, reason, detail, message_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, channel, address) DO NOTHING`,
    [tenantId, channel, address, reason, detail, messageId, now],
  );
}
