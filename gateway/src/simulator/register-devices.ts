import type { Ctx } from "@mostrador/kernel/core/context";
import { createDevice, type NewDevice, rotateDeviceSecret } from "../devices/devices.js";

export interface SimCredentials {
  deviceId: string;
  slug: string;
  secret: string;
  /** True when this call created the device (first start). */
  created: boolean;
}

/**
 * Registers the simulated devices through the real registry, exactly as an owner would from the "add
 * device" screen, and returns their credentials. The registry only keeps a hash of each secret, so on
 * later starts the simulator rotates its own devices' secrets to learn one again (an audited registry
 * write per boot: acceptable for a demo, and it proves rotation works). Devices the owner deactivated are
 * left alone and not simulated.
 */
export function registerSimDevices(ctx: Ctx, devices: readonly NewDevice[]): SimCredentials[] {
  const out: SimCredentials[] = [];
  for (const spec of devices) {
    const row = ctx.db.prepare("SELECT id, active FROM devices WHERE slug = ?").get(spec.slug) as
      { id: string; active: number } | undefined;
    if (row && row.active !== 1) continue;
    const { device, secret } = row ? rotateDeviceSecret(ctx, row.id) : createDevice(ctx, spec);
    out.push({ deviceId: device.id, slug: device.slug, secret, created: !row });
  }
  return out;
}
