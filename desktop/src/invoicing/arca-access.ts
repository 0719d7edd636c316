import { randomInt } from "node:crypto";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { ArcaFailure } from "./arca/soap.js";
import { type AccessTicket, loginCms, loginTicketRequest, signLoginRequest } from "./arca/wsaa.js";
import { type WsfeAuth, WsfeClient } from "./arca/wsfe.js";
import { arcaNow, recordServerTime } from "./arca-clock.js";
import { openPrivateKey } from "./key-vault.js";
import { missingForInvoicing, readConfig, type InvoicingConfig } from "./setup.js";

const SERVICE = "wsfe";
/** A ticket with less than this left is renewed before use (WSAA's tickets last about 12 h). */
export const RENEW_BEFORE_MS = 10 * 60_000;

/** How often ARCA's clock is measured again with FEDummy (every WSAA answer measures it too). */
export const CLOCK_CHECK_EVERY_MS = 3_600_000;

export interface ArcaAccess {
  config: InvoicingConfig;
  client: WsfeClient;
  auth: WsfeAuth;
}

export interface AccessOptions {
  /** Per call; tests shorten it. */
  timeoutMs?: number;
}

function storedTicket(ctx: Ctx, cuit: string): AccessTicket | null {
  const row = stmt(
    ctx.db,
    "SELECT token, sign, expires_at FROM arca_tickets WHERE cuit = ? AND service = ?",
  ).get(cuit, SERVICE) as { token: string; sign: string; expires_at: string } | undefined;
  return row ? { token: row.token, sign: row.sign, generatedAt: "", expiresAt: row.expires_at } : null;
}

/**
 * A WSFEv1 client and a valid Auth. The WSAA ticket is cached per CUIT and service for its validity (WSAA
 * refuses a new one while one is valid: coe.alreadyAuthenticated) and renewed when under RENEW_BEFORE_MS
 * remain; if that early renewal is refused because the old one is still valid, the old one is used. The
 * login request's times come from ARCA's clock as last measured (arca-clock.ts), and each answer measures
 * it again.
 */
export async function arcaAccess(ctx: Ctx, options: AccessOptions = {}): Promise<ArcaAccess> {
  const config = readConfig(ctx);
  const missing = missingForInvoicing(config, ctx.clock.now());
  if (missing.length) {
    throw new DomainError("conflict", "invoicing_not_ready", `Para facturar falta: ${missing.join("; ")}`, {
      missing,
    });
  }
  const timeoutMs = options.timeoutMs ?? 20_000;
  const client = new WsfeClient(config.wsfe, timeoutMs);
  // ARCA's clock before the login request is built: a PC running fast would sign a TRA "from the future".
  const checked = config.clock_checked_at ? Date.parse(config.clock_checked_at) : 0;
  if (ctx.clock.now().getTime() - checked > CLOCK_CHECK_EVERY_MS) {
    const { serverDate } = await client.dummy();
    recordServerTime(ctx, serverDate, ctx.clock.now());
  }
  const held = storedTicket(ctx, config.cuit);
  const now = arcaNow(ctx).getTime();
  const heldLeft = held ? Date.parse(held.expiresAt) - now : -1;
  let ticket = held;
  if (!held || heldLeft < RENEW_BEFORE_MS) {
    const at = arcaNow(ctx);
    const cms = signLoginRequest(
      loginTicketRequest(SERVICE, at, randomInt(1, 2 ** 31)),
      config.certificate_pem!,
      openPrivateKey(ctx.db, config.key_encrypted!),
      at,
    );
    try {
      const answer = await loginCms(config.wsaa, cms, timeoutMs);
      recordServerTime(ctx, answer.serverTime, ctx.clock.now());
      ticket = answer.ticket;
      stmt(
        ctx.db,
        `INSERT INTO arca_tickets (cuit, service, token, sign, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (cuit, service) DO UPDATE SET token = excluded.token, sign = excluded.sign, expires_at = excluded.expires_at`,
      ).run(config.cuit, SERVICE, ticket.token, ticket.sign, ticket.expiresAt);
    } catch (err) {
      const stillValid = held && heldLeft > 0;
      if (!(err instanceof ArcaFailure && err.code === "coe.alreadyAuthenticated" && stillValid)) {
        if (err instanceof ArcaFailure && err.code === "coe.alreadyAuthenticated") {
          throw new ArcaFailure(
            "fault",
            err.code,
            "ARCA ya entregó un ticket vigente a este certificado (otro equipo, o datos restaurados): se podrá facturar cuando venza, hasta 12 h",
          );
        }
        throw err;
      }
    }
  }
  return { config, client, auth: { token: ticket!.token, sign: ticket!.sign, cuit: config.cuit } };
}
