import type { Channel } from "@mostrador/contracts/http/messaging";
import type { Clock } from "../core/clock.js";
import type { Queryable, Sql } from "../db/sql.js";
import { accountEmailAdapter, adapterFor } from "./adapters.js";
import { loadChannels, type StoredChannel } from "./channel-config.js";
import type { ChannelAdapter, MessageAttachment, OutgoingMessage, SendOutcome } from "./channels/types.js";
import type { MessagingConfig } from "./config.js";
import { suppress } from "./consent.js";
import { unsubscribeUrl } from "./links.js";
import { expandOwnerNotifications } from "./owner-notifications.js";
import {
  backoffSeconds,
  type ConsentStatus,
  type MessageKind,
  type MessageReason,
  quietUntil,
  refusalOf,
  whatsappSessionOpen,
} from "./policy.js";
import { logEvent } from "./queue.js";

/** Test hooks: `afterProviderCall` throwing is a worker killed between the provider's answer and the record. */
export interface WorkerHooks {
  afterProviderCall?(messageId: string): void;
}

interface Candidate {
  id: string;
  channel: Channel;
  contact_id: string;
  address: string;
  kind: MessageKind;
  reason: MessageReason;
  subject: string | null;
  body: string;
  html: string | null;
  attachments: MessageAttachment[] | null;
  template: { name: string; language: string; parameters: string[]; quickReplies?: string[] } | null;
  status: "queued" | "sending";
  attempts: number;
  max_attempts: number;
  time_zone: string | null;
  owner_recipient: boolean;
  whatsapp_last_inbound_at: Date | null;
  consent: ConsentStatus | null;
  suppressed: boolean;
}

interface Claimed {
  message: OutgoingMessage;
  /** Account mail: sent through the platform's SMTP (config.accountEmail), not the tenant's channel. */
  account: boolean;
  attempt: number;
  maxAttempts: number;
}

const BATCH = 50;

/**
 * The send queue's worker. Each pass, per tenant with work (messaging_tenants_with_work):
 * 1. owner notifications queued by ingest become messages (owner-notifications.ts);
 * 2. claim: due messages locked FOR UPDATE SKIP LOCKED (several workers never take the same row), each
 *    checked against consent, suppression, the channel's configuration, quiet hours (marketing only),
 *    the channel's rate limit and WhatsApp's 24 h window, then marked `sending` with a lease — committed
 *    before any provider is called, so no transaction stays open across the network;
 * 3. send, outside any transaction; 4. record the answer in its own transaction: accepted with the
 *    provider's id, retried with backoff (5xx, 429, network), or failed/bounced (other 4xx, SMTP 5xx).
 * At-least-once: a worker that dies after claiming leaves the row `sending`; when its lease runs out the
 * next pass takes it again (README.md: the residual window).
 */
export class MessagingWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly config: MessagingConfig,
    private readonly log: (message: string, err?: unknown) => void = () => {},
    private readonly hooks: WorkerHooks = {},
  ) {}

  /** One pass over every tenant with work. */
  async runOnce(): Promise<void> {
    const tenants = await this.sql.query<{ tenant: string }>(
      `SELECT messaging_tenants_with_work($1) AS tenant`,
      [this.clock.now()],
    );
    for (const { tenant } of tenants) await this.runTenant(tenant);
  }

  start(): void {
    const tick = () => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.log("messaging: la pasada del envío falló", err))
        .finally(() => {
          this.running = null;
          if (this.timer) this.timer = setTimeout(tick, this.config.pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async runTenant(tenantId: string): Promise<void> {
    const now = this.clock.now();
    await this.sql.withTenant(tenantId, (q) => expandOwnerNotifications(q, tenantId, now));
    const { claimed, channels } = await this.sql.withTenant(tenantId, (q) => this.claim(q, tenantId, now));
    const adapters = new Map<Channel | "account", ChannelAdapter>();
    try {
      for (const c of claimed) {
        const key = c.account ? "account" : c.message.channel;
        let adapter = adapters.get(key);
        if (!adapter) {
          adapter = c.account
            ? accountEmailAdapter(this.config)
            : adapterFor(this.config, channels.get(c.message.channel)!);
          adapters.set(key, adapter);
        }
        const outcome = await adapter.send(c.message);
        this.hooks.afterProviderCall?.(c.message.id);
        await this.sql.withTenant(tenantId, (q) => this.record(q, tenantId, c, outcome, this.clock.now()));
      }
    } finally {
      for (const a of adapters.values()) a.close?.();
    }
  }

  private async claim(q: Queryable, tenantId: string, now: Date) {
    const candidates = await q.query<Candidate>(
      `SELECT m.id, m.channel, m.contact_id, m.address, m.kind, m.reason, m.subject, m.body, m.html, m.attachments, m.template, m.status,
         m.attempts, m.max_attempts, c.time_zone, c.owner_recipient, c.whatsapp_last_inbound_at, k.status AS consent,
         EXISTS (SELECT 1 FROM messaging_suppressions s WHERE s.channel = m.channel AND s.address = m.address) AS suppressed
       FROM messages m
       JOIN messaging_contacts c ON c.tenant_id = m.tenant_id AND c.id = m.contact_id
       LEFT JOIN messaging_consents k ON k.tenant_id = m.tenant_id AND k.contact_id = m.contact_id AND k.channel = m.channel
       WHERE m.status IN ('queued', 'sending') AND m.next_attempt_at <= $1 AND m.not_before <= $1
       ORDER BY (m.kind = 'marketing'), m.next_attempt_at, m.id
       LIMIT ${BATCH}
       FOR UPDATE OF m SKIP LOCKED`,
      [now],
    );
    const channels = await loadChannels(q, this.config.secrets);
    const [settings] = await q.query<{ quiet_start: string; quiet_end: string; default_time_zone: string }>(
      `SELECT quiet_start::text, quiet_end::text, default_time_zone FROM messaging_settings`,
    );
    const quiet = settings ?? {
      quiet_start: "21:00",
      quiet_end: "09:00",
      default_time_zone: "America/Argentina/Buenos_Aires",
    };
    const budget = new Map<Channel, { left: number; freeAt: Date }>();
    const claimed: Claimed[] = [];

    const finish = async (m: Candidate, status: "failed" | "cancelled", error: string) => {
      await q.query(`UPDATE messages SET status = $2, last_error = $3, updated_at = $4 WHERE id = $1`, [
        m.id,
        status,
        error,
        now,
      ]);
      await logEvent(q, tenantId, m.id, status, { error }, now);
    };

    for (const m of candidates) {
      if (m.status === "sending" && m.kind === "marketing") {
        // A worker died mid-attempt: the provider may have the message. A promotion is not worth a duplicate.
        await finish(
          m,
          "failed",
          "Envío interrumpido: pudo haber salido; un mensaje promocional no se repite",
        );
        continue;
      }
      if (m.attempts >= m.max_attempts) {
        // Only reachable when attempts never got recorded (a worker dying mid-send, again and again).
        await finish(m, "failed", `Sin resultado después de ${m.attempts} intentos`);
        continue;
      }
      const refusal = refusalOf({
        kind: m.kind,
        reason: m.reason,
        consent: m.consent,
        suppressed: m.suppressed,
        ownerRecipient: m.owner_recipient,
      });
      if (refusal) {
        await finish(m, "cancelled", refusal);
        continue;
      }
      if (m.reason === "account") {
        // The platform's mail, not the shop's: no channel of the tenant, no rate budget, no unsubscribe.
        if (!this.config.accountEmail || m.channel !== "email") {
          await finish(
            m,
            "failed",
            "El correo de la plataforma no está configurado (MESSAGING_ACCOUNT_SMTP_HOST)",
          );
          continue;
        }
        claimed.push(await this.lease(q, tenantId, m, now, null, true));
        continue;
      }
      const channel = channels.get(m.channel);
      if (!channel?.enabled || (!channel.secrets && m.channel !== "email")) {
        await finish(m, "failed", "El canal no está configurado o está desactivado");
        continue;
      }
      if (m.kind === "marketing") {
        const until = quietUntil(
          now,
          m.time_zone ?? quiet.default_time_zone,
          quiet.quiet_start.slice(0, 5),
          quiet.quiet_end.slice(0, 5),
        );
        if (until) {
          await q.query(`UPDATE messages SET not_before = $2, updated_at = $3 WHERE id = $1`, [
            m.id,
            until,
            now,
          ]);
          await logEvent(q, tenantId, m.id, "deferred_quiet_hours", { until: until.toISOString() }, now);
          continue;
        }
      }
      let template = m.template;
      if (m.channel === "whatsapp") {
        if (whatsappSessionOpen(m.whatsapp_last_inbound_at, now)) template = null;
        else if (!template) {
          await finish(
            m,
            "failed",
            "Fuera de la ventana de 24 h de WhatsApp: hace falta una plantilla aprobada",
          );
          continue;
        }
      }
      const slot = budget.get(m.channel) ?? (await this.rateBudget(q, tenantId, channel, now));
      budget.set(m.channel, slot);
      if (slot.left <= 0) {
        await q.query(`UPDATE messages SET next_attempt_at = $2, updated_at = $3 WHERE id = $1`, [
          m.id,
          slot.freeAt,
          now,
        ]);
        continue;
      }
      slot.left--;
      claimed.push(await this.lease(q, tenantId, m, now, template, false));
    }
    return { claimed, channels };
  }

  /** Marks a candidate `sending` under a lease (committed before the provider is called). */
  private async lease(
    q: Queryable,
    tenantId: string,
    m: Candidate,
    now: Date,
    template: Candidate["template"],
    account: boolean,
  ): Promise<Claimed> {
    const lease = new Date(now.getTime() + this.config.leaseSeconds * 1000);
    await q.query(
      `UPDATE messages SET status = 'sending', attempts = attempts + 1, claimed_at = $2, next_attempt_at = $3, updated_at = $2
       WHERE id = $1`,
      [m.id, now, lease],
    );
    await logEvent(
      q,
      tenantId,
      m.id,
      m.status === "sending" ? "attempt_after_interruption" : "attempt",
      { attempt: m.attempts + 1 },
      now,
    );
    return {
      attempt: m.attempts + 1,
      maxAttempts: m.max_attempts,
      account,
      message: {
        id: m.id,
        channel: m.channel,
        address: m.address,
        subject: m.subject,
        body: m.body,
        html: m.html,
        attachments: m.attachments,
        template,
        unsubscribeUrl:
          m.channel === "email" && !account
            ? unsubscribeUrl(this.config, {
                t: tenantId,
                c: m.contact_id,
                ch: "email",
                ...(m.reason === "owner_alert" ? { o: 1 as const } : {}),
              })
            : null,
      },
    };
  }

  /**
   * How many more provider calls this tenant's channel may make in the current minute: attempts started
   * in the last 60 s are counted under a transaction-scoped advisory lock, so two workers claiming for
   * the same tenant and channel take turns and cannot both spend the same budget.
   */
  private async rateBudget(q: Queryable, tenantId: string, channel: StoredChannel, now: Date) {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`messaging:${tenantId}:${channel.channel}`]);
    const [row] = await q.query<{ used: number; oldest: Date | null }>(
      `SELECT count(*)::int AS used, min(claimed_at) AS oldest FROM messages
       WHERE channel = $1 AND claimed_at > $2`,
      [channel.channel, new Date(now.getTime() - 60_000)],
    );
    const oldest = row?.oldest ?? now;
    return { left: channel.ratePerMinute - (row?.used ?? 0), freeAt: new Date(oldest.getTime() + 60_000) };
  }

  private async record(
    q: Queryable,
    tenantId: string,
    c: Claimed,
    outcome: SendOutcome,
    now: Date,
  ): Promise<void> {
    const id = c.message.id;
    // Only the attempt this worker claimed: a row taken over after a lease ran out is not overwritten.
    const mine = `id = $1 AND status = 'sending' AND attempts = ${c.attempt}`;
    if (outcome.ok) {
      // Once out, an account email's single-use link is not kept in the queue (a database dump would hand it out).
      await q.query(
        `UPDATE messages SET status = 'accepted', provider_id = $2, last_error = NULL, updated_at = $3,
           body = CASE WHEN reason = 'account' THEN '(enlace de un solo uso: no se guarda)' ELSE body END
         WHERE ${mine}`,
        [id, outcome.providerId, now],
      );
      await logEvent(q, tenantId, id, "accepted", { providerId: outcome.providerId }, now);
      return;
    }
    if (outcome.retry && c.attempt < c.maxAttempts) {
      const wait = Math.max(backoffSeconds(c.attempt), outcome.retryAfterSeconds ?? 0);
      await q.query(
        `UPDATE messages SET status = 'queued', next_attempt_at = $2, last_error = $3, updated_at = $4 WHERE ${mine}`,
        [id, new Date(now.getTime() + wait * 1000), outcome.error, now],
      );
      await logEvent(q, tenantId, id, "retry", { error: outcome.error, inSeconds: wait }, now);
      return;
    }
    const status = outcome.bounced ? "bounced" : "failed";
    await q.query(`UPDATE messages SET status = $2, last_error = $3, updated_at = $4 WHERE ${mine}`, [
      id,
      status,
      outcome.error,
      now,
    ]);
    if (outcome.bounced)
      await suppress(q, tenantId, c.message.channel, c.message.address, "bounce", outcome.error, id, now);
    await logEvent(q, tenantId, id, status, { error: outcome.error }, now);
  }
}
