import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { createWebhook } from "../../../api/expertTools";
import type { WebhookCreated, WebhookEvent } from "../../../api/types";
import { Field, Notice } from "../../../components/ui";
import { useFormErrors } from "../../../lib/useFormErrors";
import { eventLabel, WEBHOOK_EVENTS } from "./webhookEvents";

function isHttpUrl(text: string): boolean {
  try {
    const parsed = new URL(text);
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname !== "";
  } catch {
    return false;
  }
}

/** A new webhook: where to send and which events. */
export function WebhookForm({
  onCreated,
  onCancel,
}: {
  onCreated: (webhook: WebhookCreated) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useState("https://");
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const [local, setLocal] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () => createWebhook({ url: url.trim(), events }),
    onSuccess: onCreated,
  });
  const { fieldErrors, formError, edit } = useFormErrors(create.error, ["url", "events"]);
  const errors = { ...fieldErrors, ...local };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!isHttpUrl(url.trim())) problems.url = t("webhooks.needUrl");
    if (events.length === 0) problems.events = t("webhooks.needEvent");
    setLocal(problems);
    if (Object.keys(problems).length === 0) create.mutate();
  };

  return (
    <form className="webhook-form stack-tight" onSubmit={submit} noValidate>
      <h3>{t("webhooks.new")}</h3>
      {formError && <Notice kind="error">{formError}</Notice>}
      <Field label={t("webhooks.url")} error={errors.url} hint={t("webhooks.urlHint")}>
        {(props) => (
          <input
            {...props}
            type="url"
            inputMode="url"
            autoComplete="off"
            value={url}
            onChange={(e) => {
              edit("url");
              setLocal(({ url: _, ...rest }) => rest);
              setUrl(e.target.value);
            }}
          />
        )}
      </Field>
      <fieldset className={`choice-group${errors.events ? " field-invalid" : ""}`}>
        <legend>{t("webhooks.events")}</legend>
        <div className="choice-column">
          {WEBHOOK_EVENTS.map((name) => (
            <label key={name} className="checkbox">
              <input
                type="checkbox"
                checked={events.includes(name)}
                onChange={(e) => {
                  edit("events");
                  setEvents((list) =>
                    e.target.checked
                      ? WEBHOOK_EVENTS.filter((n) => n === name || list.includes(n))
                      : list.filter((n) => n !== name),
                  );
                }}
              />
              <span>
                {eventLabel(name)} <code className="muted small">{name}</code>
              </span>
            </label>
          ))}
        </div>
        {errors.events && <p className="field-error">{errors.events}</p>}
      </fieldset>
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? t("webhooks.creating") : t("webhooks.create")}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t("webhooks.discard")}
        </button>
      </div>
    </form>
  );
}
