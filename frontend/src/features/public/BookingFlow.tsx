import { lazy, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { ExpertPublic } from "../../api/types";
import { Notice } from "../../components/ui";
import { detectTimeZone } from "../../lib/time";
import { readSelection } from "../../stores/bookingFlow";
import { EventTypeList } from "./EventTypeList";
import { ExpertHeader } from "./ExpertHeader";
import { loadEventTypeBooking } from "./loadEventTypeBooking";
import { useSelectionUpdate } from "./useSelectionUpdate";

const EventTypeBooking = lazy(() =>
  loadEventTypeBooking().then((m) => ({ default: m.EventTypeBooking })),
);

/** Event type, then day, zone and time (all in the URL), then the visitor's details. */
export function BookingFlow({
  expert,
  pathSlug,
}: {
  expert: ExpertPublic;
  pathSlug: string | null;
}) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const update = useSelectionUpdate();
  const detectedTz = useMemo(detectTimeZone, []);
  const selection = readSelection(params, detectedTz, pathSlug);
  const eventType = selection.type
    ? expert.eventTypes.find((e) => e.slug === selection.type || e.id === selection.type)
    : undefined;
  const base = pathSlug ? `/${expert.username}` : null;

  return (
    <div className="stack">
      <ExpertHeader expert={expert} compact={Boolean(eventType)} />
      {!selection.type ? (
        <EventTypeList expert={expert} params={params} />
      ) : !eventType ? (
        <Notice kind="warning">
          {t("flow.typeGone")}{" "}
          {base ? (
            <Link to={base}>{t("flow.seeAll")}</Link>
          ) : (
            <button type="button" className="btn-link" onClick={() => update({ type: null })}>
              {t("flow.seeAll")}
            </button>
          )}
        </Notice>
      ) : (
        <EventTypeBooking
          expert={expert}
          eventType={eventType}
          selection={selection}
          detectedTz={detectedTz}
          pathSlug={pathSlug}
        />
      )}
    </div>
  );
}
