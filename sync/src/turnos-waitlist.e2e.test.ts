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
/**
 * The waitlist end to end (docs/turnos.md "Waitlist"): two patients wait at the desk; a turno is cancelled
 * and its slot offered by message; the cloud offers it to the first by WhatsApp, she answers «No puedo»,
 * the second gets it and taps «Acepto»; the booking comes down to the desk's agenda, her entry booked and
 * the first one waiting again in her place. The whole appliance and the embedded cloud in one process,
 * messaging pointed at the WhatsApp Cloud API fake.
 */
describe("a freed slot offered to the waitlist, from the desk through the cloud and back", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let whatsapp: Awaited<ReturnType<typeof startFakeWhatsapp>>;
  const clock: Clock = systemClock;

  beforeAll(async () => {
    dirs = ["cloud", "desk"].map((n) => mkdtempSync(join(tmpdir(), `mostrador-waitlist-${n}-`)));
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

  it("the first declines, the second accepts: booked in the cloud, at the desk, her entry booked", async () => {
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
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
    const patient = async (name: string, phone: string) =>
      (await desk("POST", "/customers", { name, phone })).body.id as string;
    const ana = await patient("Ana Primera", "+54 9 11 5555-0201");
    const berta = await patient("Berta Segunda", "+54 9 11 5555-0202");
    const pedro = await patient("Pedro Cancela", "+54 9 11 5555-0203");
    const wait = async (customerId: string) => {
      const r = await desk("POST", "/turnos/waitlist", { customerId, serviceId: service.body.id });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.id as string;
    };
    const anaEntry = await wait(ana);
    const bertaEntry = await wait(berta);

    const tz = getSettings(appliance.ctx.db).timeZone;
    const day = nextDayKey(nextDayKey(dayKeyIn(new Date(), tz)));
    const start = new Date(wallTimeMs(day, 600, tz)).toISOString();
    const booked = await desk("POST", "/turnos/bookings", {
      serviceId: service.body.id,
      professionalId: pro.body.id,
      start,
      customerId: pedro,
    });
    expect(booked.status).toBe(200);
    expect((await desk("POST", `/turnos/bookings/${String(booked.body.id)}/cancel`, {})).status).toBe(200);
    const slot = { professionalId: pro.body.id, serviceId: service.body.id, start };
    const offer = await desk("POST", "/turnos/waitlist/offers", slot);
    expect(offer.status, JSON.stringify(offer.body)).toBe(200);
    expect(offer.body.entryIds).toEqual([anaEntry, bertaEntry]);
    // The slot is the cloud's now: the desk cannot book it.
    const refused = await desk("POST", "/turnos/bookings", { ...slot, customerId: pedro });
    expect(refused.status).toBe(409);

    // Ana gets the offer first.
    const sentTo = (to: string) => whatsapp.sent.filter((s) => s.body.to === to);
    await expect.poll(() => sentTo("541155550201").length, { timeout: 20_000 }).toBe(1);
    expect(sentTo("541155550202")).toHaveLength(0);
    const toAna = sentTo("541155550201")[0]!;
    expect(toAna.body).toMatchObject({ type: "template" });
    const hook = (body: unknown) =>
      postWhatsappWebhook(
        `${cloud.url}/v1/messaging/webhooks/whatsapp/${demo.tenantId}`,
        WA_APP_SECRET,
        body,
      );
    const payloads = (m: typeof toAna) =>
      m.body.template!.components.filter((x) => x.type === "button").map((x) => x.parameters[0]!.payload);
    const [, anaDecline] = payloads(toAna);
    expect(
      (
        await hook(
          whatsappWebhookBody(WA_PHONE_ID, {
            messages: [
              whatsappButtonReply("541155550201", "No puedo", anaDecline!, clock.now(), toAna.wamid),
            ],
          }),
        )
      ).status,
    ).toBe(200);

    // Then Berta: she accepts.
    await expect.poll(() => sentTo("541155550202").length, { timeout: 20_000 }).toBe(1);
    const toBerta = sentTo("541155550202")[0]!;
    const [bertaAccept] = payloads(toBerta);
    expect(
      (
        await hook(
          whatsappWebhookBody(WA_PHONE_ID, {
            messages: [
              whatsappButtonReply("541155550202", "Acepto", bertaAccept!, clock.now(), toBerta.wamid),
            ],
          }),
        )
      ).status,
    ).toBe(200);

    // Down the turno_bookings shape: Berta's turno in the desk's agenda, her entry booked, Ana waiting.
    const atDesk = async () =>
      (
        (await desk("GET", `/turnos/bookings?from=${day}&to=${day}`)).body.bookings as {
          start: string;
          state: string;
          origin: string;
          customerName: string | null;
        }[]
      ).find((b) => b.start === start && b.state === "booked");
    await expect.poll(async () => (await atDesk())?.customerName, { timeout: 20_000 }).toBe("Berta Segunda");
    expect((await atDesk())?.origin).toBe("online");
    const list = async () =>
      (await desk("GET", "/turnos/waitlist?state=all")).body.entries as { id: string; state: string }[];
    await expect
      .poll(async () => (await list()).map((e) => [e.id, e.state]), { timeout: 20_000 })
      .toEqual([
        [anaEntry, "waiting"],
        [bertaEntry, "booked"],
      ]);
    // She hears back on WhatsApp.
    await expect
      .poll(() => sentTo("541155550202").map((m) => m.body.text?.body ?? ""), { timeout: 20_000 })
      .toContainEqual(expect.stringMatching(/^Listo: el turno del .* es tuyo/));
  }, 120_000);
});
