// Joining a waitlist refused by the server, said where it belongs.
import { ApiError } from "../../api/errors";
import { i18n } from "../../i18n";
import { type BookingProblems, bookingProblems, NO_PROBLEMS } from "./bookingRules";

/**
 * A refused join's messages: an email already in this line is said at the email field;
 * the rest (fields, answers, anything else) as for a booking.
 */
export function waitlistProblems(error: unknown): BookingProblems {
  if (error instanceof ApiError && error.code === "already_waiting") {
    return { ...NO_PROBLEMS, fields: { email: i18n.t("waitlist.alreadyWaiting") } };
  }
  return bookingProblems(error, [], "");
}
