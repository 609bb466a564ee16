import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { fetchExpert, keys } from "../../../api/queries";
import { ErrorState, Loading, usePageTitle } from "../../../components/ui";
import { useAuthStore } from "../../../stores/auth";
import { DailyCapForm } from "./DailyCapForm";
import { DirectoryProfileForm } from "./DirectoryProfileForm";
import { EmbedOriginsForm } from "./EmbedOriginsForm";
import { PublicProfileForm } from "./PublicProfileForm";

/** The expert's public profile: the username in their link, headline, bio and time zone. */
export function ProfileSettingsSection() {
  const { t } = useTranslation();
  usePageTitle(t("dashboard.pageTitle", { section: t("profile.publicTitle") }));
  const user = useAuthStore((s) => s.user);
  const expertId = user?.expertId ?? "";
  // By id, so the query stays the same while the username changes.
  const profile = useQuery({
    queryKey: keys.expert(expertId),
    queryFn: () => fetchExpert(expertId),
    enabled: Boolean(expertId),
  });
  return (
    <>
      <section className="card" aria-labelledby="profile-settings-title">
        <h2 id="profile-settings-title">{t("profile.publicTitle")}</h2>
        <p className="muted small">{t("dashboard.profileText")}</p>
        {profile.isPending ? (
          <Loading label={t("profile.loading")} />
        ) : profile.isError ? (
          <ErrorState error={profile.error} onRetry={() => profile.refetch()} />
        ) : (
          <PublicProfileForm key={profile.data.id} profile={profile.data} />
        )}
      </section>
      <DirectoryProfileForm />
      <DailyCapForm />
      <EmbedOriginsForm />
    </>
  );
}
