import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { directoryKeys, removeAvatar, uploadAvatar } from "../../../api/directory";
import { errorMessage } from "../../../api/errors";
import { fetchMyExpert, toolKeys } from "../../../api/expertTools";
import { keys, updateMyProfile } from "../../../api/queries";
import type { Expert } from "../../../api/types";
import { Avatar } from "../../../components/Avatar";
import { ErrorState, Field, Loading, Notice } from "../../../components/ui";
import { useFormErrors } from "../../../lib/useFormErrors";

/** "python, Tax law" → ["python", "tax law"]: the server normalises the same way. */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** How clients find the expert: the picture, topics, languages, and being listed at all. */
export function DirectoryProfileForm() {
  const { t } = useTranslation();
  const current = useQuery({ queryKey: toolKeys.myExpert, queryFn: fetchMyExpert });
  return (
    <section className="card stack-tight" aria-labelledby="directory-profile-title">
      <h2 id="directory-profile-title">{t("directoryProfile.title")}</h2>
      <p className="muted small">{t("directoryProfile.text")}</p>
      {current.isPending ? (
        <Loading />
      ) : current.isError ? (
        <ErrorState error={current.error} onRetry={() => current.refetch()} />
      ) : (
        <>
          <AvatarField expert={current.data} />
          <ListingForm expert={current.data} />
        </>
      )}
    </section>
  );
}

function useSaved() {
  const queryClient = useQueryClient();
  return (expert: Expert) => {
    queryClient.setQueryData(toolKeys.myExpert, expert);
    void queryClient.invalidateQueries({ queryKey: keys.expert(expert.id) });
    void queryClient.invalidateQueries({ queryKey: keys.expert(expert.username) });
    void queryClient.invalidateQueries({ queryKey: directoryKeys.all });
  };
}

function AvatarField({ expert }: { expert: Expert }) {
  const { t } = useTranslation();
  const saved = useSaved();
  const upload = useMutation({ mutationFn: uploadAvatar, onSuccess: saved });
  const remove = useMutation({ mutationFn: removeAvatar, onSuccess: saved });
  const error = upload.error ?? remove.error;
  return (
    <div className="avatar-field">
      <Avatar name={expert.name} url={expert.avatarUrl} large />
      <div className="stack-tight">
        <Field
          label={t("directoryProfile.picture")}
          hint={t("directoryProfile.pictureHint")}
          error={error ? errorMessage(error) : undefined}
        >
          {(props) => (
            <input
              {...props}
              type="file"
              accept="image/png,image/jpeg,image/webp"
              disabled={upload.isPending}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) upload.mutate(file);
                e.target.value = "";
              }}
            />
          )}
        </Field>
        {upload.isPending && <Loading label={t("directoryProfile.uploading")} />}
        {expert.avatarUrl && (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
          >
            {t("directoryProfile.removePicture")}
          </button>
        )}
      </div>
    </div>
  );
}

function ListingForm({ expert }: { expert: Expert }) {
  const { t } = useTranslation();
  const saved = useSaved();
  const [topics, setTopics] = useState(expert.topics.join(", "));
  const [languages, setLanguages] = useState(expert.languages.join(", "));
  const [listed, setListed] = useState(expert.listed);
  const save = useMutation({
    mutationFn: () =>
      updateMyProfile({ topics: splitList(topics), languages: splitList(languages), listed }),
    onSuccess: saved,
  });
  const { fieldErrors, formError, edit } = useFormErrors(save.error, ["topics", "languages"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="stack-tight">
      {formError && <Notice kind="error">{formError}</Notice>}
      <Field
        label={t("directoryProfile.topics")}
        hint={t("directoryProfile.topicsHint")}
        error={fieldErrors.topics}
      >
        {(props) => (
          <input
            {...props}
            type="text"
            value={topics}
            onChange={(e) => {
              setTopics(e.target.value);
              edit("topics");
              save.reset();
            }}
          />
        )}
      </Field>
      <Field
        label={t("directoryProfile.languages")}
        hint={t("directoryProfile.languagesHint")}
        error={fieldErrors.languages}
      >
        {(props) => (
          <input
            {...props}
            type="text"
            value={languages}
            onChange={(e) => {
              setLanguages(e.target.value);
              edit("languages");
              save.reset();
            }}
          />
        )}
      </Field>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={listed}
          onChange={(e) => {
            setListed(e.target.checked);
            save.reset();
          }}
        />
        {t("directoryProfile.listed")}
      </label>
      <button type="submit" className="btn btn-primary btn-may-wrap" disabled={save.isPending}>
        {save.isPending ? t("common.saving") : t("directoryProfile.save")}
      </button>
      {save.isSuccess && <Notice kind="success">{t("directoryProfile.saved")}</Notice>}
    </form>
  );
}
