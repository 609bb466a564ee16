import type { ExpertPublic } from "../../api/types";
import { initials } from "../../lib/text";

/** The expert's name and headline; `compact` once an event type is chosen. */
export function ExpertHeader({ expert, compact }: { expert: ExpertPublic; compact: boolean }) {
  return (
    <header className={`expert-header card${compact ? " compact" : ""}`}>
      <span className="avatar" aria-hidden="true">
        {initials(expert.name)}
      </span>
      <div>
        <h1>{expert.name}</h1>
        {expert.headline && <p className="headline">{expert.headline}</p>}
        {!compact && expert.bio && <p className="bio">{expert.bio}</p>}
      </div>
    </header>
  );
}
