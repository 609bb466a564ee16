import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { fetchAvailability } from "../../../api/dashboard";
import { keys } from "../../../api/queries";
import { ErrorState, Loading, usePageTitle } from "../../../components/ui";
import { BusyWeek } from "../calendars/BusyWeek";
import { AvailabilityEditor } from "./AvailabilityEditor";

export function AvailabilitySection() {
  const { t } = useTranslation();
  usePageTitle(t("dashboard.pageTitle", { section: t("dashboard.availability") }));
  const availability = useQuery({ queryKey: keys.availability, queryFn: fetchAvailability });
  return (
    <section className="card" aria-labelledby="availability-title">
      <h2 id="availability-title">{t("dashboard.availability")}</h2>
      {availability.isPending ? (
        <Loading label={t("availability.loading")} />
      ) : availability.isError ? (
        <ErrorState error={availability.error} onRetry={() => availability.refetch()} />
      ) : (
        <div className="stack">
          <AvailabilityEditor initial={availability.data} />
          <BusyWeek timeZone={availability.data.timezone} />
        </div>
      )}
    </section>
  );
}
