import type { OnlineBooked, OnlineSetup } from "@mostrador/contracts/http/cloud-turnos";
import type { FreeSlot } from "@mostrador/contracts/http/turnos";
import { useState } from "react";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import type { BookingApi } from "./booking-api.js";
import { Confirmation } from "./Confirmation.js";
import { PatientForm } from "./PatientForm.js";
import { SlotPicker } from "./SlotPicker.js";
import { useSetup } from "./use-setup.js";

type Service = OnlineSetup["services"][number];

/** Service → professional or "cualquiera" → day and time → the patient's details → confirmation. */
export function BookFlow({ api, storeId }: { api: BookingApi; storeId: string }) {
  const t = useT();
  const f = useFormat();
  const { setup, error, retry } = useSetup(api);
  /** The professional chosen, null for "cualquiera", undefined while not chosen yet. */
  const [professionalId, setProfessionalId] = useState<string | null | undefined>(undefined);
  const [service, setService] = useState<Service | null>(null);
  const [slot, setSlot] = useState<FreeSlot | null>(null);
  const [booked, setBooked] = useState<OnlineBooked | null>(null);

  if (error)
    return (
      <p className="error" role="alert" data-testid="booking-error">
        {f.error(error)}{" "}
        <button type="button" onClick={retry}>
          {t("booking.retry")}
        </button>
      </p>
    );
  if (!setup) return <p className="muted">{t("booking.loading")}</p>;

  const restart = () => {
    setProfessionalId(undefined);
    setService(null);
    setSlot(null);
    setBooked(null);
  };
  const header = (
    <>
      <h1 data-testid="booking-store">{setup.storeName}</h1>
      <p className="muted">{t("booking.title")}</p>
    </>
  );

  if (booked)
    return (
      <>
        {header}
        <Confirmation setup={setup} storeId={storeId} booked={booked} onAnother={restart} />
      </>
    );

  if (!service)
    return (
      <>
        {header}
        <h2>{t("booking.service")}</h2>
        <div className="booking-list" data-testid="booking-services">
          {setup.services.map((s) => (
            <button
              type="button"
              key={s.id}
              className="choice wide"
              data-testid={`booking-service-${s.id}`}
              onClick={() => setService(s)}
            >
              <strong>{s.name}</strong>
              <span className="muted">
                {t("booking.duration", { minutes: s.durationMinutes })} · {f.money(s.price)}
              </span>
            </button>
          ))}
        </div>
      </>
    );

  const pros = setup.professionals.filter((p) => p.serviceIds.includes(service.id));
  const back = (
    <button
      type="button"
      className="link"
      data-testid="booking-back"
      onClick={() =>
        slot ? setSlot(null) : professionalId !== undefined ? setProfessionalId(undefined) : setService(null)
      }
    >
      ← {t("booking.back")}
    </button>
  );
  const proName = (id: string | null) =>
    id ? (pros.find((p) => p.id === id)?.name ?? "") : t("booking.anyone");

  if (professionalId === undefined)
    return (
      <>
        {header}
        {back}
        <h2>{t("booking.professional")}</h2>
        <div className="booking-list" data-testid="booking-professionals">
          <button
            type="button"
            className="choice wide"
            data-testid="booking-professional-any"
            onClick={() => setProfessionalId(null)}
          >
            {t("booking.anyone")}
          </button>
          {pros.map((p) => (
            <button
              type="button"
              key={p.id}
              className="choice wide"
              data-testid={`booking-professional-${p.id}`}
              onClick={() => setProfessionalId(p.id)}
            >
              {p.name}
            </button>
          ))}
        </div>
      </>
    );

  return (
    <>
      {header}
      {back}
      <p className="booking-summary" data-testid="booking-summary">
        {t("booking.summary", { service: service.name, professional: proName(professionalId) })}
      </p>
      {slot ? (
        <PatientForm
          api={api}
          setup={setup}
          service={service}
          professionalId={professionalId}
          slot={slot}
          onSlot={setSlot}
          onBooked={setBooked}
        />
      ) : (
        <SlotPicker
          api={api}
          timeZone={setup.timeZone}
          serviceId={service.id}
          {...(professionalId ? { professionalId } : {})}
          onPick={setSlot}
        />
      )}
    </>
  );
}
