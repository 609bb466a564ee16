import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from "react-router";
import { fetchMe, keys } from "./api/queries";
import { Layout } from "./components/Layout";
import { LoginPage, RegisterPage } from "./features/auth/AuthPages";
import { BookingPage } from "./features/bookings/BookingPage";
import { MyBookingsPage } from "./features/bookings/MyBookingsPage";
import { DashboardPage } from "./features/dashboard/DashboardPage";
import { HomePage } from "./features/HomePage";
import { NotFound } from "./features/NotFound";
import { ProfilePage } from "./features/profile/ProfilePage";
import { ExpertPage } from "./features/public/ExpertPage";
import { nextPath } from "./lib/nextPath";
import { useAuthStore } from "./stores/auth";

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
  const user = useAuthStore((s) => s.user);
  if (!user?.isExpert) {
    return (
      <Navigate
        to="/profile"
        replace
        state={{
          notice:
            "The Expert Dashboard is for experts. Become an expert below to publish sessions and get booked.",
        }}
      />
    );
  }
  return <Outlet />;
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

function Root() {
  return (
    <>
      <SessionSync />
      <Layout />
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
          {
            element: <RequireExpert />,
            children: [{ path: "expert-dashboard", element: <DashboardPage /> }],
          },
        ],
      },
      { path: "bookings/:id", element: <BookingPage /> },
      { path: "expert/:id", element: <ExpertPage /> },
      { path: ":username", element: <ExpertPage /> },
      { path: ":username/:slug", element: <ExpertPage /> },
      { path: "*", element: <NotFound /> },
    ],
  },
];

const router = createBrowserRouter(routes);

export function App() {
  return <RouterProvider router={router} />;
}
