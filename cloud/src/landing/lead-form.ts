import { normalizePhone } from "@mostrador/contracts/customer-fields";
import type { Utm } from "@mostrador/contracts/http/cloud-landing";
import type { Lang } from "./pages/texts.js";

/**
 * The lead form of every landing page, as the browser posts it (application/x-www-form-urlencoded):
 * checked field by field into either a lead or the list of what is wrong (shown beside each field,
 * nothing stored). The honeypot `website` is a field people never see: a bot that fills it is told
 * "gracias" and nothing is stored.
 */

export const UTM_KEYS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"] as const;

export interface LeadForm {
  name: string;
  business: string | null;
  email: string | null;
  /** E.164. */
  phone: string | null;
  message: string | null;
  utm: Utm;
  /** The page's own visitor id (cookie), linking earlier visits. */
  visitorId: string | null;
}

export type FormErrors = Partial<
  Record<"name" | "business" | "contact" | "email" | "phone" | "message" | "consent", string>
>;

export type CheckedForm =
  { kind: "lead"; lead: LeadForm } | { kind: "errors"; errors: FormErrors } | { kind: "spam" };

const MESSAGES = {
  es: {
    name: "Escribí tu nombre (hasta 120 caracteres).",
    business: "El nombre del comercio admite hasta 120 caracteres.",
    contact: "Dejanos un correo electrónico o un WhatsApp para responderte.",
    email: "El correo electrónico no es válido.",
    phone: "El WhatsApp no es válido: escribilo con característica, por ejemplo 11 2233-4455.",
    message: "El mensaje admite hasta 2000 caracteres.",
    consent: "Para enviarlo tenés que aceptar que te contactemos.",
  },
  en: {
    name: "Please write your name (up to 120 characters).",
    business: "The business name allows up to 120 characters.",
    contact: "Leave an email or a WhatsApp number so we can answer.",
    email: "The email address is not valid.",
    phone: "The WhatsApp number is not valid: include the area code, e.g. 11 2233-4455.",
    message: "The message allows up to 2000 characters.",
    consent: "You need to accept being contacted to send it.",
  },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (fields: Record<string, unknown>, key: string): string => {
  const value = fields[key];
  return typeof value === "string" ? value.trim() : "";
};

/** UTM values as given, trimmed and cut to 100 characters; empty ones are null. */
export function utmOf(fields: Record<string, unknown>): Utm {
  const get = (key: (typeof UTM_KEYS)[number]) => text(fields, key).slice(0, 100) || null;
  return {
    source: get("utm_source"),
    medium: get("utm_medium"),
    campaign: get("utm_campaign"),
    term: get("utm_term"),
    content: get("utm_content"),
  };
}

export function checkLeadForm(fields: Record<string, unknown>, lang: Lang): CheckedForm {
  if (text(fields, "website")) return { kind: "spam" };
  const words = MESSAGES[lang];
  const errors: FormErrors = {};
  const name = text(fields, "name");
  if (!name || name.length > 120) errors.name = words.name;
  const business = text(fields, "business");
  if (business.length > 120) errors.business = words.business;
  const emailText = text(fields, "email").toLowerCase();
  if (emailText && (emailText.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(emailText)))
    errors.email = words.email;
  const phoneText = text(fields, "phone");
  let phone: string | null = null;
  if (phoneText)
    try {
      phone = phoneText.length <= 30 ? normalizePhone(phoneText) : null;
    } catch {
      phone = null;
    }
  if (phoneText && !phone) errors.phone = words.phone;
  if (!emailText && !phoneText) errors.contact = words.contact;
  const message = text(fields, "message");
  if (message.length > 2000) errors.message = words.message;
  if (fields.consent !== "on" && fields.consent !== "yes") errors.consent = words.consent;
  if (Object.keys(errors).length > 0) return { kind: "errors", errors };
  const visitor = text(fields, "visitor");
  return {
    kind: "lead",
    lead: {
      name,
      business: business || null,
      email: emailText || null,
      phone,
      message: message || null,
      utm: utmOf(fields),
      visitorId: UUID.test(visitor) ? visitor.toLowerCase() : null,
    },
  };
}
