import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../components/ui";

export function NotFound({ title: givenTitle, message }: { title?: string; message?: string }) {
  const { t } = useTranslation();
  const title = givenTitle ?? t("notFound.title");
  usePageTitle(title);
  return (
    <section className="card narrow not-found" aria-labelledby="nf-title">
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <h1 id="nf-title">{title}</h1>
      <p>{message ?? t("notFound.message")}</p>
      <ul className="link-list">
        <li>
          <Link to="/">{t("notFound.home")}</Link>
        </li>
        <li>
          <Link to="/my-bookings">{t("notFound.bookings")}</Link>
        </li>
      </ul>
    </section>
  );
}
