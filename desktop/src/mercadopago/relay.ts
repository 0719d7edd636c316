import {
  type CloudMpAccountBody,
  CloudMpAccountAnswer,
  RelayAnswer,
} from "@mostrador/contracts/http/cloud-mercadopago";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { Value } from "@sinclair/typebox/value";
import { connectedClient, webhookSecret } from "./account.js";
import { applyOrder } from "./charges.js";
import type { MpDeps } from "./deps.js";

/**
 * The appliance's side of the cloud's webhook relay (cloud/src/payments/). MP calls the cloud, never the
 * shop; the appliance pulls, with the credential it enrolled with (sync_credentials, written by sync's
 * enrollment), the orders the cloud re-read since its cursor and applies them like its own reads
 * (charges.ts applyOrder: forward only, each (order, status) once). Unpaired, it does nothing: the till
 * still learns the result by reading the order itself while it waits.
 */
export interface CloudRelay {
  /** Gives the cloud the seller's token and webhook secret; stores the webhook URL it answers. */
  pushAccount(): Promise<void>;
  /** Pulls and applies what the cloud relayed since the cursor; returns how many orders changed a charge. */
  pullOnce(): Promise<number>;
}

interface Link {
  cloudUrl: string;
  token: string;
}

const linkOf = (ctx: Ctx): Link | null =>
  (stmt(ctx.db, "SELECT cloud_url AS cloudUrl, token FROM sync_credentials WHERE id = 1").get() as
    Link | undefined) ?? null;

const base = (url: string) => url.replace(/\/+$/, "");

export function cloudRelay(
  ctx: Ctx,
  deps: MpDeps,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): CloudRelay {
  const call = async (link: Link, method: "GET" | "PUT", path: string, body?: unknown): Promise<unknown> => {
    const response = await fetchImpl(`${base(link.cloudUrl)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${link.token}`,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const answer: unknown = await response.json().catch(() => null);
    if (!response.ok) throw new Error(`la nube respondió ${response.status}`);
    return answer;
  };

  return {
    async pushAccount() {
      const link = linkOf(ctx);
      const account = stmt(
        ctx.db,
        "SELECT token_sealed AS sealed FROM mercadopago_account WHERE id = 1",
      ).get() as { sealed: string } | undefined;
      if (!link || !account) return;
      const body: CloudMpAccountBody = {
        accessToken: deps.box.open(account.sealed),
        webhookSecret: webhookSecret(ctx, deps),
      };
      const answer = await call(link, "PUT", "/v1/appliance/mercadopago/account", body);
      if (!Value.Check(CloudMpAccountAnswer, answer)) throw new Error("la nube respondió algo inesperado");
      stmt(
        ctx.db,
        `INSERT INTO mercadopago_relay (id, webhook_url, pushed_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET webhook_url = excluded.webhook_url, pushed_at = excluded.pushed_at`,
      ).run(answer.webhookUrl, isoNow(ctx));
    },

    async pullOnce() {
      const link = linkOf(ctx);
      if (!link) return 0;
      connectedClient(ctx, deps);
      const cursor =
        (
          stmt(ctx.db, "SELECT cursor FROM mercadopago_relay WHERE id = 1").get() as
            { cursor: number } | undefined
        )?.cursor ?? 0;
      const answer = await call(link, "GET", `/v1/appliance/mercadopago/orders?after=${cursor}`);
      if (!Value.Check(RelayAnswer, answer)) throw new Error("la nube respondió algo inesperado");
      let changed = 0;
      for (const order of answer.orders)
        if (
          applyOrder(ctx, {
            id: order.orderId,
            kind: order.kind,
            externalReference: order.externalReference,
            status: order.status,
            statusDetail: order.statusDetail,
            amount: order.amount,
            paymentId: null,
            qrData: null,
            // The relay carries statuses; refunds are read from MP by the refund itself.
            refunded: 0,
          })
        )
          changed++;
      stmt(
        ctx.db,
        `INSERT INTO mercadopago_relay (id, cursor) VALUES (1, ?)
         ON CONFLICT (id) DO UPDATE SET cursor = MAX(cursor, excluded.cursor)`,
      ).run(answer.cursor);
      return changed;
    },
  };
}
