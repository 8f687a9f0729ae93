"""``transitieatlas tally`` end to end: in-process via main() and once as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

from transitieatlas.cli import main

CSV = """voter,geleding,ballot
1,burgers,A>B>C
2,burgers,B>A
3,kennis,C>A
4,overheid,
5,bedrijven,A
6,bedrijven,A
7,bedrijven,B>C
"""
# Hand count (see tests/voting/test_voting.py): A 23/12, C 14/12, B 13/12.


def write(tmp_path, text=CSV):
    path = tmp_path / "stemmen.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_tally_json(tmp_path, capsys):
    code = main(
        ["tally", str(write(tmp_path)), "--method", "borda", "--seed", "9", "--format", "json"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert [(r["item"], r["rank"], r["total"]) for r in data["ranking"]] == [
        ("A", 1, 1.916667),
        ("C", 2, 1.166667),
        ("B", 3, 1.083333),
    ]
    assert data["ranking"][0]["per_geleding"] == {
        "kennis": 0.5,
        "burgers": 0.75,
        "bedrijven": 0.666667,
    }
    assert data["geledingen_absent"] == ["voorzieningen", "overheid"]
    assert data["seed"] == 9
    assert data["ties"] == []
    assert data["items"] == ["A", "B", "C"]


def test_tally_with_items_adds_unvoted_item_and_text_format(tmp_path, capsys):
    code = main(
        [
            "tally",
            str(write(tmp_path)),
            "--method",
            "borda",
            "--items",
            "A, B,C,D",
            "--format",
            "text",
        ]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    # m = 4 now: points 3, 2, 1, 0 scaled by 1/3. burgers: A (3 + 2) / (2 * 3) = 5/6;
    # kennis (C>A): A 2/3; bedrijven (A, A, B>C): A (3 + 3) / (3 * 3) = 2/3.
    # total A = 5/6 + 2/3 + 2/3 = 13/6 = 2.167
    assert "  1. A: 2.167  (kennis 0.667, burgers 0.833, bedrijven 0.667)" in out
    assert "Afwezig: Maatschappelijke voorzieningen, Overheid" in out
    assert out.splitlines()[4].startswith("  4. D: 0.000")


def test_tally_refuses_invalid_input_with_every_problem(tmp_path, capsys):
    bad = CSV + "1,kennis,A>A\n9,boeren,B\n"
    code = main(["tally", str(write(tmp_path, bad)), "--method", "borda", "--items", "A,B"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == "transitieatlas: Het stembestand kan niet worden geteld:"
    assert "  - regel 2: 'C' is geen onderwerp van deze stemming" in lines
    assert "  - regel 9: 'A' staat meer dan één keer op het stembiljet" in lines
    assert any("regel 10: onbekende geleding 'boeren'" in line for line in lines)
    assert "  - kiezer '1' heeft meer dan één keer gestemd (regel 2, regel 9)" in lines


def test_tally_missing_file(tmp_path, capsys):
    code = main(["tally", str(tmp_path / "nee.csv"), "--method", "approval"])
    assert code == 1
    assert "Kan het stembestand" in capsys.readouterr().err


def test_tally_subprocess(tmp_path):
    path = write(tmp_path, "voter,geleding,ballot\na,burgers,A\nb,kennis,B\n")
    args = [sys.executable, "-m", "transitieatlas", "tally", str(path), "--method", "approval"]
    first = subprocess.run([*args, "--format", "json"], capture_output=True, text=True, check=True)
    data = json.loads(first.stdout)
    # A and B each total 1 and each is preferred by one geleding: the lot decides.
    assert data["ties"][0]["decided_by"] == "loting"
    again = subprocess.run(
        [*args, "--seed", str(data["seed"])], capture_output=True, text=True, check=True
    )
    assert [r["item"] for r in json.loads(again.stdout)["ranking"]] == [
        r["item"] for r in data["ranking"]
    ]
    bad = subprocess.run(
        [*args[:-2], "--method", "approval", "--items", "A"], capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert "minstens twee onderwerpen" in bad.stderr
