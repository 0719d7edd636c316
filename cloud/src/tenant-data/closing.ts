import { keepsExtras, type SubscriptionStatus } from "@mostrador/contracts/billing/plans";
import type { ClosingAnswer, CloseAccountBody } from "@mostrador/contracts/http/cloud-tenant-data";
import { checkOwnPassword } from "../auth/accounts.js";
import { BAD_CODE, checkSecondFactor } from "../auth/totp.js";
import { CloudError } from "../core/errors.js";
import type { Queryable, Sql } from "../db/sql.js";
import type { OwnerPrincipal } from "../auth/accounts.js";
import { enqueueAccountMail } from "../messaging/account-mail.js";
import type { TenantDataConfig } from "./config.js";

const DAY = 86_400_000;

export async function closingState(q: Queryable, noticeDays: number): Promise<ClosingAnswer> {
  const [org] = await q.query<{ status: string; erase_after: Date | null }>(
    `SELECT status, erase_after FROM organizations`,
  );
  return {
    status: org?.status === "closing" ? "closing" : "active",
    eraseAfter: org?.erase_after?.toISOString() ?? null,
    noticeDays,
  };
}

/** The password again, and the second factor when the owner has it on: a session alone is not enough. */
async function reconfirm(
  q: Queryable,
  config: TenantDataConfig,
  owner: OwnerPrincipal,
  password: string,
  code: string | undefined,
  now: Date,
): Promise<void> {
  await checkOwnPassword(q, owner.accountId, password);
  const [account] = await q.query<{ totp: boolean }>(
    `SELECT totp_enabled_at IS NOT NULL AS totp FROM accounts WHERE id = $1`,
    [owner.accountId],
  );
  if (!account?.totp) return;
  if (!code)
    throw new CloudError("unauthorized", "code_required", "Ingresá el código de tu app de autenticación");
  if (!(await checkSecondFactor(q, owner.accountId, code, config.secrets, now))) throw BAD_CODE();
}

/**
 * Closes the account: owner only, password (and TOTP) again, the business's name typed. The provider's
 * subscription is cancelled first (if that fails, nothing changes); then the organization is `closing`
 * with its erasure date, and its owners are emailed. Until that date the owner logs in, exports and
 * may reopen; the shop's appliances keep working (they are erased, and so revoked, with the rest).
 */
export async function closeAccount(
  sql: Sql,
  config: TenantDataConfig,
  owner: OwnerPrincipal,
  body: CloseAccountBody,
  now: Date,
): Promise<ClosingAnswer> {
  const subscription = await sql.withTenant(owner.tenantId, async (q) => {
    const [org] = await q.query<{ name: string; status: string }>(
      `SELECT name, status FROM organizations WHERE id = $1 FOR UPDATE`,
      [owner.tenantId],
    );
    if (org?.status === "closing")
      throw new CloudError("conflict", "already_closing", "La cuenta ya se está cerrando");
    await reconfirm(q, config, owner, body.password, body.code, now);
    if (body.confirmName.trim().toLocaleLowerCase("es") !== org!.name.trim().toLocaleLowerCase("es"))
      throw new CloudError(
        "invalid",
        "confirm_name_mismatch",
        `Escribí el nombre del negocio: «${org!.name}»`,
      );
    const [billing] = await q.query<{ subscription_id: string | null; status: SubscriptionStatus | null }>(
      `SELECT subscription_id, status FROM billing_accounts`,
    );
    return billing?.subscription_id && billing.status && keepsExtras(billing.status)
      ? billing.subscription_id
      : null;
  });
  if (subscription) {
    const cancel = config.billing.provider?.cancelSubscription;
    if (!cancel)
      throw new CloudError(
        "conflict",
        "billing_unavailable",
        "No se puede cancelar la suscripción desde este servidor; escribinos para cerrar la cuenta",
      );
    try {
      await cancel.call(config.billing.provider, subscription);
    } catch {
      throw new CloudError(
        "conflict",
        "billing_unreachable",
        "No pudimos cancelar la suscripción ahora; probá de nuevo en unos minutos",
      );
    }
  }
  return sql.withTenant(owner.tenantId, async (q) => {
    const eraseAfter = new Date(now.getTime() + config.noticeDays * DAY);
    const [org] = await q.query<{ name: string }>(
      `UPDATE organizations SET status = 'closing', closing_requested_at = $2, closing_requested_by = $3,
         erase_after = $4
       WHERE id = $1 AND status <> 'closing' RETURNING name`,
      [owner.tenantId, now, owner.accountId, eraseAfter],
    );
    if (!org) throw new CloudError("conflict", "already_closing", "La cuenta ya se está cerrando");
    await mailOwners(q, owner.tenantId, config, now, {
      subject: "Cerraste tu cuenta de Mostrador",
      body:
        `Hola: la cuenta de ${org.name} se cerró el ${now.toISOString().slice(0, 10)}.\n\n` +
        `Hasta el ${eraseAfter.toISOString().slice(0, 10)} podés entrar, descargar todos tus datos o ` +
        `reabrirla desde "Tus datos y la cuenta":\n${config.publicUrl}/#cuenta\n\n` +
        `Ese día borramos todos los datos de la cuenta y sus equipos dejan de sincronizar.`,
      key: `closing:${owner.tenantId}:${now.toISOString()}`,
    });
    return closingState(q, config.noticeDays);
  });
}

/** Reopens during the notice period (the subscription stays cancelled: subscribing again is billing's). */
export async function reopenAccount(
  sql: Sql,
  config: TenantDataConfig,
  owner: OwnerPrincipal,
  password: string,
  now: Date,
): Promise<ClosingAnswer> {
  return sql.withTenant(owner.tenantId, async (q) => {
    await checkOwnPassword(q, owner.accountId, password);
    const reopened = await q.query(
      `UPDATE organizations SET status = 'active', closing_requested_at = NULL, closing_requested_by = NULL,
         erase_after = NULL
       WHERE id = $1 AND status = 'closing' AND erase_after > $2 RETURNING id`,
      [owner.tenantId, now],
    );
    if (reopened.length === 0)
      throw new CloudError("conflict", "not_closing", "La cuenta no se está cerrando");
    return closingState(q, config.noticeDays);
  });
}

async function mailOwners(
  q: Queryable,
  tenantId: string,
  _config: TenantDataConfig,
  now: Date,
  mail: { subject: string; body: string; key: string },
): Promise<void> {
  const owners = await q.query<{ email: string }>(
    `SELECT email FROM accounts WHERE role = 'owner' ORDER BY email`,
  );
  for (const { email } of owners)
    await enqueueAccountMail(
      q,
      tenantId,
      { email, subject: mail.subject, body: mail.body, dedupeKey: mail.key, source: "closing" },
      now,
    );
}

/**
 * The erasure job: every tenant whose notice period is over is erased by erase_closed_tenant() (0033),
 * which checks again that it is still closing and due, so a reopen racing the job wins or loses whole.
 */
export async function eraseDueTenants(
  sql: Sql,
  now: Date,
  log: (m: string, e?: unknown) => void,
): Promise<string[]> {
  const due = await sql.query<{ tenant: string }>(`SELECT tenants_due_for_erasure($1) AS tenant`, [now]);
  const erased: string[] = [];
  for (const { tenant } of due)
    try {
      const [row] = await sql.query<{ rows: number | null }>(`SELECT erase_closed_tenant($1, $2) AS rows`, [
        tenant,
        now,
      ]);
      if (row?.rows !== null && row?.rows !== undefined) erased.push(tenant);
    } catch (err) {
      log(`No se pudo borrar el inquilino ${tenant}`, err);
    }
  return erased;
}
