/**
 * The words of the account emails (Spanish, es-AR: the people who sign up are Argentine shops; the
 * dashboard's English is for its screens). Links point at the dashboard with the token in the URL's
 * fragment (`#verificar=…`): a fragment is never sent to a server, so no access log keeps it.
 */
export interface AccountLinks {
  publicUrl: string;
}

const link = (base: string, key: string, token: string) => `${base}/#${key}=${token}`;

export function verificationMail(base: string, org: string, token: string) {
  return {
    subject: "Confirmá tu email en Mostrador",
    body:
      `Hola: creaste la cuenta de ${org} en Mostrador.\n\n` +
      `Para confirmar tu email entrá a este enlace (vale 7 días, una sola vez):\n${link(base, "verificar", token)}\n\n` +
      `Hasta que lo confirmes no vas a poder vincular cajas ni invitar a otras personas.\n` +
      `Si no fuiste vos, ignorá este mensaje.`,
  };
}

export function resetMail(base: string, token: string) {
  return {
    subject: "Tu contraseña de Mostrador",
    body:
      `Pediste una contraseña nueva para el panel de Mostrador.\n\n` +
      `Elegila en este enlace (vale 1 hora, una sola vez):\n${link(base, "restablecer", token)}\n\n` +
      `Al cambiarla se cierran todas tus sesiones abiertas. Si no la pediste, ignorá este mensaje: tu contraseña no cambia.`,
  };
}

const ROLE_NAMES = { owner: "dueño/a", manager: "encargado/a", accountant: "contador/a (solo lectura)" };

export function invitationMail(
  base: string,
  org: string,
  inviter: string,
  role: keyof typeof ROLE_NAMES,
  token: string,
) {
  return {
    subject: `${org} te invita al panel de Mostrador`,
    body:
      `${inviter} te invitó al panel de ${org} en Mostrador como ${ROLE_NAMES[role]}.\n\n` +
      `Elegí tu contraseña en este enlace (vale 7 días, una sola vez):\n${link(base, "invitacion", token)}\n\n` +
      `Si no esperabas esta invitación, ignorá este mensaje.`,
  };
}
