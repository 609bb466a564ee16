import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { createEventType, updateEventType } from "../../../api/dashboard";
import { errorMessage } from "../../../api/errors";
import type { EventType, EventTypeCreate, LocationKind } from "../../../api/types";
import { LOCATION_LABELS, locationLabel } from "../../../api/types";
import { Field, Notice } from "../../../components/ui";
import { i18n } from "../../../i18n";
import { splitErrors } from "../../../lib/formErrors";
import { slugify } from "../../../lib/text";

type FormState = {
  title: string;
  slug: string;
  durationMinutes: string;
  kind: LocationKind;
  details: string;
  description: string;
  bufferBeforeMinutes: string;
  bufferAfterMinutes: string;
  minNoticeMinutes: string;
  maxDaysAhead: string;
};

function initialForm(e?: EventType): FormState {
  return {
    title: e?.title ?? "",
    slug: e?.slug ?? "",
    durationMinutes: String(e?.durationMinutes ?? 30),
    kind: e?.location.kind ?? "jitsi",
    details: e?.location.details ?? "",
    description: e?.description ?? "",
    bufferBeforeMinutes: String(e?.bufferBeforeMinutes ?? 0),
    bufferAfterMinutes: String(e?.bufferAfterMinutes ?? 0),
    minNoticeMinutes: String(e?.minNoticeMinutes ?? 60),
    maxDaysAhead: String(e?.maxDaysAhead ?? 60),
  };
}

const DETAILS_HINT: Record<LocationKind, () => string> = {
  jitsi: () => i18n.t("eventTypeForm.hintJitsi"),
  google_meet: () => i18n.t("eventTypeForm.hintMeet"),
  zoom: () => i18n.t("eventTypeForm.hintZoom"),
  phone: () => i18n.t("eventTypeForm.hintPhone"),
  in_person: () => i18n.t("eventTypeForm.hintInPerson"),
  custom: () => i18n.t("eventTypeForm.hintCustom"),
};

const NUMBER_FIELDS = [
  "durationMinutes",
  "bufferBeforeMinutes",
  "bufferAfterMinutes",
  "minNoticeMinutes",
  "maxDaysAhead",
] as const;

export function EventTypeForm({
  existing,
  onCancel,
  onSaved,
}: {
  existing?: EventType;
  onCancel: () => void;
  onSaved: (e: EventType) => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<FormState>(() => initialForm(existing));
  const [slugEdited, setSlugEdited] = useState(Boolean(existing));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const set = (change: Partial<FormState>) => setForm((f) => ({ ...f, ...change }));

  const save = useMutation({
    mutationFn: (body: EventTypeCreate) =>
      existing ? updateEventType(existing.id, body) : createEventType(body),
    onSuccess: onSaved,
  });

  const server = save.error
    ? save.error && (save.error as { code?: string }).code === "slug_taken"
      ? { fieldErrors: { slug: errorMessage(save.error) }, formError: null }
      : splitErrors(save.error, [
          "title",
          "slug",
          "description",
          "location",
          "kind",
          "details",
          ...NUMBER_FIELDS,
        ])
    : { fieldErrors: {} as Record<string, string>, formError: null };
  const errors = { ...server.fieldErrors, ...localErrors };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!form.title.trim()) problems.title = t("eventTypeForm.needTitle");
    if (!form.slug.trim()) problems.slug = t("eventTypeForm.needSlug");
    const numbers = Object.fromEntries(
      NUMBER_FIELDS.map((key) => [key, Number.parseInt(form[key], 10)]),
    ) as Record<(typeof NUMBER_FIELDS)[number], number>;
    for (const key of NUMBER_FIELDS) {
      if (!Number.isFinite(numbers[key]) || numbers[key] < 0)
        problems[key] = t("eventTypeForm.wholeNumber");
    }
    if (!problems.durationMinutes && numbers.durationMinutes < 5)
      problems.durationMinutes = t("eventTypeForm.minDuration");
    if (!problems.maxDaysAhead && numbers.maxDaysAhead < 1)
      problems.maxDaysAhead = t("eventTypeForm.minWindow");
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    save.mutate({
      title: form.title.trim(),
      slug: form.slug.trim(),
      description: form.description.trim(),
      location: { kind: form.kind, details: form.details.trim() || null },
      ...numbers,
    });
  };

  const number = (
    key: (typeof NUMBER_FIELDS)[number],
    label: string,
    extra: { min?: number; step?: number; hint?: string } = {},
  ) => (
    <Field label={label} error={errors[key]} hint={extra.hint}>
      {(props) => (
        <input
          {...props}
          type="number"
          inputMode="numeric"
          min={extra.min ?? 0}
          step={extra.step ?? 1}
          value={form[key]}
          onChange={(e) => set({ [key]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <form
      className="event-type-form"
      onSubmit={submit}
      noValidate
      aria-label={
        existing ? t("eventTypes.editTitle", { title: existing.title }) : t("eventTypes.new")
      }
    >
      <h3>
        {existing ? t("eventTypeForm.editHeading", { title: existing.title }) : t("eventTypes.new")}
      </h3>
      {server.formError && <Notice kind="error">{server.formError}</Notice>}
      <div className="form-grid">
        <Field label={t("eventTypeForm.title")} error={errors.title}>
          {(props) => (
            <input
              {...props}
              type="text"
              value={form.title}
              onChange={(e) =>
                set({
                  title: e.target.value,
                  ...(slugEdited ? {} : { slug: slugify(e.target.value) }),
                })
              }
            />
          )}
        </Field>
        <Field
          label={t("eventTypeForm.slug")}
          error={errors.slug}
          hint={t("eventTypeForm.slugHint")}
        >
          {(props) => (
            <input
              {...props}
              type="text"
              value={form.slug}
              onChange={(e) => {
                setSlugEdited(true);
                set({ slug: e.target.value.toLowerCase() });
              }}
            />
          )}
        </Field>
        {number("durationMinutes", t("eventTypeForm.duration"), { min: 5, step: 5 })}
        <Field label={t("eventTypeForm.locationKind")} error={errors.kind ?? errors.location}>
          {(props) => (
            <select
              {...props}
              value={form.kind}
              onChange={(e) => set({ kind: e.target.value as LocationKind })}
            >
              {(Object.keys(LOCATION_LABELS) as LocationKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {locationLabel({ kind })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t("eventTypeForm.locationDetails")}
          error={errors.details}
          hint={DETAILS_HINT[form.kind]()}
        >
          {(props) => (
            <input
              {...props}
              type="text"
              value={form.details}
              onChange={(e) => set({ details: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field label={t("eventTypeForm.description")} error={errors.description}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={form.description}
            onChange={(e) => set({ description: e.target.value })}
          />
        )}
      </Field>
      <div className="form-grid form-grid-4">
        {number("bufferBeforeMinutes", t("eventTypeForm.bufferBefore"), { step: 5 })}
        {number("bufferAfterMinutes", t("eventTypeForm.bufferAfter"), { step: 5 })}
        {number("minNoticeMinutes", t("eventTypeForm.minNotice"), { step: 15 })}
        {number("maxDaysAhead", t("eventTypeForm.window"), { min: 1 })}
      </div>
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending
            ? t("common.saving")
            : existing
              ? t("eventTypeForm.saveChanges")
              : t("eventTypeForm.create")}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t("eventTypeForm.discard")}
        </button>
      </div>
    </form>
  );
}
