"""`expertbook admin reviews` as an administrator runs it."""

import os
import subprocess
import sys
from pathlib import Path

from expertbook.migrations.runner import upgrade


def admin(*args: str, cwd: Path, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXPERTBOOK_ENV": "development", "EXPERTBOOK_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "expertbook.cli", "admin", "reviews", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestAdminReviews:
    def test_lists_and_refuses_unknown_ids(self, tmp_path: Path) -> None:
        url = f"sqlite+aiosqlite:///{tmp_path / 'admin.db'}"
        upgrade(url)
        listed = admin(cwd=tmp_path, database_url=url)
        assert listed.returncode == 0, listed.stderr
        assert "No reported review awaits a decision." in listed.stdout
        unknown = admin(
            "--keep", "00000000-0000-0000-0000-000000000000", cwd=tmp_path, database_url=url
        )
        assert unknown.returncode == 1
        assert "No reported review has the id" in unknown.stderr
        both = admin("--keep", "a", "--remove", "b", cwd=tmp_path, database_url=url)
        assert both.returncode == 2
