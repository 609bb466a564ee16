import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { connectCalendar } from "../../../api/expertTools";
import type { CalendarConnection } from "../../../api/types";
import { Field, Notice } from "../../../components/ui";
import { useFormErrors } from "../../../lib/useFormErrors";

type Kind = "caldav" | "ics";

function isCalendarUrl(text: string): boolean {
  try {
    const parsed = new URL(text);
    return ["http:", "https:", "webcal:"].includes(parsed.protocol) && parsed.hostname !== "";
  } catch {
    return false;
  }
}

/** Connect a CalDAV account (address, username, password) or a published feed (address). */
export function ConnectCalendarForm({
  onConnected,
  onCancel,
}: {
  onConnected: (connection: CalendarConnection) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>("caldav");
  const [url, setUrl] = useState("https://");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const connect = useMutation({
    mutationFn: () =>
      connectCalendar(
        kind === "caldav"
          ? { kind, url: url.trim(), username: username.trim(), password }
          : { kind, url: url.trim() },
      ),
    onSuccess: onConnected,
  });
  const { fieldErrors, formError, edit } = useFormErrors(connect.error, [
    "url",
    "username",
    "password",
  ]);
  const errors = { ...fieldErrors, ...local };
  const editing = (field: string) => {
    edit(field);
    setLocal(({ [field]: _, ...rest }) => rest);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!isCalendarUrl(url.trim())) problems.url = t("calendars.needUrl");
    if (kind === "caldav" && !username.trim()) problems.username = t("calendars.needUsername");
    if (kind === "caldav" && !password) problems.password = t("calendars.needPassword");
    setLocal(problems);
    if (Object.keys(problems).length === 0) connect.mutate();
  };

  return (
    <form className="webhook-form stack-tight" onSubmit={submit} noValidate>
      <h3>{t("calendars.connectTitle")}</h3>
      {formError && <Notice kind="error">{formError}</Notice>}
      <fieldset className="choice-group">
        <legend>{t("calendars.kind")}</legend>
        <div className="choice-column">
          {(["caldav", "ics"] as const).map((option) => (
            <label key={option} className="checkbox">
              <input
                type="radio"
                name="calendar-kind"
                checked={kind === option}
                onChange={() => setKind(option)}
              />
              <span>
                {option === "caldav" ? t("calendars.kindCaldav") : t("calendars.kindIcs")}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field
        label={t("calendars.url")}
        error={errors.url}
        hint={kind === "caldav" ? t("calendars.urlHintCaldav") : t("calendars.urlHintIcs")}
      >
        {(props) => (
          <input
            {...props}
            type="url"
            inputMode="url"
            autoComplete="off"
            value={url}
            onChange={(e) => {
              editing("url");
              setUrl(e.target.value);
            }}
          />
        )}
      </Field>
      {kind === "caldav" && (
        <>
          <Field label={t("calendars.username")} error={errors.username}>
            {(props) => (
              <input
                {...props}
                autoComplete="off"
                value={username}
                onChange={(e) => {
                  editing("username");
                  setUsername(e.target.value);
                }}
              />
            )}
          </Field>
          <Field
            label={t("calendars.password")}
            error={errors.password}
            hint={t("calendars.passwordHint")}
          >
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => {
                  editing("password");
                  setPassword(e.target.value);
                }}
              />
            )}
          </Field>
        </>
      )}
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={connect.isPending}>
          {connect.isPending ? t("calendars.connecting") : t("calendars.connect")}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t("calendars.discard")}
        </button>
      </div>
    </form>
  );
}
