import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../../api/errors";
import { syncCalendar, updateCalendar } from "../../../api/expertTools";
import type { CalendarConnection } from "../../../api/types";
import { Notice } from "../../../components/ui";
import { shortWhen } from "../shortWhen";
import { CredentialsForm } from "./CredentialsForm";

/** One connection: its state, its calendars to choose from, "Sync now" and "Disconnect". */
export function CalendarItem({
  connection,
  viewerTz,
  hour12,
  onChanged,
  onDisconnect,
}: {
  connection: CalendarConnection;
  viewerTz: string;
  hour12: boolean;
  onChanged: (connection: CalendarConnection) => void;
  onDisconnect: (connection: CalendarConnection) => void;
}) {
  const { t } = useTranslation();
  const isCaldav = connection.kind === "caldav";
  const [busy, setBusy] = useState<string[] | null>(null);
  const [write, setWrite] = useState<string | null | undefined>(undefined);
  const [changingPassword, setChangingPassword] = useState(false);
  const chosenBusy = busy ?? connection.calendars.filter((c) => c.busy).map((c) => c.url);
  const chosenWrite = write === undefined ? connection.writeCalendarUrl : write;
  const dirty = busy !== null || write !== undefined;

  const save = useMutation({
    mutationFn: () =>
      updateCalendar(connection.id, {
        busyCalendars: chosenBusy,
        ...(isCaldav ? { writeCalendarUrl: chosenWrite } : {}),
      }),
    onSuccess: (updated) => {
      setBusy(null);
      setWrite(undefined);
      onChanged(updated);
    },
  });
  const sync = useMutation({ mutationFn: () => syncCalendar(connection.id), onSuccess: onChanged });
  const host = (() => {
    try {
      return new URL(connection.url).host;
    } catch {
      return connection.url;
    }
  })();

  return (
    <li className="webhook-item">
      <div className="webhook-head">
        <div className="webhook-info">
          <h3 className="mono break-anywhere">
            {host}{" "}
            <span className="badge">
              {isCaldav ? t("calendars.kindCaldavShort") : t("calendars.kindIcsShort")}
            </span>
          </h3>
          <p className="muted small break-anywhere">{connection.url}</p>
          <p className="small" aria-live="polite">
            {connection.syncing
              ? t("calendars.syncing")
              : connection.lastSyncedAt
                ? t("calendars.lastSynced", {
                    when: shortWhen(connection.lastSyncedAt, viewerTz, hour12),
                  })
                : t("calendars.neverSynced")}
          </p>
        </div>
        <div className="button-row">
          <button
            type="button"
            className="btn btn-secondary btn-small"
            disabled={sync.isPending || connection.syncing}
            aria-label={t("calendars.syncFor", { host })}
            onClick={() => sync.mutate()}
          >
            {t("calendars.syncNow")}
          </button>
          {isCaldav && (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              aria-expanded={changingPassword}
              aria-label={t("calendars.changePasswordFor", { host })}
              onClick={() => setChangingPassword((open) => !open)}
            >
              {t("calendars.changePassword")}
            </button>
          )}
          <button
            type="button"
            className="btn btn-danger-outline btn-small"
            aria-label={t("calendars.disconnectFor", { host })}
            onClick={() => onDisconnect(connection)}
          >
            {t("calendars.disconnect")}
          </button>
        </div>
      </div>
      {connection.lastError && (
        <Notice kind="warning">
          {/* Only a calendar read before has busy times that still count. */}
          {connection.lastSyncedAt
            ? t("calendars.error", { error: connection.lastError })
            : t("calendars.errorFirstRead", { error: connection.lastError })}
        </Notice>
      )}
      {changingPassword && (
        <CredentialsForm
          connection={connection}
          onCancel={() => setChangingPassword(false)}
          onSaved={(updated) => {
            setChangingPassword(false);
            onChanged(updated);
          }}
        />
      )}
      {(sync.isError || save.isError) && (
        <Notice kind="error">{errorMessage(sync.error ?? save.error)}</Notice>
      )}
      {connection.calendars.length > 0 && (
        <form
          className="stack-tight"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <fieldset className="choice-group">
            <legend>{t("calendars.busyLegend")}</legend>
            <div className="choice-column">
              {connection.calendars.map((calendar) => (
                <label key={calendar.url} className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosenBusy.includes(calendar.url)}
                    onChange={(e) =>
                      setBusy(
                        e.target.checked
                          ? [...chosenBusy, calendar.url]
                          : chosenBusy.filter((url) => url !== calendar.url),
                      )
                    }
                  />
                  <span>{calendar.name}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {isCaldav && (
            <fieldset className="choice-group">
              <legend>{t("calendars.writeLegend")}</legend>
              <div className="choice-column">
                {[...connection.calendars, null].map((calendar) => (
                  <label key={calendar?.url ?? "none"} className="checkbox">
                    <input
                      type="radio"
                      name={`write-${connection.id}`}
                      checked={chosenWrite === (calendar?.url ?? null)}
                      onChange={() => setWrite(calendar?.url ?? null)}
                    />
                    <span>{calendar ? calendar.name : t("calendars.writeNone")}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <div className="button-row">
            <button
              type="submit"
              className="btn btn-primary btn-small"
              disabled={!dirty || save.isPending}
            >
              {save.isPending ? t("calendars.saving") : t("calendars.save")}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
