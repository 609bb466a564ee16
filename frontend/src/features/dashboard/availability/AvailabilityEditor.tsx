import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { saveAvailability } from "../../../api/dashboard";
import { ApiError, errorMessage } from "../../../api/errors";
import { keys } from "../../../api/queries";
import type { Availability } from "../../../api/types";
import { TimeZoneSelect } from "../../../components/TimeZoneSelect";
import { Notice } from "../../../components/ui";
import { useAuthStore } from "../../../stores/auth";
import { type AvailabilityDraft, fromDraft, toDraft, validateDraft } from "./availabilityModel";
import { DateOverrides } from "./DateOverrides";
import { WeeklyHours } from "./WeeklyHours";

export function AvailabilityEditor({ initial }: { initial: Availability }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const expertId = useAuthStore((s) => s.user?.expertId);
  const [draft, setDraft] = useState<AvailabilityDraft>(() => toDraft(initial));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  const change = (next: AvailabilityDraft) => {
    setDraft(next);
    setSaved(false);
  };

  const save = useMutation({
    mutationFn: saveAvailability,
    onSuccess: (data) => {
      setDraft(toDraft(data));
      setSaved(true);
      queryClient.setQueryData(keys.availability, data);
      if (expertId) void queryClient.invalidateQueries({ queryKey: keys.slotsOf(expertId) });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateDraft(draft);
    setProblems(found);
    if (Object.keys(found).length === 0) save.mutate(fromDraft(draft));
  };

  return (
    <form onSubmit={submit} noValidate className="availability">
      <TimeZoneSelect
        value={draft.timezone}
        onChange={(timezone) => change({ ...draft, timezone })}
        hint={t("availability.zoneHint")}
      />
      <WeeklyHours draft={draft} problems={problems} onChange={change} />
      <DateOverrides draft={draft} problems={problems} onChange={change} />

      {Object.keys(problems).length > 0 && (
        <Notice kind="error">{t("availability.fixHours")}</Notice>
      )}
      {save.isError && <Notice kind="error">{saveError(save.error)}</Notice>}
      {saved && <Notice kind="success">{t("availability.saved")}</Notice>}
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {save.isPending ? t("common.saving") : t("availability.save")}
      </button>
    </form>
  );
}

function saveError(error: unknown): string {
  if (error instanceof ApiError && error.status === 422) {
    const fields = Object.values(error.fieldErrors());
    if (fields.length) return `${error.message} ${fields.join(" ")}`;
  }
  return errorMessage(error);
}
