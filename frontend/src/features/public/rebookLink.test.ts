import { describe, expect, it } from "vitest";
import { prefilledDetails, rebookPath } from "./rebookLink";

const booking = {
  expertUsername: "erin",
  eventSlug: "intro-call",
  name: "Zoë O'Brien & Co",
  email: "zoe+rebook@example.com",
};
const user = { name: "Signed In", email: "me@example.com" };
const query = (path: string) => new URL(path, "https://expertbook.test").searchParams;

describe("rebookPath", () => {
  it("opens the event type's page with the client's name and email", () => {
    const path = rebookPath(booking);
    expect(path.startsWith("/erin/intro-call?")).toBe(true);
    expect(prefilledDetails(query(path), null)).toEqual({
      name: "Zoë O'Brien & Co",
      email: "zoe+rebook@example.com",
    });
  });
});

describe("prefilledDetails", () => {
  it("prefers the link's details to the signed-in person's", () => {
    expect(prefilledDetails(query(rebookPath(booking)), user)).toEqual({
      name: booking.name,
      email: booking.email,
    });
  });

  it("takes the link's details as a pair, never mixed with the account's", () => {
    expect(prefilledDetails(query("/erin/intro-call?name=Ann"), user)).toEqual({
      name: "Ann",
      email: "",
    });
  });

  it("falls back to the signed-in person, else nothing, when the link names no one", () => {
    expect(prefilledDetails(query("/erin/intro-call?name=%20%20&date=2026-03-09"), user)).toEqual(
      user,
    );
    expect(prefilledDetails(new URLSearchParams(), null)).toEqual({ name: "", email: "" });
  });
});
