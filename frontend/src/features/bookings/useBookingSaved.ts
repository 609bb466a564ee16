import { useQueryClient } from "@tanstack/react-query";
import { keys } from "../../api/queries";
import type { Booking } from "../../api/types";

/** After a cancel or reschedule: show the new booking everywhere it is listed. */
export function useBookingSaved() {
  const queryClient = useQueryClient();
  return (booking: Booking) => {
    queryClient.setQueryData(keys.booking(booking.id), booking);
    void queryClient.invalidateQueries({ queryKey: keys.bookingLists });
    void queryClient.invalidateQueries({ queryKey: keys.sessions });
    void queryClient.invalidateQueries({ queryKey: keys.slotsOf(booking.expertId) });
  };
}
