import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { cuitProblem } from "./cuit.js";
import {
  CUSTOMER_NAME_MAX,
  CUSTOMER_NOTES_MAX,
  CUSTOMER_TAG_MAX,
  CUSTOMER_TAGS_MAX,
  type CustomerInput,
  type DocType,
  type IvaCondition,
  LOYALTY_CODE_MAX,
} from "./http/customers.js";
import { Refusal } from "./refusal.js";

/*
 * A customer's fields checked and normalised once for both sides: the appliance (desktop/src/customers/)
 * and the cloud's dashboard (cloud/src/customers/) refuse the same input with the same Spanish words.
 */

/** A customer's fields as stored, checked and normalised (digits-only documents, E.164 phones). */
export interface CustomerFields {
  name: string;
  docType: DocType | null;
  docNumber: string | null;
  ivaCondition: IvaCondition;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  notes: string | null;
  tags: string[];
  loyaltyCode: string | null;
}

const invalid = (code: string, message: string) => new Refusal("invalid", code, message);

/** Empty and blank text is stored as null, so "" never hides a missing value. */
const clean = (text: string | null | undefined): string | null => {
  const t = typeof text === "string" ? text.trim() : "";
  return t === "" ? null : t;
};

function checkedDocument(
  typeIn: DocType | null | undefined,
  numberIn: string | null | undefined,
): { docType: DocType | null; docNumber: string | null } {
  const text = clean(numberIn);
  if (!text) {
    if (typeIn) throw invalid("invalid_document", "Falta el número de documento");
    return { docType: null, docNumber: null };
  }
  // Typed without a type: 11 digits is a CUIT/CUIL, 7–8 a DNI.
  const digits = text.replace(/[-.\s]/g, "");
  const docType: DocType = typeIn ?? (/^\d{11}$/.test(digits) ? "cuit" : "dni");
  if (docType === "passport") {
    const passport = text.replace(/\s/g, "").toUpperCase();
    if (!/^[A-Z0-9]{5,20}$/.test(passport))
      throw invalid("invalid_document", "El pasaporte debe tener de 5 a 20 letras o números");
    return { docType, docNumber: passport };
  }
  if (docType === "dni") {
    if (!/^\d{7,8}$/.test(digits))
      throw invalid("invalid_dni", "El DNI debe tener 7 u 8 dígitos, sin letras");
    return { docType, docNumber: digits };
  }
  const label = docType === "cuit" ? "CUIT" : "CUIL";
  const problem = cuitProblem(digits);
  if (problem === "format")
    throw invalid("invalid_cuit", `El ${label} debe tener 11 dígitos (XX-XXXXXXXX-X)`);
  if (problem === "check_digit")
    throw invalid("invalid_cuit", `El ${label} no es válido: revisá el dígito verificador`);
  return { docType, docNumber: digits };
}

/** A phone as people type it in Argentina ("11 15 2233-4455", "+54 9 11 ..."), in E.164. */
export function normalizePhone(text: string): string {
  const phone = parsePhoneNumberFromString(text, "AR");
  if (!phone || !phone.isValid())
    throw invalid(
      "invalid_phone",
      "El teléfono no es válido: escribilo con característica, por ejemplo 11 2233-4455",
    );
  return phone.number;
}

/** A real calendar date, not in the future (`today` is the shop's day, YYYY-MM-DD). */
function checkedBirthday(text: string | null, today: string): string | null {
  if (!text) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== text || Number(m[1]) < 1900)
    throw invalid("invalid_birthday", "La fecha de nacimiento no es una fecha válida (AAAA-MM-DD)");
  if (text > today) throw invalid("invalid_birthday", "La fecha de nacimiento no puede ser futura");
  return text;
}

function checkedTags(tags: string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of tags ?? []) {
    const tag = raw.trim();
    if (!tag) continue;
    if (tag.length > CUSTOMER_TAG_MAX)
      throw invalid("invalid_tag", `Cada etiqueta admite hasta ${CUSTOMER_TAG_MAX} caracteres`);
    if (!out.some((t) => t.toLowerCase() === tag.toLowerCase())) out.push(tag);
  }
  if (out.length > CUSTOMER_TAGS_MAX)
    throw invalid("invalid_tag", `Un cliente admite hasta ${CUSTOMER_TAGS_MAX} etiquetas`);
  return out;
}

/** Checks a whole customer; the first problem is refused with its Spanish message and nothing is written. */
export function checkedCustomer(input: CustomerInput, today: string): CustomerFields {
  const name = clean(input.name);
  if (!name || name.length > CUSTOMER_NAME_MAX)
    throw invalid(
      "invalid_name",
      `El nombre del cliente es obligatorio (hasta ${CUSTOMER_NAME_MAX} caracteres)`,
    );
  if (/\p{Cc}/u.test(name)) throw invalid("invalid_name", "El nombre no puede tener caracteres de control");
  const phoneText = clean(input.phone);
  const email = clean(input.email)?.toLowerCase() ?? null;
  if (email && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
    throw invalid("invalid_email", "El correo electrónico no es válido");
  const notes = clean(input.notes);
  if (notes && notes.length > CUSTOMER_NOTES_MAX)
    throw invalid("invalid_notes", `Las notas admiten hasta ${CUSTOMER_NOTES_MAX} caracteres`);
  const loyaltyCode = clean(input.loyaltyCode);
  if (loyaltyCode && (loyaltyCode.length > LOYALTY_CODE_MAX || !/^[\x21-\x7e]+$/.test(loyaltyCode)))
    throw invalid(
      "invalid_loyalty_code",
      `El código de la tarjeta admite hasta ${LOYALTY_CODE_MAX} letras, números o signos, sin espacios`,
    );
  return {
    name,
    ...checkedDocument(input.docType, input.docNumber),
    ivaCondition: input.ivaCondition ?? "consumidor_final",
    phone: phoneText ? normalizePhone(phoneText) : null,
    email,
    birthday: checkedBirthday(clean(input.birthday), today),
    notes,
    tags: checkedTags(input.tags),
    loyaltyCode,
  };
}
