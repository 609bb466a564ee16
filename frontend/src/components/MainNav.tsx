import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, useLocation } from "react-router";
import type { User } from "../api/types";

/**
 * The signed-in links. On a phone they fold behind a "Menu" button (the disclosure
 * pattern: aria-expanded, Escape closes and returns focus); any navigation closes it.
 */
export function MainNav({ user, onLogOut }: { user: User; onLogOut: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const navId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const location = useLocation();

  // biome-ignore lint/correctness/useExhaustiveDependencies: close on every navigation.
  useEffect(() => {
    setOpen(false);
  }, [location.key]);

  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [open]);

  return (
    <div className={`nav-area${open ? " open" : ""}`}>
      <button
        ref={button}
        type="button"
        className="btn btn-secondary btn-small menu-button"
        aria-expanded={open}
        aria-controls={navId}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true" className="menu-icon" />
        {t("nav.menu")}
      </button>
      <nav id={navId} aria-label={t("nav.label")} className="nav">
        <NavLink to="/my-bookings">{t("nav.myBookings")}</NavLink>
        <NavLink to="/profile">{t("nav.profile")}</NavLink>
        {user.isExpert && <NavLink to="/expert-dashboard">{t("nav.dashboard")}</NavLink>}
        <NavLink to="/settings">{t("nav.settings")}</NavLink>
        <span className="nav-user" title={user.email}>
          {user.name}
        </span>
        <button type="button" className="btn btn-secondary btn-small" onClick={onLogOut}>
          {t("nav.logOut")}
        </button>
      </nav>
    </div>
  );
}
