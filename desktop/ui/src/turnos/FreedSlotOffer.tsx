import type { WaitlistEntry, WaitlistOfferInput } from "@mostrador/contracts/http/turnos-waitlist";
import { useCallback, useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { bookFromWaitlist, offerToWaitlist, waitlistMatches } from "./turnos-api.js";

/**
 * A freed slot and who on the waitlist fits it, first in line first: book one who said yes on the phone
 * ("Aceptó por teléfono"), or offer it by message to all of them in that order ("Ofrecer por mensaje":
 * the cloud gives each a few minutes to accept; the first "acepto" gets it).
 */
export function FreedSlotOffer({ slot, onDone }: { slot: WaitlistOfferInput; onDone: () => void }) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [entries, setEntries] = useState<WaitlistEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    waitlistMatches(slot)
      .then((r) => setEntries(r.entries))
      .catch((e: unknown) => setError(format.error(e)));
  }, [slot, format]);
  useEffect(load, [load]);
  const fail = (e: unknown) => setError(format.error(e));

  if (!entries) return <ErrorText text={error} />;
  return (
    <fieldset className="turnos-form" data-testid="freed-slot-offer">
      <legend>{t("turnos.waitlist.offerTitle")}</legend>
      {entries.length === 0 ? (
        <p data-testid="freed-slot-nobody">{t("turnos.waitlist.nobody")}</p>
      ) : (
        <>
          <ol className="waitlist-matches">
            {entries.map((e) => (
              <li key={e.id} data-testid={`match-${e.id}`}>
                {e.customerName} {e.customerPhone ? `· ${e.customerPhone}` : ""}{" "}
                <button
                  type="button"
                  data-testid={`match-book-${e.id}`}
                  onClick={() =>
                    void bookFromWaitlist(e.id, slot).then(() => {
                      notify("info", t("turnos.waitlist.bookedByPhone", { name: e.customerName }));
                      onDone();
                    }, fail)
                  }
                >
                  {t("turnos.waitlist.acceptedByPhone")}
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="primary"
            data-testid="freed-slot-offer-send"
            onClick={() =>
              void offerToWaitlist(slot).then((o) => {
                notify(
                  "info",
                  t("turnos.waitlist.offerSent", { count: o.entryIds.length, minutes: o.minutes }),
                );
                onDone();
              }, fail)
            }
          >
            {t("turnos.waitlist.offerByMessage")}
          </button>
        </>
      )}
      <ErrorText text={error} />
    </fieldset>
  );
}
