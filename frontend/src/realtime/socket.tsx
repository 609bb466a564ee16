import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { keys } from "../api/queries";
import type { Booking, SlotsChanged } from "../api/types";
import { useAuthStore } from "../stores/auth";

type ServerEvents = {
  newBooking: (booking: Booking) => void;
  bookingUpdated: (booking: Booking) => void;
  slotsChanged: (change: SlotsChanged) => void;
};
type ClientEvents = {
  watchExpert: (payload: { expertId: string }, ack: (reply: unknown) => void) => void;
  unwatchExpert: (payload: { expertId: string }) => void;
};
export type AppSocket = Socket<ServerEvents, ClientEvents>;

type SocketState = { socket: AppSocket | null; connected: boolean };
const SocketContext = createContext<SocketState>({ socket: null, connected: false });

/**
 * One Socket.IO connection for the app, authenticated with the session's token (anonymous
 * when logged out) and replaced when the session changes. Events refresh TanStack Query's
 * data; nothing from them is stored anywhere else.
 */
export function SocketProvider({ children }: { children: ReactNode }) {
  const token = useAuthStore((s) => s.token);
  // The server puts a socket in its expert room at connect time, so becoming an expert
  // needs a fresh connection to receive that expert's bookings.
  const expertId = useAuthStore((s) => s.user?.expertId ?? null);
  const queryClient = useQueryClient();
  const [state, setState] = useState<SocketState>({ socket: null, connected: false });

  // biome-ignore lint/correctness/useExhaustiveDependencies: expertId only forces a reconnect.
  useEffect(() => {
    const socket: AppSocket = io({
      path: "/socket.io",
      transports: ["websocket", "polling"],
      ...(token ? { auth: { token } } : {}),
    });
    setState({ socket, connected: false });

    socket.on("connect", () => {
      setState({ socket, connected: true });
      // Whatever happened while we were away was missed: refetch what is on screen.
      void queryClient.invalidateQueries();
    });
    socket.on("disconnect", () => setState({ socket, connected: false }));
    socket.on("connect_error", (error) => {
      // The server refused us (a CONNECT_ERROR packet carries `data`); transport failures
      // do not, and socket.io retries those by itself.
      if (token && "data" in error) useAuthStore.getState().clear(true);
    });
    socket.on("newBooking", (booking) => {
      void queryClient.invalidateQueries({ queryKey: keys.bookings });
      void queryClient.invalidateQueries({ queryKey: keys.slotsOf(booking.expertId) });
    });
    socket.on("bookingUpdated", (booking) => {
      queryClient.setQueryData(keys.booking(booking.id), (old: Booking | undefined) =>
        old ? { ...old, ...booking } : booking,
      );
      void queryClient.invalidateQueries({ queryKey: keys.bookingLists });
      void queryClient.invalidateQueries({ queryKey: keys.sessions });
      void queryClient.invalidateQueries({ queryKey: keys.slotsOf(booking.expertId) });
    });
    socket.on("slotsChanged", (change) => {
      void queryClient.invalidateQueries({ queryKey: keys.slotsOf(change.expertId) });
    });

    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [token, expertId, queryClient]);

  return <SocketContext.Provider value={state}>{children}</SocketContext.Provider>;
}

export function useSocketStatus(): SocketState {
  return useContext(SocketContext);
}

/** Run `handler` for each `event` from the server while the component is mounted. */
export function useSocketEvent<E extends keyof ServerEvents>(event: E, handler: ServerEvents[E]) {
  const { socket } = useContext(SocketContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerEvents[E]>) =>
      (latest.current as (...a: Parameters<ServerEvents[E]>) => void)(
        ...args,
      )) as unknown as ServerEvents[E];
    // biome-ignore lint/suspicious/noExplicitAny: socket.io's overloads cannot be narrowed here.
    socket.on(event, listener as any);
    return () => {
      // biome-ignore lint/suspicious/noExplicitAny: as above.
      socket.off(event, listener as any);
    };
  }, [socket, event]);
}

/** Follow an expert's public slot changes (again after every reconnect: rooms are per socket). */
export function useWatchExpert(expertId: string | undefined) {
  const { socket } = useContext(SocketContext);
  useEffect(() => {
    if (!socket || !expertId) return;
    const watch = () => socket.emit("watchExpert", { expertId }, () => undefined);
    if (socket.connected) watch();
    socket.on("connect", watch);
    return () => {
      socket.off("connect", watch);
      if (socket.connected) socket.emit("unwatchExpert", { expertId });
    };
  }, [socket, expertId]);
}
