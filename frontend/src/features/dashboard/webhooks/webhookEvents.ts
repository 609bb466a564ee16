import type { WebhookEvent } from "../../../api/types";
import { i18n } from "../../../i18n";

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
