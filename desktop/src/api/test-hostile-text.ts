/**
 * Text no single-line field may hold (api/text-policy.ts), shared by the API's bad-input tests so each
 * endpoint's list gets every kind: C0 controls, DEL, C1, line breaks and lone UTF-16 surrogates.
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

/** What every refusal of hostile text answers: 400 invalid_text, a Spanish sentence naming the field. */
export const TEXT_REFUSAL = { status: 400, code: "invalid_text" } as const;
