import { useQuery } from "@tanstack/react-query";
import { fetchExpert, keys } from "../../../api/queries";
import { ErrorState, Loading, usePageTitle } from "../../../components/ui";
import { useAuthStore } from "../../../stores/auth";
import { PublicProfileForm } from "./PublicProfileForm";

/** The expert's public profile: the username in their link, headline, bio and time zone. */
export function ProfileSettingsSection() {
  usePageTitle("Public profile · Expert Dashboard");
  const user = useAuthStore((s) => s.user);
  const expertId = user?.expertId ?? "";
  // By id, so the query stays the same while the username changes.
  const profile = useQuery({
    queryKey: keys.expert(expertId),
    queryFn: () => fetchExpert(expertId),
    enabled: Boolean(expertId),
  });
  return (
    <section className="card" aria-labelledby="profile-settings-title">
      <h2 id="profile-settings-title">Public profile</h2>
      <p className="muted small">What clients see on your booking page.</p>
      {profile.isPending ? (
        <Loading label="Loading your public profile…" />
      ) : profile.isError ? (
        <ErrorState error={profile.error} onRetry={() => profile.refetch()} />
      ) : (
        <PublicProfileForm key={profile.data.id} profile={profile.data} />
      )}
    </section>
  );
}
