import { describe, expect, it } from "vitest";
import { patientProblems } from "./patient-check.js";

const ok = { name: "Ana Gómez", phone: "+54 9 11 5555-0000", email: "ana@example.com" };

describe("the patient's fields on the booking page", () => {
  it("accepts what the API accepts, an empty email included", () => {
    expect(patientProblems(ok)).toEqual({});
    expect(patientProblems({ ...ok, email: "  " })).toEqual({});
  });

  it("names each field the API would refuse: a blank name, a phone with letters or too short, a bad email", () => {
    expect(patientProblems({ name: "   ", phone: "hola", email: "ana@" })).toEqual({
      name: "booking.nameMissing",
      phone: "booking.phoneInvalid",
      email: "booking.emailInvalid",
    });
    expect(patientProblems({ ...ok, phone: "123" })).toEqual({ phone: "booking.phoneInvalid" });
    expect(patientProblems({ ...ok, name: "x".repeat(81) })).toEqual({ name: "booking.nameMissing" });
  });
});
