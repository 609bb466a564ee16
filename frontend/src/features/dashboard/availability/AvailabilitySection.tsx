import { useQuery } from "@tanstack/react-query";
import { fetchAvailability } from "../../../api/dashboard";
import { keys } from "../../../api/queries";
import { ErrorState, Loading, usePageTitle } from "../../../components/ui";
import { AvailabilityEditor } from "./AvailabilityEditor";

export function AvailabilitySection() {
  usePageTitle("Availability · Expert Dashboard");
  const availability = useQuery({ queryKey: keys.availability, queryFn: fetchAvailability });
  return (
    <section className="card" aria-labelledby="availability-title">
      <h2 id="availability-title">Availability</h2>
      {availability.isPending ? (
        <Loading label="Loading availability…" />
      ) : availability.isError ? (
        <ErrorState error={availability.error} onRetry={() => availability.refetch()} />
      ) : (
        <AvailabilityEditor initial={availability.data} />
      )}
    </section>
  );
}
