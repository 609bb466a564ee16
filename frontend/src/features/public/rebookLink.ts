import type { Booking, User } from "../../api/types";

// A client whom the expert asked to book another time gets a link to the event type's page
// with their name and email in its query (the server's email carries the same link), and the
// booking form starts with them filled in.

/** The event type's booking page, with the booking's name and email filled in. */
export function rebookPath(
  booking: Pick<Booking, "expertUsername" | "eventSlug" | "name" | "email">,
): string {
  const query = new URLSearchParams({ name: booking.name, email: booking.email });
  const path = [booking.expertUsername, booking.eventSlug].map(encodeURIComponent).join("/");
  return `/${path}?${query}`;
}

/**
 * The name and email the booking form starts with. A link that names someone (`?name=`,
 * `?email=`) says whom the booking is for, so its details win as a pair; only without them
 * does the signed-in person's own name and email fill the form. Never two people's mixed.
 */
export function prefilledDetails(
  params: URLSearchParams,
  user: Pick<User, "name" | "email"> | null,
): { name: string; email: string } {
  const name = params.get("name")?.trim() ?? "";
  const email = params.get("email")?.trim() ?? "";
  if (name || email) return { name, email };
  return { name: user?.name ?? "", email: user?.email ?? "" };
}
