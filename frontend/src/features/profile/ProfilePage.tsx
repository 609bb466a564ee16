import { useQuery } from "@tanstack/react-query";
import { Link, useLocation } from "react-router";
import { fetchExpert, keys } from "../../api/queries";
import type { User } from "../../api/types";
import { CopyField, ErrorState, Loading, Notice, usePageTitle } from "../../components/ui";
import { useAuthStore } from "../../stores/auth";
import { BecomeExpert } from "./BecomeExpert";
import { PublicProfileForm } from "./PublicProfileForm";

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
        <p>
          <Link to="/settings">Change your name, email or password</Link>, download your data or
          delete your account.
        </p>
      </section>
      {user.isExpert && user.username ? (
        <ExpertProfile user={user} username={user.username} />
      ) : (
        <BecomeExpert user={user} />
      )}
    </div>
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
