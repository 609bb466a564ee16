import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { isApiError } from "../../api/errors";
import { fetchExpert, keys } from "../../api/queries";
import { ErrorState, Loading, usePageTitle } from "../../components/ui";
import { useWatchExpert } from "../../realtime/socket";
import { NotFound } from "../NotFound";
import { BookingFlow } from "./BookingFlow";

/** `/expert/:id`, `/:username` and `/:username/:slug`: the expert and the booking flow. */
export function ExpertPage() {
  const { id, username, slug } = useParams();
  const idOrUsername = id ?? username ?? "";
  const expert = useQuery({
    queryKey: keys.expert(idOrUsername),
    queryFn: () => fetchExpert(idOrUsername),
  });
  usePageTitle(expert.data ? `Book ${expert.data.name}` : "Book a session");
  useWatchExpert(expert.data?.id);

  if (expert.isPending) return <Loading label="Loading…" />;
  if (expert.isError) {
    if (isApiError(expert.error) && expert.error.status === 404) {
      return (
        <NotFound
          title="We couldn't find that expert"
          message={`There is no expert at “${idOrUsername}”. Check the link, or ask the expert for their booking page address.`}
        />
      );
    }
    return <ErrorState error={expert.error} onRetry={() => expert.refetch()} />;
  }
  return <BookingFlow expert={expert.data} pathSlug={slug ?? null} />;
}
