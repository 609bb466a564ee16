import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { updateAccount } from "../../api/account";
import type { User } from "../../api/types";
import { Field, Notice } from "../../components/ui";
import { useAuthStore } from "../../stores/auth";
import { useServerErrors } from "./useServerErrors";

export function NameForm({ user }: { user: User }) {
  const { t } = useTranslation();
  const setUser = useAuthStore((s) => s.setUser);
  const [name, setName] = useState(user.name);
  const save = useMutation({
    mutationFn: (value: string) => updateAccount({ name: value }),
    onSuccess: setUser,
  });
  const { fieldErrors, formError, edited } = useServerErrors(save, ["name"]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(name.trim());
  };

  return (
    <section className="card" aria-labelledby="name-title">
      <h2 id="name-title">{t("fields.name")}</h2>
      <form onSubmit={submit} noValidate>
        {formError && <Notice kind="error">{formError}</Notice>}
        <Field label={t("fields.name")} error={fieldErrors.name} hint={t("account.nameHint")}>
          {(props) => (
            <input
              {...props}
              type="text"
              autoComplete="name"
              value={name}
              onChange={(e) => {
                edited();
                setName(e.target.value);
              }}
            />
          )}
        </Field>
        {save.isSuccess && <Notice kind="success">{t("account.nameSaved")}</Notice>}
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("account.saveName")}
        </button>
      </form>
    </section>
  );
}
