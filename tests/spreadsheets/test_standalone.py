"""The spreadsheets package stands on its own: importing it loads no Django and
nothing of the project's apps, so that it can be read, tested and reused
without them."""

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
NOT_ALLOWED = ("django", "config", "core", "plans", "actions", "progress", "imports", "dashboards")


def test_importing_spreadsheets_loads_no_django_and_no_app():
    script = (
        "import sys, spreadsheets, spreadsheets.reading, spreadsheets.writing;"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {NOT_ALLOWED!r});"
        "print(loaded); assert not loaded, loaded"
    )
    # -I: isolated from the environment (no DJANGO_SETTINGS_MODULE, no user
    # site-packages); the project is put on the path by hand.
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(PROJECT)!r}); {script}"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "[]"
