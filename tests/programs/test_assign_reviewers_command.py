"""`korpu assign-reviewers`: the command wrapper around korpu.solvers.review_assignment."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

VALID = {
    "format": "korpu.review-assignment/v1",
    "applications": [{"id": "a1", "reviews": 2}, {"id": "a2", "reviews": 1}],
    "reviewers": [
        {"id": "r1", "min": 1, "max": 2},
        {"id": "r2", "max": 2},
        {"id": "r3", "min": 0, "max": 1},
    ],
    "affinity": [
        {"application": "a1", "reviewer": "r1", "score": 0.9},
        {"application": "a1", "reviewer": "r2", "score": 0.5},
        {"application": "a1", "reviewer": "r3", "score": 0.7},
        {"application": "a2", "reviewer": "r1", "score": 0.4},
        {"application": "a2", "reviewer": "r3", "score": 0.8},
    ],
    "conflicts": [{"application": "a1", "reviewer": "r2"}],
}


def write(tmp_path: Path, data, name="instance.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_writes_the_optimal_solution(tmp_path):
    out = tmp_path / "solution.json"
    stdout = io.StringIO()
    call_command("assign-reviewers", str(write(tmp_path, VALID)), "-o", str(out), stdout=stdout)
    assert json.loads(out.read_text()) == {
        "format": "korpu.review-assignment.solution/v1",
        "mode": "sum",
        "status": "optimal",
        "objective": 2.0,
        "min_application_score": 0.4,
        "bound": None,
        "objective_bound": None,
        "assignments": [
            {"application": "a1", "reviewer": "r1"},
            {"application": "a1", "reviewer": "r3"},
            {"application": "a2", "reviewer": "r1"},
        ],
        "reason": None,
    }
    assert stdout.getvalue().startswith(
        "optimal (sum mode): objective 2.000000, 3 assignments, worst-off application 0.400000"
    )


def test_without_output_file_prints_the_solution(tmp_path):
    stdout = io.StringIO()
    data = VALID | {"mode": "fair"}
    call_command("assign-reviewers", str(write(tmp_path, data)), "--time-limit", "5", stdout=stdout)
    solution = json.loads(stdout.getvalue())
    assert (solution["mode"], solution["status"]) == ("fair", "optimal")
    # a1 needs both r1 and r3 (r2 is conflicted) and r3 takes one application, so a2 gets r1:
    # the only feasible assignment, optimal in both modes.
    assert solution["min_application_score"] == 0.4


def test_infeasible_instance_is_a_result_not_an_error(tmp_path):
    data = json.loads(json.dumps(VALID))
    data["reviewers"][2]["max"] = 0  # r3 can take nobody: a1 has only r1 left
    out = tmp_path / "solution.json"
    stdout = io.StringIO()
    call_command("assign-reviewers", str(write(tmp_path, data)), "-o", str(out), stdout=stdout)
    solution = json.loads(out.read_text())
    assert solution["status"] == "infeasible"
    assert solution["assignments"] == []
    assert solution["reason"] == (
        "applications compete for too few reviewers: application 'a1' needs 2 reviews but its "
        "candidate reviewers 'r1', 'r3' can give it at most 1 (max loads; one review per "
        "candidate pair)"
    )
    assert stdout.getvalue().startswith("infeasible: applications compete")


def broken(**changes) -> dict:
    data = json.loads(json.dumps(VALID))
    for path, value in changes.items():
        *keys, last = path.split("__")
        target = data
        for key in keys:
            target = target[int(key) if key.isdigit() else key]
        last = int(last) if last.isdigit() else last
        if value is KeyError:
            del target[last]
        else:
            target[last] = value
    return data


MALFORMED = {
    "bad JSON": ('{"format": "korpu.review-assignment/v1",', "invalid JSON at line 1 column 41"),
    "wrong format tag": (broken(format="korpu.review-assignment/v2"), 'unsupported "format"'),
    "missing id": (broken(applications__1__id=KeyError), 'applications[1]: missing "id"'),
    "duplicate id": (broken(reviewers__1__id="r1"), "reviewers[1]: duplicate id 'r1'"),
    "unknown id in affinity": (
        broken(affinity__0__application="a9"),
        "affinity[0]: unknown application 'a9'",
    ),
    "unknown id in conflicts": (
        broken(conflicts__0__reviewer="r9"),
        "conflicts[0]: unknown reviewer 'r9'",
    ),
    "negative reviews": (
        broken(applications__0__reviews=-2),
        "applications[0] ('a1'): reviews must be a non-negative integer, not -2",
    ),
    "non-integer load": (
        broken(reviewers__0__max=2.5),
        "reviewers[0] ('r1'): max must be a non-negative integer, not 2.5",
    ),
    "min above max": (
        broken(reviewers__2__min=2),
        "reviewers[2] ('r3'): min 2 is greater than max 1",
    ),
    "non-finite score": (
        json.dumps(VALID).replace('"score": 0.9', '"score": NaN'),
        "affinity[0]: score must be finite, not nan",
    ),
    "non-numeric score": (
        broken(affinity__1__score="high"),
        "affinity[1]: score must be a number, not 'high'",
    ),
    "duplicate pair": (
        broken(affinity__1={"application": "a1", "reviewer": "r1", "score": 0.1}),
        "affinity[1]: duplicate pair ('a1', 'r1')",
    ),
    "locked pair not a candidate": (
        broken(locked=[{"application": "a2", "reviewer": "r2"}]),
        "locked[0]: pair ('a2', 'r2') is not a candidate (not in affinity)",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_input_is_a_one_line_error_with_exit_code_2(tmp_path, case):
    data, message = MALFORMED[case]
    path = write(tmp_path, data)
    with pytest.raises(CommandError) as error:
        call_command("assign-reviewers", str(path), "-o", str(tmp_path / "out.json"))
    assert error.value.returncode == 2
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert not (tmp_path / "out.json").exists()


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("assign-reviewers", str(tmp_path / "nope.json"))
    assert error.value.returncode == 2
    assert str(error.value) == f"cannot read {tmp_path / 'nope.json'}: No such file or directory"


@pytest.mark.parametrize("limit", ["-1", "nan"])
def test_bad_time_limit_is_an_error(tmp_path, limit):
    with pytest.raises(CommandError) as error:
        call_command("assign-reviewers", str(write(tmp_path, VALID)), "--time-limit", limit)
    assert error.value.returncode == 2
    assert str(error.value) == f"--time-limit must be a number of seconds >= 0, not {float(limit)}"


def run_korpu(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "korpu.settings",
        "SECRET_KEY": "tests-only",
        "KORPU_DATA_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "-m", "korpu", "assign-reviewers", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("case", ["bad JSON", "non-finite score", "duplicate pair"])
def test_console_command_exits_2_with_one_line_on_stderr(tmp_path, case):
    data, message = MALFORMED[case]
    path = write(tmp_path, data)
    done = run_korpu(tmp_path, str(path), "-o", str(tmp_path / "out.json"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"CommandError: {path}: ")
    assert message in done.stderr
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_console_command_solves(tmp_path):
    path = write(tmp_path, VALID)
    done = run_korpu(tmp_path, str(path), "-o", str(tmp_path / "out.json"))
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "out.json").read_text())["objective"] == 2.0
