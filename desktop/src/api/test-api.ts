import type { Terminal } from "@mostrador/contracts/http/settings";
import type { Role } from "@mostrador/contracts/http/staff";
import type { LightMyRequestResponse } from "fastify";
import { applianceModules, type ModulesConfig } from "../appliance/modules.js";
import type { AppEventName } from "@mostrador/kernel/core/events";
import { eventsOf, type RoutesFactory, routesOf } from "@mostrador/kernel/core/module";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";

import { createSession } from "@mostrador/kernel/staff/sessions";
import { type Api, buildServer } from "@mostrador/kernel/api/server";

export interface TestApi {
  core: TestCore;
  app: Api;
  terminal: Terminal;
  /** A bearer token for a fresh staff member of `role` on the test terminal (no PIN round-trip). */
  tokenFor(role: Role, name?: string): string;
  /** POST /api/auth/login on the test terminal with a real PIN round-trip; returns the raw response. */
  loginWithPin(staffId: string, pin: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** A real SQLite file and the real Fastify app, driven with app.inject(). */
export async function openTestApi(
  options: {
    routes?: readonly RoutesFactory[];
    events?: readonly AppEventName[];
    /** The gateway link its routes get (a test starting the gateway by hand passes it to startGateway too). */
    link?: ModulesConfig["link"];
  } = {},
): Promise<TestApi> {
  const core = openTestCore();
  // Every module, as the appliance composes them; nothing is started here (no broker, no sync).
  const { modules } = applianceModules({
    mqttPort: 0,
    mqttHost: "127.0.0.1",
    simulator: false,
    sync: false,
    link: options.link,
  });
  const app = await buildServer(core, {
    routes: options.routes ?? routesOf(modules),
    events: options.events ?? eventsOf(modules),
  });
  const terminal = createTerminal(core, { code: 1, name: "Caja 1" });
  return {
    core,
    app,
    terminal,
    tokenFor(role, name = `${role} de prueba`) {
      const id = newId();
      const at = core.clock.now().toISOString();
      core.db
        .prepare(
          "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, ?, ?, 'test', ?, ?)",
        )
        .run(id, name, role, at, at);
      return createSession(core, id, terminal.id);
    },
    loginWithPin(staffId, pin) {
      return app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { staffId, pin, terminalId: terminal.id },
      });
    },
    async close() {
      await app.close();
      core.close();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
