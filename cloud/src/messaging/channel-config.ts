import type { Channel, ChannelView } from "@mostrador/contracts/http/messaging";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";
import type { SecretBox } from "./secrets.js";

/** A channel's configuration with its secrets opened: what an adapter is built from. */
export interface StoredChannel {
  channel: Channel;
  enabled: boolean;
  ratePerMinute: number;
  settings: Record<string, unknown>;
  secrets: Record<string, string> | null;
}

interface ChannelRow {
  channel: Channel;
  enabled: boolean;
  rate_per_minute: number;
  settings: Record<string, unknown>;
  secrets_ciphertext: string | null;
  updated_at: Date;
}

export async function loadChannels(q: Queryable, box: SecretBox): Promise<Map<Channel, StoredChannel>> {
  const rows = await q.query<ChannelRow>(`SELECT * FROM messaging_channels`);
  return new Map(
    rows.map((r) => [
      r.channel,
      {
        channel: r.channel,
        enabled: r.enabled,
        ratePerMinute: r.rate_per_minute,
        settings: r.settings,
        secrets: r.secrets_ciphertext
          ? (JSON.parse(box.open(r.secrets_ciphertext)) as Record<string, string>)
          : null,
      },
    ]),
  );
}

/** What the dashboard sees: settings and whether secrets are stored, never the secrets. */
export async function listChannels(q: Queryable): Promise<ChannelView[]> {
  const rows = await q.query<ChannelRow>(`SELECT * FROM messaging_channels ORDER BY channel`);
  return rows.map((r) => ({
    channel: r.channel,
    enabled: r.enabled,
    ratePerMinute: r.rate_per_minute,
    settings: r.settings,
    hasSecrets: r.secrets_ciphertext !== null,
    updatedAt: r.updated_at.toISOString(),
  }));
}

export interface ChannelInput {
  enabled: boolean;
  ratePerMinute?: number;
  settings: Record<string, unknown>;
  secrets?: Record<string, string>;
}

/** Saves a channel; secrets are sealed, and absent secrets keep the stored ones (write-only field). */
export async function saveChannel(
  q: Queryable,
  box: SecretBox,
  tenantId: string,
  channel: Channel,
  input: ChannelInput,
  accountId: string,
  now: Date,
): Promise<void> {
  const sealed = input.secrets ? box.seal(JSON.stringify(input.secrets)) : null;
  if (!sealed) {
    const [existing] = await q.query<{ has: boolean }>(
      `SELECT secrets_ciphertext IS NOT NULL AS has FROM messaging_channels WHERE channel = $1`,
      [channel],
    );
    // Email may run without SMTP auth; the API channels cannot work without their tokens.
    if (!existing?.has && channel !== "email")
      throw new CloudError(
        "invalid",
        "secrets_required",
        "Faltan las credenciales del canal (la primera vez son obligatorias)",
      );
  }
  await q.query(
    `INSERT INTO messaging_channels (tenant_id, channel, enabled, settings, secrets_ciphertext, rate_per_minute, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, COALESCE($6, 60), $7, $8)
     ON CONFLICT (tenant_id, channel) DO UPDATE SET enabled = excluded.enabled, settings = excluded.settings,
       secrets_ciphertext = COALESCE(excluded.secrets_ciphertext, messaging_channels.secrets_ciphertext),
       rate_per_minute = COALESCE($6, messaging_channels.rate_per_minute),
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [
      tenantId,
      channel,
      input.enabled,
      JSON.stringify(input.settings),
      sealed,
      input.ratePerMinute ?? null,
      now,
      accountId,
    ],
  );
}
