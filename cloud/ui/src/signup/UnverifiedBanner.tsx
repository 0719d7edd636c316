import type { MeAnswer } from "@mostrador/contracts/http/cloud-account";
import { useState } from "react";
import { get, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";

/** Until the owner follows the emailed link: what waits for it, and a button to get the email again. */
export function UnverifiedBanner() {
  const t = useT();
  const f = useFormat();
  const me = useLoad(get<MeAnswer>, "/v1/me");
  const [note, setNote] = useState<string | null>(null);
  if (!me.data || me.data.account.emailVerified) return null;
  async function resend() {
    try {
      await post("/v1/account/verification-email");
      setNote(t("banner.resent"));
    } catch (err) {
      setNote(f.error(err));
    }
  }
  return (
    <div className="banner" role="status" data-testid="unverified-banner">
      <span>{t("banner.unverified", { email: me.data.account.email })}</span>
      <button data-testid="banner-resend" onClick={() => void resend()}>
        {t("banner.resend")}
      </button>
      {note ? <span data-testid="banner-note">{note}</span> : null}
    </div>
  );
}
