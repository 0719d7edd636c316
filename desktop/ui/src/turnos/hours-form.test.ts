import { describe, expect, it } from "vitest";
import { formOfHours, hoursOfForm } from "./hours-form.js";

describe("the hours form", () => {
  it("round-trips a week with a break", () => {
    const rows = [
      { weekday: 1, kind: "work" as const, startMinute: 540, endMinute: 1080 },
      { weekday: 1, kind: "break" as const, startMinute: 780, endMinute: 840 },
    ];
    expect(hoursOfForm(formOfHours(rows))).toEqual(rows);
  });

  it("names the weekday whose times are wrong", () => {
    const form = formOfHours([]);
    form[3] = { works: true, from: "18:00", to: "09:00", breakFrom: "", breakTo: "" };
    expect(hoursOfForm(form)).toEqual({ badWeekday: 3 });
    form[3] = { works: true, from: "09:00", to: "18:00", breakFrom: "13:07", breakTo: "14:00" };
    expect(hoursOfForm(form)).toEqual({ badWeekday: 3 });
  });
});
