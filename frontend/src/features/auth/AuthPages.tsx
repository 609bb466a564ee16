import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { logIn, register } from "../../api/queries";
import { Field, Notice, usePageTitle } from "../../components/ui";
import { WithSlot } from "../../i18n/WithSlot";
import { nextPath } from "../../lib/nextPath";
import { useFormErrors } from "../../lib/useFormErrors";
import { useAuthStore } from "../../stores/auth";

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t("auth.logIn"));
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const setSession = useAuthStore((s) => s.setSession);
  const expired = useAuthStore((s) => s.expired);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const notice = (location.state as { notice?: string } | null)?.notice;

  const login = useMutation({
    mutationFn: () => logIn({ email, password }),
    onSuccess: ({ token, user }) => {
      setSession(token, user);
      navigate(nextPath(params), { replace: true });
    },
  });
  const { fieldErrors, formError, edit } = useFormErrors(login.error, ["email", "password"]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };

  return (
    <section className="auth-card card" aria-labelledby="login-title">
      <h1 id="login-title">{t("auth.logIn")}</h1>
      {notice && <Notice>{notice}</Notice>}
      {expired && !notice && <Notice kind="warning">{t("auth.expired")}</Notice>}
      <form onSubmit={submit} noValidate>
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
        <Field label={t("fields.password")} error={fieldErrors.password}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                edit("password");
              }}
            />
          )}
        </Field>
        <p className="forgot-link">
          <Link to="/forgot-password">{t("passwordReset.forgotLink")}</Link>
        </p>
        <button type="submit" className="btn btn-primary btn-block" disabled={login.isPending}>
          {login.isPending ? t("auth.loggingIn") : t("auth.logIn")}
        </button>
      </form>
      <p className="muted">
        <WithSlot text={(link) => t("auth.newHere", { link })}>
          <Link to={`/register${location.search}`}>{t("auth.newHereLink")}</Link>
        </WithSlot>
      </p>
    </section>
  );
}

export function RegisterPage() {
  const { t } = useTranslation();
  usePageTitle(t("auth.createAccount"));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const setSession = useAuthStore((s) => s.setSession);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  const signUp = useMutation({
    mutationFn: () => register({ name: name.trim(), email, password }),
    onSuccess: ({ token, user }) => {
      setSession(token, user);
      // A new account's next step is usually on the profile (becoming an expert).
      navigate(nextPath(params, "/profile"), {
        replace: true,
        state: { notice: t("auth.welcome", { name: user.name }) },
      });
    },
  });
  const { fieldErrors, formError, edit } = useFormErrors(signUp.error, [
    "name",
    "email",
    "password",
  ]);

  return (
    <section className="auth-card card" aria-labelledby="register-title">
      <h1 id="register-title">{t("auth.createTitle")}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          signUp.mutate();
        }}
        noValidate
      >
        {formError && <Notice kind="error">{formError}</Notice>}
        <Field label={t("fields.name")} error={fieldErrors.name}>
          {(props) => (
            <input
              {...props}
              type="text"
              autoComplete="name"
              required
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                edit("name");
              }}
            />
          )}
        </Field>
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
        <Field
          label={t("fields.password")}
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
                edit("password");
              }}
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={signUp.isPending}>
          {signUp.isPending ? t("auth.creating") : t("auth.createAccount")}
        </button>
      </form>
      <p className="muted">
        <WithSlot text={(link) => t("auth.haveAccount", { link })}>
          <Link to="/login">{t("auth.logIn")}</Link>
        </WithSlot>
      </p>
    </section>
  );
}
