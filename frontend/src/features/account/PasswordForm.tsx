import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { changePassword } from "../../api/account";
import { Field, Notice } from "../../components/ui";
import { useAuthStore } from "../../stores/auth";
import { useServerErrors } from "./useServerErrors";

/** A new password ends every other session; this one goes on with the token it answers. */
export function PasswordForm() {
  const { t } = useTranslation();
  const setSession = useAuthStore((s) => s.setSession);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const save = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: ({ token, user }) => {
      setSession(token, user);
      setCurrent("");
      setNext("");
    },
  });
  const { fieldErrors, formError, edited } = useServerErrors(save, [
    "currentPassword",
    "newPassword",
  ]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t("fields.password")}</h2>
      <form onSubmit={submit} noValidate>
        {formError && <Notice kind="error">{formError}</Notice>}
        <Field label={t("account.currentPassword")} error={fieldErrors.currentPassword}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              value={current}
              onChange={(e) => {
                edited();
                setCurrent(e.target.value);
              }}
            />
          )}
        </Field>
        <Field
          label={t("account.newPassword")}
          error={fieldErrors.newPassword}
          hint={t("account.newPasswordHint")}
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              value={next}
              onChange={(e) => {
                edited();
                setNext(e.target.value);
              }}
            />
          )}
        </Field>
        {save.isSuccess && <Notice kind="success">{t("account.passwordSaved")}</Notice>}
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("account.changePassword")}
        </button>
      </form>
    </section>
  );
}
