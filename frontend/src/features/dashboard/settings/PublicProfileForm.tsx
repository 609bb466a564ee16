import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { updateExpertProfile } from "../../../api/dashboard";
import { keys } from "../../../api/queries";
import type { ExpertPublic } from "../../../api/types";
import { TimeZoneSelect } from "../../../components/TimeZoneSelect";
import { Field, Notice } from "../../../components/ui";
import { splitErrors } from "../../../lib/formErrors";
import { useAuthStore } from "../../../stores/auth";
import { publicLinkFor, usernameRule } from "./usernamePreview";

const FIELDS = ["username", "headline", "bio", "timezone"];

export function PublicProfileForm({ profile }: { profile: ExpertPublic }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const user = useAuthStore((s) => s.user);
  const setUser = useAuthStore((s) => s.setUser);
  const [username, setUsername] = useState(profile.username);
  const [headline, setHeadline] = useState(profile.headline ?? "");
  const [bio, setBio] = useState(profile.bio ?? "");
  const [timezone, setTimezone] = useState(profile.timezone);
  const link = publicLinkFor(username, window.location.origin);

  const save = useMutation({
    mutationFn: () =>
      updateExpertProfile({
        username: username.trim().toLowerCase(),
        headline: headline.trim(),
        bio: bio.trim(),
        timezone,
      }),
    onSuccess: (expert) => {
      if (user) setUser({ ...user, username: expert.username, timezone: expert.timezone });
      for (const key of [profile.id, profile.username, expert.username]) {
        void queryClient.invalidateQueries({ queryKey: keys.expert(key) });
      }
      // The weekly hours are read in the expert's time zone.
      void queryClient.invalidateQueries({ queryKey: keys.availability });
      void queryClient.invalidateQueries({ queryKey: keys.slotsOf(profile.id) });
    },
  });
  const { fieldErrors, formError } = save.error
    ? splitErrors(save.error, FIELDS)
    : { fieldErrors: {} as Record<string, string>, formError: null };
  // Editing after a failed save starts afresh: old messages would describe old values.
  const edited = () => {
    if (save.isError || save.isSuccess) save.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate className="stack-tight">
      {formError && <Notice kind="error">{formError}</Notice>}
      <Field
        label={t("username.label")}
        error={fieldErrors.username}
        hint={link ? t("username.publicLink", { link }) : usernameRule()}
      >
        {(props) => (
          <input
            {...props}
            type="text"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => {
              edited();
              setUsername(e.target.value.toLowerCase());
            }}
          />
        )}
      </Field>
      <Field label={t("profile.headline")} error={fieldErrors.headline}>
        {(props) => (
          <input
            {...props}
            type="text"
            value={headline}
            onChange={(e) => {
              edited();
              setHeadline(e.target.value);
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
              edited();
              setBio(e.target.value);
            }}
          />
        )}
      </Field>
      <TimeZoneSelect
        value={timezone}
        onChange={(tz) => {
          edited();
          setTimezone(tz);
        }}
        error={fieldErrors.timezone}
        hint={t("dashboard.zoneHint")}
      />
      {save.isSuccess && <Notice kind="success">{t("dashboard.profileSaved")}</Notice>}
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {save.isPending ? t("common.saving") : t("dashboard.saveProfile")}
      </button>
    </form>
  );
}
