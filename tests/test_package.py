"""The installable package: the wheel carries the reference tables, and an installed (not
editable) copy runs the CLI from a folder outside the checkout against the mirror."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from transitieatlas import config

REPO = Path(__file__).resolve().parents[1]
FRYSLAN = "regional/friesland_warmtekaart/buurt_potentie_extraqt.geojson.gz"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout, built once for the module (``pip wheel --no-deps``)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
        check=True,
        cwd=out,
    )
    (built,) = out.glob("transitieatlas-*.whl")
    return built


def test_wheel_carries_every_reference_table(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        "transitieatlas/" + p.relative_to(config.PACKAGE_DIR).as_posix()
        for p in config.REFERENCE_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert len(shipped) >= 12  # indicators, heat constants, kengetallen, kwb tables, mappings
    assert shipped <= names, sorted(shipped - names)
    for name in (
        "transitieatlas/data/indicators.csv",
        "transitieatlas/data/heat_constants.csv",
        "transitieatlas/data/column_mappings/cbs_vierkant100m.csv",
        "transitieatlas/py.typed",
        "transitieatlas/maps/frontend/index.html",
        "transitieatlas/db/migrations/versions/0003_rounds.py",
    ):
        assert name in names, name
    assert not any(n.startswith(("data/", "tests/")) for n in names)


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (not editable); the dependencies are taken from
    the test environment's site-packages through a ``.pth`` line (no download)."""
    target = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", str(wheel)],
        check=True,
    )  # fmt: skip
    return target


def _run(venv_dir: Path, args: list[str], cwd: Path, env: dict[str, str]):
    return subprocess.run(
        [str(venv_dir / "bin" / "transitieatlas"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_installed_cli_runs_outside_the_checkout(
    installed, shared_data, tmp_path, capsys, monkeypatch
):
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import transitieatlas; print(transitieatlas.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(installed)), where  # the wheel's copy, not the checkout
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRANSITIEATLAS_")}
    env |= {"HOME": str(tmp_path / "home"), "TRANSITIEATLAS_MIRROR": str(shared_data)}
    imported = _run(installed, ["import", str(shared_data / FRYSLAN)], tmp_path, env)
    assert imported.returncode == 0, imported.stderr
    done = _run(
        installed, ["areas", "GM0080", "--level", "buurt", "--format", "csv"], tmp_path, env
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 + 134 and lines[0].startswith("code,")
    # the store went to ~/.transitieatlas (not into site-packages), and the output is the
    # same as the checkout's CLI gives on the same store
    assert (tmp_path / "home" / ".transitieatlas" / "store" / "manifest.json").is_file()
    from transitieatlas.cli import main

    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home" / ".transitieatlas"))
    capsys.readouterr()
    assert main(["areas", "GM0080", "--level", "buurt", "--format", "csv"]) == 0
    assert capsys.readouterr().out == done.stdout


def test_installed_offline_check_reads_the_settings_without_the_checkout(installed, tmp_path):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TRANSITIEATLAS_", "STREAMLIT_"))
    }
    env |= {"HOME": str(tmp_path / "home")}
    first = _run(installed, ["check", "--offline"], tmp_path, env)
    assert first.returncode == 1, first.stderr  # an empty store: the screens have no data
    lines = first.stdout.splitlines()
    assert lines[1] == "[ok]       kaartbestanden (Leaflet) staan in de app zelf"
    assert lines[2] == "[PROBLEEM] de app belt niet naar buiten (gebruiksstatistiek uit)"
    settings = tmp_path / "home" / ".streamlit" / "config.toml"
    assert lines[3] == (
        f"           → oplossing: zet in {settings} onder [browser]: gatherUsageStats = false "
        "(of: export STREAMLIT_BROWSER_GATHER_USAGE_STATS=false)"
    )
    assert "[ok]       scherm 1: Tekstscherm" in first.stdout  # the presentation was rendered
    settings.parent.mkdir(parents=True)
    settings.write_text("[browser]\ngatherUsageStats = false\n", encoding="utf-8")
    second = _run(installed, ["check", "--offline"], tmp_path, env)
    assert second.stdout.splitlines()[2] == (
        "[ok]       de app belt niet naar buiten (gebruiksstatistiek uit)"
    )
