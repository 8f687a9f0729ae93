"""The offline check reads Streamlit's settings the way Streamlit does, from the package's
list of required settings, so it works outside the checkout (an installed wheel)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from transitieatlas import config
from transitieatlas.evening import preflight

OPTION = "browser.gatherUsageStats"
ENV = "STREAMLIT_BROWSER_GATHER_USAGE_STATS"


def _write(folder: Path, value: str) -> Path:
    path = folder / ".streamlit" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[browser]\ngatherUsageStats = {value}\n", encoding="utf-8")
    return path


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """As for an installed package: no app.py beside the package, empty home and cwd."""
    monkeypatch.setattr(config, "REPO_DIR", tmp_path / "site-packages")
    monkeypatch.delenv(ENV, raising=False)
    for name in ("home", "cwd"):
        (tmp_path / name).mkdir()
    return tmp_path


def test_the_checkouts_streamlit_config_holds_every_required_setting():
    required = preflight.required_settings()
    assert required == {OPTION: False}
    checkout = tomllib.loads((config.REPO_DIR / ".streamlit/config.toml").read_text("utf-8"))
    assert {k: v for k, v in preflight._flatten(checkout).items() if k in required} == required


def test_installed_package_without_settings_fails_and_names_the_home_file(installed):
    (check,) = preflight.check_streamlit_config(installed / "cwd", installed / "home")
    assert not check.ok
    home_file = installed / "home" / ".streamlit" / "config.toml"
    assert check.fix == (
        f"zet in {home_file} onder [browser]: gatherUsageStats = false (of: export {ENV}=false)"
    )


def test_project_file_overrides_home_and_environment_overrides_both(installed, monkeypatch):
    home, cwd = installed / "home", installed / "cwd"
    files = preflight.streamlit_config_files(cwd, home)
    _write(home, "false")
    assert preflight.check_streamlit_config(cwd, home)[0].ok
    project = _write(cwd, "true")
    assert preflight.streamlit_setting(OPTION, files) == (True, str(project))
    (check,) = preflight.check_streamlit_config(cwd, home)
    assert not check.ok and check.fix.startswith(f"zet in {project} onder [browser]")
    monkeypatch.setenv(ENV, "False")
    assert preflight.streamlit_setting(OPTION, files) == (False, ENV)
    assert preflight.check_streamlit_config(cwd, home)[0].ok
    monkeypatch.setenv(ENV, "true")
    (check,) = preflight.check_streamlit_config(cwd, home)
    assert not check.ok and check.fix.startswith(f"de omgevingsvariabele {ENV} staat anders")


def test_in_the_checkout_the_apps_own_file_wins_over_the_folder_it_starts_from(tmp_path):
    _write(tmp_path / "cwd", "true")
    files = preflight.streamlit_config_files(tmp_path / "cwd", tmp_path / "home")
    assert files[-1] == config.REPO_DIR / ".streamlit" / "config.toml"
    assert preflight.streamlit_setting(OPTION, files) == (False, str(files[-1]))


def _streamlits_own_value(home: Path, cwd: Path, env: str | None) -> object:
    """What ``streamlit run`` itself resolves, in a fresh process: the config files, then
    its flags, which click also takes from ``STREAMLIT_*`` environment variables."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    environ["HOME"] = str(home)
    if env is not None:
        environ[ENV] = env
    code = (
        "import click\n"
        "from streamlit import config\n"
        "from streamlit.web import bootstrap, cli\n"
        "parent = click.Context(cli.main, info_name='streamlit', auto_envvar_prefix='STREAMLIT')\n"
        "ctx = cli.main_run.make_context('run', ['app.py'], parent=parent)\n"
        "flags = {k: v for k, v in ctx.params.items() if k not in ('target', 'args')}\n"
        "bootstrap.load_config_options(flag_options=flags)\n"
        f"print(repr(config.get_option({OPTION!r})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=environ, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return eval(out.stdout.strip().splitlines()[-1])  # True or False


@pytest.mark.parametrize(
    ("home_value", "cwd_value", "env"),
    [("false", None, None), ("false", "true", None), ("true", "false", None),
     (None, "true", "false"), ("false", None, "true")],
)  # fmt: skip
def test_same_value_as_streamlit_resolves(installed, monkeypatch, home_value, cwd_value, env):
    home, cwd = installed / "home", installed / "cwd"
    if home_value:
        _write(home, home_value)
    if cwd_value:
        _write(cwd, cwd_value)
    if env is not None:
        monkeypatch.setenv(ENV, env)
    ours, _ = preflight.streamlit_setting(OPTION, preflight.streamlit_config_files(cwd, home))
    assert ours == _streamlits_own_value(home, cwd, env)
