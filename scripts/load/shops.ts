import { createSession, insertTenant } from "@mostrador/cloud/auth/accounts";
import { hashPassword } from "@mostrador/cloud/auth/passwords";
import { newId } from "@mostrador/cloud/core/ids";
import type { Sql } from "@mostrador/cloud/db/sql";
import { call, expectStatus, inParallel } from "./http.js";

/** One simulated shop: its owner's session and its one appliance's credentials from the real enrolment. */
export interface Shop {
  index: number;
  tenantId: string;
  ownerToken: string;
  storeId: string;
  applianceId: string;
  applianceToken: string;
}

/**
 * `count` shops on the running cloud. The organization and its owner's session are written through the
 * cloud's own functions (insertTenant, createSession) with ONE password hash for all: scrypt at the
 * production cost is ~0.1 s of CPU per hash, and a thousand sign-ups and logins would measure the KDF,
 * not the cloud. Everything after is the real HTTP path: the store, a pairing code, and the appliance
 * enrolling with it (`POST /v1/enroll`), each appliance with its own token.
 */
export async function createShops(sql: Sql, cloudUrl: string, count: number, from = 0): Promise<Shop[]> {
  const passwordHash = await hashPassword("clave-de-carga-1");
  const indexes = Array.from({ length: count }, (_, i) => from + i);
  return inParallel(indexes, 8, async (index) => {
    const tenantId = newId();
    const accountId = newId();
    const now = new Date();
    const { token: ownerToken } = await sql.withTenant(tenantId, async (q) => {
      await insertTenant(
        q,
        tenantId,
        accountId,
        {
          orgName: `Comercio de carga ${index + 1}`,
          ownerEmail: `carga-${index + 1}-${tenantId}@example.com`,
          password: "-",
        },
        passwordHash,
        now,
      );
      return createSession(q, { tenantId, accountId }, { userAgent: "load", ip: "127.0.0.1" }, now);
    });
    const store = await expectStatus<{ id: string }>(
      "POST /v1/stores",
      call(`${cloudUrl}/v1/stores`, {
        method: "POST",
        token: ownerToken,
        body: JSON.stringify({ name: `Local ${index + 1}` }),
      }),
      201,
    );
    const { code } = await expectStatus<{ code: string }>(
      "pairing code",
      call(`${cloudUrl}/v1/stores/${store.id}/pairing-codes`, {
        method: "POST",
        token: ownerToken,
        body: "{}",
      }),
      201,
    );
    const enrolled = await expectStatus<{ applianceId: string; token: string }>(
      "POST /v1/enroll",
      call(`${cloudUrl}/v1/enroll`, {
        method: "POST",
        body: JSON.stringify({ code, applianceName: `Caja ${index + 1}` }),
      }),
      201,
    );
    return {
      index,
      tenantId,
      ownerToken,
      storeId: store.id,
      applianceId: enrolled.applianceId,
      applianceToken: enrolled.token,
    };
  });
}
