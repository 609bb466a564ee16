import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { fetchMyExpert, setMaxBookingsPerDay, toolKeys } from "../../../api/expertTools";
import { keys } from "../../../api/queries";
import { ErrorState, Field, Loading, Notice } from "../../../components/ui";
import { useFormErrors } from "../../../lib/useFormErrors";
import { useAuthStore } from "../../../stores/auth";

/** The most bookings a day, of all event types together; blank for no cap. */
export function DailyCapForm() {
  const { t } = useTranslation();
  const current = useQuery({ queryKey: toolKeys.myExpert, queryFn: fetchMyExpert });
  return (
    <section className="card stack-tight" aria-labelledby="daily-cap-title">
      <h2 id="daily-cap-title">{t("expertTools.capTitle")}</h2>
      <p className="muted small">{t("expertTools.capText")}</p>
      {current.isPending ? (
        <Loading />
      ) : current.isError ? (
        <ErrorState error={current.error} onRetry={() => current.refetch()} />
      ) : (
        <CapForm initial={current.data.maxBookingsPerDay ?? null} />
      )}
    </section>
  );
}

function CapForm({ initial }: { initial: number | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const expertId = useAuthStore((s) => s.user?.expertId);
  const [value, setValue] = useState(initial === null ? "" : String(initial));
  const [local, setLocal] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (cap: number | null) => setMaxBookingsPerDay(cap),
    onSuccess: (expert) => {
      queryClient.setQueryData(toolKeys.myExpert, expert);
      if (expertId) void queryClient.invalidateQueries({ queryKey: keys.slotsOf(expertId) });
    },
  });
  const { fieldErrors, formError, edit } = useFormErrors(save.error, ["maxBookingsPerDay"]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = value.trim();
    const cap = text ? Number(text) : null;
    if (cap !== null && (!Number.isInteger(cap) || cap < 1 || cap > 1000)) {
      setLocal(t("expertTools.capRange"));
      return;
    }
    setLocal(null);
    save.mutate(cap);
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      {formError && <Notice kind="error">{formError}</Notice>}
      <Field
        label={t("expertTools.capLabel")}
        hint={t("expertTools.capHint")}
        error={local ?? fieldErrors.maxBookingsPerDay}
      >
        {(props) => (
          <input
            {...props}
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            value={value}
            onChange={(e) => {
              edit("maxBookingsPerDay");
              save.reset();
              setValue(e.target.value);
            }}
          />
        )}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {save.isPending ? t("common.saving") : t("expertTools.capSave")}
      </button>
      {save.isSuccess && (
        <Notice kind="success">
          {save.data.maxBookingsPerDay
            ? t("expertTools.capSaved", { count: save.data.maxBookingsPerDay })
            : t("expertTools.capCleared")}
        </Notice>
      )}
    </form>
  );
}
