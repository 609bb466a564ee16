import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { fetchExpertBookings } from "../../../api/dashboard";
import { keys } from "../../../api/queries";
import { Pager } from "../../../components/Pager";
import { ErrorState, Loading, usePageTitle } from "../../../components/ui";
import { detectTimeZone, formatDate } from "../../../lib/time";
import { useAuthStore } from "../../../stores/auth";
import { BookingCard } from "../../bookings/BookingCard";
import { SessionSeatsLink } from "../sessions/SessionSeatsLink";
import { type BookingFilter, filterFrom, filterParams, pageFrom } from "./bookingFilters";
import { CsvExport } from "./CsvExport";
import { ExpertBookingActions } from "./ExpertBookingActions";
import { FilterTabs, panelId, tabId } from "./FilterTabs";

const PAGE_SIZE = 10;

/** Bookings made with the expert, one filter and page at a time, both kept in the URL. */
export function BookingsSection() {
  const { t } = useTranslation();
  usePageTitle(t("dashboard.pageTitle", { section: t("bookings.label") }));
  const user = useAuthStore((s) => s.user);
  const viewerTz = user?.timezone ?? detectTimeZone();
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params.get("show"));
  const page = pageFrom(params.get("page"));

  const list = useQuery({
    queryKey: keys.dashboardBookings(filter.id, page),
    queryFn: () => fetchExpertBookings(filter.query, page, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;

  const show = (next: BookingFilter, nextPage: number) =>
    setParams(filterParams(next, nextPage), { replace: next.id === filter.id });

  // A page emptied meanwhile (bookings cancelled or passed) falls back to the last one.
  useEffect(() => {
    if (list.data && !list.isPlaceholderData && page > pages) show(filter, pages);
  });

  return (
    <>
      <section className="card stack-tight" aria-labelledby="bookings-title">
        <h2 id="bookings-title">{t("dashboard.bookingsTitle")}</h2>
        <FilterTabs current={filter} onSelect={(next) => show(next, 1)} />
        <div
          role="tabpanel"
          id={panelId}
          aria-labelledby={tabId(filter)}
          className="stack-tight"
          aria-busy={list.isFetching}
        >
          <p className="muted small">
            {filter.description}{" "}
            {list.data && list.data.total > 0
              ? t("dashboard.timesInCount", {
                  zone: viewerTz.replaceAll("_", " "),
                  count: list.data.total,
                })
              : t("dashboard.timesIn", { zone: viewerTz.replaceAll("_", " ") })}
          </p>
          {list.isPending ? (
            <Loading label={t("bookings.loading")} />
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          ) : list.data.items.length === 0 ? (
            <p className="empty">{filter.empty}</p>
          ) : (
            <>
              <ul className="booking-list">
                {list.data.items.map((booking) => {
                  const label = t("bookings.cardLabel", {
                    title: booking.eventTitle,
                    with: t("bookings.with", { name: booking.name }),
                    date: formatDate(booking.start, viewerTz),
                  });
                  return (
                    <BookingCard
                      key={booking.id}
                      booking={booking}
                      party="expert"
                      viewerTz={viewerTz}
                      session={
                        booking.seats != null ? (
                          <SessionSeatsLink booking={booking} label={label} />
                        ) : undefined
                      }
                      expertActions={
                        <ExpertBookingActions booking={booking} label={label} viewerTz={viewerTz} />
                      }
                    />
                  );
                })}
              </ul>
              <Pager
                page={page}
                pages={pages}
                label={t("dashboard.filterPages", { filter: filter.label })}
                onPage={(next) => show(filter, next)}
              />
            </>
          )}
        </div>
      </section>
      <CsvExport viewerTz={viewerTz} />
    </>
  );
}
