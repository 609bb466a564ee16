import { useTranslation } from "react-i18next";
import type { QuestionKind } from "../../../api/types";
import { Field } from "../../../components/ui";
import { i18n } from "../../../i18n";
import { MAX_QUESTIONS, newDraftKey, QUESTION_KINDS, type QuestionDraft } from "./eventTypeModel";

const KIND_LABELS: Record<QuestionKind, () => string> = {
  text: () => i18n.t("expertTools.kindText"),
  textarea: () => i18n.t("expertTools.kindTextarea"),
  select: () => i18n.t("expertTools.kindSelect"),
  checkbox: () => i18n.t("expertTools.kindCheckbox"),
  phone: () => i18n.t("expertTools.kindPhone"),
};

/** Up to ten questions the booking form asks: label, kind, required, and a select's options. */
export function QuestionsEditor({
  questions,
  errors,
  onChange,
}: {
  questions: QuestionDraft[];
  /** Sentences by `questions.N.field`. */
  errors: Record<string, string>;
  onChange: (questions: QuestionDraft[]) => void;
}) {
  const { t } = useTranslation();
  const update = (index: number, change: Partial<QuestionDraft>) =>
    onChange(questions.map((q, i) => (i === index ? { ...q, ...change } : q)));
  return (
    <fieldset className="questions-editor">
      <legend>{t("expertTools.questions")}</legend>
      <p className="field-hint">{t("expertTools.questionsHint")}</p>
      {errors.questions && <p className="field-error">{errors.questions}</p>}
      {questions.length > 0 && (
        <ol className="question-list">
          {questions.map((q, index) => {
            const number = index + 1;
            const error = (field: string) =>
              errors[`questions.${index}.${field}`] ??
              (field === "label" ? errors[`questions.${index}.id`] : undefined);
            return (
              <li key={q.key} className="question-item">
                <div className="form-grid">
                  <Field label={t("expertTools.questionLabel", { number })} error={error("label")}>
                    {(props) => (
                      <input
                        {...props}
                        type="text"
                        maxLength={200}
                        value={q.label}
                        onChange={(e) => update(index, { label: e.target.value })}
                      />
                    )}
                  </Field>
                  <Field label={t("expertTools.questionKind", { number })} error={error("kind")}>
                    {(props) => (
                      <select
                        {...props}
                        value={q.kind}
                        onChange={(e) => update(index, { kind: e.target.value as QuestionKind })}
                      >
                        {QUESTION_KINDS.map((kind) => (
                          <option key={kind} value={kind}>
                            {KIND_LABELS[kind]()}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                </div>
                {q.kind === "select" && (
                  <Field
                    label={t("expertTools.questionOptions", { number })}
                    hint={t("expertTools.optionsHint")}
                    error={error("options")}
                  >
                    {(props) => (
                      <textarea
                        {...props}
                        rows={3}
                        value={q.options}
                        onChange={(e) => update(index, { options: e.target.value })}
                      />
                    )}
                  </Field>
                )}
                <div className="button-row">
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={q.required}
                      onChange={(e) => update(index, { required: e.target.checked })}
                    />
                    {t("expertTools.questionRequired", { number })}
                  </label>
                  <button
                    type="button"
                    className="btn btn-danger-outline btn-small"
                    onClick={() => onChange(questions.filter((_, i) => i !== index))}
                  >
                    {t("expertTools.removeQuestion", { number })}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {questions.length < MAX_QUESTIONS ? (
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() =>
            onChange([
              ...questions,
              {
                key: newDraftKey(),
                id: null,
                label: "",
                kind: "text",
                required: false,
                options: "",
              },
            ])
          }
        >
          {t("expertTools.addQuestion")}
        </button>
      ) : (
        <p className="field-hint">{t("expertTools.questionsFull", { count: MAX_QUESTIONS })}</p>
      )}
    </fieldset>
  );
}
