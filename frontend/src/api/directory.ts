// Server calls of the directory, avatars and reviews. Query keys stay here too, under
// prefixes that the pages invalidate.
import { api, call } from "./client";

export type DirectorySearch = {
  q: string;
  topic: string | null;
  /** Only experts with a free slot within this many days. */
  withinDays: number | null;
};

export const directoryKeys = {
  all: ["directory"] as const,
  search: (search: DirectorySearch) => ["directory", "search", search] as const,
  topics: ["directory", "topics"] as const,
  reviews: (expertId: string) => ["reviews", "expert", expertId] as const,
  bookingReview: (bookingId: string) => ["reviews", "booking", bookingId] as const,
};

export const PAGE_SIZE = 12;

export const fetchDirectory = (search: DirectorySearch, cursor: string | null) =>
  call(
    api.GET("/api/experts", {
      params: {
        query: {
          limit: PAGE_SIZE,
          ...(search.q.trim() ? { q: search.q.trim() } : {}),
          ...(search.topic ? { topic: search.topic } : {}),
          ...(search.withinDays ? { availableWithinDays: search.withinDays } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
    }),
  );

export const fetchTopics = () => call(api.GET("/api/topics", { params: { query: { limit: 12 } } }));

/** Sends the picture as multipart form data, the way a browser form would. */
export const uploadAvatar = (file: File) =>
  call(
    api.PUT("/api/experts/me/avatar", {
      body: { file: "" },
      bodySerializer: () => {
        const form = new FormData();
        form.append("file", file);
        return form;
      },
    }),
  );

export const removeAvatar = () => call(api.DELETE("/api/experts/me/avatar"));

export const fetchExpertReviews = (idOrUsername: string, cursor: string | null) =>
  call(
    api.GET("/api/experts/{id_or_username}/reviews", {
      params: { path: { id_or_username: idOrUsername }, query: cursor ? { cursor } : {} },
    }),
  );

export const fetchBookingReview = (bookingId: string, token: string | null) =>
  call(
    api.GET("/api/bookings/{booking_id}/review", {
      params: { path: { booking_id: bookingId }, query: token ? { token } : {} },
    }),
  );

export const createReview = (
  bookingId: string,
  token: string | null,
  body: { rating: number; text: string | null },
) =>
  call(
    api.POST("/api/bookings/{booking_id}/review", {
      params: { path: { booking_id: bookingId }, query: token ? { token } : {} },
      body,
    }),
  );

export const replyToReview = (reviewId: string, text: string) =>
  call(
    api.POST("/api/reviews/{review_id}/reply", {
      params: { path: { review_id: reviewId } },
      body: { text },
    }),
  );

export const reportReview = (reviewId: string, reason: string | null) =>
  call(
    api.POST("/api/reviews/{review_id}/report", {
      params: { path: { review_id: reviewId } },
      body: { reason },
    }),
  );
