import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { createEventType, updateEventType } from "../../../api/dashboard";
import { errorMessage } from "../../../api/errors";
import type { EventType, EventTypeCreate, LocationKind } from "../../../api/types";
import { LOCATION_LABELS } from "../../../api/types";
import { Field, Notice } from "../../../components/ui";
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

const DETAILS_HINT: Record<LocationKind, string> = {
  jitsi: "Optional. Every booking gets its own Jitsi Meet room: it works without any account.",
  google_meet:
    "Optional. Every booking gets a link shaped like a Google Meet link: a placeholder, not a real meeting.",
  zoom: "Optional. Every booking gets a link shaped like a Zoom link: a placeholder, not a real meeting.",
  phone: "The number to call, or leave empty to call the client.",
  in_person: "The address where you meet.",
  custom: "Where or how you meet, e.g. a link to your own video room.",
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
    if (!form.title.trim()) problems.title = "Give the event type a title.";
    if (!form.slug.trim()) problems.slug = "Give it a URL slug, e.g. intro-call.";
    const numbers = Object.fromEntries(
      NUMBER_FIELDS.map((key) => [key, Number.parseInt(form[key], 10)]),
    ) as Record<(typeof NUMBER_FIELDS)[number], number>;
    for (const key of NUMBER_FIELDS) {
      if (!Number.isFinite(numbers[key]) || numbers[key] < 0)
        problems[key] = "Enter a whole number.";
    }
    if (!problems.durationMinutes && numbers.durationMinutes < 5)
      problems.durationMinutes = "At least 5 minutes.";
    if (!problems.maxDaysAhead && numbers.maxDaysAhead < 1)
      problems.maxDaysAhead = "At least 1 day.";
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
      aria-label={existing ? `Edit ${existing.title}` : "New event type"}
    >
      <h3>{existing ? `Edit “${existing.title}”` : "New event type"}</h3>
      {server.formError && <Notice kind="error">{server.formError}</Notice>}
      <div className="form-grid">
        <Field label="Title" error={errors.title}>
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
        <Field label="Slug" error={errors.slug} hint="The last part of the booking link.">
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
        {number("durationMinutes", "Duration (minutes)", { min: 5, step: 5 })}
        <Field label="Location kind" error={errors.kind ?? errors.location}>
          {(props) => (
            <select
              {...props}
              value={form.kind}
              onChange={(e) => set({ kind: e.target.value as LocationKind })}
            >
              {(Object.keys(LOCATION_LABELS) as LocationKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {LOCATION_LABELS[kind]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Location details" error={errors.details} hint={DETAILS_HINT[form.kind]}>
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
      <Field label="Description" error={errors.description}>
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
        {number("bufferBeforeMinutes", "Buffer before (minutes)", { step: 5 })}
        {number("bufferAfterMinutes", "Buffer after (minutes)", { step: 5 })}
        {number("minNoticeMinutes", "Minimum notice (minutes)", { step: 15 })}
        {number("maxDaysAhead", "Booking window (days)", { min: 1 })}
      </div>
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : existing ? "Save changes" : "Create event type"}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          Discard
        </button>
      </div>
    </form>
  );
}
