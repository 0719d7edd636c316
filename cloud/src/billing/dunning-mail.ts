import type { SubscriptionStatus } from "@mostrador/contracts/billing/plans";

/**
 * The emails to the owners when a payment fails and when the plan ends (Spanish, es-AR, like the other
 * account emails). `key` makes each one once: a replayed webhook queues nothing new.
 */
export function dunningMail(
  status: SubscriptionStatus,
  subscriptionId: string,
  periodEnd: Date | null,
  org: string,
  publicUrl: string,
): { subject: string; body: string; key: string } | null {
  const page = `${publicUrl}/#facturacion`;
  if (status === "past_due")
    return {
      key: `billing:past_due:${subscriptionId}:${periodEnd?.toISOString() ?? ""}`,
      subject: "No pudimos cobrar tu plan de Mostrador",
      body:
        `Hola: no pudimos cobrar la renovación del plan de ${org}.\n\n` +
        `Vamos a reintentar en los próximos días. Para que no se corte, revisá tu medio de pago en ` +
        `"Plan y facturación":\n${page}\n\n` +
        `Mientras tanto todo sigue funcionando.`,
    };
  if (status === "unpaid" || status === "canceled")
    return {
      key: `billing:${status}:${subscriptionId}`,
      subject: "Tu plan de Mostrador terminó",
      body:
        `Hola: el plan de ${org} ${status === "unpaid" ? "quedó impago" : "se canceló"}.\n\n` +
        `Tus locales siguen vendiendo y tus datos están intactos, pero los módulos del plan ` +
        `(turnos, tarjetas, facturación electrónica, marketing…) quedan apagados hasta que vuelvas a suscribirte:\n${page}`,
    };
  return null;
}
