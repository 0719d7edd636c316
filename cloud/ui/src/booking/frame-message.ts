/**
 * The one message the booking page, when embedded, sends the widget's host page: its height, so the
 * iframe grows with the flow instead of scrolling inside the shop's site. Shared by both sides.
 */
export const HEIGHT_MESSAGE = "mostrador-reservar:height";

export interface HeightMessage {
  type: typeof HEIGHT_MESSAGE;
  height: number;
}

export function isHeightMessage(data: unknown): data is HeightMessage {
  const m = data as Partial<HeightMessage> | null;
  return (
    !!m &&
    m.type === HEIGHT_MESSAGE &&
    typeof m.height === "number" &&
    Number.isFinite(m.height) &&
    m.height > 0 &&
    m.height < 20_000
  );
}
