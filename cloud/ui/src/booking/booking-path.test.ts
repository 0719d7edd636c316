import { describe, expect, it } from "vitest";
import { bookingRoute, manageLink, widgetSnippet } from "./booking-path.js";

const STORE = "0190f5a2-8e4b-7c1d-9f00-123456789abc";
const BOOKING = "0190f5a2-8e4b-7c1d-9f00-abcdefabcdef";

describe("the booking page's addresses", () => {
  it("books at /reservar/<store>, embedded when the widget adds ?embed", () => {
    expect(bookingRoute(`/reservar/${STORE}`, "", "")).toEqual({
      kind: "book",
      storeId: STORE,
      embedded: false,
    });
    expect(bookingRoute(`/reservar/${STORE}/`, "?embed=1", "")).toMatchObject({ embedded: true });
  });

  it("reads the patient's link back, token from the fragment; without a token or a store it is unknown", () => {
    const link = new URL(manageLink("https://nube.example", STORE, BOOKING, "a-b_c"));
    expect(bookingRoute(link.pathname, link.search, link.hash)).toEqual({
      kind: "manage",
      storeId: STORE,
      bookingId: BOOKING,
      token: "a-b_c",
    });
    expect(bookingRoute(link.pathname, "", "")).toEqual({ kind: "unknown" });
    expect(bookingRoute("/reservar/no-es-un-local", "", "")).toEqual({ kind: "unknown" });
    expect(bookingRoute("/reservar/widget.js", "", "")).toEqual({ kind: "unknown" });
  });

  it("gives the shop a script tag naming its store", () => {
    expect(widgetSnippet("https://nube.example", STORE)).toBe(
      `<script src="https://nube.example/reservar/widget.js" data-store="${STORE}" async></script>`,
    );
  });
});
