import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { logIn, register } from "../../api/queries";
import { Field, Notice, usePageTitle } from "../../components/ui";
import { nextPath } from "../../lib/nextPath";
import { useFormErrors } from "../../lib/useFormErrors";
import { useAuthStore } from "../../stores/auth";

export function LoginPage() {
  usePageTitle("Log in");
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
      <h1 id="login-title">Log in</h1>
      {notice && <Notice>{notice}</Notice>}
      {expired && !notice && (
        <Notice kind="warning">Your session has ended. Please log in again.</Notice>
      )}
      <form onSubmit={submit} noValidate>
        {formError && <Notice kind="error">{formError}</Notice>}
        <Field label="Email" error={fieldErrors.email}>
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
        <Field label="Password" error={fieldErrors.password}>
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
        <button type="submit" className="btn btn-primary btn-block" disabled={login.isPending}>
          {login.isPending ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p className="muted">
        New here? <Link to={`/register${location.search}`}>Create an account</Link>
      </p>
    </section>
  );
}

export function RegisterPage() {
  usePageTitle("Create account");
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
        state: { notice: `Welcome, ${user.name}! Your account is ready.` },
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
      <h1 id="register-title">Create your account</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          signUp.mutate();
        }}
        noValidate
      >
        {formError && <Notice kind="error">{formError}</Notice>}
        <Field label="Name" error={fieldErrors.name}>
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
        <Field label="Email" error={fieldErrors.email}>
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
        <Field label="Password" error={fieldErrors.password} hint="At least 8 characters.">
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
          {signUp.isPending ? "Creating account…" : "Create account"}
        </button>
      </form>
      <p className="muted">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </section>
  );
}
