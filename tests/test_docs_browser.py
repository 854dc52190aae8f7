"""The docs site in a real browser: MkDocs builds it, headless Chromium loads every page.

At 1280x800 each page must not scroll sideways, every anchor that the schema's hovers
and the Rules blocks link to must exist in the page as built, and search must find a
field by its wire name and by its Python name. Screenshots of four pages are kept in
build/docs-browser/ for a human to look at.

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`),
so no browser driver is needed. Without Chromium (Debian's `chromium` package) the
tests skip, and say so loudly.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import GENERATED, PROJECT, model
from test_docs import _mkdocs

from podspec_gen.render import docs as render_docs
from podspec_gen.render.docs.mkdocs_hooks import NavEntry, nav_pages
from podspec_gen.render.docs.pages import doc_link

MODEL = model()
LAYOUT = render_docs.layout(MODEL)
SHOTS = PROJECT / "build" / "docs-browser"
WIDTH, HEIGHT = 1280, 800
# The pages a human looks at: the index, a group's first part, a part of a split
# group, and a concept page.
SCREENSHOTS = ("README.md", "container.md", "storage-2.md", "concept-lifecycle.md")
TIMEOUT = 60.0


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = _chromium()
if CHROMIUM is None:
    warnings.warn(
        "NO CHROMIUM: the docs browser tests are SKIPPED (apt-get install chromium)",
        stacklevel=1,
    )
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="NO CHROMIUM: docs not checked in a browser (apt-get install chromium)",
)


def _pipes_at_3_and_4(reads: int, writes: int) -> None:
    """In the child, before exec: its pipe ends where Chromium looks for them. Copied
    first, so that moving one cannot close the other."""
    reads, writes = os.dup(reads), os.dup(writes)
    os.dup2(reads, 3)
    os.dup2(writes, 4)


class Browser:
    """Headless Chromium, one tab, spoken to over the DevTools protocol on a pipe."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        # Chromium reads commands from fd 3 and writes replies to fd 4.
        self._proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",  # CI runs as root
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "--remote-debugging-pipe",
            ],
            pass_fds=(3, 4),
            preexec_fn=functools.partial(_pipes_at_3_and_4, to_browser, from_browser),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.call(
            "Target.attachToTarget", targetId=target, flatten=True
        )["sessionId"]
        self.call("Page.enable", session=True)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, session: bool = False, **params: Any) -> Any:
        self._next += 1
        command: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            command["sessionId"] = self._session
        os.write(self._write, json.dumps(command).encode() + b"\0")
        while True:
            message = self._message()
            if message.get("id") == self._next:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def open(self, url: str) -> None:
        """Navigate and wait for the load event."""
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._message())

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        # It may close the pipe on its way out, before it answers.
        with contextlib.suppress(RuntimeError):
            self.call("Browser.close")
        self._proc.wait(timeout=TIMEOUT)
        os.close(self._write)
        os.close(self._read)


def _site_path(page: str) -> str:
    return "" if page == "README.md" else page.removesuffix(".md") + "/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = _mkdocs(PROJECT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The site over HTTP, as a reader gets it (search fetches its index)."""
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(site)
    )
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    assert CHROMIUM is not None
    chrome = Browser(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"))
    yield chrome
    chrome.close()


# What each page reports: its width against the window's, every id in it, the
# elements of the main column wider than the column (code blocks scroll by design),
# and the page titles of the navigation, in order.
_MEASURE = """(() => {
  const main = document.querySelector('.md-content');
  const limit = main.getBoundingClientRect().right + 1;
  const wide = [...main.querySelectorAll('*')]
    .filter(e => !e.closest('pre, code') && e.getBoundingClientRect().right > limit)
    .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 60));
  const scrolling = [...main.querySelectorAll('.md-typeset__scrollwrap, table')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => (e.textContent || '').trim().slice(0, 60));
  const code = [...main.querySelectorAll('pre > code')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => (e.textContent || '').trim().slice(0, 60));
  const nav = [...document.querySelectorAll(
      '.md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link')]
    .filter(e => e.getClientRects().length).map(e => e.textContent.trim());
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    wide, scrolling, code, nav, title: document.title,
  };
})()"""


@pytest.fixture(scope="module")
def measured(browser: Browser, server: str) -> dict[str, dict[str, Any]]:
    """Every page, loaded and measured once; three of them screenshotted."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict[str, Any]] = {}
    for _, path in nav_pages(render_docs_nav()):
        browser.open(server + _site_path(path))
        out[path] = browser.evaluate(_MEASURE)
        if path in SCREENSHOTS:
            browser.screenshot(SHOTS / (path.removesuffix(".md") + ".png"))
    return out


def test_no_page_scrolls_sideways_at_1280(measured: dict[str, dict[str, Any]]) -> None:
    for page, m in measured.items():
        assert m["innerWidth"] == WIDTH, page
        assert m["scrollWidth"] <= m["innerWidth"], (page, m["scrollWidth"])
        assert m["wide"] == [], (page, m["wide"][:5])


def test_no_table_scrolls_sideways_at_1280(measured: dict[str, dict[str, Any]]) -> None:
    wide = {page: m["scrolling"][:3] for page, m in measured.items() if m["scrolling"]}
    assert wide == {}


def test_example_lines_wrap_instead_of_scrolling(
    measured: dict[str, dict[str, Any]],
) -> None:
    hidden = {page: m["code"][:3] for page, m in measured.items() if m["code"]}
    assert hidden == {}


def test_screenshots_are_kept_for_a_human(measured: dict[str, dict[str, Any]]) -> None:
    for page in SCREENSHOTS:
        shot = SHOTS / (page.removesuffix(".md") + ".png")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", shot


def _linked_anchors() -> set[tuple[str, str]]:
    """(page, anchor) of every link into the docs: each field's and each rule's, as
    doc_link and the Rules blocks make them, and the schemas' hover links."""
    wanted = {
        tuple(doc_link(LAYOUT, t.name, f.wire_name).split("#"))
        for t in MODEL.types
        for f in t.fields
    }
    wanted |= {(LAYOUT.home(r.host), r.id) for r in MODEL.rules}
    for schema in (GENERATED / "jsonschema").glob("*.json"):
        text = schema.read_text(encoding="utf-8")
        wanted |= set(re.findall(r"/docs/([\w-]+\.md)#([\w-]+)", text))
    return {(page, frag) for page, frag in wanted}


def test_every_linked_anchor_exists_in_the_built_page(
    measured: dict[str, dict[str, Any]],
) -> None:
    wanted = _linked_anchors()
    assert len(wanted) > 1000  # not vacuous: every field and every rule
    ids = {page: set(m["ids"]) for page, m in measured.items()}
    missing = sorted((p, a) for p, a in wanted if a not in ids[p])
    assert missing == []


def test_the_navigation_reads_in_order_with_the_release_in_the_title(
    measured: dict[str, dict[str, Any]],
) -> None:
    nav = measured["README.md"]["nav"]
    assert nav[0] == "Overview" and nav.count("Overview") == 1
    expected = [t for entry in render_docs_nav() for t in entry]
    assert nav == expected
    for page, m in measured.items():
        assert f"Kubernetes {MODEL.kubernetes} PodSpec reference" in m["title"], page


def render_docs_nav() -> list[NavEntry]:
    from podspec_gen.render.docs.mkdocs_hooks import nav

    return nav(LAYOUT)


def _search(browser: Browser, server: str, query: str) -> list[str]:
    """What the site's own search lists for a query: the results' links."""
    browser.open(server + "?q=" + query)
    found: list[str] = browser.evaluate("""new Promise(resolve => {
             const started = Date.now();
             const poll = () => {
               const links = [...document.querySelectorAll(
                 '.md-search-result__list a')].map(a => a.getAttribute('href'));
               if (links.length || Date.now() - started > 20000) resolve(links);
               else setTimeout(poll, 100);
             };
             poll();
           })""")
    return found


@pytest.mark.parametrize(
    ("owner", "wire"), [("Container", "imagePullPolicy"), ("PodSpec", "hostNetwork")]
)
def test_search_finds_a_field_by_wire_and_python_name(
    browser: Browser, server: str, site: Path, owner: str, wire: str
) -> None:
    field = next(f for f in MODEL.type(owner).fields if f.wire_name == wire)
    page = doc_link(LAYOUT, owner, wire).split("#")[0]
    # The index MkDocs builds holds the field's block under its page.
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    texts = [
        d["text"] for d in index["docs"] if d["location"].startswith(_site_path(page))
    ]
    assert any(wire in t for t in texts) and any(field.python_name in t for t in texts)
    # And the search box, as a reader types it, lists that page.
    for query in (wire, field.python_name):
        results = _search(browser, server, query)
        assert any(_site_path(page) in href for href in results), (query, results)
