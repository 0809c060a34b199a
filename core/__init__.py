"""The ground every stage stands on: the config, errors a planner can act on, CSV intake,
the centre's calendar, per-queue fan-out, atomic output writing, chart helpers and the
frame contracts between stages."""
