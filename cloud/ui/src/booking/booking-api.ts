import type {
  OnlineBooked,
  OnlineBooking,
  OnlineBookingInput,
  OnlineSetup,
} from "@mostrador/contracts/http/cloud-turnos";
import type { FreeSlot } from "@mostrador/contracts/http/turnos";
import { createApiClient } from "@mostrador/contracts/http-client";

/** The public booking API (cloud/src/turnos/public-routes.ts), same origin as the page; no login. */
const { get, post } = createApiClient({
  unreachable: "Sin conexión; reintentá en unos segundos",
  statusOnly: (status) => `Error ${status} del servidor`,
});

export function bookingApi(storeId: string) {
  const base = `/v1/turnos/public/${encodeURIComponent(storeId)}`;
  const booking = (id: string) => `${base}/bookings/${encodeURIComponent(id)}`;
  return {
    setup: () => get<OnlineSetup>(`${base}/setup`),
    slots: async (query: { serviceId: string; professionalId?: string; from: string; to: string }) => {
      const params = new URLSearchParams({ serviceId: query.serviceId, from: query.from, to: query.to });
      if (query.professionalId) params.set("professionalId", query.professionalId);
      return (await get<{ slots: FreeSlot[] }>(`${base}/slots?${params}`)).slots;
    },
    book: (input: OnlineBookingInput) => post<OnlineBooked>(`${base}/bookings`, input),
    view: (id: string, token: string) =>
      get<OnlineBooking>(`${booking(id)}?${new URLSearchParams({ token })}`),
    cancel: (id: string, token: string) => post<OnlineBooking>(`${booking(id)}/cancel`, { token }),
    move: (id: string, token: string, start: string) =>
      post<OnlineBooking>(`${booking(id)}/move`, { token, start }),
  };
}
export type BookingApi = ReturnType<typeof bookingApi>;

/** The next free slots a 409 "Ya no está disponible" carries (details.nextFree), if any. */
export function nextFreeOf(error: unknown): FreeSlot[] | null {
  const e = error as { code?: string; details?: { nextFree?: FreeSlot[] } } | null;
  return e?.code === "slot_taken" ? (e.details?.nextFree ?? []) : null;
}
