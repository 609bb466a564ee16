import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../components/ui";
import type { AnswerValue, Question } from "./bookingRules";

/** One of the event type's questions, labelled, its requirement marked, its error beside it. */
export function QuestionField({
  question,
  value,
  error,
  onChange,
}: {
  question: Question;
  value: AnswerValue | undefined;
  error: string | null;
  onChange: (value: AnswerValue) => void;
}) {
  const { t } = useTranslation();
  const checkId = useId();
  const required = Boolean(question.required);
  const text = typeof value === "string" ? value : "";
  // Screen readers hear "required" from the control itself; the word is for the eye.
  const label = (
    <>
      {question.label}
      {required && <span className="required-mark"> ({t("bookingRules.required")})</span>}
    </>
  );

  if (question.kind === "checkbox") {
    const errorId = `${checkId}-error`;
    return (
      <div className={`field field-check${error ? " field-invalid" : ""}`}>
        <label className="checkbox" htmlFor={checkId}>
          <input
            id={checkId}
            type="checkbox"
            checked={value === true}
            aria-required={required || undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => onChange(e.target.checked)}
          />
          <span>{label}</span>
        </label>
        {error && (
          <p className="field-error" id={errorId}>
            {error}
          </p>
        )}
      </div>
    );
  }

  return (
    <Field label={label} error={error}>
      {(props) =>
        question.kind === "textarea" ? (
          <textarea
            {...props}
            rows={3}
            aria-required={required || undefined}
            value={text}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : question.kind === "select" ? (
          <select
            {...props}
            aria-required={required || undefined}
            value={text}
            onChange={(e) => onChange(e.target.value)}
          >
            <option value="">{t("bookingRules.choose")}</option>
            {(question.options ?? []).map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...props}
            type={question.kind === "phone" ? "tel" : "text"}
            autoComplete={question.kind === "phone" ? "tel" : "off"}
            aria-required={required || undefined}
            value={text}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}
