import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { becomeExpert } from "../../api/queries";
import type { User } from "../../api/types";
import { TimeZoneSelect } from "../../components/TimeZoneSelect";
import { Field, Notice } from "../../components/ui";
import { suggestUsername } from "../../lib/text";
import { detectTimeZone } from "../../lib/time";
import { useFormErrors } from "../../lib/useFormErrors";
import { normalizeUsername } from "../../lib/username";
import { useAuthStore } from "../../stores/auth";
import { UsernameField } from "./UsernameField";

/** The one step from client to expert: a username, a time zone and a headline. */
export function BecomeExpert({ user }: { user: User }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const setUser = useAuthStore((s) => s.setUser);
  const [username, setUsername] = useState(() => suggestUsername(user.name));
  const [timezone, setTimezone] = useState(detectTimeZone);
  const [headline, setHeadline] = useState("");

  const become = useMutation({
    mutationFn: () =>
      becomeExpert({ username: normalizeUsername(username), timezone, headline: headline.trim() }),
    onSuccess: ({ user: updated }) => {
      setUser(updated);
      void queryClient.invalidateQueries();
    },
  });
  const { fieldErrors, formError, edit } = useFormErrors(become.error, [
    "username",
    "timezone",
    "headline",
  ]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    become.mutate();
  };

  return (
    <section className="card" aria-labelledby="become-title">
      <h2 id="become-title">{t("become.title")}</h2>
      <p className="muted">{t("become.text")}</p>
      <form onSubmit={submit} noValidate>
        {formError && <Notice kind="error">{formError}</Notice>}
        <UsernameField
          value={username}
          error={fieldErrors.username}
          onChange={(value) => {
            setUsername(value);
            edit("username");
          }}
        />
        <TimeZoneSelect
          value={timezone}
          onChange={(value) => {
            setTimezone(value);
            edit("timezone");
          }}
          error={fieldErrors.timezone}
        />
        <Field label={t("become.headline")} error={fieldErrors.headline}>
          {(props) => (
            <input
              {...props}
              type="text"
              placeholder={t("become.headlinePlaceholder")}
              value={headline}
              onChange={(e) => {
                setHeadline(e.target.value);
                edit("headline");
              }}
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={become.isPending}>
          {become.isPending ? t("become.settingUp") : t("become.submit")}
        </button>
      </form>
    </section>
  );
}
