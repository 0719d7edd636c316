import type { OnlineSetup } from "@mostrador/contracts/http/cloud-turnos";
import { useEffect, useState } from "react";
import type { BookingApi } from "./booking-api.js";

/** The store's booking setup (services, professionals, time zone), loaded once; `retry` asks again. */
export function useSetup(api: BookingApi) {
  const [setup, setSetup] = useState<OnlineSetup | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setError(null);
    api
      .setup()
      .then((s) => {
        if (!current) return;
        // The page takes the shop's rubro colours (booking.css), if it said one at sign-up.
        if (s.rubro) document.documentElement.dataset.rubro = s.rubro;
        setSetup(s);
      })
      .catch((err: unknown) => current && setError(err));
    return () => {
      current = false;
    };
  }, [api, attempt]);
  return { setup, error, retry: () => setAttempt((n) => n + 1) };
}
