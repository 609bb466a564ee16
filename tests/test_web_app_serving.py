"""The built web app at /: compressed variants by Accept-Encoding, cache headers, fallback.

Each test builds a tiny dist folder the way the Vite build lays it out: index.html and
hashed files under assets/, each with .br and .gz siblings (the .br bodies here are markers:
the server passes them on untouched, so the test reads the raw bytes sent).
"""

import gzip
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from expertbook.main import create_app
from tests.auth.test_accounts import assert_error
from tests.conftest import make_settings

INDEX = b"<!doctype html><title>ExpertBook</title>"
SCRIPT = b"console.log('ExpertBook');" * 20
STYLE = b"body { margin: 0 }" * 20
IMMUTABLE = "public, max-age=31536000, immutable"


def write_with_variants(path: Path, body: bytes, *, brotli: bool = True) -> None:
    path.write_bytes(body)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(body))
    if brotli:
        path.with_name(path.name + ".br").write_bytes(b"brotli:" + body[:10])


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    write_with_variants(root / "index.html", INDEX)
    write_with_variants(root / "assets" / "index-C0ffee12.js", SCRIPT)
    write_with_variants(root / "assets" / "index-Dec0de34.css", STYLE, brotli=False)
    (root / "assets" / "index-C0ffee12.js.map").write_text('{"version": 3}')
    (root / "assets" / "app.js").write_text("console.log(1)")
    (root / "robots.txt").write_text("User-agent: *\n")
    return root


async def client_for(tmp_path: Path, dist: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'web.db'}")
    app = create_app(settings.model_copy(update={"frontend_dist": dist}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        yield http
    await app.state.database.dispose()


@pytest.fixture
async def web_client(tmp_path: Path, dist: Path) -> AsyncIterator[httpx.AsyncClient]:
    async for http in client_for(tmp_path, dist):
        yield http


async def fetch_raw(
    http: httpx.AsyncClient, path: str, accept_encoding: str
) -> tuple[httpx.Response, bytes]:
    """The response and its body exactly as sent, before any decoding."""
    headers = {"Accept-Encoding": accept_encoding}
    async with http.stream("GET", path, headers=headers) as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    return response, raw


class TestCompressedVariants:
    async def test_brotli_comes_first(self, web_client: httpx.AsyncClient, dist: Path) -> None:
        response, raw = await fetch_raw(web_client, "/assets/index-C0ffee12.js", "gzip, br")
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "br"
        assert raw == (dist / "assets" / "index-C0ffee12.js.br").read_bytes()
        assert int(response.headers["Content-Length"]) == len(raw)
        assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert response.headers["Vary"] == "Accept-Encoding"

    @pytest.mark.parametrize("accept", ["gzip", "gzip, deflate", "br;q=0, gzip;q=0.8"])
    async def test_gzip_when_brotli_is_not_taken(
        self, web_client: httpx.AsyncClient, accept: str
    ) -> None:
        response, raw = await fetch_raw(web_client, "/assets/index-C0ffee12.js", accept)
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(raw) == SCRIPT
        assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert response.headers["Vary"] == "Accept-Encoding"

    async def test_gzip_when_the_build_made_no_brotli(self, web_client: httpx.AsyncClient) -> None:
        response, raw = await fetch_raw(web_client, "/assets/index-Dec0de34.css", "br, gzip")
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(raw) == STYLE
        assert response.headers["Content-Type"] == "text/css; charset=utf-8"

    @pytest.mark.parametrize("accept", ["identity", "", "gzip;q=0, br;q=0"])
    async def test_the_original_without_a_taken_coding(
        self, web_client: httpx.AsyncClient, accept: str
    ) -> None:
        response, raw = await fetch_raw(web_client, "/assets/index-C0ffee12.js", accept)
        assert "Content-Encoding" not in response.headers
        assert raw == SCRIPT
        assert response.headers["Vary"] == "Accept-Encoding"

    async def test_the_page_itself_is_compressed(self, web_client: httpx.AsyncClient) -> None:
        response, raw = await fetch_raw(web_client, "/alice/intro", "gzip")
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(raw) == INDEX
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"

    async def test_a_variant_answers_its_own_etag_with_304(
        self, web_client: httpx.AsyncClient
    ) -> None:
        path, accept = "/assets/index-C0ffee12.js", {"Accept-Encoding": "br"}
        first = await web_client.get(path, headers=accept)
        etag = {"If-None-Match": first.headers["ETag"]}
        again = await web_client.get(path, headers={**accept, **etag})
        assert again.status_code == 304
        plain = await web_client.get(path, headers={"Accept-Encoding": "identity"})
        assert plain.headers["ETag"] != first.headers["ETag"]


class TestCacheHeaders:
    async def test_hashed_assets_are_kept_a_year(self, web_client: httpx.AsyncClient) -> None:
        for accept in ("br", "gzip", "identity"):
            response = await web_client.get(
                "/assets/index-C0ffee12.js", headers={"Accept-Encoding": accept}
            )
            assert response.headers["Cache-Control"] == IMMUTABLE

    @pytest.mark.parametrize("path", ["/", "/alice", "/alice/intro", "/robots.txt"])
    async def test_pages_are_revalidated(self, web_client: httpx.AsyncClient, path: str) -> None:
        response = await web_client.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"


class TestFallback:
    @pytest.mark.parametrize("path", ["/", "/my-bookings", "/alice/review", "/expert-dashboard"])
    async def test_deep_links_load_the_app(self, web_client: httpx.AsyncClient, path: str) -> None:
        response = await web_client.get(path)
        assert response.status_code == 200
        assert "<title>ExpertBook</title>" in response.text

    async def test_head_of_a_client_route(self, web_client: httpx.AsyncClient) -> None:
        response = await web_client.head("/alice/intro")
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"

    async def test_files_beside_the_page_are_served(self, web_client: httpx.AsyncClient) -> None:
        response = await web_client.get("/robots.txt")
        assert response.text == "User-agent: *\n"
        assert response.headers["Content-Type"].startswith("text/plain")

    async def test_assets_and_api_keep_their_meaning(self, web_client: httpx.AsyncClient) -> None:
        assert (await web_client.get("/assets/app.js")).text == "console.log(1)"
        assert_error(await web_client.get("/api/missing"), 404, "not_found")
        assert (await web_client.get("/openapi.json")).json()["openapi"]

    async def test_a_missing_asset_is_404_not_the_page(self, web_client: httpx.AsyncClient) -> None:
        assert_error(await web_client.get("/assets/index-Gone0000.js"), 404, "not_found")

    async def test_other_methods_on_a_page_are_errors(self, web_client: httpx.AsyncClient) -> None:
        response = await web_client.post("/alice/intro", json={})
        assert response.status_code in (404, 405)
        assert set(response.json()) == {"error"}

    @pytest.mark.parametrize(
        "path",
        [
            "/assets/index-C0ffee12.js.map",
            "/assets/index-C0ffee12.js.br",
            "/assets/index-C0ffee12.js.gz",
        ],
    )
    async def test_source_maps_and_raw_variants_are_not_served(
        self, web_client: httpx.AsyncClient, path: str
    ) -> None:
        response = await web_client.get(path)
        assert response.status_code == 404
        assert "ExpertBook" not in response.text

    async def test_a_raw_variant_beside_the_page_is_a_client_route(
        self, web_client: httpx.AsyncClient
    ) -> None:
        response, raw = await fetch_raw(web_client, "/index.html.gz", "identity")
        assert response.status_code == 200
        assert raw == INDEX

    async def test_without_a_build_pages_are_plain_404s(self, tmp_path: Path) -> None:
        async for http in client_for(tmp_path, tmp_path / "no-build"):
            assert_error(await http.get("/alice/intro"), 404, "not_found")
