import { CloudError } from "../core/errors.js";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

// The passwords tried first by every guessing script (the head of the breached-password lists, plus
// the Spanish ones): refused whatever their length.
const COMMON = new Set([
  "1234567890",
  "12345678910",
  "123456789012",
  "0123456789",
  "qwertyuiop",
  "password123",
  "contraseña",
  "contrasena",
  "contraseña1",
  "contrasena1",
  "contraseña123",
  "contrasena123",
  "mostrador123",
  "mostrador1",
  "iloveyou123",
  "bocajuniors",
  "riverplate",
  "argentina1",
  "argentina123",
  "1q2w3e4r5t",
  "qwerty1234",
  "abcdefghij",
  "abc1234567",
  "password1234",
]);

/**
 * The strength rule for dashboard passwords (sign-up, invitation, reset, change): 10 to 200 characters,
 * at least 5 different characters, not a well-known password, and not the email or the business name.
 * Length over composition rules (NIST SP 800-63B): a long phrase is strong without symbols.
 * Throws 400 `weak_password` with the reason in Spanish.
 */
export function checkPasswordStrength(
  password: string,
  context: { email?: string; name?: string } = {},
): void {
  const weak = (message: string) => new CloudError("invalid", "weak_password", message);
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw weak(`La contraseña necesita al menos ${MIN_PASSWORD_LENGTH} caracteres`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw weak(`La contraseña puede tener hasta ${MAX_PASSWORD_LENGTH} caracteres`);
  if (new Set(password).size < 5) throw weak("La contraseña repite demasiado los mismos caracteres");
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) throw weak("Esa contraseña es de las más usadas: elegí otra");
  const local = context.email?.split("@")[0]?.toLowerCase() ?? "";
  if ((local.length >= 4 && lower.includes(local)) || lower === context.email?.toLowerCase())
    throw weak("La contraseña no puede contener tu email");
  const name = context.name?.trim().toLowerCase() ?? "";
  if (name.length >= 4 && lower.includes(name))
    throw weak("La contraseña no puede contener el nombre del negocio");
}
