import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearOpenAlarmTx, emitAlarmChanges, raiseAlarmTx } from "@mostrador/gateway/alarms/alarms";
import { listDevices } from "@mostrador/gateway/devices/devices";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { loginAtTill } from "./test-till-page.js";

const FRIDGE = "Heladera de bebidas (simulada)";
const RULE = "Heladera: prueba de alarma";

const attr = (page: Page, testId: string, name: string) =>
  page.getByTestId(testId).first().getAttribute(name);

describe("the shop's sensors, end to end in Chromium with the simulator", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-sensors-e2e-"));
    appliance = await startAppliance({
      dataDir,
      host: "127.0.0.1",
      port: 0,
      seedDemo: true,
      simulator: true,
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows live readings, fires a new rule at once, and the alarm badge follows acknowledging it", async () => {
    expect(appliance.gateway).not.toBeNull();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");

    // Live: the browser subscribes to the broker over WebSocket and the simulator's readings arrive.
    await page.getByTestId("nav-sensors").click();
    await expect
      .poll(() => page.getByTestId("device-card").count(), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(5);
    await expect.poll(() => attr(page, "live-status", "data-connected"), { timeout: 10_000 }).toBe("true");
    const fridgeTemp = "sensor-sim-heladera-temperature-value";
    await expect.poll(() => attr(page, fridgeTemp, "data-live"), { timeout: 20_000 }).toBe("true");
    expect(await page.getByTestId(fridgeTemp).textContent()).toMatch(/^-?\d+(,\d+)? °C$/);
    const fridgeCard = page.locator('[data-testid="device-card"][data-slug="sim-heladera"]');
    expect(await fridgeCard.getByTestId("device-status").getAttribute("data-online")).toBe("true");
    expect(await page.getByTestId("alarm-badge").count()).toBe(0);

    // The door is a two-state sensor: its chart is labelled Abierta / Cerrada and drawn in bands,
    // never on a decimal axis ("1 / 0,36").
    const doorChart = page.getByTestId("sensor-sim-heladera-door-chart");
    await expect.poll(() => doorChart.getAttribute("data-binary"), { timeout: 10_000 }).toBe("open_closed");
    expect(await page.getByTestId("sensor-sim-heladera-door-chart-scale").innerText()).toBe(
      "Abierta\nCerrada",
    );
    expect(await doorChart.locator("path.spark-line").count()).toBe(0);

    // A rule that is true right away: the fridge above −50 °C, critical, no "for at least".
    await page.getByTestId("sensors-tab-rules").click();
    await page.getByTestId("rule-new").click();
    await page.getByTestId("rule-name").fill(RULE);
    await page.getByTestId("rule-device").selectOption({ label: FRIDGE });
    // On the door the editor asks for its state, not for a threshold.
    await page.getByTestId("rule-condition").selectOption("above");
    await page.getByTestId("rule-sensor").selectOption("door");
    expect(await page.getByTestId("rule-condition").locator("option:checked").innerText()).toBe(
      "Puerta abierta",
    );
    expect(await page.getByTestId("rule-threshold").count()).toBe(0);
    await page.getByTestId("rule-sensor").selectOption("temperature");
    await page.getByTestId("rule-condition").selectOption("above");
    await page.getByTestId("rule-threshold").fill("−50");
    await page.getByTestId("rule-action-severity").selectOption("4");
    await page.getByTestId("rule-action-message").fill("Prueba: la heladera está por encima de −50 °C");
    await page.getByTestId("rule-save").click();
    await expect.poll(() => page.getByTestId("rule-editor").count()).toBe(0);
    await expect.poll(() => page.locator(`[data-testid="rule-row"][data-name="${RULE}"]`).count()).toBe(1);
    // Rules read as sentences, not raw keys: the new one and the simulator's door rule.
    const summary = (name: string) =>
      page
        .locator(`[data-testid="rule-row"][data-name="${name}"]`)
        .getByTestId("rule-condition-summary")
        .innerText();
    expect((await summary(RULE)).replace(/\u00a0/g, " ")).toBe("Temperatura mayor a -50 °C");
    expect(await summary("Puerta abierta más de 3 minutos")).toBe("Puerta abierta durante 3 min");

    // The next reading fires it; "alarm.changed" over /api/events brings the badge, on the till too.
    await page.getByTestId("nav-till").click();
    await expect.poll(() => page.getByTestId("alarm-badge").isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await attr(page, "alarm-badge", "data-critical")).toBe("true");
    expect(Number(await attr(page, "alarm-badge", "data-count"))).toBeGreaterThanOrEqual(1);

    // The badge opens the feed; acknowledging takes the alarm off the badge's count.
    await page.getByTestId("alarm-badge").click();
    const row = page.locator('[data-testid="alarm-row"]', { hasText: RULE });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.getAttribute("data-status")).toBe("active");
    expect(await row.getAttribute("data-severity")).toBe("4");
    const before = Number(await attr(page, "alarm-badge", "data-count"));
    await row.getByTestId("alarm-acknowledge").click();
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 10_000 }).toBe("acknowledged");
    await expect
      .poll(async () =>
        (await page.getByTestId("alarm-badge").count()) === 0
          ? 0
          : Number(await attr(page, "alarm-badge", "data-count")),
      )
      .toBe(before - 1);

    // Add a device by hand: the sensor rows and relay rows add, change and remove, and the server gets them.
    await page.getByTestId("nav-sensors").click();
    await page.getByTestId("sensors-tab-devices").click();
    await page.getByTestId("device-new").click();
    await page.getByTestId("device-slug").fill("camara-e2e");
    await page.getByTestId("device-name").fill("Cámara e2e");
    await page.getByTestId("device-sensor-kind").first().selectOption("humidity");
    expect(await page.getByTestId("device-sensor-key").first().inputValue()).toBe("humidity");
    await page.getByTestId("device-add-sensor").click();
    await page.getByTestId("device-sensor-key").nth(1).fill("sobra");
    await page.getByTestId("device-sensor-remove").nth(1).click();
    expect(await page.getByTestId("device-sensor-row").count()).toBe(1);
    await page.getByTestId("device-add-relay").click();
    await page.getByTestId("device-relay-key").fill("luz");
    await page.getByTestId("device-relay-name").fill("Luz de la cámara");
    await page.getByTestId("device-relay-max").fill("30");
    await page.getByTestId("device-save").click();
    await expect.poll(() => page.getByTestId("credentials-dialog").count(), { timeout: 10_000 }).toBe(1);
    expect(listDevices(appliance.ctx).find((d) => d.slug === "camara-e2e")).toMatchObject({
      sensors: [{ key: "humidity", kind: "humidity" }],
      relays: [{ key: "luz", name: "Luz de la cámara", maxOnSeconds: 1800 }],
    });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("keeps an aviso whose condition cleared by itself on the badge until someone acknowledges it", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Lucía", "1111");
    await page.getByTestId("nav-till").click();
    const badgeCount = async () =>
      (await page.getByTestId("alarm-badge").count()) === 0
        ? 0
        : Number(await attr(page, "alarm-badge", "data-count"));
    const before = await badgeCount();

    // The gateway raises an aviso on the fridge and, a moment later, its condition clears by itself
    // (the door closed): what the rule engine does, through the same functions and the same event.
    const { ctx } = appliance;
    const fridge = listDevices(ctx).find((d) => d.slug === "sim-heladera");
    if (!fridge) throw new Error("no simulated fridge");
    const source = "e2e:puerta";
    const at = () => new Date().toISOString();
    const input = {
      source,
      ruleId: null,
      deviceId: fridge.id,
      severity: 2,
      message: "Prueba: la puerta quedó abierta",
      value: 1,
    };
    emitAlarmChanges(ctx.bus, [ctx.db.transaction(() => raiseAlarmTx(ctx.db, input, at()))()]);
    await expect.poll(badgeCount, { timeout: 10_000 }).toBe(before + 1);
    emitAlarmChanges(ctx.bus, [
      ctx.db.transaction(() =>
        clearOpenAlarmTx(ctx.db, source, fridge.id, at(), "La condición se normalizó"),
      )(),
    ]);

    // Still on the badge, still in the open feed, now "normalizada, sin reconocer".
    await page.getByTestId("alarm-badge").click();
    const row = page.locator('[data-testid="alarm-row"]', { hasText: "Prueba: la puerta quedó abierta" });
    await expect
      .poll(() => row.getAttribute("data-status"), { timeout: 10_000 })
      .toBe("cleared_unacknowledged");
    expect(await row.getByTestId("alarm-status").innerText()).toContain("Normalizada, sin reconocer");
    expect(await row.locator(".severity-chip").innerText()).toBe("Aviso");
    expect(await badgeCount()).toBe(before + 1);

    // A person acknowledges it: it closes and goes to the history; the badge drops it.
    await row.getByTestId("alarm-acknowledge").click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(badgeCount).toBe(before);
    const history = page.locator('[data-testid="alarm-history-row"]', {
      hasText: "Prueba: la puerta quedó abierta",
    });
    expect(await history.getAttribute("data-status")).toBe("cleared");
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
