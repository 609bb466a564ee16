import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Booking } from "../../api/types";
import { detectTimeZone, formatShortDate, formatTime } from "../../lib/time";
import { useSocketEvent } from "../../realtime/socket";
import { useAuthStore } from "../../stores/auth";
import { useBookingFlowStore } from "../../stores/bookingFlow";

type LiveNotice = { id: string; kind: "new" | "cancelled" | "updated"; text: string };

/**
 * Bookings made, cancelled or moved while the dashboard is open, whatever section is shown.
 * The lists themselves refresh through the socket layer's query invalidation.
 */
export function LiveNotices() {
  const { t } = useTranslation();
  const user = useAuthStore((s) => s.user);
  const hour12 = useBookingFlowStore((s) => s.hour12);
  const viewerTz = user?.timezone ?? detectTimeZone();
  const [notices, setNotices] = useState<LiveNotice[]>([]);

  const describe = (b: Booking) =>
    t("live.describe", {
      name: b.name,
      title: b.eventTitle,
      date: formatShortDate(b.start, viewerTz),
      time: formatTime(b.start, viewerTz, hour12),
    });
  const push = (notice: LiveNotice) =>
    setNotices((list) => [notice, ...list.filter((n) => n.id !== notice.id)].slice(0, 5));

  useSocketEvent("newBooking", (b) => {
    if (b.expertId !== user?.expertId) return;
    const text =
      b.status === "pending"
        ? t("expertTools.liveRequest", { booking: describe(b) })
        : t("live.new", { booking: describe(b) });
    push({ id: `${b.id}-new`, kind: "new", text });
  });
  useSocketEvent("bookingUpdated", (b) => {
    if (b.expertId !== user?.expertId) return;
    const cancelled = b.status === "cancelled" || b.status === "declined";
    const booking = describe(b);
    push({
      id: `${b.id}-${b.sequence}-${b.status}`,
      kind: cancelled ? "cancelled" : "updated",
      text:
        b.status === "cancelled"
          ? t("live.cancelled", { booking })
          : b.status === "declined"
            ? t("expertTools.liveDeclined", { booking })
            : t("live.updated", { booking }),
    });
  });

  return (
    <div aria-live="polite" className="live-notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind === "new" ? "success" : "warning"}`}>
          <div className="notice-body">{n.text}</div>
          <button
            type="button"
            className="btn-link notice-dismiss"
            onClick={() => setNotices((list) => list.filter((x) => x.id !== n.id))}
          >
            {t("common.dismiss")}
          </button>
        </div>
      ))}
    </div>
  );
}
