import {
  SensorHistoryAnswer,
  SensorHistoryQuery,
  SensorStoresAnswer,
} from "@mostrador/contracts/http/cloud-sensors";
import { storesInScope } from "../dashboard/store-scope.js";
import { ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { sensorHistory, storesWithDevices } from "./history.js";

/**
 * The owner's Sensores screen (any dashboard account), under the tenant (RLS): which stores have devices,
 * and one store's hourly sensor history with its alarms. A store of another tenant is 404 store_not_found.
 */
export const sensorsRoutes: CloudRoutesFactory = (deps) => async (app) => {
  const { sql, clock } = deps;

  app.get(
    "/dashboard/sensors/stores",
    { schema: { response: { 200: SensorStoresAnswer } } },
    async (request): Promise<SensorStoresAnswer> =>
      sql.withTenant(ownerOf(request).tenantId, (q) => storesWithDevices(q)),
  );

  app.get(
    "/dashboard/sensors",
    { schema: { querystring: SensorHistoryQuery, response: { 200: SensorHistoryAnswer } } },
    async (request): Promise<SensorHistoryAnswer> => {
      const ask = request.query as SensorHistoryQuery;
      return sql.withTenant(ownerOf(request).tenantId, async (q) => {
        const [store] = await storesInScope(q, ask.storeId);
        return sensorHistory(q, store!, ask.range ?? "24h", clock.now());
      });
    },
  );
};
