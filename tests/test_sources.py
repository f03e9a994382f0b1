"""Reading inputs: formats, bad files, directories and URLs (a local server)."""

from __future__ import annotations

import http.server
import threading

import pytest

from pressgraph.errors import BinarySourceError, EmptySourceError, EncodingSourceError, FetchError
from pressgraph.sources import fetch_url, iter_release_inputs, read_file

from .conftest import FIXTURES, RELEASES, SAMPLE

BAD = FIXTURES / "releases_bad"


def test_formats_are_detected():
    assert read_file(SAMPLE).format == "text"
    assert {read_file(p).format for p in RELEASES.glob("*.html")} == {"html"}
    assert {read_file(p).format for p in RELEASES.glob("*.md")} == {"markdown"}


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("empty.txt", EmptySourceError),
        ("latin1.txt", EncodingSourceError),
        ("binary.txt", BinarySourceError),
    ],
)
def test_bad_inputs_name_the_file(name, error):
    with pytest.raises(error) as info:
        read_file(BAD / name)
    assert name in str(info.value)
    assert str(info.value).startswith("PG1")


def test_directory_walk_is_sorted_and_skips_hidden(tmp_path):
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("x", "utf-8")
    for name in ("b.txt", "a.md", "c.html", "notes.pdf"):
        (tmp_path / name).write_text("x", "utf-8")
    assert [p.name for p in iter_release_inputs([tmp_path])] == ["a.md", "b.txt", "c.html"]


@pytest.fixture()
def local_server(tmp_path):
    (tmp_path / "release.html").write_text(
        "<html><head><meta charset='utf-8'><title>T</title></head><body><article>"
        "<h1>Invented Release Title</h1><p>" + "Body text. " * 30 + "</p></article></body></html>",
        "utf-8",
    )

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(tmp_path), **k)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetch_url_from_a_local_server(local_server):
    from pressgraph.build import extract_file

    source = fetch_url(local_server + "/release.html")
    assert source.format == "html" and source.url.endswith("release.html")
    record = extract_file(local_server + "/release.html")
    assert record["title"] == "Invented Release Title"
    assert record["source"]["url"].startswith("http://127.0.0.1")


def test_fetch_missing_page_is_a_clear_error(local_server):
    with pytest.raises(FetchError) as info:
        fetch_url(local_server + "/nope.html")
    assert "404" in str(info.value)
