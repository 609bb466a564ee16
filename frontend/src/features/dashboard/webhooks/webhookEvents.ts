import type { WebhookEvent } from "../../../api/types";
import { i18n, intlLocale } from "../../../i18n";

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  "booking.created",
  "booking.confirmed",
  "booking.declined",
  "booking.cancelled",
  "booking.restored",
  "booking.rescheduled",
];

const EVENT_LABELS: Record<WebhookEvent, () => string> = {
  "booking.created": () => i18n.t("webhooks.eventCreated"),
  "booking.confirmed": () => i18n.t("webhooks.eventConfirmed"),
  "booking.declined": () => i18n.t("webhooks.eventDeclined"),
  "booking.cancelled": () => i18n.t("webhooks.eventCancelled"),
  "booking.restored": () => i18n.t("webhooks.eventRestored"),
  "booking.rescheduled": () => i18n.t("webhooks.eventRescheduled"),
};

/** "A booking is made", for any event name the API sends (unknown ones as they are). */
export function eventLabel(event: string): string {
  return EVENT_LABELS[event as WebhookEvent]?.() ?? event;
}

/** "booking.created and booking.cancelled", in the order of the form's choices. */
export function eventList(events: readonly string[]): string {
  const rank = (event: string) => {
    const index = WEBHOOK_EVENTS.indexOf(event as WebhookEvent);
    return index === -1 ? WEBHOOK_EVENTS.length : index;
  };
  const sorted = [...events].sort((a, b) => rank(a) - rank(b));
  return new Intl.ListFormat(intlLocale(), { type: "conjunction" }).format(sorted);
}
