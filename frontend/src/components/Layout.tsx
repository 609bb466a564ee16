import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { logOutOnServer } from "../api/queries";
import { useSocketStatus } from "../realtime/socket";
import { useAuthStore } from "../stores/auth";
import { MainNav } from "./MainNav";

export function Layout() {
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
    navigate("/login", { state: { notice: "You have been logged out." } });
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
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
            <nav aria-label="Main" className="nav">
              <NavLink to="/login">Log in</NavLink>
              <NavLink to="/register" className="btn btn-primary btn-small">
                Sign up
              </NavLink>
            </nav>
          )}
        </div>
      </header>
      {offline && !connected && (
        <p className="offline-banner" role="status">
          Reconnecting… live updates are paused.
        </p>
      )}
      <main id="main" tabIndex={-1} className="main">
        <Outlet />
      </main>
      <footer className="footer">
        <p>ExpertBook — book time with people who know.</p>
      </footer>
    </div>
  );
}
