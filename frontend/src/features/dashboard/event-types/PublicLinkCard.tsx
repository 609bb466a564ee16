import { useTranslation } from "react-i18next";
import { CopyField } from "../../../components/ui";

/** The expert's public page: the link to share and a way to look at it. */
export function PublicLinkCard({ link }: { link: string }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="link-title">
      <h2 id="link-title">{t("eventTypes.publicLinkTitle")}</h2>
      <CopyField
        label={t("profile.publicLink")}
        value={link}
        buttonLabel={t("profile.copyLink")}
        hint={t("eventTypes.publicLinkHint")}
      />
      <p>
        <a href={link} target="_blank" rel="noopener noreferrer">
          {t("eventTypes.openPage")} {t("common.newTab")}
        </a>
      </p>
    </section>
  );
}
