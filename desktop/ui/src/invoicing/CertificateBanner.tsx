import type { CertificateExpiryStatus } from "@mostrador/contracts/http/invoicing";
import { useEffect, useState } from "react";
import { get } from "../api/client.js";
import { useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";

/**
 * The owner's warning at the till: the ARCA certificate expires within 30 days, or expired (then no
 * invoice can be authorised). Read once when the till opens; the owner is also notified on their phone
 * (desktop/src/invoicing/certificate-expiry.ts). A shop without invoicing sees nothing.
 */
export function CertificateBanner() {
  const isOwner = useSession((s) => s.staff?.role) === "owner";
  const [status, setStatus] = useState<CertificateExpiryStatus | null>(null);

  useEffect(() => {
    if (!isOwner) return;
    let current = true;
    get<CertificateExpiryStatus>("/api/invoicing/certificate/expiry").then(
      (answer) => current && setStatus(answer),
      // No invoicing module (not in the plan) or no answer: no banner, selling goes on.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [isOwner]);

  if (!isOwner || status?.threshold == null || status.daysLeft === null) return null;
  return <CertificateWarning daysLeft={status.daysLeft} testId="till-certificate-expiry" />;
}

/** The sentence both the till and Ajustes → Facturación show. */
export function CertificateWarning({ daysLeft, testId }: { daysLeft: number; testId: string }) {
  const t = useT();
  return (
    <div className="banner warning" data-testid={testId} role="status">
      {daysLeft <= 0
        ? t("invoicing.certificateExpiredBanner")
        : t("invoicing.certificateExpiresIn", { days: daysLeft })}
    </div>
  );
}
