import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { fetchBookings, keys } from "../../api/queries";
import { Pager } from "../../components/Pager";
import { ClockToggle } from "../../components/TimeZoneSelect";
import { ErrorState, Loading, usePageTitle } from "../../components/ui";
import { detectTimeZone } from "../../lib/time";
import { useAuthStore } from "../../stores/auth";
import { useBookingFlowStore } from "../../stores/bookingFlow";
import { BookingCard } from "./BookingCard";

type When = "upcoming" | "past";
const TABS: When[] = ["upcoming", "past"];

export function MyBookingsPage() {
  const { t } = useTranslation();
  usePageTitle(t("nav.myBookings"));
  const user = useAuthStore((s) => s.user);
  const [params, setParams] = useSearchParams();
  const when: When = params.get("tab") === "past" ? "past" : "upcoming";
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const setHour12 = useBookingFlowStore((s) => s.setHour12);
  const viewerTz = detectTimeZone();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const select = (tab: When) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (tab === "past") next.set("tab", "past");
        else next.delete("tab");
        return next;
      },
      { replace: true },
    );

  const onTabKey = (event: KeyboardEvent, index: number) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    event.preventDefault();
    const next = (index + (event.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length;
    const tab = TABS[next];
    if (!tab) return;
    select(tab);
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t("nav.myBookings")}</h1>
        <ClockToggle hour12={hour12} onChange={setHour12} />
      </div>
      <p className="muted">{t("bookings.zoneNote", { zone: viewerTz.replaceAll("_", " ") })}</p>
      <div role="tablist" aria-label={t("bookings.label")} className="tabs">
        {TABS.map((tab, index) => (
          <button
            key={tab}
            ref={(el) => {
              tabRefs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${tab}`}
            aria-selected={when === tab}
            aria-controls={`panel-${tab}`}
            tabIndex={when === tab ? 0 : -1}
            className={when === tab ? "tab active" : "tab"}
            onClick={() => select(tab)}
            onKeyDown={(e) => onTabKey(e, index)}
          >
            {tab === "upcoming" ? t("bookings.upcoming") : t("bookings.past")}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${when}`} aria-labelledby={`tab-${when}`} className="stack">
        <BookingList
          key={`client-${when}`}
          title={user?.isExpert ? t("bookings.bookedByMe") : null}
          party="client"
          when={when}
          viewerTz={viewerTz}
        />
        {user?.isExpert && (
          <BookingList
            key={`expert-${when}`}
            title={t("bookings.withMe")}
            party="expert"
            when={when}
            viewerTz={viewerTz}
          />
        )}
      </div>
    </div>
  );
}

export function BookingList({
  title,
  party,
  when,
  viewerTz,
  emptyText,
}: {
  title: string | null;
  party: "client" | "expert";
  when: When;
  viewerTz: string;
  emptyText?: string;
}) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: keys.bookingList(party, when, page),
    queryFn: () => fetchBookings(party, when, page),
    placeholderData: keepPreviousData,
  });
  const headingId = `list-${party}-${when}`;
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;

  return (
    <section
      aria-labelledby={title ? headingId : undefined}
      aria-label={title ? undefined : t("bookings.label")}
    >
      {title && <h2 id={headingId}>{title}</h2>}
      {list.isPending ? (
        <Loading label={t("bookings.loading")} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p className="empty">
          {emptyText ??
            (when === "upcoming"
              ? party === "client"
                ? t("bookings.noneUpcoming")
                : t("bookings.noneWithYou")
              : t("bookings.nonePast"))}
        </p>
      ) : (
        <>
          <ul className="booking-list">
            {list.data.items.map((booking) => (
              <BookingCard key={booking.id} booking={booking} party={party} viewerTz={viewerTz} />
            ))}
          </ul>
          <Pager
            page={page}
            pages={pages}
            label={t("bookings.pages", { title: title ?? t("bookings.label") })}
            onPage={setPage}
          />
        </>
      )}
    </section>
  );
}
