"""wfm scheduling: Erlang staffing, shift rosters, leave and overhaul plans, simulation.

The stages land one issue at a time; see the README for what is here now.
"""
