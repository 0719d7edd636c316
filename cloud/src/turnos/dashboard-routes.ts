import {
  DashboardAgendaSchema,
  type DashboardAgenda,
  DashboardTurnosQuery,
} from "@mostrador/contracts/http/cloud-turnos";
import { type TurnosReport, TurnosReportSchema } from "@mostrador/contracts/http/turnos";
import { storesInScope } from "../dashboard/store-scope.js";
import { ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { turnosAgenda } from "./agenda.js";
import { turnosReport } from "./reports.js";

/**
 * The owner's turnos (any dashboard account: owner, manager, accountant — all read), under the tenant
 * (RLS): a store's report over a range of its days, in the desk's shape (`/turnos/reports`), and its agenda
 * (`/turnos/agenda`). A store of another tenant is 404 store_not_found, like one that never existed.
 */
export const turnosDashboardRoutes: CloudRoutesFactory = (deps) => async (app) => {
  const { sql, clock } = deps;

  app.get(
    "/turnos/reports",
    { schema: { querystring: DashboardTurnosQuery, response: { 200: TurnosReportSchema } } },
    async (request): Promise<TurnosReport> => {
      const ask = request.query as DashboardTurnosQuery;
      return sql.withTenant(ownerOf(request).tenantId, async (q) => {
        const [store] = await storesInScope(q, ask.storeId);
        return turnosReport(q, store!, ask, clock.now());
      });
    },
  );

  app.get(
    "/turnos/agenda",
    { schema: { querystring: DashboardTurnosQuery, response: { 200: DashboardAgendaSchema } } },
    async (request): Promise<DashboardAgenda> => {
      const ask = request.query as DashboardTurnosQuery;
      return sql.withTenant(ownerOf(request).tenantId, async (q) => {
        const [store] = await storesInScope(q, ask.storeId);
        return turnosAgenda(q, store!, ask);
      });
    },
  );
};
