import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { fetchMyExpert, setEmbedOrigins, toolKeys } from "../../../api/expertTools";
import { ErrorState, Field, Loading, Notice } from "../../../components/ui";
import { useFormErrors } from "../../../lib/useFormErrors";

/** One origin a line; no line at all means any site ("*"). */
export function originsFromText(text: string): string[] {
  const origins = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return origins.length ? origins : ["*"];
}

export function textFromOrigins(origins: readonly string[]): string {
  return origins.includes("*") ? "" : origins.join("\n");
}

/** Which websites may show the booking page inside theirs. */
export function EmbedOriginsForm() {
  const { t } = useTranslation();
  const current = useQuery({ queryKey: toolKeys.myExpert, queryFn: fetchMyExpert });
  return (
    <section className="card stack-tight" aria-labelledby="embed-origins-title">
      <h2 id="embed-origins-title">{t("embed.origins.title")}</h2>
      <p className="muted small">{t("embed.origins.text")}</p>
      {current.isPending ? (
        <Loading />
      ) : current.isError ? (
        <ErrorState error={current.error} onRetry={() => current.refetch()} />
      ) : (
        <OriginsForm initial={current.data.embedOrigins} />
      )}
    </section>
  );
}

function OriginsForm({ initial }: { initial: readonly string[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(textFromOrigins(initial));
  const save = useMutation({
    mutationFn: (origins: string[]) => setEmbedOrigins(origins),
    onSuccess: (expert) => {
      queryClient.setQueryData(toolKeys.myExpert, expert);
      setValue(textFromOrigins(expert.embedOrigins));
    },
  });
  const { fieldErrors, formError, edit } = useFormErrors(save.error, ["embedOrigins"]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(originsFromText(value));
  };

  return (
    <form className="stack-tight" onSubmit={submit} noValidate>
      {formError && <Notice kind="error">{formError}</Notice>}
      <Field
        label={t("embed.origins.label")}
        hint={t("embed.origins.hint")}
        error={fieldErrors.embedOrigins}
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            placeholder="https://www.example.com"
            value={value}
            onChange={(e) => {
              edit("embedOrigins");
              save.reset();
              setValue(e.target.value);
            }}
          />
        )}
      </Field>
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("embed.origins.save")}
        </button>
      </div>
      {save.isSuccess && (
        <Notice kind="success">
          {save.data.embedOrigins.includes("*")
            ? t("embed.origins.savedAny")
            : t("embed.origins.savedList", { count: save.data.embedOrigins.length })}
        </Notice>
      )}
    </form>
  );
}
