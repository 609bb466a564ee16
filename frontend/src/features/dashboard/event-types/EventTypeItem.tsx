import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { EventType } from "../../../api/types";
import { locationLabel } from "../../../api/types";
import { EmbedSnippet } from "../../embed/EmbedSnippet";
import { CopyLinkButton } from "./CopyLinkButton";
import { PrivateLinks } from "./PrivateLinks";

/** One event type in the list: what it is, its booking link and what can be done with it. */
export function EventTypeItem({
  eventType: e,
  link,
  username,
  viewerTz,
  busy,
  onEdit,
  onToggle,
  onDelete,
}: {
  eventType: EventType;
  link: string;
  username: string;
  viewerTz: string;
  busy: boolean;
  onEdit: () => void;
  onToggle: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const [linksOpen, setLinksOpen] = useState(false);
  const [embedOpen, setEmbedOpen] = useState(false);
  const panelId = `private-links-panel-${e.id}`;
  const embedPanelId = `embed-panel-${e.id}`;
  return (
    <li className={`event-type-item${e.isActive ? "" : " inactive"}`}>
      <div className="event-type-info">
        <h3>
          {e.title}{" "}
          <span className={`badge ${e.isActive ? "badge-confirmed" : ""}`}>
            {e.isActive ? t("eventTypes.active") : t("eventTypes.inactive")}
          </span>
          {e.hidden && (
            <>
              {" "}
              <span className="badge">{t("expertTools.hiddenBadge")}</span>
            </>
          )}
          {e.seats != null && (
            <>
              {" "}
              <span className="badge">{t("seats.groupOf", { count: e.seats })}</span>
            </>
          )}
          {e.requiresConfirmation && (
            <>
              {" "}
              <span className="badge badge-pending">{t("expertTools.confirmBadge")}</span>
            </>
          )}
        </h3>
        <p className="muted">
          {t("common.duration", { minutes: e.durationMinutes })} · {locationLabel(e.location)}
          {e.location.details ? ` (${e.location.details})` : ""}
        </p>
        <p className="event-type-link">
          <a className="mono" href={link} target="_blank" rel="noopener noreferrer">
            {link.replace(/^https?:\/\//, "")}
          </a>
        </p>
      </div>
      <div className="button-row">
        <CopyLinkButton value={link} label={t("eventTypes.copyLinkTo", { title: e.title })} />
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-label={t("eventTypes.editTitle", { title: e.title })}
          onClick={onEdit}
        >
          {t("eventTypes.edit")}
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-label={
            e.isActive
              ? t("eventTypes.deactivateTitle", { title: e.title })
              : t("eventTypes.activateTitle", { title: e.title })
          }
          disabled={busy}
          onClick={onToggle}
        >
          {e.isActive ? t("eventTypes.deactivate") : t("eventTypes.activate")}
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-expanded={linksOpen}
          aria-controls={panelId}
          aria-label={t("expertTools.privateLinksFor", { title: e.title })}
          onClick={() => setLinksOpen((open) => !open)}
        >
          {t("expertTools.privateLinks")}
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-expanded={embedOpen}
          aria-controls={embedPanelId}
          aria-label={t("embed.snippet.openFor", { title: e.title })}
          onClick={() => setEmbedOpen((open) => !open)}
        >
          {t("embed.snippet.open")}
        </button>
        <button
          type="button"
          className="btn btn-danger-outline btn-small"
          aria-label={t("eventTypes.deleteItem", { title: e.title })}
          onClick={onDelete}
        >
          {t("eventTypes.delete")}
        </button>
      </div>
      {linksOpen && (
        <div id={panelId} className="event-type-panel">
          <PrivateLinks eventType={e} viewerTz={viewerTz} />
        </div>
      )}
      {embedOpen && (
        <div id={embedPanelId} className="event-type-panel">
          <EmbedSnippet username={username} slug={e.slug} />
        </div>
      )}
    </li>
  );
}
