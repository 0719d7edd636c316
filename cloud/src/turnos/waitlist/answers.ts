import { CloudError } from "../../core/errors.js";
import type { Queryable } from "../../db/sql.js";
import type { MessagingConfig } from "../../messaging/config.js";
import type { InboundAnswer, InboundHandler } from "../../messaging/inbound.js";
import { enqueue } from "../../messaging/queue.js";
import {
  answerOffer,
  WAITLIST_REPLY_HANDLER,
  type WaitlistAnswer,
  type WaitlistOutcome,
  waitlistReplyText,
} from "./offers.js";

const ACCEPT = new Set(["acepto", "aceptar", "si", "lo", "quiero", "accept", "yes"]);
const DECLINE = new Set(["no", "paso", "decline"]);

/**
 * "Acepto" / "No puedo" from a quick-reply button (`waitlist:accept:<offer>:<position>`) or typed: the
 * first word, case- and accent-insensitive. Null for anything else (left to the desk).
 */
export function parseWaitlistAnswer(text: string, payload: string | null): WaitlistAnswer | null {
  const fromPayload = /^waitlist:(accept|decline):/.exec(payload ?? "");
  if (fromPayload) return fromPayload[1] as WaitlistAnswer;
  const first = text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .split(/[^a-z]+/)
    .find(Boolean);
  if (!first) return null;
  if (ACCEPT.has(first)) return "accept";
  if (DECLINE.has(first)) return "decline";
  return null;
}

/**
 * The messaging handler of answers to waitlist offers. The answer runs in a savepoint: a refusal (taken,
 * expired) changes nothing of the offer and is told to the patient; the webhook itself succeeds.
 */
export function waitlistAnswerHandler(config: MessagingConfig): InboundHandler {
  return {
    name: WAITLIST_REPLY_HANDLER,
    async handle(q: Queryable, answer: InboundAnswer): Promise<void> {
      const parsed = parseWaitlistAnswer(answer.text, answer.payload);
      const ctx = answer.answered.context as { offerId?: unknown; position?: unknown } | null;
      if (!parsed || typeof ctx?.offerId !== "string" || typeof ctx.position !== "number") return;
      const fromPayload = /^waitlist:(?:accept|decline):(.+):(\d+)$/.exec(answer.payload ?? "");
      // A button of another offer's message is ignored.
      if (fromPayload && (fromPayload[1] !== ctx.offerId || Number(fromPayload[2]) !== ctx.position)) return;
      let result: WaitlistOutcome | { outcome: "refused"; message: string };
      await q.query("SAVEPOINT waitlist_answer");
      try {
        result = await answerOffer(
          q,
          config,
          { offerId: ctx.offerId, position: ctx.position, answer: parsed },
          answer.at,
        );
        await q.query("RELEASE SAVEPOINT waitlist_answer");
      } catch (err) {
        if (!(err instanceof CloudError)) throw err;
        await q.query("ROLLBACK TO SAVEPOINT waitlist_answer");
        result = { outcome: "refused", message: err.message };
      }
      await enqueue(
        q,
        answer.tenantId,
        {
          channel: answer.channel,
          contactId: answer.contactId,
          kind: "transactional",
          reason: "requested",
          body: waitlistReplyText(result),
          dedupeKey: `waitlist_answer:${answer.answered.messageId}:${parsed}`,
          source: `waitlist:${ctx.offerId}`,
        },
        answer.at,
      );
    },
  };
}
