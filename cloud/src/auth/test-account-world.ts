import type { LightMyRequestResponse } from "fastify";
import { ManualClock } from "../core/clock.js";
import type { Sql } from "../db/sql.js";
import type { MessagingConfig } from "../messaging/config.js";
import { messagingModule } from "../messaging/module.js";
import { startTestSmtp } from "../messaging/test-support/test-smtp.js";
import { MessagingWorker } from "../messaging/worker.js";
import { bearer, json, openTestCloud, type TestCloud } from "../test-support/test-cloud.js";

/** Quoted-printable body of a raw email, decoded to text (nodemailer encodes "á" and long lines). */
export function mailText(raw: string): string {
  const body = raw
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join("\n\n");
  const bytes = body
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/**
 * A cloud API with the platform's SMTP pointing at a real test SMTP server and messaging's worker to
 * send what the accounts queue: `linkIn(address, key)` runs the worker and returns the token of the
 * newest email to that address carrying `#key=` (verificar, restablecer, invitacion).
 */
export async function openAccountWorld(sql: Sql, clock = new ManualClock()) {
  const smtp = await startTestSmtp();
  const config: MessagingConfig = {
    ...messagingModule.config,
    email: { bounceDomain: "rebotes.test", ignoreTls: true },
    accountEmail: {
      settings: {
        host: "127.0.0.1",
        port: smtp.port,
        secure: false,
        from: "cuentas@mostrador.test",
        fromName: "Mostrador",
      },
      password: null,
    },
    bounceSmtp: null,
  };
  const worker = new MessagingWorker(sql, clock, config);
  const cloud: TestCloud = await openTestCloud(sql, { clock });

  function mailsTo(address: string): string[] {
    return smtp.received.filter((m) => m.to.includes(address)).map((m) => mailText(m.raw));
  }

  async function linkIn(address: string, key: string): Promise<string> {
    await worker.runOnce();
    const texts = mailsTo(address).filter((t) => t.includes(`#${key}=`));
    const last = texts[texts.length - 1];
    const token = last?.match(new RegExp(`#${key}=(mo[a-z]_[A-Za-z0-9_-]+)`))?.[1];
    if (!token) throw new Error(`no "${key}" link in the mail to ${address}`);
    return token;
  }

  // Each request from its own address unless told: the per-IP limits are tested on purpose, not by accident.
  let calls = 0;
  const nextIp = () => (calls++, `10.${Math.floor(calls / 250) % 250}.${calls % 250}.7`);
  const post = (url: string, payload?: unknown, token?: string, ip = nextIp()) =>
    cloud.app.inject({
      method: "POST",
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: { "user-agent": "Prueba/1.0", ...(token ? bearer(token) : {}) },
      remoteAddress: ip,
    });
  const get = (url: string, token: string) =>
    cloud.app.inject({ method: "GET", url, headers: bearer(token) });
  const del = (url: string, token: string) =>
    cloud.app.inject({ method: "DELETE", url, headers: bearer(token) });

  let n = 0;
  /** A new sign-up through the API: its answer's token, account and email. */
  async function signUp(label = "tienda", password = "una-clave-larga-9") {
    n++;
    const email = `${label}-${n}-${Date.now()}@example.com`;
    const res = await post("/v1/auth/signup", {
      businessName: `Tienda ${label} ${n}`,
      rubro: "ropa",
      email,
      password,
      acceptTerms: true,
    });
    if (res.statusCode !== 201) throw new Error(`sign-up: ${res.statusCode} ${res.body}`);
    const body = json<{ token: string; tenantId: string; account: { id: string } }>(res);
    return { email, password, token: body.token, tenantId: body.tenantId, accountId: body.account.id };
  }

  async function verified(label = "tienda") {
    const owner = await signUp(label);
    const token = await linkIn(owner.email, "verificar");
    const res = await post("/v1/auth/verify-email", { token });
    if (res.statusCode !== 200) throw new Error(`verify: ${res.body}`);
    return owner;
  }

  return {
    cloud,
    clock,
    smtp,
    worker,
    post,
    get,
    del,
    signUp,
    verified,
    linkIn,
    mailsTo,
    async close() {
      await cloud.close();
      await smtp.close();
    },
  };
}

export const errorCode = (res: LightMyRequestResponse) => json<{ error: { code: string } }>(res).error?.code;
