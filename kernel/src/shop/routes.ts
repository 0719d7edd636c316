import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  ManagedTerminalList,
  ManagedTerminalSchema,
  NewTerminalBody,
  SettingsPatch,
  ShopSettings,
  TerminalList,
  TerminalParams,
  TerminalPatchBody,
} from "@mostrador/contracts/http/settings";
import { getSettings } from "./settings.js";
import {
  createTerminal,
  listManagedTerminals,
  listTerminals,
  renameTerminal,
  retireTerminal,
} from "./terminals.js";
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

  // Tills in Ajustes: every till (retired ones too), a new one, a new name, retirement.
  const editing = { preHandler: requirePermission("settings.edit") };
  const managed = { 200: ManagedTerminalSchema };
  app.get(
    "/settings/terminals",
    { ...editing, schema: { response: { 200: ManagedTerminalList } } },
    async () => listManagedTerminals(ctx),
  );
  app.post(
    "/settings/terminals",
    { ...editing, schema: { body: NewTerminalBody, response: { 201: ManagedTerminalSchema } } },
    async (request, reply) => {
      const created = createTerminal(ctx, request.body, principalOf(request));
      reply.status(201);
      return { ...created, retiredAt: null };
    },
  );
  app.patch(
    "/settings/terminals/:id",
    { ...editing, schema: { params: TerminalParams, body: TerminalPatchBody, response: managed } },
    async (request) => renameTerminal(ctx, request.params.id, request.body.name, principalOf(request)),
  );
  app.post(
    "/settings/terminals/:id/retire",
    { ...editing, schema: { params: TerminalParams, response: managed } },
    async (request) => retireTerminal(ctx, request.params.id, principalOf(request)),
  );
};
