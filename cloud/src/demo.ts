import { createTenant } from "./auth/accounts.js";
import type { Clock } from "./core/clock.js";
import type { Sql } from "./db/sql.js";
import { createStore, listStores } from "./tenancy/stores.js";

/** The demo owner `npm start` prints: the same shop as the appliance's demo (Almacén La Esquina). */
export const DEMO_OWNER = { email: "demo@mostrador.local", password: "mostrador-demo" } as const;

export interface DemoTenant {
  tenantId: string;
  storeId: string;
  created: boolean;
}

/** Creates the demo organization, owner and store on first start; finds them on later starts. */
export async function ensureDemoTenant(sql: Sql, clock: Clock): Promise<DemoTenant> {
  const [existing] = await sql.query<{ tenant_id: string }>(
    "SELECT tenant_id FROM auth_account_by_email($1)",
    [DEMO_OWNER.email],
  );
  let tenantId = existing?.tenant_id;
  const created = !tenantId;
  if (!tenantId)
    tenantId = (
      await createTenant(
        sql,
        { orgName: "Almacén La Esquina", ownerEmail: DEMO_OWNER.email, password: DEMO_OWNER.password },
        clock,
      )
    ).tenantId;
  const stores = await listStores(sql, tenantId);
  const storeId = stores[0]?.id ?? (await createStore(sql, tenantId, "La Esquina (centro)", clock)).id;
  return { tenantId, storeId, created };
}
