import { randomBytes } from "node:crypto";
import type {
  ConnectBody,
  MpAccountAnswer,
  MpTill,
  PointDevice,
} from "@mostrador/contracts/http/mercadopago";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import type { MercadoPagoApi } from "@mostrador/platform/mercadopago/api";
import type { MpDeps } from "./deps.js";
import { refusalOf } from "./failures.js";

interface AccountRow {
  tokenSealed: string;
  webhookSecretSealed: string | null;
  userId: string;
  nickname: string;
  live: number;
  storeId: string | null;
  storeExternalId: string;
}

const ACCOUNT = `SELECT token_sealed AS tokenSealed, webhook_secret_sealed AS webhookSecretSealed, user_id AS userId,
    nickname, live, store_id AS storeId, store_external_id AS storeExternalId FROM mercadopago_account WHERE id = 1`;

const readAccount = (ctx: Ctx) => stmt(ctx.db, ACCOUNT).get() as AccountRow | undefined;

/** The client for the connected account, or a refusal the till can show. */
export function connectedClient(ctx: Ctx, deps: MpDeps): { mp: MercadoPagoApi; account: AccountRow } {
  const account = readAccount(ctx);
  if (!account)
    throw new DomainError(
      "conflict",
      "mercadopago_not_connected",
      "Mercado Pago no está configurado: el dueño lo conecta en Ajustes → Mercado Pago",
    );
  let token: string;
  try {
    token = deps.box.open(account.tokenSealed);
  } catch {
    // The key file beside the database is not the one that sealed the token (restored on another PC).
    throw new DomainError(
      "conflict",
      "mercadopago_token_unreadable",
      "El token de Mercado Pago guardado no se puede leer en este equipo: volvé a cargarlo en Ajustes → Mercado Pago",
    );
  }
  return { mp: deps.clientFor(token), account };
}

/** The webhook secret the owner gave (for the cloud's relay), or null. */
export function webhookSecret(ctx: Ctx, deps: MpDeps): string | null {
  const sealed = readAccount(ctx)?.webhookSecretSealed;
  return sealed ? deps.box.open(sealed) : null;
}

/** The notification URL the paired cloud gave (relay.ts pushAccount), or null. */
const relayWebhookUrl = (ctx: Ctx): string | null =>
  (
    stmt(ctx.db, "SELECT webhook_url AS url FROM mercadopago_relay WHERE id = 1").get() as
      { url: string | null } | undefined
  )?.url ?? null;

const TILLS = `SELECT t.id AS terminalId, t.code, t.name, m.external_pos_id AS externalPosId,
    m.point_terminal_id AS pointTerminalId
  FROM terminals t LEFT JOIN mercadopago_tills m ON m.terminal_id = t.id
  WHERE t.retired_at IS NULL ORDER BY t.code`;

export function accountStatus(ctx: Ctx): MpAccountAnswer {
  const account = readAccount(ctx);
  const tills = stmt(ctx.db, TILLS).all() as MpTill[];
  return {
    connected: account !== undefined,
    nickname: account?.nickname ?? null,
    live: account?.live === 1,
    storeExternalId: account?.storeExternalId ?? null,
    tills: account ? tills : tills.map((t) => ({ ...t, externalPosId: null, pointTerminalId: null })),
    webhookSecretSet: Boolean(account?.webhookSecretSealed),
    webhookUrl: account ? relayWebhookUrl(ctx) : null,
  };
}

/**
 * Connects the seller's account: checks the token with MP (users/me), creates the store (sucursal) with
 * the shop's address and one POS (caja) per till in service, and stores the token sealed. Safe to run
 * again: with the same MP account the store and the cajas already created are kept (their external ids
 * cannot change at MP); a till added later gets its caja. A different account starts a new store.
 */
export async function connectAccount(
  ctx: Ctx,
  deps: MpDeps,
  principal: Principal,
  input: ConnectBody,
): Promise<MpAccountAnswer> {
  const mp = deps.clientFor(input.accessToken);
  let me: Awaited<ReturnType<MercadoPagoApi["whoAmI"]>>;
  try {
    me = await mp.whoAmI();
  } catch (err) {
    throw refusalOf(err);
  }
  const before = readAccount(ctx);
  const sameSeller = before?.userId === me.userId;
  const storeExternalId = sameSeller ? before.storeExternalId : newStoreExternalId();
  const now = isoNow(ctx);
  const sealedSecret = input.webhookSecret
    ? deps.box.seal(input.webhookSecret)
    : sameSeller
      ? before.webhookSecretSealed
      : null;

  ctx.db
    .transaction(() => {
      if (!sameSeller) stmt(ctx.db, "DELETE FROM mercadopago_tills").run();
      stmt(
        ctx.db,
        `INSERT INTO mercadopago_account (id, token_sealed, webhook_secret_sealed, user_id, nickname, live,
           store_id, store_external_id, connected_at, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET token_sealed = excluded.token_sealed,
           webhook_secret_sealed = excluded.webhook_secret_sealed, user_id = excluded.user_id,
           nickname = excluded.nickname, live = excluded.live, store_id = excluded.store_id,
           store_external_id = excluded.store_external_id, updated_at = excluded.updated_at`,
      ).run(
        deps.box.seal(input.accessToken),
        sealedSecret,
        me.userId,
        me.nickname,
        me.live ? 1 : 0,
        sameSeller ? before.storeId : null,
        storeExternalId,
        now,
        now,
      );
      recordAudit(ctx.db, {
        at: now,
        staffId: principal.staffId,
        terminalId: principal.terminalId,
        action: "mercadopago.connected",
        entity: "mercadopago_account",
        entityId: me.userId,
        details: { nickname: me.nickname, live: me.live },
      });
    })
    .immediate();

  await ensureStoreAndCajas(ctx, deps, input.location);
  return accountStatus(ctx);
}

/** Creates at MP what is missing: the store, then a caja per till in service. Each is saved as it is made. */
export async function ensureStoreAndCajas(
  ctx: Ctx,
  deps: MpDeps,
  location?: ConnectBody["location"],
): Promise<void> {
  const { mp, account } = connectedClient(ctx, deps);
  let storeId = account.storeId;
  try {
    if (!storeId) {
      if (!location)
        throw new DomainError("invalid", "mercadopago_location_required", "Falta la dirección del local", {
          field: "location",
        });
      const store = await mp.createStore(account.userId, {
        name: getSettings(ctx.db).name.slice(0, 100) || "Mostrador",
        externalId: account.storeExternalId,
        location: {
          street_name: location.streetName,
          street_number: location.streetNumber,
          city_name: location.cityName,
          state_name: location.stateName,
          latitude: location.latitude,
          longitude: location.longitude,
        },
      });
      storeId = store.id;
      stmt(ctx.db, "UPDATE mercadopago_account SET store_id = ? WHERE id = 1").run(storeId);
    }
    const missing = (stmt(ctx.db, TILLS).all() as MpTill[]).filter((t) => t.externalPosId === null);
    for (const till of missing) {
      const pos = await mp.createPos({
        name: till.name,
        storeId,
        externalStoreId: account.storeExternalId,
        externalId: `${account.storeExternalId}POS${till.code}`,
      });
      stmt(
        ctx.db,
        `INSERT INTO mercadopago_tills (terminal_id, pos_id, external_pos_id, created_at) VALUES (?, ?, ?, ?)`,
      ).run(till.terminalId, pos.id, pos.externalId, isoNow(ctx));
    }
  } catch (err) {
    throw refusalOf(err);
  }
}

/** Forgets the account (the token and the cajas); charges already made stay, with their sales. */
export function disconnectAccount(ctx: Ctx, principal: Principal): MpAccountAnswer {
  ctx.db
    .transaction(() => {
      stmt(ctx.db, "DELETE FROM mercadopago_tills").run();
      stmt(ctx.db, "DELETE FROM mercadopago_account").run();
      recordAudit(ctx.db, {
        at: isoNow(ctx),
        staffId: principal.staffId,
        terminalId: principal.terminalId,
        action: "mercadopago.disconnected",
      });
    })
    .immediate();
  return accountStatus(ctx);
}

/** The store's Point devices, with the till each is assigned to. */
export async function pointDevices(ctx: Ctx, deps: MpDeps): Promise<PointDevice[]> {
  const { mp, account } = connectedClient(ctx, deps);
  if (!account.storeId) return [];
  let devices: Awaited<ReturnType<MercadoPagoApi["listTerminals"]>>;
  try {
    devices = await mp.listTerminals(account.storeId);
  } catch (err) {
    throw refusalOf(err);
  }
  const assigned = new Map(
    (
      stmt(
        ctx.db,
        "SELECT point_terminal_id AS device, terminal_id AS till FROM mercadopago_tills WHERE point_terminal_id IS NOT NULL",
      ).all() as { device: string; till: string }[]
    ).map((r) => [r.device, r.till]),
  );
  return devices.map((d) => ({
    id: d.id,
    operatingMode: d.operatingMode,
    assignedTo: assigned.get(d.id) ?? null,
  }));
}

/** The Point device a till sends card payments to (or none). Must be in PDV mode: MP refuses orders otherwise. */
export async function assignPoint(
  ctx: Ctx,
  deps: MpDeps,
  principal: Principal,
  terminalId: string,
  pointTerminalId: string | null,
): Promise<MpAccountAnswer> {
  const till = stmt(ctx.db, "SELECT 1 FROM mercadopago_tills WHERE terminal_id = ?").get(terminalId);
  if (!till)
    throw new DomainError(
      "not_found",
      "mercadopago_till_unknown",
      "Esa caja no tiene caja de Mercado Pago todavía",
    );
  if (pointTerminalId !== null) {
    const device = (await pointDevices(ctx, deps)).find((d) => d.id === pointTerminalId);
    if (!device)
      throw new DomainError(
        "not_found",
        "point_unknown",
        "Ese posnet Point no está en la sucursal de Mercado Pago",
      );
    if (device.operatingMode !== "PDV")
      throw new DomainError(
        "conflict",
        "point_not_pdv",
        "El posnet Point no está en modo PDV: activalo desde la app de Mercado Pago para cobrar desde la caja",
      );
    if (device.assignedTo && device.assignedTo !== terminalId)
      throw new DomainError("conflict", "point_taken", "Ese posnet Point ya está asignado a otra caja");
  }
  ctx.db
    .transaction(() => {
      stmt(ctx.db, "UPDATE mercadopago_tills SET point_terminal_id = ? WHERE terminal_id = ?").run(
        pointTerminalId,
        terminalId,
      );
      recordAudit(ctx.db, {
        at: isoNow(ctx),
        staffId: principal.staffId,
        terminalId: principal.terminalId,
        action: "mercadopago.point_assigned",
        entity: "terminal",
        entityId: terminalId,
        details: { pointTerminalId },
      });
    })
    .immediate();
  return accountStatus(ctx);
}

/** "MOS" + 9 random letters and digits: unique per MP account, and MP never lets it change. */
function newStoreExternalId(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return `MOS${[...randomBytes(9)].map((b) => alphabet[b % alphabet.length]).join("")}`;
}
