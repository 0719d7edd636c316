import type { FreeSlot } from "@mostrador/contracts/http/turnos";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";

/** A 409: "Ya no está disponible" and the next free slots the cloud offered, to pick one. */
export function NextFreeSlots({
  slots,
  timeZone,
  onPick,
}: {
  slots: FreeSlot[];
  timeZone: string;
  onPick(slot: FreeSlot): void;
}) {
  const t = useT();
  const f = useFormat();
  return (
    <div className="booking-taken" role="alert" data-testid="booking-taken">
      <strong>{t("booking.taken")}</strong>
      <p>{slots.length ? t("booking.takenPick") : t("booking.takenNone")}</p>
      <div className="booking-times">
        {slots.map((slot) => (
          <button
            type="button"
            key={`${slot.start}-${slot.professionalId}`}
            className="choice"
            data-testid="booking-next-free"
            data-start={slot.start}
            onClick={() => onPick(slot)}
          >
            {t("booking.when", {
              day: f.day(dayKeyIn(slot.start, timeZone)),
              time: f.time(slot.start, timeZone),
            })}
          </button>
        ))}
      </div>
    </div>
  );
}
