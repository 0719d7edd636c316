/**
 * Text no single-line field may hold (text.ts), one of each kind: C0 controls, DEL, C1, line breaks
 * and lone UTF-16 surrogates. Every side's bad-input tests take their cases from here, so each
 * endpoint of the appliance and of the cloud is tried with all of them.
 */
export const HOSTILE_TEXT: readonly { label: string; text: string }[] = [
  { label: "NUL", text: "Pan\u0000rallado" },
  { label: "ESC", text: "Pan\u001b[2J" },
  { label: "DEL", text: "Pan\u007f" },
  { label: "C1 NEL", text: "Pan\u0085" },
  { label: "line break", text: "Pan\nrallado" },
  { label: "tab", text: "Pan\trallado" },
  { label: "lone high surrogate", text: "Pan\ud800" },
  { label: "lone low surrogate", text: "\udc00Pan" },
];

/** The same characters percent-encoded for a URL (a lone surrogate cannot be: it has no UTF-8). */
export const HOSTILE_URL_TEXT: readonly { label: string; text: string }[] = HOSTILE_TEXT.filter(
  ({ label }) => !label.includes("surrogate"),
).map(({ label, text }) => ({ label, text: encodeURIComponent(text) }));
