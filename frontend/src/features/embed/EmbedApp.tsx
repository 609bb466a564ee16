import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, useLocation, useParams, useRoutes } from "react-router";
import { fetchExpert, keys } from "../../api/queries";
import type { Booking } from "../../api/types";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { BookingPage } from "../bookings/BookingPage";
import { ExpertPage } from "../public/ExpertPage";
import { createHost, type Host, readEmbedConfig } from "./embedConfig";
import "./embed.css";

const HostContext = createContext<Host | null>(null);

function useHost(): Host {
  const host = useContext(HostContext);
  if (!host) throw new Error("useHost outside EmbedApp");
  return host;
}

/** The public booking flow, told to the host page once it shows. */
function EmbedExpert() {
  const host = useHost();
  const { username = "" } = useParams();
  // The same query as the page's own: it shares the answer, and says when there is one.
  const expert = useQuery({
    queryKey: keys.expert(username),
    queryFn: () => fetchExpert(username),
  });
  useEffect(() => {
    if (!expert.isPending) host.ready();
  }, [expert.isPending, host]);
  return <ExpertPage />;
}

type BookedState = { booking?: Booking; justBooked?: boolean } | null;

/** The confirmation the flow moves to after booking; the host page hears of the booking. */
function EmbedBooked() {
  const host = useHost();
  const state = useLocation().state as BookedState;
  const booking = state?.justBooked ? state.booking : undefined;
  useEffect(() => {
    if (booking) host.booked(booking.id, booking.start);
    host.ready();
  }, [booking, host]);
  return <BookingPage />;
}

function EmbedNotFound() {
  const { t } = useTranslation();
  const host = useHost();
  useEffect(() => host.ready(), [host]);
  return (
    <section className="card narrow">
      <h1>{t("embed.notFoundTitle")}</h1>
      <p>{t("embed.notFoundMessage")}</p>
    </section>
  );
}

// Under the /embed basename the flow's own links (/{username}, /bookings/{id}) stay here.
const embedRoutes = [
  { path: "bookings/:id", element: <EmbedBooked /> },
  { path: ":username", element: <EmbedExpert /> },
  { path: ":username/:slug", element: <EmbedExpert /> },
  { path: "*", element: <EmbedNotFound /> },
];

function EmbedRoutes() {
  return useRoutes(embedRoutes);
}

/** `/embed/:username/:slug?`: the booking flow alone, for a frame on another site. */
export function EmbedApp() {
  const [config] = useState(() => readEmbedConfig(window.location.search));
  const [host] = useState(() => createHost(config.origin, window.parent));
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const style = document.documentElement.style;
    if (!config.color) return;
    style.setProperty("--color-primary", config.color);
    style.setProperty("--color-primary-hover", `color-mix(in srgb, ${config.color} 82%, black)`);
    style.setProperty("--color-primary-soft", `color-mix(in srgb, ${config.color} 12%, white)`);
  }, [config.color]);

  useEffect(() => {
    useBookingFlowStore.getState().prefillDraft({ name: config.name, email: config.email });
  }, [config.name, config.email]);

  // The host sizes the frame to the page, so the page never scrolls inside it.
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      host.post({ type: "expertbook:resize", height: Math.ceil(element.offsetHeight) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [host]);

  // Escape closes the popup, unless something in the page (a dialog, a list) takes it.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      if (document.querySelector("dialog[open]")) return;
      host.post({ type: "expertbook:close" });
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [host]);

  return (
    <HostContext.Provider value={host}>
      <BrowserRouter basename="/embed">
        <div ref={root} className="embed">
          <main id="main" tabIndex={-1} className="embed-main">
            <EmbedRoutes />
          </main>
        </div>
      </BrowserRouter>
    </HostContext.Provider>
  );
}
