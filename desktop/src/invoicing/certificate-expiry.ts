import { createHash } from "node:crypto";
import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { notifyOwner } from "@mostrador/kernel/notifications/notify-owner";
import { arcaDay } from "./arca-clock.js";
import { formatDayKey } from "./caea-days.js";

/** The owner hears of the certificate this many days before it expires, and when it expires (0). */
export const CERTIFICATE_ALERT_DAYS = [30, 7, 0] as const;
export type CertificateAlertDays = (typeof CERTIFICATE_ALERT_DAYS)[number];

const DAY_MS = 86_400_000;

export interface CertificateExpiry {
  validTo: string;
  /** Whole days left, rounded up (0 or less: expired). */
  daysLeft: number;
  /** The most urgent threshold reached (30, 7 or 0), or null while more than 30 days are left. */
  threshold: CertificateAlertDays | null;
}

/** How close the certificate valid until `validTo` is to expiring, at `now`. */
export function certificateExpiry(validTo: string, now: Date): CertificateExpiry {
  const msLeft = Date.parse(validTo) - now.getTime();
  const daysLeft = msLeft <= 0 ? 0 : Math.ceil(msLeft / DAY_MS);
  const threshold = msLeft <= 0 ? 0 : daysLeft <= 7 ? 7 : daysLeft <= 30 ? 30 : null;
  return { validTo, daysLeft, threshold };
}

/** The installed certificate's expiry, or null when none is installed. */
export function installedCertificateExpiry(ctx: Ctx): CertificateExpiry | null {
  const row = stmt(ctx.db, "SELECT certificate_valid_to AS v FROM invoicing_setup WHERE id = 1").get() as
    { v: string | null } | undefined;
  return row?.v ? certificateExpiry(row.v, ctx.clock.now()) : null;
}

function messageOf(expiry: CertificateExpiry): string {
  const day = formatDayKey(arcaDay(new Date(expiry.validTo)));
  if (expiry.threshold === 0)
    return `El certificado de ARCA venció el ${day}: no se pueden autorizar facturas hasta cargar uno nuevo (Ajustes → Facturación).`;
  return `El certificado de ARCA vence en ${expiry.daysLeft} ${expiry.daysLeft === 1 ? "día" : "días"} (el ${day}): generá uno nuevo en Ajustes → Facturación antes de esa fecha.`;
}

/**
 * Tells the owner (kernel notifications → outbox → the cloud's owner alerts) when the installed certificate
 * reaches 30 days, 7 days and its expiry: each threshold once per certificate (a new certificate starts
 * over), only the most urgent one when several are reached at once (a certificate installed with 5 days
 * left says "7", never "30" after). Works offline: it reads the stored expiry, not ARCA.
 * Returns the threshold notified, or null.
 */
export function alertCertificateExpiry(ctx: Ctx): CertificateAlertDays | null {
  const row = stmt(
    ctx.db,
    "SELECT certificate_pem AS pem, certificate_valid_to AS v FROM invoicing_setup WHERE id = 1",
  ).get() as { pem: string | null; v: string | null } | undefined;
  if (!row?.pem || !row.v) return null;
  const expiry = certificateExpiry(row.v, ctx.clock.now());
  if (expiry.threshold === null) return null;
  const threshold = expiry.threshold;
  const sha256 = createHash("sha256").update(row.pem.trim()).digest("hex");
  return ctx.db.transaction(() => {
    const inserted = stmt(
      ctx.db,
      `INSERT INTO arca_certificate_alerts (certificate_sha256, days_before, alerted_at) VALUES (?, ?, ?)
        ON CONFLICT DO NOTHING`,
    ).run(sha256, threshold, isoNow(ctx));
    if (inserted.changes === 0) return null;
    // The notification exists if and only if its row does (the outbox rule: same transaction).
    notifyOwner(ctx.db, {
      kind: "certificate_expiry",
      message: messageOf(expiry),
      at: isoNow(ctx),
      dedupeKey: `arca_certificate:${sha256.slice(0, 32)}:${threshold}`,
      daysBefore: threshold,
      validTo: expiry.validTo,
    });
    return threshold;
  })();
}
