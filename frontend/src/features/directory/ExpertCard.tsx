import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { DirectoryEntry } from "../../api/types";
import { Avatar } from "../../components/Avatar";
import { RatingSummary } from "../../components/Stars";
import { detectTimeZone, formatShortDate, formatTime } from "../../lib/time";
import { useBookingFlowStore } from "../../stores/bookingFlow";

/** One expert in the directory: who, what about, how rated, which sessions, when free. */
export function ExpertCard({ expert }: { expert: DirectoryEntry }) {
  const { t, i18n } = useTranslation();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const tz = detectTimeZone();
  const languages = new Intl.DisplayNames([i18n.language], { type: "language" });
  const next = expert.nextFreeSlot;
  return (
    <li className="card expert-card">
      <div className="expert-card-head">
        <Avatar name={expert.name} url={expert.avatarUrl} />
        <div>
          <h3>
            <Link to={`/${expert.username}`}>{expert.name}</Link>
          </h3>
          {expert.headline && <p className="headline">{expert.headline}</p>}
          <RatingSummary rating={expert.rating} />
        </div>
      </div>
      {expert.topics.length > 0 && (
        <ul className="topic-list" aria-label={t("directory.topicsOf", { name: expert.name })}>
          {expert.topics.map((topic) => (
            <li key={topic} className="badge">
              {topic}
            </li>
          ))}
        </ul>
      )}
      {expert.languages.length > 0 && (
        <p className="small muted">
          {t("directory.speaks", {
            languages: expert.languages.map((code) => languages.of(code) ?? code).join(", "),
          })}
        </p>
      )}
      {expert.sessionTypes.length > 0 && (
        <ul className="session-list small">
          {expert.sessionTypes.map((type) => (
            <li key={type.id}>
              <Link to={`/${expert.username}/${type.slug}`}>{type.title}</Link>{" "}
              <span className="muted">
                {t("directory.minutes", { count: type.durationMinutes })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {next ? (
        <p className="small next-free">
          {t("directory.nextFree", {
            when: `${formatShortDate(next, tz)}, ${formatTime(next, tz, hour12)}`,
          })}
        </p>
      ) : (
        // Unknown for a few seconds after the expert's free time changed: say nothing.
        expert.nextFreeKnown && <p className="small next-free">{t("directory.noFreeSoon")}</p>
      )}
    </li>
  );
}
