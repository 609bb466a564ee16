import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, call } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { keys } from "../../api/queries";
import type { EventType, EventTypeCreate, LocationKind } from "../../api/types";
import { LOCATION_LABELS, locationLabel } from "../../api/types";
import { Dialog, ErrorState, Field, Loading, Notice } from "../../components/ui";
import { slugify } from "../../lib/text";
import { useAuthStore } from "../../stores/auth";
import { splitErrors } from "../auth/AuthPages";

const fetchEventTypes = () => call(api.GET("/api/event-types"));

export function EventTypesSection() {
  const queryClient = useQueryClient();
  const username = useAuthStore((s) => s.user?.username);
  const list = useQuery({ queryKey: keys.eventTypes, queryFn: fetchEventTypes });
  const [editing, setEditing] = useState<EventType | "new" | null>(null);
  const [deleting, setDeleting] = useState<EventType | null>(null);
  const [message, setMessage] = useState<{
    kind: "success" | "info" | "error";
    text: string;
  } | null>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.eventTypes });
    void queryClient.invalidateQueries({ queryKey: ["expert"] });
    void queryClient.invalidateQueries({ queryKey: ["slots"] });
  };

  const toggle = useMutation({
    mutationFn: (e: EventType) =>
      call(
        api.PATCH("/api/event-types/{event_type_id}", {
          params: { path: { event_type_id: e.id } },
          body: { isActive: !e.isActive },
        }),
      ),
    onSuccess: (e) => {
      refresh();
      setMessage({
        kind: "success",
        text: e.isActive ? `“${e.title}” is active again.` : `“${e.title}” was deactivated.`,
      });
    },
    onError: (error) => setMessage({ kind: "error", text: errorMessage(error) }),
  });

  const remove = useMutation({
    mutationFn: (e: EventType) =>
      call(
        api.DELETE("/api/event-types/{event_type_id}", {
          params: { path: { event_type_id: e.id } },
        }),
      ),
    onSuccess: (result) => {
      refresh();
      setDeleting(null);
      setMessage({ kind: result.result === "deleted" ? "success" : "info", text: result.message });
    },
  });

  return (
    <section className="card" aria-labelledby="event-types-title">
      <div className="section-head">
        <h2 id="event-types-title">Event types</h2>
        {editing !== "new" && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setMessage(null);
              setEditing("new");
            }}
          >
            New event type
          </button>
        )}
      </div>
      {message && (
        <Notice kind={message.kind} onDismiss={() => setMessage(null)}>
          {message.text}
        </Notice>
      )}
      {editing === "new" && (
        <EventTypeForm
          onCancel={() => setEditing(null)}
          onSaved={(e) => {
            refresh();
            setEditing(null);
            setMessage({ kind: "success", text: `“${e.title}” was created.` });
          }}
        />
      )}
      {list.isPending ? (
        <Loading label="Loading event types…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        editing !== "new" && (
          <p className="empty">
            No event types yet. Create one (for example a 30-minute intro call) so clients can book
            you.
          </p>
        )
      ) : (
        <ul className="event-type-list">
          {list.data.map((e) =>
            editing !== "new" && editing?.id === e.id ? (
              <li key={e.id} className="event-type-item editing">
                <EventTypeForm
                  existing={e}
                  onCancel={() => setEditing(null)}
                  onSaved={(saved) => {
                    refresh();
                    setEditing(null);
                    setMessage({ kind: "success", text: `“${saved.title}” was saved.` });
                  }}
                />
              </li>
            ) : (
              <li key={e.id} className={`event-type-item${e.isActive ? "" : " inactive"}`}>
                <div className="event-type-info">
                  <h3>
                    {e.title}{" "}
                    <span className={`badge ${e.isActive ? "badge-confirmed" : ""}`}>
                      {e.isActive ? "Active" : "Inactive"}
                    </span>
                  </h3>
                  <p className="muted">
                    {e.durationMinutes} min · {locationLabel(e.location)}
                    {e.location.details ? ` (${e.location.details})` : ""} ·{" "}
                    <span className="mono">
                      /{username}/{e.slug}
                    </span>
                  </p>
                </div>
                <div className="button-row">
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    aria-label={`Edit ${e.title}`}
                    onClick={() => {
                      setMessage(null);
                      setEditing(e);
                    }}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    aria-label={`${e.isActive ? "Deactivate" : "Activate"} ${e.title}`}
                    disabled={toggle.isPending}
                    onClick={() => toggle.mutate(e)}
                  >
                    {e.isActive ? "Deactivate" : "Activate"}
                  </button>
                  <button
                    type="button"
                    className="btn btn-danger-outline btn-small"
                    aria-label={`Delete ${e.title}`}
                    onClick={() => {
                      remove.reset();
                      setDeleting(e);
                    }}
                  >
                    Delete
                  </button>
                </div>
              </li>
            ),
          )}
        </ul>
      )}
      <Dialog
        open={deleting !== null}
        title={`Delete “${deleting?.title ?? ""}”?`}
        onClose={() => setDeleting(null)}
      >
        <p>
          Clients will no longer be able to book it. If it already has bookings, it is deactivated
          instead, so their history stays intact.
        </p>
        {remove.isError && <Notice kind="error">{errorMessage(remove.error)}</Notice>}
        <div className="button-row">
          <button
            type="button"
            className="btn btn-danger"
            disabled={remove.isPending}
            onClick={() => deleting && remove.mutate(deleting)}
          >
            {remove.isPending ? "Deleting…" : "Delete event type"}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setDeleting(null)}>
            Keep it
          </button>
        </div>
      </Dialog>
    </section>
  );
}

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
      existing
        ? call(
            api.PATCH("/api/event-types/{event_type_id}", {
              params: { path: { event_type_id: existing.id } },
              body,
            }),
          )
        : call(api.POST("/api/event-types", { body })),
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
