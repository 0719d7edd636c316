import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * A phone number as the messaging tables keep it and WhatsApp is sent to: the international number's
 * digits, no "+". Argentine mobiles arrive in WhatsApp's webhooks (and are often typed) with the mobile
 * "9" (549 + 10 digits), but sending to that form fails with error 131030; 54 + 10 digits works
 * (../shared/reference/integrations-wire-formats.md, "Argentina quirk"). Null when it is not a number.
 */
export function normalizePhone(input: string, defaultCountry: "AR" = "AR"): string | null {
  const raw = input.trim();
  // Webhooks give bare international digits ("5491123456789"): read them as international.
  const text = /^\d{8,15}$/.test(raw) && !raw.startsWith("0") && raw.length > 10 ? `+${raw}` : raw;
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed || !parsed.isPossible()) return null;
  let national = parsed.nationalNumber as string;
  if (parsed.countryCallingCode === "54" && national.length === 11 && national.startsWith("9"))
    national = national.slice(1);
  return `${parsed.countryCallingCode}${national}`;
}
