"""Staffing: Erlang C / A per interval, requirements with shrinkage and occupancy caps,
queues and pooling, and the discrete-event simulation that checks a plan."""

from wfm.schedule.staffing.agents import required_agents, service_level

__all__ = ["required_agents", "service_level"]
