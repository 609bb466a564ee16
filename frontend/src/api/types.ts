// The one place that names the generated schemas: when the backend renames one, only this
// file changes.
import { i18n } from "../i18n";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type User = Schemas["UserRead"];
export type LoginRequest = Schemas["LoginRequest"];
export type RegisterRequest = Schemas["RegisterRequest"];
export type BecomeExpertRequest = Schemas["BecomeExpertRequest"];
export type ExpertUpdate = Schemas["ExpertUpdate"];
export type Expert = Schemas["ExpertRead"];
export type ExpertPublic = Schemas["PublicExpert"];
export type EventType = Schemas["EventTypeRead"];
export type EventTypeCreate = Schemas["EventTypeCreate"];
export type EventTypeUpdate = Schemas["EventTypeUpdate"];
export type LocationKind = NonNullable<NonNullable<EventType["location"]>["kind"]>;
export type Availability = Schemas["Availability"];
/** The availability as the server returns it (overrides always listed). */
export type AvailabilityRead = Required<Availability>;
export type WeeklyRange = Availability["weekly"][number];
export type DateOverride = NonNullable<Availability["overrides"]>[number];
export type SlotsResponse = Schemas["SlotsResponse"];
export type SlotDay = SlotsResponse["days"][number];
export type Slot = SlotDay["slots"][number];
/** A booking; `manageToken` is only present in the creation response. */
export type Booking = Schemas["BookingRead"] & { manageToken?: string | null };
export type BookingCreate = Schemas["BookingCreate"];
export type BookingCreated = Schemas["BookingCreated"];
export type BookingPage = Schemas["Page_BookingRead_"];
/** A group session as its expert sees it: every seat, with each attendee. */
export type GroupSession = Schemas["SessionRead"];
export type WaitlistJoin = Schemas["WaitlistJoin"];
/** A place in line; `manageToken` only in the answer to joining. */
export type WaitlistEntry = Schemas["WaitlistRead"] & { manageToken?: string | null };
export type WaitlistStatus = Schemas["WaitlistStatus"];

export type SlotsChanged = { expertId: string; eventTypeIds: string[]; dates: string[] };

export type BookingStatus = Schemas["BookingStatus"];
export type ExpertProfileUpdate = Schemas["ExpertUpdate"];
export type AccountUpdate = Schemas["AccountUpdate"];

/** Each location kind's name, in the language on screen. */
export const LOCATION_LABELS: Record<LocationKind, () => string> = {
  jitsi: () => i18n.t("location.jitsi"),
  google_meet: () => i18n.t("location.googleMeet"),
  zoom: () => i18n.t("location.zoom"),
  phone: () => i18n.t("location.phone"),
  in_person: () => i18n.t("location.inPerson"),
  custom: () => i18n.t("location.custom"),
};

/** "Google Meet", "Phone call"…, for any location the API sends. */
export function locationLabel(location: { kind?: string | null } | null | undefined): string {
  const kind = location?.kind ?? "jitsi";
  return LOCATION_LABELS[kind as LocationKind]?.() ?? kind;
}

export type Question = Schemas["Question"];
export type QuestionKind = NonNullable<Question["kind"]>;
export type EventTypeLimits = Schemas["Limits"];
export type PrivateLink = Schemas["PrivateLinkRead"];
export type PrivateLinkCreate = Schemas["PrivateLinkCreate"];
export type PrivateLinkCreated = Schemas["PrivateLinkCreated"];
export type Webhook = Schemas["WebhookRead"];
export type WebhookCreate = Schemas["WebhookCreate"];
export type WebhookCreated = Schemas["WebhookCreated"];
export type WebhookUpdate = Schemas["WebhookUpdate"];
export type WebhookEvent = WebhookCreate["events"][number];
export type WebhookDelivery = Schemas["WebhookDeliveryRead"];
export type CalendarFeed = Schemas["CalendarFeed"];
export type CalendarConnection = Schemas["CalendarRead"];
export type CalendarChoice = CalendarConnection["calendars"][number];
export type CalendarCreate = Schemas["CalendarCreate"];
export type CalendarUpdate = Schemas["CalendarUpdate"];
export type CalendarBusy = Schemas["BusyRead"];
export type DirectoryEntry = Schemas["DirectoryEntry"];
export type DirectoryPage = Schemas["DirectoryPage"];
export type TopicCount = Schemas["TopicCount"];
export type Rating = Schemas["Rating"];
export type Review = Schemas["ReviewRead"];
export type BookingReview = Schemas["BookingReview"];
export type ReviewsPage = Schemas["ReviewsPage"];
