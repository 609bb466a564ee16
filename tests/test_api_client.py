"""The web app's generated API client matches the backend's OpenAPI document (CI fails if stale)."""

import json
import shutil
import subprocess

import pytest

from expertbook.main import create_app
from tests.conftest import make_settings
from tests.live import ROOT
from tests.services import services_required

FRONTEND = ROOT / "frontend"


def test_committed_openapi_document_is_current() -> None:
    current = create_app(make_settings("sqlite+aiosqlite://")).openapi()
    committed = json.loads((FRONTEND / "openapi.json").read_text())
    assert committed == json.loads(json.dumps(current)), "run `make client` and commit the result"


def test_generated_types_are_current(tmp_path) -> None:  # type: ignore[no-untyped-def]
    generator = FRONTEND / "node_modules" / ".bin" / "openapi-typescript"
    if shutil.which("node") is None or not generator.exists():
        reason = "node and frontend/node_modules (make install) are needed to regenerate the client"
        if services_required():
            pytest.fail(reason)
        pytest.skip(reason)
    package = json.loads((FRONTEND / "package.json").read_text())
    command = package["scripts"]["generate"].split()
    output = tmp_path / "schema.d.ts"
    command[command.index("-o") + 1] = str(output)
    subprocess.run([str(generator), *command[1:]], cwd=FRONTEND, check=True, capture_output=True)
    committed = (FRONTEND / "src" / "api" / "schema.d.ts").read_text()
    assert output.read_text() == committed, "run `make client` and commit the result"
