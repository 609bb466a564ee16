import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import {
  type DirectorySearch,
  directoryKeys,
  fetchDirectory,
  fetchTopics,
} from "../../api/directory";
import { ErrorState, Loading } from "../../components/ui";
import { ExpertCard } from "./ExpertCard";

const THIS_WEEK_DAYS = 7;

/** The search as the URL holds it, so a search can be shared and survives a reload. */
function readSearch(params: URLSearchParams): DirectorySearch {
  return {
    q: params.get("q") ?? "",
    topic: params.get("topic") || null,
    withinDays: params.get("week") === "1" ? THIS_WEEK_DAYS : null,
  };
}

/** Find an expert: words, a topic chip, "available this week"; best rated first. */
export function Directory() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = readSearch(params);
  const [text, setText] = useState(search.q);

  const update = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update({ q: text.trim() || null });
  };

  const topics = useQuery({ queryKey: directoryKeys.topics, queryFn: fetchTopics });
  const results = useInfiniteQuery({
    queryKey: directoryKeys.search(search),
    queryFn: ({ pageParam }) => fetchDirectory(search, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor ?? null,
  });
  const experts = results.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="stack directory" aria-labelledby="directory-title">
      <h2 id="directory-title">{t("directory.title")}</h2>
      <search>
        <form className="directory-search" onSubmit={submit}>
          <label htmlFor="directory-q">{t("directory.searchLabel")}</label>
          <div className="directory-search-row">
            <input
              id="directory-q"
              type="search"
              value={text}
              placeholder={t("directory.searchPlaceholder")}
              onChange={(e) => setText(e.target.value)}
            />
            <button type="submit" className="btn btn-primary">
              {t("directory.search")}
            </button>
          </div>
        </form>
      </search>
      <div className="directory-filters">
        {topics.data && topics.data.length > 0 && (
          <fieldset className="chips">
            <legend>{t("directory.topics")}</legend>
            {topics.data.map(({ topic }) => (
              <button
                key={topic}
                type="button"
                className="chip"
                aria-pressed={search.topic === topic}
                onClick={() => update({ topic: search.topic === topic ? null : topic })}
              >
                {topic}
              </button>
            ))}
          </fieldset>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={search.withinDays !== null}
            onChange={(e) => update({ week: e.target.checked ? "1" : null })}
          />
          {t("directory.thisWeek")}
        </label>
      </div>
      {results.isPending ? (
        <Loading label={t("directory.loading")} />
      ) : results.isError ? (
        <ErrorState error={results.error} onRetry={() => results.refetch()} />
      ) : experts.length === 0 ? (
        <p className="empty" role="status">
          {t("directory.empty")}
        </p>
      ) : (
        <>
          <ul className="expert-grid" aria-label={t("directory.results")}>
            {experts.map((expert) => (
              <ExpertCard key={expert.id} expert={expert} />
            ))}
          </ul>
          {results.hasNextPage && (
            <button
              type="button"
              className="btn btn-secondary"
              disabled={results.isFetchingNextPage}
              onClick={() => results.fetchNextPage()}
            >
              {results.isFetchingNextPage ? t("common.loading") : t("directory.more")}
            </button>
          )}
        </>
      )}
    </section>
  );
}
