// The GS1 check digit is pure and shared with the UI (Ajustes → Balanzas decodes a test code with it).
export {
  gs1CheckDigit,
  hasValidCheckDigit,
  isGs1Numeric,
  withCheckDigit,
} from "@mostrador/contracts/pos/gs1";
