import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { isApiError } from "../../api/errors";
import { confirmPasswordReset, requestPasswordReset } from "../../api/queries";
import { Field, Notice, usePageTitle } from "../../components/ui";
import { WithSlot } from "../../i18n/WithSlot";
import { useFormErrors } from "../../lib/useFormErrors";
import { useAuthStore } from "../../stores/auth";

/** `/forgot-password`: an email, and the server's word that a link is on its way. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t("passwordReset.forgotTitle"));
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const send = useMutation({ mutationFn: () => requestPasswordReset(email.trim()) });
  const { fieldErrors, formError, edit } = useFormErrors(send.error, ["email"]);

  return (
    <section className="auth-card card" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("passwordReset.forgotTitle")}</h1>
      {send.isSuccess ? (
        <>
          <Notice kind="success">{send.data.message}</Notice>
          <p className="muted">{t("passwordReset.checkSpam")}</p>
        </>
      ) : (
        <>
          <p>{t("passwordReset.forgotIntro")}</p>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              send.mutate();
            }}
          >
            {formError && <Notice kind="error">{formError}</Notice>}
            <Field label={t("fields.email")} error={fieldErrors.email}>
              {(props) => (
                <input
                  {...props}
                  type="email"
                  autoComplete="email"
                  required
                  value={email}
                  onChange={(e) => {
                    setEmail(e.target.value);
                    edit("email");
                  }}
                />
              )}
            </Field>
            <button type="submit" className="btn btn-primary btn-block" disabled={send.isPending}>
              {send.isPending ? t("passwordReset.sending") : t("passwordReset.send")}
            </button>
          </form>
        </>
      )}
      <p className="muted">
        <Link to="/login">{t("passwordReset.backToLogin")}</Link>
      </p>
    </section>
  );
}

/** `/reset-password?token=…`: the mailed link's page, a new password typed twice. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t("passwordReset.resetTitle"));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const reset = useMutation({
    mutationFn: () => confirmPasswordReset(token, password),
    onSuccess: () => {
      // Every session of the account has just ended, this browser's too.
      useAuthStore.getState().clear();
      navigate("/login", { replace: true, state: { notice: t("passwordReset.changed") } });
    },
  });
  const invalidLink = isApiError(reset.error, "invalid_reset_token");
  const { fieldErrors, formError, edit } = useFormErrors(invalidLink ? null : reset.error, [
    "password",
  ]);

  if (!token || invalidLink) {
    return (
      <section className="auth-card card" aria-labelledby="reset-title">
        <h1 id="reset-title">{t("passwordReset.resetTitle")}</h1>
        <Notice kind="error">
          {invalidLink && reset.error ? reset.error.message : t("passwordReset.noToken")}{" "}
          <Link to="/forgot-password">{t("passwordReset.askAgain")}</Link>
        </Notice>
      </section>
    );
  }

  return (
    <section className="auth-card card" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("passwordReset.resetTitle")}</h1>
      <p>{t("passwordReset.resetIntro")}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (password !== repeat) {
            setMismatch(true);
            return;
          }
          reset.mutate();
        }}
      >
        {formError && <Notice kind="error">{formError}</Notice>}
        <Field
          label={t("passwordReset.newPassword")}
          error={fieldErrors.password}
          hint={t("auth.passwordHint")}
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                setMismatch(false);
                edit("password");
              }}
            />
          )}
        </Field>
        <Field
          label={t("passwordReset.repeatPassword")}
          error={mismatch ? t("passwordReset.mismatch") : null}
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => {
                setRepeat(e.target.value);
                setMismatch(false);
              }}
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={reset.isPending}>
          {reset.isPending ? t("passwordReset.saving") : t("passwordReset.save")}
        </button>
      </form>
      <p className="muted">
        <WithSlot text={(link) => t("passwordReset.remembered", { link })}>
          <Link to="/login">{t("auth.logIn")}</Link>
        </WithSlot>
      </p>
    </section>
  );
}
