import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { keys, updateMyProfile } from "../../api/queries";
import type { ExpertPublic, User } from "../../api/types";
import { TimeZoneSelect } from "../../components/TimeZoneSelect";
import { Field, Notice } from "../../components/ui";
import { useFormErrors } from "../../lib/useFormErrors";
import { normalizeUsername } from "../../lib/username";
import { useAuthStore } from "../../stores/auth";
import { UsernameField } from "./UsernameField";

/** An expert's public username, headline, bio and time zone. */
export function PublicProfileForm({ profile, user }: { profile: ExpertPublic; user: User }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const setUser = useAuthStore((s) => s.setUser);
  const [username, setUsername] = useState(profile.username);
  const [headline, setHeadline] = useState(profile.headline ?? "");
  const [bio, setBio] = useState(profile.bio ?? "");
  const [timezone, setTimezone] = useState(profile.timezone);

  const save = useMutation({
    mutationFn: () =>
      updateMyProfile({
        username: normalizeUsername(username),
        headline: headline.trim(),
        bio: bio.trim(),
        timezone,
      }),
    onSuccess: (expert) => {
      setUser({ ...user, username: expert.username, timezone: expert.timezone });
      void queryClient.invalidateQueries({ queryKey: keys.experts });
      void queryClient.invalidateQueries({ queryKey: keys.availability });
    },
  });
  const { fieldErrors, formError, edit } = useFormErrors(save.error, [
    "username",
    "headline",
    "bio",
    "timezone",
  ]);

  return (
    <section className="card" aria-labelledby="public-title">
      <h2 id="public-title">{t("profile.publicTitle")}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        {formError && <Notice kind="error">{formError}</Notice>}
        {save.isSuccess && <Notice kind="success">{t("profile.saved")}</Notice>}
        <UsernameField
          value={username}
          error={fieldErrors.username}
          onChange={(value) => {
            setUsername(value);
            edit("username");
          }}
        />
        <Field label={t("profile.headline")} error={fieldErrors.headline}>
          {(props) => (
            <input
              {...props}
              type="text"
              value={headline}
              onChange={(e) => {
                setHeadline(e.target.value);
                edit("headline");
              }}
            />
          )}
        </Field>
        <Field label={t("profile.bio")} error={fieldErrors.bio}>
          {(props) => (
            <textarea
              {...props}
              rows={4}
              value={bio}
              onChange={(e) => {
                setBio(e.target.value);
                edit("bio");
              }}
            />
          )}
        </Field>
        <TimeZoneSelect
          value={timezone}
          onChange={(value) => {
            setTimezone(value);
            edit("timezone");
          }}
          error={fieldErrors.timezone}
        />
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("profile.save")}
        </button>
      </form>
    </section>
  );
}
