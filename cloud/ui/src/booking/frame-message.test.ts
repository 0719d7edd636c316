import { describe, expect, it } from "vitest";
import { HEIGHT_MESSAGE, isHeightMessage } from "./frame-message.js";

describe("the booking page's height message to the widget", () => {
  it("takes a sane height only: anything else a site's other scripts post is ignored", () => {
    expect(isHeightMessage({ type: HEIGHT_MESSAGE, height: 812 })).toBe(true);
    for (const other of [
      null,
      "812",
      { type: "otra-cosa", height: 812 },
      { type: HEIGHT_MESSAGE, height: "812" },
      { type: HEIGHT_MESSAGE, height: -1 },
      { type: HEIGHT_MESSAGE, height: Number.POSITIVE_INFINITY },
      { type: HEIGHT_MESSAGE, height: 1e9 },
    ])
      expect(isHeightMessage(other), JSON.stringify(other)).toBe(false);
  });
});
