import { Link, useLocation } from "react-router";
import { Notice, usePageTitle } from "../components/ui";
import { useAuthStore } from "../stores/auth";

export function HomePage() {
  usePageTitle("");
  const user = useAuthStore((s) => s.user);
  // e.g. "Your account was deleted…", from the page that sent the visitor here.
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <div className="stack">
      {notice && <Notice kind="success">{notice}</Notice>}
      <section className="hero">
        <h1>Book time with people who know.</h1>
        <p className="lead">
          ExpertBook turns your free hours into a booking page. Clients pick a time that suits them
          in their own time zone; you never get double-booked.
        </p>
        <div className="button-row">
          {user ? (
            <>
              <Link className="btn btn-primary btn-large" to="/my-bookings">
                My bookings
              </Link>
              <Link
                className="btn btn-secondary btn-large"
                to={user.isExpert ? "/expert-dashboard" : "/profile"}
              >
                {user.isExpert ? "Open your dashboard" : "Start offering sessions"}
              </Link>
            </>
          ) : (
            <>
              <Link className="btn btn-primary btn-large" to="/register">
                Get started — it's free
              </Link>
              <Link className="btn btn-secondary btn-large" to="/login">
                I have an account
              </Link>
            </>
          )}
        </div>
      </section>
      <ul className="features">
        <li className="card">
          <h2>Share one link</h2>
          <p>Publish session types with their length, location, buffers and notice.</p>
        </li>
        <li className="card">
          <h2>Live availability</h2>
          <p>Times someone else books vanish from every open page at once.</p>
        </li>
        <li className="card">
          <h2>Everything attached</h2>
          <p>Google Meet and Zoom links, calendar files and a private link to manage it.</p>
        </li>
      </ul>
    </div>
  );
}
