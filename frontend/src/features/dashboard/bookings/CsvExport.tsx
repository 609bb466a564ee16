import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../../api/errors";
import { downloadBookingsCsv } from "../../../api/expertTools";
import { Field, Notice } from "../../../components/ui";
import { addDays, todayInZone } from "../../../lib/time";

/** Bookings between two days of the expert's zone, downloaded as a CSV file. */
export function CsvExport({ viewerTz }: { viewerTz: string }) {
  const { t } = useTranslation();
  const today = todayInZone(viewerTz);
  const [from, setFrom] = useState(() => addDays(today, -30));
  const [to, setTo] = useState(() => addDays(today, 30));
  const [problem, setProblem] = useState<string | null>(null);
  const download = useMutation({ mutationFn: () => downloadBookingsCsv(from, to) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!from || !to) return setProblem(t("expertTools.exportNeedDates"));
    if (from > to) return setProblem(t("expertTools.exportOrder"));
    setProblem(null);
    download.mutate();
  };

  return (
    <section className="card stack-tight" aria-labelledby="export-bookings-title">
      <h2 id="export-bookings-title">{t("expertTools.exportTitle")}</h2>
      <p className="muted small">{t("expertTools.exportText")}</p>
      <form className="inline-form" onSubmit={submit} noValidate>
        <Field label={t("expertTools.exportFrom")}>
          {(props) => (
            <input {...props} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          )}
        </Field>
        <Field label={t("expertTools.exportTo")}>
          {(props) => (
            <input {...props} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="btn btn-secondary" disabled={download.isPending}>
          {download.isPending ? t("expertTools.exportPreparing") : t("expertTools.exportDownload")}
        </button>
      </form>
      {problem && <Notice kind="error">{problem}</Notice>}
      {download.isError && <Notice kind="error">{errorMessage(download.error)}</Notice>}
      {download.isSuccess && (
        <Notice kind="success">{t("expertTools.exportDone", { file: download.data })}</Notice>
      )}
    </section>
  );
}
