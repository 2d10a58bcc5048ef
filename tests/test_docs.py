"""Every command documents itself: a one-line summary and an example in its help."""

import subprocess
import sys

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from warlosses.cli import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_there_are_commands() -> None:
    assert {"ingest", "show", "export", "civilians"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_summary_and_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"warlosses {command}" in result.stdout
    summary = get_command(app).commands[command].help  # type: ignore[attr-defined]
    assert summary and summary.splitlines()[0].endswith(".")


def test_help_and_version_do_not_import_pandas() -> None:
    code = (
        "import sys\n"
        "from warlosses.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
