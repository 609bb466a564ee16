import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { Notice, usePageTitle } from "../components/ui";
import { useAuthStore } from "../stores/auth";
import { Directory } from "./directory/Directory";

/** The home page is the directory: find an expert, then book them. */
export function HomePage() {
  const { t } = useTranslation();
  usePageTitle("");
  const user = useAuthStore((s) => s.user);
  // e.g. "Your account was deleted…", from the page that sent the visitor here.
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <div className="stack">
      {notice && <Notice kind="success">{notice}</Notice>}
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        <div className="button-row">
          {user ? (
            <>
              <Link className="btn btn-secondary" to="/my-bookings">
                {t("nav.myBookings")}
              </Link>
              <Link
                className="btn btn-secondary"
                to={user.isExpert ? "/expert-dashboard" : "/profile"}
              >
                {user.isExpert ? t("home.openDashboard") : t("home.startOffering")}
              </Link>
            </>
          ) : (
            <>
              <Link className="btn btn-secondary" to="/register">
                {t("home.getStarted")}
              </Link>
              <Link className="btn btn-secondary" to="/login">
                {t("home.haveAccount")}
              </Link>
            </>
          )}
        </div>
      </section>
      <Directory />
    </div>
  );
}
