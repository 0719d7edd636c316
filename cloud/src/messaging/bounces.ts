import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { Clock } from "../core/clock.js";
import { isUuid, type Sql } from "../db/sql.js";
import { suppress } from "./consent.js";
import { logEvent } from "./queue.js";

const VERP = /^bounces\+([0-9a-f-]{36})@(.+)$/i;

/** The message a VERP bounce address names, or null. */
export function messageOfBounceAddress(address: string, bounceDomain: string): string | null {
  const match = VERP.exec(address.trim());
  if (!match || match[2]!.toLowerCase() !== bounceDomain.toLowerCase() || !isUuid(match[1]!.toLowerCase()))
    return null;
  return match[1]!.toLowerCase();
}

/**
 * What a report to a VERP address says (RFC 3464 DSN, RFC 5965 ARF): "hard" — a permanent failure
 * (Action: failed, Status: 5.x.x); "complaint" — an abuse report; "soft" — a delay or a transient
 * failure (4.x.x), logged and otherwise ignored (the receiving server retries by itself).
 */
export function readBounceReport(raw: string): {
  kind: "hard" | "soft" | "complaint";
  status: string | null;
} {
  if (/^Feedback-Type:\s*abuse/im.test(raw)) return { kind: "complaint", status: null };
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(raw)?.[1] ?? null;
  const failed = /^Action:\s*failed/im.test(raw);
  return { kind: status?.startsWith("5") || (failed && !status?.startsWith("4")) ? "hard" : "soft", status };
}

/**
 * One bounce: the message becomes `bounced` (unless it already reached read) and its address is
 * suppressed on email; a complaint suppresses too. The tenant is learned from the message id alone
 * (messaging_tenant_of_message), then everything runs under that tenant.
 */
export async function recordBounce(sql: Sql, messageId: string, raw: string, now: Date): Promise<boolean> {
  const [row] = await sql.query<{ tenant: string | null }>(
    `SELECT messaging_tenant_of_message($1) AS tenant`,
    [messageId],
  );
  if (!row?.tenant) return false;
  const tenantId = row.tenant;
  const report = readBounceReport(raw);
  await sql.withTenant(tenantId, async (q) => {
    const [m] = await q.query<{ address: string; channel: string }>(
      `SELECT address, channel FROM messages WHERE id = $1`,
      [messageId],
    );
    if (!m || m.channel !== "email") return;
    if (report.kind === "soft") {
      await logEvent(q, tenantId, messageId, "bounce_soft", { status: report.status }, now);
      return;
    }
    if (report.kind === "hard")
      await q.query(
        `UPDATE messages SET status = 'bounced', last_error = $2, updated_at = $3 WHERE id = $1 AND status <> 'read'`,
        [messageId, `Rebotó (${report.status ?? "sin código"})`, now],
      );
    await suppress(
      q,
      tenantId,
      "email",
      m.address,
      report.kind === "hard" ? "bounce" : "complaint",
      report.status,
      messageId,
      now,
    );
    await logEvent(
      q,
      tenantId,
      messageId,
      report.kind === "hard" ? "bounced" : "complaint",
      { status: report.status },
      now,
    );
  });
  return true;
}

/**
 * The inbound SMTP listener of the bounce domain (its MX points here): accepts mail only to
 * bounces+<message id>@<domain> and records each report. Anything else is refused at RCPT.
 */
export async function startBounceListener(
  sql: Sql,
  clock: Clock,
  options: {
    host: string;
    port: number;
    bounceDomain: string;
    log?: (message: string, err?: unknown) => void;
  },
): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    size: 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (messageOfBounceAddress(address.address, options.bounceDomain)) return callback();
      const err = new Error("5.1.1 Mailbox unavailable") as Error & { responseCode: number };
      err.responseCode = 550;
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const ids = session.envelope.rcptTo
          .map((r) => messageOfBounceAddress(r.address, options.bounceDomain))
          .filter((id): id is string => id !== null);
        Promise.all(ids.map((id) => recordBounce(sql, id, raw, clock.now())))
          .then(() => callback())
          .catch((err: unknown) => {
            options.log?.("messaging: no se pudo registrar un rebote", err);
            const temp = new Error("4.3.0 Try again later") as Error & { responseCode: number };
            temp.responseCode = 451;
            callback(temp);
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
