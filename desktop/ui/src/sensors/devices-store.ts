import { create } from "zustand";
import { get, patch, post } from "../api/client.js";
import type { Device, DeviceWithSecret, NewDeviceInput } from "@mostrador/contracts/http/devices";

interface DevicesStore {
  list: Device[];
  loaded: boolean;
  refresh(): Promise<void>;
  /** The answer carries the device's secret: shown once, never stored here. */
  create(body: NewDeviceInput): Promise<DeviceWithSecret>;
  rotateSecret(id: string): Promise<DeviceWithSecret>;
  setActive(id: string, active: boolean): Promise<Device>;
}

const byActiveThenName = (a: Device, b: Device) =>
  Number(b.active) - Number(a.active) || a.name.localeCompare(b.name);

export const useDevices = create<DevicesStore>()((set, getState) => {
  const replace = (device: Device) =>
    set({ list: [...getState().list.filter((d) => d.id !== device.id), device].sort(byActiveThenName) });
  return {
    list: [],
    loaded: false,
    refresh: async () => {
      const list = await get<Device[]>("/api/devices");
      set({ list: [...list].sort(byActiveThenName), loaded: true });
    },
    create: async (body) => {
      const answer = await post<DeviceWithSecret>("/api/devices", body);
      replace(answer.device);
      return answer;
    },
    rotateSecret: async (id) => {
      const answer = await post<DeviceWithSecret>(`/api/devices/${encodeURIComponent(id)}/rotate-secret`);
      replace(answer.device);
      return answer;
    },
    setActive: async (id, active) => {
      const device = await patch<Device>(`/api/devices/${encodeURIComponent(id)}`, { active });
      replace(device);
      return device;
    },
  };
});
