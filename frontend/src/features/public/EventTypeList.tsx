import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { EventType, ExpertPublic } from "../../api/types";
import { locationLabel } from "../../api/types";
import { preloadEventTypeBooking } from "./loadEventTypeBooking";

/** The expert's active event types, each a link that keeps the rest of the query. */
export function EventTypeList({
  expert,
  params,
}: {
  expert: ExpertPublic;
  params: URLSearchParams;
}) {
  const { t } = useTranslation();
  if (expert.eventTypes.length === 0) {
    return <p className="empty">{t("eventTypes.none", { name: expert.name })}</p>;
  }
  const link = (e: EventType) => {
    const next = new URLSearchParams(params);
    next.set("type", e.slug);
    next.delete("date");
    next.delete("time");
    next.delete("wait");
    next.delete("duration");
    next.delete("key");
    return `?${next.toString()}`;
  };
  return (
    <section aria-labelledby="types-title">
      <h2 id="types-title">{t("eventTypes.choose")}</h2>
      <ul className="type-grid">
        {expert.eventTypes.map((e) => (
          <li key={e.id} className="card type-card">
            <h3>
              <Link
                to={link(e)}
                className="stretched"
                onPointerEnter={preloadEventTypeBooking}
                onPointerDown={preloadEventTypeBooking}
                onFocus={preloadEventTypeBooking}
              >
                {e.title}
              </Link>
            </h3>
            <p className="muted">
              {t("common.duration", { minutes: e.durationMinutes })} · {locationLabel(e.location)}
              {e.seats != null && (
                <>
                  {" "}
                  · <span className="nowrap">{t("seats.groupOf", { count: e.seats })}</span>
                </>
              )}
            </p>
            {e.description && <p className="description">{e.description}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
