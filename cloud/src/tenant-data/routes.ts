import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  ClosingAnswer,
  CloseAccountBody,
  ReopenAccountBody,
} from "@mostrador/contracts/http/cloud-tenant-data";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { closeAccount, closingState, reopenAccount } from "./closing.js";
import type { TenantDataConfig } from "./config.js";
import { tenantExport } from "./export.js";

/** "Tus datos y la cuenta": the export (owners), closing and reopening (owners, password again). */
export const tenantDataRoutes =
  (config: TenantDataConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const owner = { preHandler: requireRole("owner") };

    app.get("/account/export", owner, async (request, reply) => {
      const now = clock.now();
      const stream = await tenantExport(sql, ownerOf(request).tenantId, now);
      const day = now.toISOString().slice(0, 10);
      return reply
        .header("content-type", "application/zip")
        .header("content-disposition", `attachment; filename="mostrador-datos-${day}.zip"`)
        .header("cache-control", "no-store")
        .send(stream);
    });

    app.get("/account/closing", { schema: { response: { 200: ClosingAnswer } } }, async (request) =>
      sql.withTenant(ownerOf(request).tenantId, (q) => closingState(q, config.noticeDays)),
    );

    app.post(
      "/account/close",
      { ...owner, schema: { body: CloseAccountBody, response: { 200: ClosingAnswer } } },
      async (request) => closeAccount(sql, config, ownerOf(request), request.body, clock.now()),
    );

    app.post(
      "/account/reopen",
      { ...owner, schema: { body: ReopenAccountBody, response: { 200: ClosingAnswer } } },
      async (request) => reopenAccount(sql, config, ownerOf(request), request.body.password, clock.now()),
    );
  };
