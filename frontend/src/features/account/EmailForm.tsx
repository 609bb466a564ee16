import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { updateAccount } from "../../api/account";
import type { User } from "../../api/types";
import { Field, Notice } from "../../components/ui";
import { WithSlot } from "../../i18n/WithSlot";
import { useAuthStore } from "../../stores/auth";
import { useServerErrors } from "./useServerErrors";

/** A new email takes the current password, so an open session alone cannot take the account. */
export function EmailForm({ user }: { user: User }) {
  const { t } = useTranslation();
  const setUser = useAuthStore((s) => s.setUser);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const save = useMutation({
    mutationFn: () => updateAccount({ email: email.trim(), currentPassword: password }),
    onSuccess: (updated) => {
      setUser(updated);
      setEmail("");
      setPassword("");
    },
  });
  const { fieldErrors, formError, edited } = useServerErrors(save, ["email", "currentPassword"]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <section className="card" aria-labelledby="email-title">
      <h2 id="email-title">{t("fields.email")}</h2>
      <p className="muted">
        <WithSlot text={(email) => t("account.emailCurrent", { email })}>
          <strong className="break-anywhere">{user.email}</strong>
        </WithSlot>
      </p>
      <form onSubmit={submit} noValidate>
        {formError && <Notice kind="error">{formError}</Notice>}
        <Field label={t("account.newEmail")} error={fieldErrors.email}>
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => {
                edited();
                setEmail(e.target.value);
              }}
            />
          )}
        </Field>
        <Field
          label={t("account.currentPassword")}
          error={fieldErrors.currentPassword}
          hint={t("account.currentPasswordHint")}
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => {
                edited();
                setPassword(e.target.value);
              }}
            />
          )}
        </Field>
        {save.isSuccess && (
          <Notice kind="success">{t("account.emailSaved", { email: save.data.email })}</Notice>
        )}
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("account.changeEmail")}
        </button>
      </form>
    </section>
  );
}
