"""Teams from skills (schedule/roster/teams.py): one team per set of queues in the staff's
skills, and an error for each way the skills cannot be rostered."""

from __future__ import annotations

import pytest

from wfm.core.errors import InputError
from wfm.schedule.roster.staff import Employee, load_employees
from wfm.schedule.roster.teams import EVERY_QUEUE, skill_groups

QUEUES = ["sales", "support", "billing"]


def _staff(*skills: str) -> list[Employee]:
    return [Employee(employee_id=f"E{i:02d}", name=f"Person {i}", contract="full-time",
                     skills=tuple(s for s in text.split(";") if s))
            for i, text in enumerate(skills, start=1)]


def _ids(group) -> list[str]:
    return [e.employee_id for e in group.employees]


def test_no_skills_naming_a_queue_make_one_team_for_every_queue():
    staff = _staff("phone;chat", "", "english")
    groups = skill_groups(staff, QUEUES)
    assert len(groups) == 1
    assert groups[0].name == EVERY_QUEUE == "all queues"
    assert groups[0].queues == ("billing", "sales", "support")
    assert list(groups[0].employees) == staff


def test_one_team_per_set_of_queues_named_by_its_queues_in_order():
    staff = _staff("support;sales", "billing", "sales;support;english", "sales;support",
                   "billing;phone")
    groups = skill_groups(staff, QUEUES)
    assert [g.name for g in groups] == ["billing", "sales+support"]
    assert [g.queues for g in groups] == [("billing",), ("sales", "support")]
    assert _ids(groups[0]) == ["E02", "E05"]
    assert _ids(groups[1]) == ["E01", "E03", "E04"]  # the order of the staff file
    # every employee in exactly one team, every queue in exactly one team
    assert sorted(i for g in groups for i in _ids(g)) == [e.employee_id for e in staff]
    assert sorted(q for g in groups for q in g.queues) == sorted(QUEUES)


def test_each_queue_its_own_team():
    groups = skill_groups(_staff("sales", "support", "billing", "support"), QUEUES)
    assert [(g.name, _ids(g)) for g in groups] == [
        ("billing", ["E03"]), ("sales", ["E01"]), ("support", ["E02", "E04"])]


def test_an_employee_whose_skills_name_no_queue_is_an_error():
    staff = _staff("sales", "support;billing", "phone;chat")
    with pytest.raises(InputError) as info:
        skill_groups(staff, QUEUES, file="staff.csv")
    assert str(info.value) == (
        "staff.csv, column 'skills': employee E03: skills 'phone;chat' name none of the queues "
        "(billing, sales, support); with queues, every employee lists the queues they take")


def test_an_employee_with_no_skills_at_all_is_an_error_when_others_name_queues():
    with pytest.raises(InputError) as info:
        skill_groups(_staff("sales;support;billing", ""), QUEUES)
    assert "employee E02: skills '' name none of the queues" in str(info.value)
    assert str(info.value).startswith("employees, column 'skills': ")


def test_a_queue_in_two_skill_sets_is_an_error_naming_it():
    staff = _staff("sales;support", "billing", "support")
    with pytest.raises(InputError) as info:
        skill_groups(staff, QUEUES, file="staff.csv")
    assert str(info.value) == (
        "staff.csv, column 'skills': queue 'support' is in two skill sets (sales+support and "
        "support): wfm rosters each set of queues with its own team, so teams must not share "
        "a queue")


def test_a_queue_nobody_serves_is_an_error_naming_it():
    with pytest.raises(InputError) as info:
        skill_groups(_staff("sales", "support"), QUEUES, file="staff.csv")
    assert str(info.value) == ("staff.csv, column 'skills': no employee has queue 'billing' in "
                               "their skills, so no one can be rostered for it")


def test_skills_are_read_with_spaces_around_the_names(tmp_path):
    path = tmp_path / "employees.csv"
    path.write_text("employee_id,name,contract,skills\n"
                    "E1,Ann,full-time, sales ; support \n"
                    "E2,Bob,full-time,billing;\n"
                    "E3,Cy,full-time,support;sales\n")
    staff = load_employees(path, {"full-time": None})
    assert [e.skills for e in staff] == [("sales", "support"), ("billing",),
                                         ("support", "sales")]
    groups = skill_groups(staff, QUEUES, file=str(path))
    assert [(g.name, _ids(g)) for g in groups] == [("billing", ["E2"]),
                                                   ("sales+support", ["E1", "E3"])]
