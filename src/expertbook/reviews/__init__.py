"""Reviews of sessions that took place: one per booking, by its client; the expert's reply
and report; an administrator's decision on reported reviews."""
