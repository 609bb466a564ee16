import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import {
  answersPayload,
  bookingProblems,
  guestProblem,
  parseGuests,
  type Question,
  unanswered,
} from "./bookingRules";

const QUESTIONS: Question[] = [
  { id: "company", label: "Company", kind: "text", required: true },
  { id: "topic", label: "Topic", kind: "select", required: false, options: ["Tax", "Law"] },
  { id: "terms", label: "I accept the terms", kind: "checkbox", required: true },
  { id: "extra", label: "Anything else", kind: "textarea", required: false },
];

describe("answers", () => {
  it("sends every checkbox as yes or no, text trimmed, and leaves out blank answers", () => {
    expect(
      answersPayload(QUESTIONS, { company: "  Acme  ", topic: "", extra: "   ", stray: "x" }),
    ).toEqual({ company: "Acme", terms: false });
    expect(answersPayload(QUESTIONS, { company: "Acme", topic: "Tax", terms: true })).toEqual({
      company: "Acme",
      topic: "Tax",
      terms: true,
    });
  });

  it("names each required question left unanswered, in words", () => {
    expect(unanswered(QUESTIONS, { company: "  ", terms: false })).toEqual({
      company: "Answer “Company” to book.",
      terms: "Tick “I accept the terms” to book.",
    });
    expect(unanswered(QUESTIONS, { company: "Acme", terms: true })).toEqual({});
  });
});

describe("guests", () => {
  it("splits the box by commas, semicolons and spaces, each address once", () => {
    expect(parseGuests(" a@example.com, b@example.com;\nA@example.com  c@example.com ")).toEqual([
      "a@example.com",
      "b@example.com",
      "c@example.com",
    ]);
    expect(parseGuests("   ")).toEqual([]);
  });

  it("refuses more than five guests and names an address that is not one", () => {
    const six = ["1", "2", "3", "4", "5", "6"].map((n) => `g${n}@example.com`);
    expect(guestProblem(six)).toBe("You can invite up to 5 guests.");
    expect(guestProblem(["ok@example.com", "not-an-address"])).toContain("“not-an-address”");
    expect(guestProblem(six.slice(0, 5))).toBeNull();
  });
});

describe("bookingProblems", () => {
  const refused = (details: unknown, code = "invalid_answers") =>
    new ApiError(422, code, "Some answers need attention.", details);

  it("says at the email field that this email already has a seat in the session", () => {
    const problems = bookingProblems(
      new ApiError(409, "already_in_session", "This email address already has a seat."),
      [],
      "Erin",
    );
    expect(Object.keys(problems.fields)).toEqual(["email"]);
    expect(problems.fields.email).toMatch(/already has a seat in this session/);
    expect(problems.form).toBeNull();
  });

  it("puts each answer's message next to its question, even one named like a field", () => {
    const problems = bookingProblems(
      refused([
        { field: "answers.company", message: "Answer “Company”." },
        { field: "answers.email", message: "Keep it under 500 characters." },
      ]),
      [],
      "Erin",
    );
    expect(problems.answers).toEqual({
      company: "Answer “Company”.",
      email: "Keep it under 500 characters.",
    });
    expect(problems.fields).toEqual({});
    expect(problems.form).toBe("Some answers need attention.");
  });

  it("names the guest whose address was refused, and keeps fields by their name", () => {
    const problems = bookingProblems(
      refused(
        [
          { field: "guests.1", message: "value is not a valid email address", type: "value_error" },
          { field: "name", message: "Enter your name." },
        ],
        "validation_error",
      ),
      ["a@example.com", "b@example"],
      "Erin",
    );
    expect(problems.guests).toContain("“b@example”");
    expect(problems.fields).toEqual({ name: "Enter your name." });
  });

  it("says in words that a private link is used or unknown", () => {
    const used = new ApiError(410, "link_used", "This private link has already been used.");
    expect(bookingProblems(used, [], "Erin").form).toBe(
      "This private link has already been used to book. Ask Erin for a new one.",
    );
    const unknown = new ApiError(404, "link_not_found", "No such link.");
    expect(bookingProblems(unknown, [], "Erin").form).toContain("does not exist or was revoked");
  });

  it("shows any other refusal above the form", () => {
    const full = new ApiError(409, "limit_reached", "This day is fully booked.");
    expect(bookingProblems(full, [], "Erin")).toEqual({
      fields: {},
      answers: {},
      guests: null,
      form: "This day is fully booked.",
    });
  });
});
