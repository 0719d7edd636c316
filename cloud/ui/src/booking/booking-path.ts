/**
 * The booking page's addresses (served by the cloud, cloud/src/dashboard/static-ui.ts):
 * `/reservar/<storeId>` books; `/reservar/<storeId>/turno/<bookingId>#token=<token>` is the patient's
 * link to see, cancel or move one booking. The token rides in the fragment so it never reaches a
 * server log or a Referer header.
 */
export type BookingRoute =
  | { kind: "book"; storeId: string; embedded: boolean }
  | { kind: "manage"; storeId: string; bookingId: string; token: string }
  | { kind: "unknown" };

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const BOOK = new RegExp(`^/reservar/(${UUID})/?$`);
const MANAGE = new RegExp(`^/reservar/(${UUID})/turno/([A-Za-z0-9_-]{1,64})/?$`);

export function bookingRoute(pathname: string, search: string, hash: string): BookingRoute {
  const book = BOOK.exec(pathname);
  if (book) return { kind: "book", storeId: book[1]!, embedded: new URLSearchParams(search).has("embed") };
  const manage = MANAGE.exec(pathname);
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  if (manage && token) return { kind: "manage", storeId: manage[1]!, bookingId: manage[2]!, token };
  return { kind: "unknown" };
}

/** The patient's link to their booking, as the confirmation shows it (and messages may send it). */
export function manageLink(origin: string, storeId: string, bookingId: string, token: string): string {
  return `${origin}/reservar/${storeId}/turno/${bookingId}#token=${encodeURIComponent(token)}`;
}

/** The booking page of a store, and the snippet that embeds it in another site (the dashboard shows both). */
export function bookingPageLink(origin: string, storeId: string): string {
  return `${origin}/reservar/${storeId}`;
}
export function widgetSnippet(origin: string, storeId: string): string {
  return `<script src="${origin}/reservar/widget.js" data-store="${storeId}" async></script>`;
}
