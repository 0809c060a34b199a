"""The year plan (`wfm season`): the year's volume by week, the team's capacity, leave and
overhauls placed in the quiet weeks and hires for the busy ones (CP-SAT), and its exports."""
