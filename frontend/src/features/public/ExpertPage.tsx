import { useQuery } from "@tanstack/react-query";
import { Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { isApiError } from "../../api/errors";
import { fetchExpert, keys } from "../../api/queries";
import { ErrorState, Loading, usePageTitle } from "../../components/ui";
import { useWatchExpert } from "../../realtime/socket";
import { NotFound } from "../NotFound";
import { ReviewsSection } from "../reviews/ReviewsSection";
import { BookingFlow } from "./BookingFlow";
import { preloadEventTypeBooking } from "./loadEventTypeBooking";

/** `/expert/:id`, `/:username` and `/:username/:slug`: the expert and the booking flow. */
export function ExpertPage() {
  const { t } = useTranslation();
  const { id, username, slug } = useParams();
  const [params] = useSearchParams();
  const idOrUsername = id ?? username ?? "";
  // An event type's own page finds it even when it is hidden from the public list.
  const eventType = slug ?? null;
  const expert = useQuery({
    queryKey: keys.expert(idOrUsername, eventType),
    queryFn: () => fetchExpert(idOrUsername, eventType),
  });
  usePageTitle(
    expert.data ? t("expertPage.titleWith", { name: expert.data.name }) : t("expertPage.title"),
  );
  useWatchExpert(expert.data?.id);
  // A page that names an event type fetches its calendar's chunk while the expert loads.
  const namesType = Boolean(slug || params.get("type"));
  useEffect(() => {
    if (namesType) preloadEventTypeBooking();
  }, [namesType]);

  if (expert.isPending) return <Loading />;
  if (expert.isError) {
    if (isApiError(expert.error) && expert.error.status === 404) {
      return (
        <NotFound
          title={t("expertPage.notFoundTitle")}
          message={t("expertPage.notFoundMessage", { name: idOrUsername })}
        />
      );
    }
    return <ErrorState error={expert.error} onRetry={() => expert.refetch()} />;
  }
  // While a chosen event type's chunk is on its way the page still says it is loading, and
  // then shows whole, as when it comes with the expert: nothing below it jumps. Choosing a
  // type from the list is a navigation, during which the list stays until the chunk is there.
  return (
    <Suspense fallback={<Loading />}>
      <div className="stack">
        <BookingFlow expert={expert.data} pathSlug={slug ?? null} />
        <ReviewsSection expert={expert.data} />
      </div>
    </Suspense>
  );
}
