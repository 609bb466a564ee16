import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { updateCalendar } from "../../../api/expertTools";
import type { CalendarConnection } from "../../../api/types";
import { Field, Notice } from "../../../components/ui";
import { useFormErrors } from "../../../lib/useFormErrors";

/** A CalDAV connection's username and password entered anew (changed, or mistyped). */
export function CredentialsForm({
  connection,
  onSaved,
  onCancel,
}: {
  connection: CalendarConnection;
  onSaved: (connection: CalendarConnection) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => updateCalendar(connection.id, { username: username.trim(), password }),
    onSuccess: onSaved,
  });
  const { fieldErrors, formError, edit } = useFormErrors(save.error, ["username", "password"]);
  const errors = { ...fieldErrors, ...local };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!username.trim()) problems.username = t("calendars.needUsername");
    if (!password) problems.password = t("calendars.needPassword");
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };

  return (
    <form className="stack-tight" onSubmit={submit} noValidate>
      {formError && <Notice kind="error">{formError}</Notice>}
      <Field label={t("calendars.username")} error={errors.username}>
        {(props) => (
          <input
            {...props}
            autoComplete="off"
            value={username}
            onChange={(e) => {
              edit("username");
              setLocal(({ username: _, ...rest }) => rest);
              setUsername(e.target.value);
            }}
          />
        )}
      </Field>
      <Field label={t("calendars.password")} error={errors.password}>
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => {
              edit("password");
              setLocal(({ password: _, ...rest }) => rest);
              setPassword(e.target.value);
            }}
          />
        )}
      </Field>
      <div className="button-row">
        <button type="submit" className="btn btn-primary btn-small" disabled={save.isPending}>
          {save.isPending ? t("calendars.saving") : t("calendars.savePassword")}
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={onCancel}>
          {t("calendars.discard")}
        </button>
      </div>
    </form>
  );
}
