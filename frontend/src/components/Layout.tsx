import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { logOutOnServer } from "../api/queries";
import { useSocketStatus } from "../realtime/socket";
import { useAuthStore } from "../stores/auth";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { MainNav } from "./MainNav";

export function Layout() {
  const { t } = useTranslation();
  const user = useAuthStore((s) => s.user);
  const clear = useAuthStore((s) => s.clear);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { socket, connected } = useSocketStatus();
  // Say so only when the connection stays down, not during the first connect.
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    setOffline(false);
    if (!socket || connected) return;
    const timer = setTimeout(() => setOffline(socket.active), 4000);
    return () => clearTimeout(timer);
  }, [socket, connected]);

  const logOut = async () => {
    // The server forgets the token first (the request still carries it); if it cannot
    // be reached, this device logs out all the same.
    await logOutOnServer().catch(() => undefined);
    clear();
    queryClient.clear();
    navigate("/login", { state: { notice: t("layout.loggedOut") } });
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t("layout.skipToContent")}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              E
            </span>
            ExpertBook
          </Link>
          {user ? (
            <MainNav user={user} onLogOut={logOut} />
          ) : (
            <nav aria-label={t("nav.label")} className="nav">
              <NavLink to="/login">{t("nav.logIn")}</NavLink>
              <NavLink to="/register" className="btn btn-primary btn-small">
                {t("nav.signUp")}
              </NavLink>
            </nav>
          )}
        </div>
      </header>
      {offline && !connected && (
        <p className="offline-banner" role="status">
          {t("layout.offline")}
        </p>
      )}
      <main id="main" tabIndex={-1} className="main">
        <Outlet />
      </main>
      <footer className="footer">
        <p>{t("layout.footer")}</p>
        <LanguageSwitcher />
      </footer>
    </div>
  );
}
