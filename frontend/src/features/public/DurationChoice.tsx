import { useTranslation } from "react-i18next";
import type { EventType } from "../../api/types";
import { durationChoices } from "./durations";

/** The session's length, chosen before the time, when the event type offers several. */
export function DurationChoice({
  eventType,
  value,
  onChange,
}: {
  eventType: EventType;
  value: number;
  onChange: (minutes: number) => void;
}) {
  const { t } = useTranslation();
  const choices = durationChoices(eventType);
  if (choices.length === 0) return null;
  return (
    <fieldset className="duration-choice">
      <legend>{t("bookingRules.length")}</legend>
      {choices.map((minutes) => (
        <button
          key={minutes}
          type="button"
          aria-pressed={minutes === value}
          className={minutes === value ? "active" : ""}
          onClick={() => onChange(minutes)}
        >
          {t("common.duration", { minutes })}
        </button>
      ))}
    </fieldset>
  );
}
