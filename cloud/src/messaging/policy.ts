/**
 * The rules every send passes, as pure functions (the worker applies them at claim time, so a consent
 * withdrawn or an address suppressed after enqueueing still stops the message).
 */

export type MessageKind = "transactional" | "marketing";
/** Why a message may go: transactional ones carry their own rule. */
/** "account": the platform's own mail about a dashboard account (verification, reset, invitation). */
export type MessageReason = "owner_alert" | "requested" | "consent_confirmation" | "marketing" | "account";
export type ConsentStatus = "pending" | "opted_in" | "opted_out";

export interface ConsentFacts {
  kind: MessageKind;
  reason: MessageReason;
  consent: ConsentStatus | null;
  suppressed: boolean;
  ownerRecipient: boolean;
}

/**
 * null: allowed; otherwise why not (Spanish, stored as the message's last error).
 * - A suppressed address (bounce, complaint) never gets anything.
 * - Marketing needs an opt-in (for email, confirmed: double opt-in).
 * - The owner's alert goes to the owner's configured recipients even after a STOP: the owner chose
 *   those recipients in the dashboard, where they are removed.
 * - Something the person asked for (a reminder) needs no opt-in but stops after an opt-out.
 * - A double opt-in confirmation goes only while the consent is pending.
 */
export function refusalOf(f: ConsentFacts): string | null {
  if (f.suppressed) return "Dirección suprimida (rebote o queja)";
  if (f.kind === "marketing" || f.reason === "marketing")
    return f.consent === "opted_in" ? null : "Sin consentimiento para mensajes promocionales";
  switch (f.reason) {
    case "owner_alert":
      return f.ownerRecipient ? null : "El contacto no recibe los avisos del dueño";
    case "requested":
      return f.consent === "opted_out" ? "La persona se dio de baja de este canal" : null;
    case "consent_confirmation":
      return f.consent === "pending" ? null : "No hay una suscripción pendiente de confirmar";
    case "account":
      // The person asked for it (signed up, forgot the password, was invited): no opt-in, no opt-out.
      return null;
  }
}

/** "HH:MM" → minutes of the day. */
const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The local time of day (minutes) of `at` in a time zone. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

/**
 * Inside quiet hours [start, end) in the recipient's zone (the window may cross midnight): when they
 * end, else null. Minute precision; a DST jump inside the window shifts the answer by that hour
 * (Argentina has no DST).
 */
export function quietUntil(at: Date, timeZone: string, quietStart: string, quietEnd: string): Date | null {
  const now = localMinutes(at, timeZone);
  const start = minutes(quietStart);
  const end = minutes(quietEnd);
  if (start === end) return null;
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const wait = (end - now + 1440) % 1440;
  const next = new Date(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
}

/** WhatsApp allows free-form text for 24 h after the person's last message; otherwise a template. */
export const WHATSAPP_SESSION_MS = 24 * 60 * 60 * 1000;

export function whatsappSessionOpen(lastInboundAt: Date | null, at: Date): boolean {
  return lastInboundAt !== null && at.getTime() - lastInboundAt.getTime() < WHATSAPP_SESSION_MS;
}

/** Exponential backoff after failed attempt n (1-based): 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffSeconds(attempt: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempt - 1), 3600);
}

/** STOP / BAJA (any case, accents, surrounding spaces or punctuation) and Telegram's /stop. */
export function isStopWord(text: string): boolean {
  const word = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .trim()
    .replace(/^\//, "")
    .replace(/@\w+$/, "")
    .replace(/[.!¡]+$/u, "")
    .toUpperCase();
  return word === "STOP" || word === "BAJA";
}
