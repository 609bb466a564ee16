import type { EventType } from "../../../api/types";
import { locationLabel } from "../../../api/types";
import { CopyLinkButton } from "./CopyLinkButton";

/** One event type in the list: what it is, its booking link and what can be done with it. */
export function EventTypeItem({
  eventType: e,
  link,
  busy,
  onEdit,
  onToggle,
  onDelete,
}: {
  eventType: EventType;
  link: string;
  busy: boolean;
  onEdit: () => void;
  onToggle: () => void;
  onDelete: () => void;
}) {
  return (
    <li className={`event-type-item${e.isActive ? "" : " inactive"}`}>
      <div className="event-type-info">
        <h3>
          {e.title}{" "}
          <span className={`badge ${e.isActive ? "badge-confirmed" : ""}`}>
            {e.isActive ? "Active" : "Inactive"}
          </span>
        </h3>
        <p className="muted">
          {e.durationMinutes} min · {locationLabel(e.location)}
          {e.location.details ? ` (${e.location.details})` : ""}
        </p>
        <p className="event-type-link">
          <a className="mono" href={link} target="_blank" rel="noopener noreferrer">
            {link.replace(/^https?:\/\//, "")}
          </a>
        </p>
      </div>
      <div className="button-row">
        <CopyLinkButton value={link} label={`Copy link to ${e.title}`} />
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-label={`Edit ${e.title}`}
          onClick={onEdit}
        >
          Edit
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-label={`${e.isActive ? "Deactivate" : "Activate"} ${e.title}`}
          disabled={busy}
          onClick={onToggle}
        >
          {e.isActive ? "Deactivate" : "Activate"}
        </button>
        <button
          type="button"
          className="btn btn-danger-outline btn-small"
          aria-label={`Delete ${e.title}`}
          onClick={onDelete}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
