import { query } from "@mostrador/contracts/http-client";
import type {
  Allotment,
  GrantInput,
  Booking,
  BookingCharge,
  BookingInput,
  Coverage,
  ExceptionInput,
  FreeSlot,
  ProfessionalInput,
  Professional,
  Resource,
  SeriesAnswer,
  SeriesInput,
  Service,
  ServiceInput,
  TurnoException,
  TurnosReport,
  TurnosRules,
  TurnosSetup,
  WalkInInput,
} from "@mostrador/contracts/http/turnos";
import type {
  WaitlistEntry,
  WaitlistEntryInput,
  WaitlistOffer,
  WaitlistOfferInput,
  WaitlistState,
} from "@mostrador/contracts/http/turnos-waitlist";
import { del, get, post, put } from "../api/client.js";

/** The turnos API as the desk calls it (desktop/src/turnos/routes.ts). */
export const getSetup = () => get<TurnosSetup>("/api/turnos/setup");
export const saveRules = (body: TurnosRules) => put<TurnosRules>("/api/turnos/rules", body);
export const saveService = (id: string | null, body: ServiceInput) =>
  id
    ? put<Service>(`/api/turnos/services/${encodeURIComponent(id)}`, body)
    : post<Service>("/api/turnos/services", body);
export const saveProfessional = (id: string | null, body: ProfessionalInput) =>
  id
    ? put<Professional>(`/api/turnos/professionals/${encodeURIComponent(id)}`, body)
    : post<Professional>("/api/turnos/professionals", body);
export const addResource = (name: string) => post<Resource>("/api/turnos/resources", { name });
export const listExceptions = (from: string, to: string) =>
  get<{ exceptions: TurnoException[] }>(`/api/turnos/exceptions${query({ from, to })}`);
export const addException = (body: ExceptionInput) => post<TurnoException>("/api/turnos/exceptions", body);
export const removeException = (id: string) => del<void>(`/api/turnos/exceptions/${encodeURIComponent(id)}`);

export const listBookings = (from: string, to: string, professionalId?: string) =>
  get<{ bookings: Booking[] }>(`/api/turnos/bookings${query({ from, to, professionalId })}`);
export const freeSlots = (serviceId: string, from: string, to: string, professionalId?: string) =>
  get<{ slots: FreeSlot[] }>(`/api/turnos/availability${query({ serviceId, professionalId, from, to })}`);
export const createBooking = (body: BookingInput) => post<Booking>("/api/turnos/bookings", body);
export const createWalkIn = (body: WalkInInput) => post<Booking>("/api/turnos/walk-ins", body);
export const createSeries = (body: SeriesInput) => post<SeriesAnswer>("/api/turnos/series", body);
export const moveBooking = (id: string, start: string, professionalId?: string) =>
  post<Booking>(`/api/turnos/bookings/${encodeURIComponent(id)}/move`, { start, professionalId });

/** The state actions, by the path the server names them. */
export type BookingAction = "confirm" | "arrive" | "done" | "no-show" | "cancel";
export const bookingAction = (id: string, action: BookingAction) =>
  post<Booking>(`/api/turnos/bookings/${encodeURIComponent(id)}/${action}`, {});
/** A hold ("Reservar unos minutos") becomes a booking, with the patient and notes known by then. */
export const confirmHold = (id: string, body: { customerId?: string | null; notes?: string }) =>
  post<Booking>(`/api/turnos/bookings/${encodeURIComponent(id)}/book`, body);
export const turnosReport = (from: string, to: string) =>
  get<TurnosReport>(`/api/turnos/reports${query({ from, to })}`);
export const bookingCharge = (id: string) =>
  get<BookingCharge>(`/api/turnos/bookings/${encodeURIComponent(id)}/charge`);
export const getCoverage = (customerId: string) =>
  get<{ coverage: Coverage | null }>(`/api/turnos/coverage/${encodeURIComponent(customerId)}`);
export const saveCoverage = (
  customerId: string,
  body: { payer: string; plan?: string; memberNumber?: string },
) => put<Coverage>(`/api/turnos/coverage/${encodeURIComponent(customerId)}`, body);

/** "Turnos en línea": allotments granted to the cloud (docs/turnos.md). */
export const listAllotments = () => get<{ allotments: Allotment[] }>("/api/turnos/allotments");
export const grantOnline = (body: GrantInput) => post<Allotment>("/api/turnos/allotments", body);
export const reclaimOnline = (id: string) =>
  post<Allotment>(`/api/turnos/allotments/${encodeURIComponent(id)}/reclaim`, {});

/** The waitlist (desktop/src/turnos/waitlist-routes.ts). */
export const listWaitlist = (state?: WaitlistState | "all") =>
  get<{ entries: WaitlistEntry[] }>(`/api/turnos/waitlist${query({ state })}`);
export const addToWaitlist = (body: WaitlistEntryInput) => post<WaitlistEntry>("/api/turnos/waitlist", body);
export const removeFromWaitlist = (id: string) =>
  post<WaitlistEntry>(`/api/turnos/waitlist/${encodeURIComponent(id)}/remove`, {});
export const waitlistMatches = (slot: WaitlistOfferInput) =>
  get<{ entries: WaitlistEntry[] }>(`/api/turnos/waitlist/matches${query(slot)}`);
export const bookFromWaitlist = (id: string, slot: WaitlistOfferInput) =>
  post<{ entry: WaitlistEntry; booking: Booking }>(
    `/api/turnos/waitlist/${encodeURIComponent(id)}/book`,
    slot,
  );
export const offerToWaitlist = (slot: WaitlistOfferInput) =>
  post<WaitlistOffer>("/api/turnos/waitlist/offers", slot);
