import { useEffect, useMemo, useState } from "react";
import { useLocale, useT } from "../i18n/i18n.js";
import { bookingApi } from "./booking-api.js";
import { bookingRoute } from "./booking-path.js";
import { BookFlow } from "./BookFlow.js";
import { ManageBooking } from "./ManageBooking.js";

const currentRoute = () => bookingRoute(location.pathname, location.search, location.hash);

/** The booking page: book at /reservar/<storeId>, or the patient's link to one booking. */
export function BookingApp() {
  const t = useT();
  const toggle = useLocale((s) => s.toggle);
  const [route, setRoute] = useState(currentRoute);
  // Another booking's link pasted in this tab changes only the fragment: read it again.
  useEffect(() => {
    const reread = () => setRoute(currentRoute());
    window.addEventListener("hashchange", reread);
    return () => window.removeEventListener("hashchange", reread);
  }, []);
  // One client per page: the screens' effects depend on it.
  const api = useMemo(() => (route.kind === "unknown" ? null : bookingApi(route.storeId)), [route]);
  return (
    <main className="booking" data-testid="booking-page">
      <div className="booking-lang">
        <button type="button" className="link" data-testid="booking-language" onClick={toggle}>
          {t("booking.language")}
        </button>
      </div>
      {route.kind === "book" && api ? (
        <BookFlow api={api} storeId={route.storeId} />
      ) : route.kind === "manage" && api ? (
        <ManageBooking
          key={`${route.bookingId}#${route.token}`}
          api={api}
          bookingId={route.bookingId}
          token={route.token}
        />
      ) : (
        <p className="error" role="alert" data-testid="booking-unknown">
          {t("booking.unknownPage")}
        </p>
      )}
    </main>
  );
}
