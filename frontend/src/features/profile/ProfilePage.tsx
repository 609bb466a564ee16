import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useLocation } from "react-router";
import { becomeExpert, fetchExpert, keys, updateMyProfile } from "../../api/queries";
import type { ExpertPublic, User } from "../../api/types";
import { TimeZoneSelect } from "../../components/TimeZoneSelect";
import { CopyField, ErrorState, Field, Loading, Notice, usePageTitle } from "../../components/ui";
import { splitErrors } from "../../lib/formErrors";
import { suggestUsername } from "../../lib/text";
import { detectTimeZone } from "../../lib/time";
import { useAuthStore } from "../../stores/auth";

export function ProfilePage() {
  usePageTitle("Profile");
  const user = useAuthStore((s) => s.user);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  if (!user) return <Loading />;

  return (
    <div className="stack">
      <h1>Your profile</h1>
      {notice && <Notice kind={user.isExpert ? "info" : "warning"}>{notice}</Notice>}
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">Account</h2>
        <dl className="details">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Member since</dt>
          <dd>{new Date(user.createdAt).toLocaleDateString("en-US", { dateStyle: "long" })}</dd>
          <dt>Account type</dt>
          <dd>{user.isExpert ? "Expert" : "Client"}</dd>
        </dl>
      </section>
      {user.isExpert && user.username ? (
        <ExpertProfile user={user} username={user.username} />
      ) : (
        <BecomeExpert user={user} />
      )}
    </div>
  );
}

function BecomeExpert({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const setUser = useAuthStore((s) => s.setUser);
  const [username, setUsername] = useState(() => suggestUsername(user.name));
  const [timezone, setTimezone] = useState(detectTimeZone);
  const [headline, setHeadline] = useState("");

  const become = useMutation({
    mutationFn: () =>
      becomeExpert({ username: username.trim(), timezone, headline: headline.trim() }),
    onSuccess: ({ user: updated }) => {
      setUser(updated);
      void queryClient.invalidateQueries();
    },
  });
  const { fieldErrors, formError } = become.error
    ? splitErrors(become.error, ["username", "timezone", "headline"])
    : { fieldErrors: {} as Record<string, string>, formError: null };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    become.mutate();
  };

  return (
    <section className="card" aria-labelledby="become-title">
      <h2 id="become-title">Offer your time as an expert</h2>
      <p className="muted">
        Get a public booking page, publish session types and let clients book you. You can change
        these later.
      </p>
      <form onSubmit={submit} noValidate>
        {formError && <Notice kind="error">{formError}</Notice>}
        <Field
          label="Username"
          error={fieldErrors.username}
          hint={`Your public link: ${window.location.origin}/${username || "…"}`}
        >
          {(props) => (
            <input
              {...props}
              type="text"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value.toLowerCase())}
            />
          )}
        </Field>
        <TimeZoneSelect value={timezone} onChange={setTimezone} error={fieldErrors.timezone} />
        <Field label="Headline (optional)" error={fieldErrors.headline}>
          {(props) => (
            <input
              {...props}
              type="text"
              placeholder="e.g. Product designer, 10 years in fintech"
              value={headline}
              onChange={(e) => setHeadline(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={become.isPending}>
          {become.isPending ? "Setting up…" : "Become an Expert"}
        </button>
      </form>
    </section>
  );
}

function ExpertProfile({ user, username }: { user: User; username: string }) {
  const profile = useQuery({
    queryKey: keys.expert(username),
    queryFn: () => fetchExpert(username),
  });
  const link = `${window.location.origin}/${username}`;
  return (
    <>
      <section className="card" aria-labelledby="expert-title">
        <h2 id="expert-title">You're an expert</h2>
        <p>
          Manage your session types, availability and bookings in the{" "}
          <Link to="/expert-dashboard">Expert Dashboard</Link>.
        </p>
        <CopyField label="Public link" value={link} buttonLabel="Copy link" />
      </section>
      {profile.isPending ? (
        <Loading label="Loading your public profile…" />
      ) : profile.isError ? (
        <ErrorState error={profile.error} onRetry={() => profile.refetch()} />
      ) : (
        <PublicProfileForm key={profile.data.username} profile={profile.data} user={user} />
      )}
    </>
  );
}

function PublicProfileForm({ profile, user }: { profile: ExpertPublic; user: User }) {
  const queryClient = useQueryClient();
  const setUser = useAuthStore((s) => s.setUser);
  const [username, setUsername] = useState(profile.username);
  const [headline, setHeadline] = useState(profile.headline ?? "");
  const [bio, setBio] = useState(profile.bio ?? "");
  const [timezone, setTimezone] = useState(profile.timezone);

  const save = useMutation({
    mutationFn: () =>
      updateMyProfile({
        username: username.trim(),
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
  const { fieldErrors, formError } = save.error
    ? splitErrors(save.error, ["username", "headline", "bio", "timezone"])
    : { fieldErrors: {} as Record<string, string>, formError: null };

  return (
    <section className="card" aria-labelledby="public-title">
      <h2 id="public-title">Public profile</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        {formError && <Notice kind="error">{formError}</Notice>}
        {save.isSuccess && <Notice kind="success">Profile saved.</Notice>}
        <Field label="Username" error={fieldErrors.username}>
          {(props) => (
            <input
              {...props}
              type="text"
              value={username}
              onChange={(e) => setUsername(e.target.value.toLowerCase())}
            />
          )}
        </Field>
        <Field label="Headline" error={fieldErrors.headline}>
          {(props) => (
            <input
              {...props}
              type="text"
              value={headline}
              onChange={(e) => setHeadline(e.target.value)}
            />
          )}
        </Field>
        <Field label="Bio" error={fieldErrors.bio}>
          {(props) => (
            <textarea {...props} rows={4} value={bio} onChange={(e) => setBio(e.target.value)} />
          )}
        </Field>
        <TimeZoneSelect value={timezone} onChange={setTimezone} error={fieldErrors.timezone} />
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save profile"}
        </button>
      </form>
    </section>
  );
}
