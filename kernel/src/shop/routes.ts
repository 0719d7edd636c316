import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { SettingsPatch, ShopSettings, TerminalList } from "@mostrador/contracts/http/settings";
import { getSettings } from "./settings.js";
import { listTerminals } from "./terminals.js";
import { changeSettings } from "../staff/settings-changes.js";
import { principalOf, requirePermission } from "../api/auth.js";
import type { RoutesFactory } from "../core/module.js";

// Requests and answers are the HTTP contract's (contracts/src/http/settings.ts).
const settingsAnswer = { 200: ShopSettings };

/** Shop settings and the list of tills (public: the login screen picks its till before anyone logs in). */
export const settingsRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get("/terminals", { config: { public: true }, schema: { response: { 200: TerminalList } } }, async () =>
    listTerminals(ctx),
  );

  app.get("/settings", { schema: { response: settingsAnswer } }, async () => getSettings(ctx.db));

  app.patch(
    "/settings",
    {
      preHandler: requirePermission("settings.edit"),
      schema: { body: SettingsPatch, response: settingsAnswer },
    },
    async (request) => changeSettings(ctx, principalOf(request), request.body),
  );
};
