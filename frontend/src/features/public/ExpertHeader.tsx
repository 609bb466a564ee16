import type { ExpertPublic } from "../../api/types";
import { Avatar } from "../../components/Avatar";
import { RatingSummary } from "../../components/Stars";

/** The expert's picture, name, headline, rating and topics; `compact` once an event type
 * is chosen. */
export function ExpertHeader({ expert, compact }: { expert: ExpertPublic; compact: boolean }) {
  return (
    <header className={`expert-header card${compact ? " compact" : ""}`}>
      <Avatar name={expert.name} url={expert.avatarUrl} large={!compact} />
      <div>
        <h1>{expert.name}</h1>
        {expert.headline && <p className="headline">{expert.headline}</p>}
        <RatingSummary rating={expert.rating} />
        {!compact && expert.topics.length > 0 && (
          <ul className="topic-list">
            {expert.topics.map((topic) => (
              <li key={topic} className="badge">
                {topic}
              </li>
            ))}
          </ul>
        )}
        {!compact && expert.bio && <p className="bio">{expert.bio}</p>}
      </div>
    </header>
  );
}
