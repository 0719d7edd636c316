import type { Queryable } from "../db/sql.js";
import { enqueueAccountMail } from "../messaging/account-mail.js";

/**
 * Tells every owner of the tenant, through messaging's account mail (the platform's SMTP, like billing's
 * dunning), that an endpoint was disabled. Queued in the disabling transaction; once per disabling
 * (dedupe key with its moment), so a re-enabled endpoint that dies again is told again.
 */
export async function tellOwnersEndpointDisabled(
  q: Queryable,
  tenantId: string,
  info: {
    endpointId: string;
    url: string;
    days: number;
    lastError: string | null;
    publicUrl: string;
    now: Date;
  },
): Promise<void> {
  const owners = await q.query<{ email: string; org: string }>(
    `SELECT a.email, o.name AS org FROM accounts a JOIN organizations o ON o.id = a.tenant_id
     WHERE a.role = 'owner' ORDER BY a.email`,
  );
  for (const owner of owners)
    await enqueueAccountMail(
      q,
      tenantId,
      {
        email: owner.email,
        subject: "Desactivamos un webhook de Mostrador",
        body:
          `Hola: el webhook ${info.url} de ${owner.org} falló durante ${info.days} ` +
          `${info.days === 1 ? "día" : "días"} seguidos, así que dejamos de enviarle avisos.\n\n` +
          (info.lastError ? `Último error: ${info.lastError}\n\n` : "") +
          `Cuando lo arregles, activalo de nuevo y reenviá lo que haga falta desde "Webhooks":\n` +
          `${info.publicUrl}/#webhooks`,
        dedupeKey: `webhooks:disabled:${info.endpointId}:${info.now.toISOString()}`,
        source: "webhooks",
      },
      info.now,
    );
}
