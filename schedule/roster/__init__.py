"""The monthly roster: shift templates and contracts, named staff and time off, the week's
shift mix (HiGHS), the CP-SAT model, teams from skills, and the roster's exports."""
