import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Navigate, Outlet, useLocation, useParams, useRoutes } from "react-router";
import { updateAccount } from "./api/account";
import { fetchMe, keys } from "./api/queries";
import { Layout } from "./components/Layout";
import { sessionPath } from "./features/bookings/sessionPath";
import { isEmbedPath } from "./features/embed/embedConfig";
import { NotFound } from "./features/NotFound";
// The public booking page comes with the app: most visitors arrive by a shared link to it.
import { ExpertPage } from "./features/public/ExpertPage";
import { isLanguage, withAppMessages } from "./i18n";
import { nextPath } from "./lib/nextPath";
import { useAuthStore } from "./stores/auth";

// The other pages are chunks of their own, fetched with the app's words (i18n/index.ts)
// when their route first shows.
const LoginPage = lazy(() =>
  withAppMessages(import("./features/auth/AuthPages")).then((m) => ({ default: m.LoginPage })),
);
const RegisterPage = lazy(() =>
  withAppMessages(import("./features/auth/AuthPages")).then((m) => ({ default: m.RegisterPage })),
);
// The confirmation, also fetched by the booking form while the visitor fills it in.
const BookingPage = lazy(() =>
  withAppMessages(import("./features/bookings/BookingPage")).then((m) => ({
    default: m.BookingPage,
  })),
);
const MyBookingsPage = lazy(() =>
  withAppMessages(import("./features/bookings/MyBookingsPage")).then((m) => ({
    default: m.MyBookingsPage,
  })),
);
const AccountSettingsPage = lazy(() =>
  withAppMessages(import("./features/account/AccountSettingsPage")).then((m) => ({
    default: m.AccountSettingsPage,
  })),
);
const DashboardPage = lazy(() =>
  withAppMessages(import("./features/dashboard/DashboardPage")).then((m) => ({
    default: m.DashboardPage,
  })),
);
const ForgotPasswordPage = lazy(() =>
  withAppMessages(import("./features/auth/PasswordResetPages")).then((m) => ({
    default: m.ForgotPasswordPage,
  })),
);
const ResetPasswordPage = lazy(() =>
  withAppMessages(import("./features/auth/PasswordResetPages")).then((m) => ({
    default: m.ResetPasswordPage,
  })),
);
const HomePage = lazy(() =>
  withAppMessages(import("./features/HomePage")).then((m) => ({ default: m.HomePage })),
);
const ProfilePage = lazy(() =>
  withAppMessages(import("./features/profile/ProfilePage")).then((m) => ({
    default: m.ProfilePage,
  })),
);
// Opened from the waitlist's emails (and prefetched by the form that joins it).
const WaitlistPage = lazy(() =>
  withAppMessages(import("./features/waitlist/WaitlistPage")).then((m) => ({
    default: m.WaitlistPage,
  })),
);
// The booking page framed by other sites: an app of its own, without the site's chrome.
const EmbedApp = lazy(() =>
  withAppMessages(import("./features/embed/EmbedApp")).then((m) => ({ default: m.EmbedApp })),
);

/** Pages for logged-in users: others go to the login page and come back afterwards. */
function RequireAuth() {
  const token = useAuthStore((s) => s.token);
  const location = useLocation();
  if (!token) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

function RequireExpert() {
  const { t } = useTranslation();
  const user = useAuthStore((s) => s.user);
  if (!user?.isExpert) {
    return <Navigate to="/profile" replace state={{ notice: t("app.expertsOnly") }} />;
  }
  return <Outlet />;
}

/** A group session's short address, as links elsewhere may name it: its dashboard page. */
function SessionLink() {
  const { sessionKey = "" } = useParams();
  return <Navigate to={sessionPath(sessionKey)} replace />;
}

/** Logged-in users have no business on the login and register pages. */
function GuestOnly() {
  const token = useAuthStore((s) => s.token);
  const location = useLocation();
  // Only a visitor who arrives logged in is sent on. Someone who logs in here is sent on by
  // the page itself; redirecting too would race that navigation (and used to win it).
  const [arrivedLoggedIn] = useState(() => token !== null);
  if (token && arrivedLoggedIn) return <Navigate to={nextPath(location.search)} replace />;
  return <Outlet />;
}

/** Refresh the stored user from the server once per session (and after reconnects). */
function SessionSync() {
  const token = useAuthStore((s) => s.token);
  const setUser = useAuthStore((s) => s.setUser);
  const me = useQuery({ queryKey: keys.me(token), queryFn: fetchMe, enabled: Boolean(token) });
  useEffect(() => {
    if (me.data && useAuthStore.getState().token === token) setUser(me.data);
  }, [me.data, token, setUser]);
  return null;
}

/**
 * Keep the signed-in account's language (the one its emails are in) the language on
 * screen: after a login, and whenever the switcher changes it.
 */
function AccountLanguageSync() {
  const user = useAuthStore((s) => s.user);
  const setUser = useAuthStore((s) => s.setUser);
  const { i18n } = useTranslation();
  const language = i18n.language;
  useEffect(() => {
    if (!user || !isLanguage(language) || user.language === language) return;
    // A failure is tried again on the next load; it costs nothing but the emails' language.
    updateAccount({ language })
      .then((updated) => {
        if (useAuthStore.getState().user?.id === updated.id) setUser(updated);
      })
      .catch(() => undefined);
  }, [user, language, setUser]);
  return null;
}

function Root() {
  // Navigations run in a transition, so the shown page stays until the next one's chunk
  // arrives; the empty fallback is seen only on a first load.
  return (
    <>
      <SessionSync />
      <AccountLanguageSync />
      <Suspense fallback={null}>
        <Layout />
      </Suspense>
    </>
  );
}

export const routes = [
  {
    element: <Root />,
    children: [
      { index: true, element: <HomePage /> },
      {
        element: <GuestOnly />,
        children: [
          { path: "login", element: <LoginPage /> },
          { path: "register", element: <RegisterPage /> },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          { path: "profile", element: <ProfilePage /> },
          { path: "my-bookings", element: <MyBookingsPage /> },
          { path: "settings", element: <AccountSettingsPage /> },
          {
            element: <RequireExpert />,
            // The dashboard's sections are its own descendant routes.
            children: [
              { path: "expert-dashboard/*", element: <DashboardPage /> },
              { path: "dashboard/sessions/:sessionKey", element: <SessionLink /> },
            ],
          },
        ],
      },
      // Open to anyone: a mailed link may be opened in a browser that is still logged in.
      { path: "forgot-password", element: <ForgotPasswordPage /> },
      { path: "reset-password", element: <ResetPasswordPage /> },
      { path: "bookings/:id", element: <BookingPage /> },
      { path: "waitlist/:id", element: <WaitlistPage /> },
      { path: "expert/:id", element: <ExpertPage /> },
      { path: ":username", element: <ExpertPage /> },
      { path: ":username/:slug", element: <ExpertPage /> },
      { path: "*", element: <NotFound /> },
    ],
  },
];

// A declarative router: the app uses no loaders or actions, and the data router's code
// would be a sixth of the first page's JavaScript.
function AppRoutes() {
  return useRoutes(routes);
}

export function App() {
  if (isEmbedPath(window.location.pathname)) {
    return (
      <Suspense fallback={null}>
        <EmbedApp />
      </Suspense>
    );
  }
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
