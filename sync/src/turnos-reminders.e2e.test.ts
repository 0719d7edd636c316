import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dayKeyIn, nextDayKey, wallTimeMs } from "@mostrador/contracts/zoned-day";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock, type Clock } from "@mostrador/cloud/core/clock";
import { DEMO_OWNER } from "@mostrador/cloud/demo";
import { createMessagingModule, messagingModule } from "@mostrador/cloud/messaging/module";
import {
  postWhatsappWebhook,
  startFakeWhatsapp,
  whatsappButtonReply,
  whatsappWebhookBody,
} from "@mostrador/cloud/messaging/test-support/fake-whatsapp";
import { cloudModules } from "@mostrador/cloud/modules";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { createPairingCode } from "@mostrador/cloud/tenancy/pairing";
import { createTurnosModule } from "@mostrador/cloud/turnos/module";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { enrollAppliance } from "./upload/enroll.js";

type Answer = { status: number; body: Record<string, unknown> };

const WA_TOKEN = "EAAG-token-de-prueba";
const WA_APP_SECRET = "secreto-de-la-app";
const WA_PHONE_ID = "106540352242922";

/** The desk's API as the demo's owner (a manager: turnos setup needs catalog.edit). */
async function deskApi(appliance: RunningAppliance) {
  const db = appliance.ctx.db;
  const owner = db.prepare("SELECT id FROM staff WHERE name LIKE 'Martín%'").get() as { id: string };
  const terminal = db.prepare("SELECT id FROM terminals WHERE code = 1").get() as { id: string };
  const call = async (method: string, path: string, body?: unknown, token?: string): Promise<Answer> => {
    const res = await fetch(`${appliance.url}/api${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const login = await call("POST", "/auth/login", {
    staffId: owner.id,
    pin: "2222",
    terminalId: terminal.id,
  });
  const token = login.body.token as string;
  return (method: string, path: string, body?: unknown) => call(method, path, body, token);
}

/**
 * Issue 17's "Done when": the 24 h reminder reaches the fake WhatsApp and the patient's "confirmar" answer
 * marks it confirmed — the whole appliance, the embedded cloud with messaging pointed at the WhatsApp
 * Cloud API fake, in one process. The cloud's clock is moved to 24 h before the turno (its worker's
 * clock: nothing else waits a day); the desk keeps real time.
 */
describe("a turno's reminder and the patient's answer, from the cloud to the desk", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let whatsapp: Awaited<ReturnType<typeof startFakeWhatsapp>>;
  let offset = 0;
  const clock: Clock = { now: () => new Date(systemClock.now().getTime() + offset) };

  beforeAll(async () => {
    dirs = ["cloud", "desk"].map((n) => mkdtempSync(join(tmpdir(), `mostrador-reminders-${n}-`)));
    whatsapp = await startFakeWhatsapp(WA_TOKEN);
    const messaging = createMessagingModule({
      ...messagingModule.config,
      whatsapp: { baseUrl: whatsapp.url, apiVersion: "v21.0" },
      pollMs: 250,
    });
    const modules = cloudModules.map((m) =>
      m.name === "messaging" ? messaging : m.name === "turnos" ? createTurnosModule(messaging) : m,
    );
    cloud = await startCloud({
      dataDir: dirs[0] as string,
      port: 0,
      host: "127.0.0.1",
      demo: true,
      modules,
      clock,
    });
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    appliance = await startAppliance({
      dataDir: dirs[1] as string,
      host: "127.0.0.1",
      port: 0,
      mqttPort: 0,
      seedDemo: true,
      sync: true,
    });
    const { code } = await createPairingCode(cloud.sql, demo.tenantId, demo.storeId, systemClock);
    await enrollAppliance(appliance.ctx, { cloudUrl: cloud.url, code, name: "Recepción" });
  }, 120_000);

  afterAll(async () => {
    await appliance?.close();
    await cloud?.close();
    await whatsapp?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  it("the 24 h reminder reaches the fake WhatsApp and the patient's «Confirmar» marks the turno confirmed at the desk", async () => {
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    // The shop connects WhatsApp in the dashboard.
    const login = await fetch(`${cloud.url}/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(DEMO_OWNER),
    });
    const ownerToken = ((await login.json()) as { token: string }).token;
    const connected = await fetch(`${cloud.url}/v1/messaging/channels/whatsapp`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({
        enabled: true,
        settings: { phoneNumberId: WA_PHONE_ID, alertTemplate: { name: "aviso_dueno", language: "es_AR" } },
        secrets: { accessToken: WA_TOKEN, appSecret: WA_APP_SECRET, verifyToken: "verificar-123" },
      }),
    });
    expect(connected.status).toBeLessThan(300);

    // The receptionist sets up a professional, registers the patient and books for 10:00 in two days.
    const desk = await deskApi(appliance);
    const service = await desk("POST", "/turnos/services", {
      name: "Consulta clínica",
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: 2_500_000,
      deposit: 0,
    });
    const pro = await desk("POST", "/turnos/professionals", {
      name: "Dra. Suárez",
      serviceIds: [service.body.id],
      hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
        weekday,
        kind: "work",
        startMinute: 480,
        endMinute: 1200,
      })),
    });
    const patient = await desk("POST", "/customers", {
      name: "Lucía Fernández",
      phone: "+54 9 11 5555-0101",
    });
    expect(patient.status).toBeLessThan(300);
    const tz = getSettings(appliance.ctx.db).timeZone;
    // The day after tomorrow: always more than 24 h ahead, whatever the time of day the test runs.
    const day = nextDayKey(nextDayKey(dayKeyIn(new Date(), tz)));
    const start = new Date(wallTimeMs(day, 600, tz)).toISOString();
    const booked = await desk("POST", "/turnos/bookings", {
      serviceId: service.body.id,
      professionalId: pro.body.id,
      start,
      customerId: patient.body.id,
    });
    expect(booked.status).toBe(200);
    const bookingId = booked.body.id as string;

    // Uploaded, the cloud queues its reminders; 24 h before the turno the first one goes.
    const reminders = () =>
      cloud.sql.withTenant(demo.tenantId, (q) =>
        q.query<{ status: string }>(`SELECT status FROM messages WHERE source = $1`, [`turno:${bookingId}`]),
      );
    await expect.poll(async () => (await reminders()).length, { timeout: 20_000 }).toBe(2);
    offset = Date.parse(start) - 24 * 3_600_000 + 1000 - Date.now();
    await expect.poll(() => whatsapp.sent.length, { timeout: 20_000 }).toBe(1);
    const sent = whatsapp.sent[0]!;
    expect(sent.body).toMatchObject({ to: "541155550101", type: "template" });
    expect(sent.body.template!.components[0]!.parameters.map((p) => p.text)).toContain("Lucía Fernández");

    // The patient taps «Confirmar»: Meta calls the webhook, signed with the app secret.
    const tap = whatsappButtonReply(
      "541155550101",
      "Confirmar",
      `turno:confirm:${bookingId}`,
      clock.now(),
      sent.wamid,
    );
    const hook = await postWhatsappWebhook(
      `${cloud.url}/v1/messaging/webhooks/whatsapp/${demo.tenantId}`,
      WA_APP_SECRET,
      whatsappWebhookBody(WA_PHONE_ID, { messages: [tap] }),
    );
    expect(hook.status).toBe(200);

    // Down the turno_answers shape, the desk applies it: confirmed, "confirmó por WhatsApp".
    const atDesk = async () =>
      (
        (await desk("GET", `/turnos/bookings?from=${day}&to=${day}`)).body.bookings as {
          id: string;
          state: string;
          patientAnswer?: { answer: string; channel: string } | null;
        }[]
      ).find((b) => b.id === bookingId);
    await expect.poll(async () => (await atDesk())?.state, { timeout: 20_000 }).toBe("confirmed");
    expect((await atDesk())?.patientAnswer).toEqual({ answer: "confirm", channel: "whatsapp" });
  }, 120_000);
});
