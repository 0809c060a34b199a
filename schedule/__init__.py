"""Scheduling, after the forecast: staffing (Erlang C / A, requirements, simulation), the
monthly roster of named staff, the year plan (leave, overhauls, hires), what-if scenarios
and the KPI report; one sub-package each."""
