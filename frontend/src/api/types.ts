// The one place that names the generated schemas: when the backend renames one, only this
// file changes.
import type { components } from "./schema";

type Schemas = components["schemas"];

export type User = Schemas["UserRead"];
export type Expert = Schemas["ExpertRead"];
export type ExpertPublic = Schemas["ExpertPublic"];
export type EventType = Schemas["EventTypeRead"];
export type EventTypeCreate = Schemas["EventTypeCreate"];
export type EventTypeUpdate = Schemas["EventTypeUpdate"];
export type LocationKind = EventType["location"]["kind"];
export type Availability = Schemas["Availability"];
export type WeeklyRange = Availability["weekly"][number];
export type DateOverride = Availability["overrides"][number];
export type SlotsResponse = Schemas["SlotsRead"];
export type SlotDay = SlotsResponse["days"][number];
export type Slot = SlotDay["slots"][number];
export type Booking = Schemas["BookingRead"];
export type BookingPage = Schemas["BookingPage"];

export type SlotsChanged = { expertId: string; eventTypeIds: string[]; dates: string[] };

export const LOCATION_LABELS: Record<LocationKind, string> = {
  google_meet: "Google Meet",
  zoom: "Zoom",
  phone: "Phone call",
  in_person: "In person",
  custom: "Custom",
};
