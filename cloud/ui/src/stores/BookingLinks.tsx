import { useState } from "react";
import { useT } from "../i18n/i18n.js";
import { bookingPageLink, widgetSnippet } from "../booking/booking-path.js";
import "./stores.css";

/**
 * Turnos en línea: the store's booking page link (for WhatsApp, Instagram…) and the widget's script tag
 * to paste in the shop's own site, each with a copy button. The page answers once the store's appliance
 * grants the cloud an allotment (docs/turnos.md); before that it says the store takes no online bookings.
 */
export function BookingLinks({ storeId }: { storeId: string }) {
  const t = useT();
  const link = bookingPageLink(location.origin, storeId);
  const snippet = widgetSnippet(location.origin, storeId);
  return (
    <div className="booking-links">
      <h3>{t("stores.bookingTitle")}</h3>
      <CopyField label={t("stores.bookingLink")} value={link} testId={`booking-link-${storeId}`} />
      <CopyField label={t("stores.bookingSnippet")} value={snippet} testId={`booking-snippet-${storeId}`} />
    </div>
  );
}

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <label className="copy-field">
      {label}
      <span className="toolbar">
        <input readOnly value={value} data-testid={testId} size={60} onFocus={(e) => e.target.select()} />
        <button
          type="button"
          data-testid={`${testId}-copy`}
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t("stores.copied") : t("stores.copy")}
        </button>
      </span>
    </label>
  );
}
