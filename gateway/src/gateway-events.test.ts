import { describe, expect, it } from "vitest";
import { GatewayBus } from "./gateway-events.js";

const online = (slug: string) => ({ deviceId: `id-${slug}`, slug, at: 1 });

describe("gateway bus", () => {
  it("delivers an event to every listener of its name, in the order they subscribed", () => {
    const bus = new GatewayBus();
    const heard: string[] = [];
    bus.on("device.online", (e) => heard.push(`a:${e.slug}`));
    bus.on("device.online", (e) => heard.push(`b:${e.slug}`));
    bus.on("device.offline", (e) => heard.push(`offline:${e.slug}`));
    bus.emit("device.online", online("x"));
    expect(heard).toEqual(["a:x", "b:x"]);
  });

  it("finishes an emit with the listeners it started with when one unsubscribes another meanwhile", () => {
    const bus = new GatewayBus();
    const heard: string[] = [];
    const offB = { fn: () => {} };
    bus.on("device.online", () => {
      heard.push("a");
      offB.fn();
    });
    offB.fn = bus.on("device.online", () => heard.push("b"));
    bus.emit("device.online", online("x"));
    bus.emit("device.online", online("y"));
    expect(heard).toEqual(["a", "b", "a"]);
  });

  it("removes one registration per unsubscribe, and a second call of the same unsubscribe does nothing", () => {
    const bus = new GatewayBus();
    let calls = 0;
    const listener = () => calls++;
    const off1 = bus.on("device.online", listener);
    bus.on("device.online", listener);
    off1();
    off1();
    bus.emit("device.online", online("x"));
    expect(calls).toBe(1);
  });

  it("lets a listener's error reach the emitter and skips the listeners after it, like EventEmitter", () => {
    const bus = new GatewayBus();
    const heard: string[] = [];
    bus.on("device.online", () => {
      throw new Error("boom");
    });
    bus.on("device.online", () => heard.push("after"));
    expect(() => bus.emit("device.online", online("x"))).toThrow("boom");
    expect(heard).toEqual([]);
  });
});
