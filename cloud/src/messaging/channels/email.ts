import nodemailer from "nodemailer";
import type { EmailSecrets, EmailSettings } from "@mostrador/contracts/http/messaging";
import type { ChannelAdapter, OutgoingMessage, SendOutcome } from "./types.js";

export interface EmailEndpoint {
  /** The VERP return path's domain: bounces come back to bounces+<message id>@<bounceDomain>. */
  bounceDomain: string;
  /** Tests against a plain local SMTP server: no STARTTLS upgrade. */
  ignoreTls?: boolean;
}

/** The VERP envelope sender of one message: a bounce to it names the message (bounces.ts reads it). */
export const verpAddress = (messageId: string, bounceDomain: string) =>
  `bounces+${messageId}@${bounceDomain}`;

/**
 * Email over SMTP (nodemailer). Every email carries List-Unsubscribe (+ One-Click, RFC 8058) and the
 * link in its text; the envelope sender is the message's VERP address; Message-ID is derived from the
 * message id, so a resend after a crash is the same email to the receiving side. An SMTP 5xx refusing
 * the recipient is a bounce (suppressed); 4xx and connection errors are retried.
 */
export function emailAdapter(
  endpoint: EmailEndpoint,
  settings: EmailSettings,
  secrets: EmailSecrets | null,
): ChannelAdapter {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(endpoint.ignoreTls ? { ignoreTLS: true } : {}),
    ...(settings.user && secrets ? { auth: { user: settings.user, pass: secrets.password } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  const fromDomain = settings.from.split("@")[1] ?? endpoint.bounceDomain;
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const footer = message.unsubscribeUrl
        ? `\n\n--\nPara no recibir más mensajes: ${message.unsubscribeUrl}`
        : "";
      try {
        const info = await transport.sendMail({
          from: settings.fromName ? { name: settings.fromName, address: settings.from } : settings.from,
          to: message.address,
          subject: message.subject ?? "Aviso",
          text: message.body + footer,
          ...(message.html
            ? {
                html:
                  message.html +
                  (message.unsubscribeUrl
                    ? `<p style="font-size:12px;color:#666">Para no recibir más mensajes: <a href="${message.unsubscribeUrl}">darme de baja</a></p>`
                    : ""),
              }
            : {}),
          ...(message.attachments?.length
            ? {
                attachments: message.attachments.map((a) => ({
                  filename: a.filename,
                  contentType: a.contentType,
                  content: Buffer.from(a.contentBase64, "base64"),
                })),
              }
            : {}),
          messageId: `<${message.id}@${fromDomain}>`,
          envelope: { from: verpAddress(message.id, endpoint.bounceDomain), to: message.address },
          ...(message.unsubscribeUrl
            ? {
                list: { unsubscribe: { url: message.unsubscribeUrl, comment: "Darse de baja" } },
                headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
              }
            : {}),
        });
        return { ok: true, providerId: info.messageId };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        const command = (err as { command?: string }).command;
        const text = (err as Error).message;
        if (code !== undefined && code >= 500)
          return {
            ok: false,
            retry: false,
            bounced: command === "RCPT TO",
            error: `El servidor de correo rechazó: ${text}`,
          };
        return { ok: false, retry: true, bounced: false, error: `Correo no enviado: ${text}` };
      }
    },
    close: () => transport.close(),
  };
}
