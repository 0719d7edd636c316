import type { BookingState, NoticeBucket } from "@mostrador/contracts/http/turnos";
import type { MessageKey } from "../i18n/i18n.js";

export const STATE_LABEL: Record<BookingState, MessageKey> = {
  held: "turnos.state.held",
  booked: "turnos.state.booked",
  confirmed: "turnos.state.confirmed",
  arrived: "turnos.state.arrived",
  done: "turnos.state.done",
  no_show: "turnos.state.no_show",
  cancelled: "turnos.state.cancelled",
};

export const NOTICE_LABEL: Record<NoticeBucket, MessageKey> = {
  under2h: "turnos.notice.under2h",
  from2to24h: "turnos.notice.from2to24h",
  over24h: "turnos.notice.over24h",
};
