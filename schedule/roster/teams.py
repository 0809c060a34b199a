"""Which staff roster against which queues: teams formed by the queues in their skills.

With many queues a roster needs to know who can take what. wfm forms teams from the
employees' `skills` (queue names, `;`-separated): everyone with the same set of queues is
one team, rostered against the sum of those queues' staff. Teams must not share a queue,
so each queue's requirement is met by one team; true skills-based routing across
overlapping teams is not modelled. When no one's skills name a queue, the whole team
serves every queue (the roll-up).
"""

from __future__ import annotations

from dataclasses import dataclass

from wfm.core.errors import InputError
from wfm.schedule.roster.staff import Employee

EVERY_QUEUE = "all queues"


@dataclass(frozen=True)
class SkillGroup:
    """A team and the queues it serves; `name` joins the queues with '+'."""

    name: str
    queues: tuple[str, ...]
    employees: tuple[Employee, ...]


def skill_groups(employees: list[Employee], queues: list[str], file: str = "employees"
                 ) -> list[SkillGroup]:
    """The teams to roster, one per distinct set of queues in the staff's skills."""
    known = set(queues)
    served = {e.employee_id: tuple(sorted(set(e.skills) & known)) for e in employees}
    if not any(served.values()):
        return [SkillGroup(EVERY_QUEUE, tuple(sorted(queues)), tuple(employees))]
    by_set: dict[tuple[str, ...], list[Employee]] = {}
    for e in employees:
        if not served[e.employee_id]:
            raise InputError(f"employee {e.employee_id}: skills {';'.join(e.skills)!r} name "
                             f"none of the queues ({', '.join(sorted(queues))}); with queues, "
                             "every employee lists the queues they take", file=file,
                             column="skills")
        by_set.setdefault(served[e.employee_id], []).append(e)
    owner: dict[str, tuple[str, ...]] = {}
    for team in by_set:
        for q in team:
            if q in owner:
                raise InputError(
                    f"queue {q!r} is in two skill sets ({'+'.join(owner[q])} and "
                    f"{'+'.join(team)}): wfm rosters each set of queues with its own team, "
                    "so teams must not share a queue", file=file, column="skills")
            owner[q] = team
    missing = sorted(known - set(owner))
    if missing:
        raise InputError(f"no employee has queue {missing[0]!r} in their skills, so no one "
                         "can be rostered for it", file=file, column="skills")
    return [SkillGroup("+".join(team), team, tuple(staff))
            for team, staff in sorted(by_set.items())]
