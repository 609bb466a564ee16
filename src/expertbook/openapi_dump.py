"""Write the OpenAPI document (used to generate the web app's typed client)."""

import json
import sys
from pathlib import Path

from expertbook.config import Settings
from expertbook.main import create_app


def main(path: str) -> None:
    app = create_app(Settings(env="test", secret_key="x" * 32, database_url="sqlite+aiosqlite://"))
    Path(path).write_text(json.dumps(app.openapi(), indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "frontend/openapi.json")
