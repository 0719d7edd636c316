import { AnswerLinkQuery } from "@mostrador/contracts/http/cloud-turnos";
import { CloudError } from "../../core/errors.js";
import type { CloudRoutesFactory } from "../../http/deps.js";
import type { MessagingConfig } from "../../messaging/config.js";
import { readWaitlistToken } from "./links.js";
import { answerOffer, waitlistReplyText } from "./offers.js";

const page = (title: string, text: string) =>
  `<!doctype html><html lang="es"><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>${title}</title><body style="font-family:system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem">` +
  `<h1>${title}</h1>${text}</body></html>`;

/**
 * The offer email's links (`/v1/turnos/waitlist/answer?token=`, public): GET shows the button (mail
 * scanners follow links, so a GET changes nothing), POST answers. A forged or altered token is 400
 * `bad_token`; a taken slot 409 "Ya no está disponible" with the next free slots; a late one 409.
 */
export const waitlistRoutes =
  (config: MessagingConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (app) => {
    // The link's page posts an empty form: its body carries nothing we read.
    app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_r, _body, done) =>
      done(null, {}),
    );
    const claimOf = (token: string) => {
      const claim = readWaitlistToken(config, token);
      if (!claim) throw new CloudError("invalid", "bad_token", "El enlace del turno no es válido");
      return claim;
    };

    app.get(
      "/turnos/waitlist/answer",
      { config: { auth: "public" }, schema: { querystring: AnswerLinkQuery } },
      async (request, reply) => {
        const claim = claimOf((request.query as { token: string }).token);
        const [title, button] =
          claim.a === "accept" ? ["Tomar el turno", "Lo quiero"] : ["No tomar el turno", "No puedo"];
        return reply
          .type("text/html; charset=utf-8")
          .send(page(title, `<form method="post"><button type="submit">${button}</button></form>`));
      },
    );

    app.post(
      "/turnos/waitlist/answer",
      { config: { auth: "public" }, schema: { querystring: AnswerLinkQuery } },
      async (request, reply) => {
        const claim = claimOf((request.query as { token: string }).token);
        const result = await sql.withTenant(claim.t, (q) =>
          answerOffer(q, config, { offerId: claim.o, position: claim.p, answer: claim.a }, clock.now()),
        );
        return reply
          .type("text/html; charset=utf-8")
          .send(page("Listo", `<p>${waitlistReplyText(result)}</p>`));
      },
    );
  };
