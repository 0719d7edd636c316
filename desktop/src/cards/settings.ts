import type { CardSettings } from "@mostrador/contracts/http/cards";
import { formatMoney, isAmount } from "@mostrador/contracts/money";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";

const READ = `SELECT deposit, deposit_refundable AS depositRefundable, expires_at AS expiresAt
                FROM card_settings WHERE id = 1`;

/** The shop's card policy: the deposit charged at issue, whether it goes back, the event's expiry. */
export function getCardSettings(ctx: Ctx): CardSettings {
  const row = stmt(ctx.db, READ).get() as {
    deposit: number;
    depositRefundable: number;
    expiresAt: string | null;
  };
  return { deposit: row.deposit, depositRefundable: row.depositRefundable === 1, expiresAt: row.expiresAt };
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an instant as the UI sends it (ISO-8601 with a zone) and answers it in UTC, or refuses it. Date.parse
 * rolls a day or hour that does not exist over ("2026-02-31" is 3 March, "24:00" the next day), so the
 * instant, written back in its own offset, must read as the date and time given.
 */
export function parseInstant(value: string, what: string): string {
  const m = INSTANT.exec(value);
  const ms = m ? Date.parse(value) : Number.NaN;
  const offsetMinutes = m?.[2] ? (m[2] === "-" ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4])) : 0;
  const asGiven = Number.isNaN(ms) ? "" : new Date(ms + offsetMinutes * 60_000).toISOString();
  const written = value[16] === ":" ? 19 : 16; // through the seconds, when given
  if (Number.isNaN(ms) || asGiven.slice(0, written) !== value.slice(0, written)) {
    throw new DomainError(
      "invalid",
      "invalid_instant",
      `${what}: "${value}" no es una fecha y hora válida (AAAA-MM-DDTHH:MM con zona horaria)`,
    );
  }
  return new Date(ms).toISOString();
}

/** A manager sets the card policy (audited). A deposit change applies to cards issued from now on. */
export function setCardSettings(ctx: Ctx, principal: Principal, input: CardSettings): CardSettings {
  if (!isAmount(input.deposit)) {
    throw new DomainError(
      "invalid",
      "invalid_deposit",
      `El depósito de la tarjeta debe ser de ${formatMoney(0)} o más, en centavos enteros`,
    );
  }
  if (typeof input.depositRefundable !== "boolean") {
    throw new DomainError("invalid", "invalid_settings", "Indicá si el depósito se devuelve");
  }
  const expiresAt = input.expiresAt == null ? null : parseInstant(input.expiresAt, "Vencimiento del saldo");
  const at = isoNow(ctx);
  ctx.db
    .transaction(() => {
      stmt(
        ctx.db,
        "UPDATE card_settings SET deposit = ?, deposit_refundable = ?, expires_at = ?, updated_at = ? WHERE id = 1",
      ).run(input.deposit, input.depositRefundable ? 1 : 0, expiresAt, at);
      recordAudit(ctx.db, {
        at,
        staffId: principal.staffId,
        terminalId: principal.terminalId,
        action: "card.settings",
        details: { deposit: input.deposit, depositRefundable: input.depositRefundable, expiresAt },
      });
    })
    .immediate();
  return getCardSettings(ctx);
}
