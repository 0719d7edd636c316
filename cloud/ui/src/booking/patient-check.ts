import { FormatRegistry, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { OnlineBookingInput } from "@mostrador/contracts/http/cloud-turnos";

/**
 * The patient's fields checked in the browser by the API's own schema (contracts/src/http/cloud-turnos.ts),
 * so the page says which field is wrong, in words, before asking the cloud; the cloud checks again.
 * Emails by the same rule the cloud's validator uses (ajv-formats' "email").
 */
const EMAIL = fullFormats.email as RegExp;
if (!FormatRegistry.Has("email")) FormatRegistry.Set("email", (v) => EMAIL.test(v));

export interface PatientFields {
  name: string;
  phone: string;
  email: string;
}
export type PatientProblem = "booking.nameMissing" | "booking.phoneInvalid" | "booking.emailInvalid";

const fits = (schema: TSchema, value: unknown) => Value.Check(schema, value);

/** Each field's problem, if any (trimmed as they are sent; an empty email is no email). */
export function patientProblems(fields: PatientFields): Partial<Record<keyof PatientFields, PatientProblem>> {
  const { name, phone, email } = OnlineBookingInput.properties;
  const problems: Partial<Record<keyof PatientFields, PatientProblem>> = {};
  if (!fits(name, fields.name.trim())) problems.name = "booking.nameMissing";
  if (!fits(phone, fields.phone.trim())) problems.phone = "booking.phoneInvalid";
  if (fields.email.trim() && !fits(email, fields.email.trim())) problems.email = "booking.emailInvalid";
  return problems;
}
