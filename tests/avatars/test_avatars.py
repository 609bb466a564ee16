"""Avatars: a picture in, a clean small WebP out; anything else refused, nothing changed.
On SQLite and PostgreSQL."""

import io
from pathlib import Path

import httpx
import pytest
from PIL import ExifTags, Image

from expertbook.config import Settings
from tests import factories
from tests.auth.test_accounts import assert_error
from tests.conftest import make_settings

PATH = "/api/experts/me/avatar"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, media_dir=tmp_path / "media")


def picture(fmt: str, size: tuple[int, int] = (1200, 800), **save: object) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    output = io.BytesIO()
    image.save(output, format=fmt, **save)
    return output.getvalue()


def with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SnoopCam"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 31.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (13.0, 24.0, 36.0),
    }
    data = picture("JPEG", exif=exif)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it is there
    return data


async def upload(
    client: httpx.AsyncClient, owner: dict, data: bytes, name: str = "me.png"
) -> httpx.Response:
    files = {"file": (name, data, "application/octet-stream")}
    return await client.put(PATH, files=files, headers=owner["headers"])


class TestUpload:
    @pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
    async def test_a_picture_becomes_a_small_webp(
        self, client: httpx.AsyncClient, fmt: str
    ) -> None:
        owner = await factories.expert(client, "Pic Person", username="pic")
        response = await upload(client, owner, picture(fmt))
        assert response.status_code == 200, response.text
        url = response.json()["avatarUrl"]
        assert url.startswith("/api/avatars/") and url.endswith(".webp")
        assert (await client.get("/api/experts/pic")).json()["avatarUrl"] == url
        served = await client.get(url)
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/webp"
        assert "immutable" in served.headers["cache-control"]
        image = Image.open(io.BytesIO(served.content))
        assert image.format == "WEBP" and image.size == (512, 341)

    async def test_exif_and_gps_are_gone(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        response = await upload(client, owner, with_gps(), "holiday.jpg")
        assert response.status_code == 200, response.text
        served = await client.get(response.json()["avatarUrl"])
        image = Image.open(io.BytesIO(served.content))
        assert not image.getexif()
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in image.info and "xmp" not in image.info
        assert b"SnoopCam" not in served.content

    async def test_a_new_picture_replaces_and_removes_the_old(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        owner = await factories.expert(client)
        first = (await upload(client, owner, picture("PNG", (100, 100)))).json()["avatarUrl"]
        second = (await upload(client, owner, picture("PNG", (300, 200)))).json()["avatarUrl"]
        assert first != second
        assert (await client.get(first)).status_code == 404
        assert (await client.get(second)).status_code == 200
        removed = await client.delete(PATH, headers=owner["headers"])
        assert removed.json()["avatarUrl"] is None
        assert (await client.get(second)).status_code == 404
        assert list((settings.media_dir).iterdir()) == []


class TestRefused:
    async def test_too_large(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        big = picture("PNG", (16, 16)) + b"\0" * (2 * 1024 * 1024)
        response = await upload(client, owner, big)
        assert response.status_code == 413
        assert response.json()["error"]["code"] in ("file_too_large", "payload_too_large")
        huge = b"\0" * (3 * 1024 * 1024)
        response = await upload(client, owner, huge)
        assert_error(response, 413, "payload_too_large")
        me = (await client.get("/api/experts/me", headers=owner["headers"])).json()
        assert me["avatarUrl"] is None

    @pytest.mark.parametrize(
        "data",
        [
            b"hello, I am text",
            b"\x89PNG\r\n\x1a\n" + b"\0" * 100,  # a PNG's signature, then nothing
            b"GIF89a" + b"\0" * 100,
            b"",
        ],
    )
    async def test_not_a_picture(self, client: httpx.AsyncClient, data: bytes) -> None:
        owner = await factories.expert(client)
        response = await upload(client, owner, data, "me.png")
        assert_error(response, 422, "not_an_image")
        me = (await client.get("/api/experts/me", headers=owner["headers"])).json()
        assert me["avatarUrl"] is None

    async def test_a_gif_is_not_accepted(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        response = await upload(client, owner, picture("GIF", (20, 20)), "me.gif")
        assert_error(response, 422, "not_an_image")

    async def test_no_file_and_no_expert(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        missing = await client.put(PATH, headers=owner["headers"])
        assert_error(missing, 422, "validation_error")
        plain = await factories.register(client)
        files = {"file": ("me.png", picture("PNG"), "image/png")}
        response = await client.put(PATH, files=files, headers=plain["headers"])
        assert response.status_code == 403
        anonymous = await client.put(PATH, files=files)
        assert anonymous.status_code == 401

    async def test_unknown_names_are_404(self, client: httpx.AsyncClient) -> None:
        for name in (
            "nothing.webp",
            "../secret_key",
            "%2e%2e%2fsecret_key",
            "a" * 32 + "-" + "b" * 16 + ".webp",
        ):
            response = await client.get(f"/api/avatars/{name}")
            assert response.status_code == 404, name
