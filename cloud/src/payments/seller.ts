import type { Queryable } from "../db/sql.js";
import type { PaymentsConfig } from "./config.js";

export interface Seller {
  accessToken: string;
  webhookSecret: string | null;
}

/** The tenant's Mercado Pago credentials, opened; null when no appliance gave them yet. */
export async function sellerOf(q: Queryable, config: PaymentsConfig): Promise<Seller | null> {
  const [row] = await q.query<{ token_sealed: string; webhook_secret_sealed: string | null }>(
    "SELECT token_sealed, webhook_secret_sealed FROM mercadopago_accounts",
  );
  if (!row) return null;
  return {
    accessToken: config.secrets.open(row.token_sealed),
    webhookSecret: row.webhook_secret_sealed ? config.secrets.open(row.webhook_secret_sealed) : null,
  };
}

/** Stores (sealed) what the appliance's Ajustes was given; the last appliance to connect wins. */
export async function saveSeller(
  q: Queryable,
  config: PaymentsConfig,
  tenantId: string,
  seller: Seller,
  at: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO mercadopago_accounts (tenant_id, token_sealed, webhook_secret_sealed, updated_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id) DO UPDATE SET token_sealed = excluded.token_sealed,
       webhook_secret_sealed = excluded.webhook_secret_sealed, updated_at = excluded.updated_at`,
    [
      tenantId,
      config.secrets.seal(seller.accessToken),
      seller.webhookSecret ? config.secrets.seal(seller.webhookSecret) : null,
      at,
    ],
  );
}
