import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { fetchExpert, keys } from "../../api/queries";
import type { User } from "../../api/types";
import { CopyField, ErrorState, Loading, Notice, usePageTitle } from "../../components/ui";
import { intlLocale } from "../../i18n";
import { WithSlot } from "../../i18n/WithSlot";
import { useAuthStore } from "../../stores/auth";
import { BecomeExpert } from "./BecomeExpert";
import { PublicProfileForm } from "./PublicProfileForm";

export function ProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t("nav.profile"));
  const user = useAuthStore((s) => s.user);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  if (!user) return <Loading />;

  return (
    <div className="stack">
      <h1>{t("profile.title")}</h1>
      {notice && <Notice kind={user.isExpert ? "info" : "warning"}>{notice}</Notice>}
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t("profile.account")}</h2>
        <dl className="details">
          <dt>{t("fields.name")}</dt>
          <dd>{user.name}</dd>
          <dt>{t("fields.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("profile.memberSince")}</dt>
          <dd>
            {new Date(user.createdAt).toLocaleDateString(intlLocale(), { dateStyle: "long" })}
          </dd>
          <dt>{t("profile.accountType")}</dt>
          <dd>{user.isExpert ? t("profile.expert") : t("profile.client")}</dd>
        </dl>
        <p>
          <WithSlot text={(link) => t("profile.settingsText", { link })}>
            <Link to="/settings">{t("profile.settingsLink")}</Link>
          </WithSlot>
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
  const { t } = useTranslation();
  const profile = useQuery({
    queryKey: keys.expert(username),
    queryFn: () => fetchExpert(username),
  });
  const link = `${window.location.origin}/${username}`;
  return (
    <>
      <section className="card" aria-labelledby="expert-title">
        <h2 id="expert-title">{t("profile.expertTitle")}</h2>
        <p>
          <WithSlot text={(slot) => t("profile.expertText", { link: slot })}>
            <Link to="/expert-dashboard">{t("nav.dashboard")}</Link>
          </WithSlot>
        </p>
        <CopyField
          label={t("profile.publicLink")}
          value={link}
          buttonLabel={t("profile.copyLink")}
        />
      </section>
      {profile.isPending ? (
        <Loading label={t("profile.loading")} />
      ) : profile.isError ? (
        <ErrorState error={profile.error} onRetry={() => profile.refetch()} />
      ) : (
        <PublicProfileForm key={profile.data.username} profile={profile.data} user={user} />
      )}
    </>
  );
}
