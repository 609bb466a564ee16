import { Link } from "react-router";
import { usePageTitle } from "../components/ui";

export function NotFound({
  title = "Page not found",
  message = "We couldn't find the page you were looking for. It may have moved, or the address may have a typo.",
}: {
  title?: string;
  message?: string;
}) {
  usePageTitle(title);
  return (
    <section className="card narrow not-found" aria-labelledby="nf-title">
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <h1 id="nf-title">{title}</h1>
      <p>{message}</p>
      <ul className="link-list">
        <li>
          <Link to="/">Go to the home page</Link>
        </li>
        <li>
          <Link to="/my-bookings">See your bookings</Link>
        </li>
      </ul>
    </section>
  );
}
