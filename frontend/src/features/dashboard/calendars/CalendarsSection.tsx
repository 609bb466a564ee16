import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../../api/errors";
import { disconnectCalendar, fetchCalendars, toolKeys } from "../../../api/expertTools";
import type { CalendarConnection } from "../../../api/types";
import { Dialog, ErrorState, Loading, Notice, usePageTitle } from "../../../components/ui";
import { detectTimeZone } from "../../../lib/time";
import { useAuthStore } from "../../../stores/auth";
import { useBookingFlowStore } from "../../../stores/bookingFlow";
import { CalendarItem } from "./CalendarItem";
import { ConnectCalendarForm } from "./ConnectCalendarForm";

// While a read the expert asked for runs, the list is asked again this often.
const SYNC_POLL_MS = 1000;

/** The expert's connected calendars: busy times from them, bookings written into one. */
export function CalendarsSection() {
  const { t } = useTranslation();
  usePageTitle(t("dashboard.pageTitle", { section: t("calendars.title") }));
  const queryClient = useQueryClient();
  const viewerTz = useAuthStore((s) => s.user?.timezone) ?? detectTimeZone();
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const list = useQuery({
    queryKey: toolKeys.calendars,
    queryFn: fetchCalendars,
    refetchInterval: (query) =>
      query.state.data?.some((connection) => connection.syncing) ? SYNC_POLL_MS : false,
  });
  const [connecting, setConnecting] = useState(false);
  const [disconnecting, setDisconnecting] = useState<CalendarConnection | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // Busy times, and so the week view, follow every change.
  const refresh = () => void queryClient.invalidateQueries({ queryKey: toolKeys.calendars });
  // The server's answer is shown at once (syncing again), then the list is asked anew.
  const changed = (updated: CalendarConnection) => {
    queryClient.setQueryData<CalendarConnection[]>(toolKeys.calendars, (list) =>
      list?.map((connection) => (connection.id === updated.id ? updated : connection)),
    );
    refresh();
  };

  const remove = useMutation({
    mutationFn: (connection: CalendarConnection) => disconnectCalendar(connection.id),
    onSuccess: (_, connection) => {
      refresh();
      setDisconnecting(null);
      setMessage(t("calendars.disconnected", { url: connection.url }));
    },
  });

  return (
    <section className="card stack-tight" aria-labelledby="calendars-title">
      <div className="section-head">
        <h2 id="calendars-title">{t("calendars.title")}</h2>
        {!connecting && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setMessage(null);
              setConnecting(true);
            }}
          >
            {t("calendars.new")}
          </button>
        )}
      </div>
      <p className="muted small">{t("calendars.intro")}</p>
      {message && (
        <Notice kind="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      )}
      {connecting && (
        <ConnectCalendarForm
          onCancel={() => setConnecting(false)}
          onConnected={(connection) => {
            refresh();
            setConnecting(false);
            setMessage(t("calendars.connected", { url: connection.url }));
          }}
        />
      )}
      {list.isPending ? (
        <Loading label={t("calendars.loading")} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        !connecting && <p className="empty">{t("calendars.empty")}</p>
      ) : (
        <ul className="webhook-list">
          {list.data.map((connection) => (
            <CalendarItem
              key={connection.id}
              connection={connection}
              viewerTz={viewerTz}
              hour12={hour12}
              onChanged={changed}
              onDisconnect={(c) => {
                remove.reset();
                setDisconnecting(c);
              }}
            />
          ))}
        </ul>
      )}
      <Dialog
        open={disconnecting !== null}
        title={t("calendars.disconnectTitle")}
        onClose={() => setDisconnecting(null)}
      >
        <p className="break-anywhere">
          {t("calendars.disconnectText", { url: disconnecting?.url ?? "" })}
        </p>
        {remove.isError && <Notice kind="error">{errorMessage(remove.error)}</Notice>}
        <div className="button-row">
          <button
            type="button"
            className="btn btn-danger"
            disabled={remove.isPending}
            onClick={() => disconnecting && remove.mutate(disconnecting)}
          >
            {remove.isPending ? t("calendars.disconnecting") : t("calendars.disconnectConfirm")}
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => setDisconnecting(null)}
          >
            {t("calendars.keep")}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
