import { useMutation } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { createEventType, updateEventType } from "../../../api/dashboard";
import { ApiError, errorMessage } from "../../../api/errors";
import type { EventType, EventTypeCreate, LocationKind } from "../../../api/types";
import { LOCATION_LABELS, locationLabel } from "../../../api/types";
import { Field, Notice } from "../../../components/ui";
import { i18n } from "../../../i18n";
import { splitErrors } from "../../../lib/formErrors";
import { minutesLabel } from "../../../lib/minutesLabel";
import { slugify } from "../../../lib/text";
import { useFocusFirstInvalid } from "../../../lib/useFocusFirstInvalid";
import {
  CANCEL_NOTICE_CHOICES,
  DURATION_CHOICES,
  type FormState,
  formProblems,
  formToApi,
  HOLD_CHOICES,
  initialForm,
  MAX_SEATS,
  MIN_SEATS,
  NUMBER_FIELDS,
  type ProblemCode,
  questionErrors,
  REMINDER_CHOICES,
  toggleDuration,
  withExisting,
} from "./eventTypeModel";
import { QuestionsEditor } from "./QuestionsEditor";

const DETAILS_HINT: Record<LocationKind, () => string> = {
  jitsi: () => i18n.t("eventTypeForm.hintJitsi"),
  google_meet: () => i18n.t("eventTypeForm.hintMeet"),
  zoom: () => i18n.t("eventTypeForm.hintZoom"),
  phone: () => i18n.t("eventTypeForm.hintPhone"),
  in_person: () => i18n.t("eventTypeForm.hintInPerson"),
  custom: () => i18n.t("eventTypeForm.hintCustom"),
};

const PROBLEMS: Record<ProblemCode, () => string> = {
  needTitle: () => i18n.t("eventTypeForm.needTitle"),
  needSlug: () => i18n.t("eventTypeForm.needSlug"),
  wholeNumber: () => i18n.t("eventTypeForm.wholeNumber"),
  minWindow: () => i18n.t("eventTypeForm.minWindow"),
  minInterval: () => i18n.t("expertTools.minInterval"),
  positive: () => i18n.t("expertTools.positive"),
  tooManyDurations: () => i18n.t("expertTools.tooManyDurations"),
  tooManyReminders: () => i18n.t("expertTools.tooManyReminders"),
  needLabel: () => i18n.t("expertTools.needLabel"),
  needOptions: () => i18n.t("expertTools.needOptions"),
  seatsRange: () => i18n.t("seats.form.seatsRange", { min: MIN_SEATS, max: MAX_SEATS }),
  seatsOneLength: () => i18n.t("seats.form.oneLength"),
};

const SERVER_FIELDS = [
  "title",
  "slug",
  "description",
  "location",
  "kind",
  "details",
  "durationMinutes",
  "durationOptions",
  "slotIntervalMinutes",
  "reminderMinutes",
  "perDay",
  "perWeek",
  "limits",
  "cancelNoticeMinutes",
  "questions",
  "seats",
  "waitlistHoldMinutes",
  ...NUMBER_FIELDS,
];

/** The server's 422 split between the fields, the questions and the form. */
function serverErrors(error: unknown) {
  if (!error) return { fieldErrors: {} as Record<string, string>, formError: null };
  if (error instanceof ApiError && error.code === "slug_taken")
    return { fieldErrors: { slug: errorMessage(error) }, formError: null };
  const questions = questionErrors(error);
  if (error instanceof ApiError && Array.isArray(error.details) && error.status === 422) {
    const rest = (error.details as { field?: string }[]).filter(
      (d) =>
        !String(d?.field ?? "")
          .replace(/^body\./, "")
          .startsWith("questions."),
    );
    if (rest.length === 0 && Object.keys(questions).length > 0)
      return { fieldErrors: questions, formError: null };
    const split = splitErrors(
      new ApiError(error.status, error.code, error.message, rest),
      SERVER_FIELDS,
    );
    return { fieldErrors: { ...split.fieldErrors, ...questions }, formError: split.formError };
  }
  return splitErrors(error, SERVER_FIELDS);
}

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
  const formRef = useRef<HTMLFormElement>(null);
  const focusInvalid = useFocusFirstInvalid(formRef);

  const save = useMutation({
    mutationFn: (body: EventTypeCreate) =>
      existing ? updateEventType(existing.id, body) : createEventType(body),
    onSuccess: onSaved,
  });

  const server = serverErrors(save.error);
  const errors: Record<string, string> = { ...server.fieldErrors, ...localErrors };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = Object.fromEntries(
      Object.entries(formProblems(form)).map(([field, code]) => [field, PROBLEMS[code]()]),
    );
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) {
      focusInvalid();
      return;
    }
    save.mutate(formToApi(form));
  };

  const number = (
    key: (typeof NUMBER_FIELDS)[number] | "slotIntervalMinutes" | "perDay" | "perWeek",
    label: string,
    extra: { min?: number; step?: number; hint?: string; placeholder?: string } = {},
  ) => (
    <Field label={label} error={errors[key]} hint={extra.hint}>
      {(props) => (
        <input
          {...props}
          type="number"
          inputMode="numeric"
          min={extra.min ?? 0}
          step={extra.step ?? 1}
          placeholder={extra.placeholder}
          value={form[key]}
          onChange={(e) => set({ [key]: e.target.value })}
        />
      )}
    </Field>
  );

  const checkboxGroup = (
    legend: string,
    error: string | undefined,
    hint: ReactNode,
    children: ReactNode,
  ) => (
    <fieldset className={`choice-group${error ? " field-invalid" : ""}`}>
      <legend>{legend}</legend>
      <div className="choice-row">{children}</div>
      {hint && <p className="field-hint">{hint}</p>}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );

  const durations = withExisting(DURATION_CHOICES, [
    ...(existing?.durationOptions ?? []),
    ...(existing ? [existing.durationMinutes] : []),
  ]);
  const reminders = withExisting(REMINDER_CHOICES, existing?.reminderMinutes ?? []).reverse();
  const notices = withExisting(CANCEL_NOTICE_CHOICES, [form.cancelNoticeMinutes]);
  const holds = withExisting(HOLD_CHOICES, [form.waitlistHoldMinutes]);

  return (
    <form
      ref={formRef}
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
      {checkboxGroup(
        t("expertTools.lengths"),
        errors.durationOptions,
        t("expertTools.lengthsHint"),
        durations.map((minutes) => (
          <label key={minutes} className="checkbox">
            <input
              type="checkbox"
              checked={form.durationOptions.includes(minutes)}
              onChange={(e) => setForm((f) => toggleDuration(f, minutes, e.target.checked))}
            />
            {t("common.duration", { minutes })}
          </label>
        )),
      )}
      <div className="form-grid">
        <Field
          label={t("expertTools.defaultLength")}
          error={errors.durationMinutes}
          hint={t("expertTools.defaultLengthHint")}
        >
          {(props) => (
            <select
              {...props}
              value={form.durationMinutes}
              onChange={(e) => set({ durationMinutes: Number(e.target.value) })}
            >
              {form.durationOptions.map((minutes) => (
                <option key={minutes} value={minutes}>
                  {t("common.duration", { minutes })}
                </option>
              ))}
            </select>
          )}
        </Field>
        {number("slotIntervalMinutes", t("expertTools.slotInterval"), {
          min: 5,
          step: 5,
          hint: t("expertTools.slotIntervalHint"),
        })}
      </div>
      <div className="stack-tight group-session">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.group}
            onChange={(e) => set({ group: e.target.checked })}
            aria-describedby="group-session-hint"
          />
          {t("seats.form.group")}
        </label>
        <p className="field-hint" id="group-session-hint">
          {t("seats.form.groupHint")}
        </p>
        {form.group && (
          <Field
            label={t("seats.form.seats")}
            error={errors.seats}
            hint={t("seats.form.seatsHint", { min: MIN_SEATS, max: MAX_SEATS })}
            className="field-narrow"
          >
            {(props) => (
              <input
                {...props}
                type="number"
                inputMode="numeric"
                min={MIN_SEATS}
                max={MAX_SEATS}
                step={1}
                value={form.seats}
                onChange={(e) => {
                  set({ seats: e.target.value });
                  // The number is said again at the next save; until then, no stale error.
                  setLocalErrors(({ seats: _, ...rest }) => rest);
                }}
              />
            )}
          </Field>
        )}
        <Field
          label={t("waitlist.form.hold")}
          error={errors.waitlistHoldMinutes}
          hint={t("waitlist.form.holdHint")}
          className="field-narrow"
        >
          {(props) => (
            <select
              {...props}
              value={form.waitlistHoldMinutes}
              onChange={(e) => set({ waitlistHoldMinutes: Number(e.target.value) })}
            >
              {holds.map((minutes) => (
                <option key={minutes} value={minutes}>
                  {minutesLabel(minutes)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-grid form-grid-4">
        {number("bufferBeforeMinutes", t("eventTypeForm.bufferBefore"), { step: 5 })}
        {number("bufferAfterMinutes", t("eventTypeForm.bufferAfter"), { step: 5 })}
        {number("minNoticeMinutes", t("eventTypeForm.minNotice"), { step: 15 })}
        {number("maxDaysAhead", t("eventTypeForm.window"), { min: 1 })}
      </div>
      <div className="form-grid">
        {number("perDay", t("expertTools.perDay"), { min: 1, hint: t("expertTools.limitHint") })}
        {number("perWeek", t("expertTools.perWeek"), { min: 1, hint: t("expertTools.limitHint") })}
        <Field
          label={t("expertTools.cancelNotice")}
          error={errors.cancelNoticeMinutes}
          hint={t("expertTools.cancelNoticeHint")}
        >
          {(props) => (
            <select
              {...props}
              value={form.cancelNoticeMinutes}
              onChange={(e) => set({ cancelNoticeMinutes: Number(e.target.value) })}
            >
              {notices.map((minutes) => (
                <option key={minutes} value={minutes}>
                  {minutes === 0 ? t("expertTools.noNotice") : minutesLabel(minutes)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {checkboxGroup(
        t("expertTools.reminders"),
        errors.reminderMinutes,
        t("expertTools.remindersHint"),
        reminders.map((minutes) => (
          <label key={minutes} className="checkbox">
            <input
              type="checkbox"
              checked={form.reminderMinutes.includes(minutes)}
              onChange={(e) =>
                set({
                  reminderMinutes: e.target.checked
                    ? [...form.reminderMinutes, minutes]
                    : form.reminderMinutes.filter((m) => m !== minutes),
                })
              }
            />
            {t("expertTools.reminderBefore", { time: minutesLabel(minutes) })}
          </label>
        )),
      )}
      <div className="stack-tight">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.requiresConfirmation}
            onChange={(e) => set({ requiresConfirmation: e.target.checked })}
            aria-describedby="requires-confirmation-hint"
          />
          {t("expertTools.requiresConfirmation")}
        </label>
        <p className="field-hint" id="requires-confirmation-hint">
          {t("expertTools.requiresConfirmationHint")}
        </p>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.hidden}
            onChange={(e) => set({ hidden: e.target.checked })}
            aria-describedby="hidden-hint"
          />
          {t("expertTools.hidden")}
        </label>
        <p className="field-hint" id="hidden-hint">
          {t("expertTools.hiddenHint")}
        </p>
      </div>
      <QuestionsEditor
        questions={form.questions}
        errors={errors}
        onChange={(questions) => {
          set({ questions });
        }}
      />
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
