"""geokg draw --html: one self-contained page, checked as text and in headless Chromium.

The browser tests drive Debian's chromium with its chromedriver (packages chromium and
chromium-driver) through selenium; they skip with a reason where those are absent. Chromium
runs with a proxy on a closed loopback port and every host name mapped to nothing, and the
test reads Chromium's own network log: the page must request nothing but itself.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
from html.parser import HTMLParser
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
A = "https://w3id.org/geokg/actor/"


@pytest.fixture
def page(built_cli, tmp_path) -> Path:
    out = tmp_path / "graph.html"
    r = built_cli("draw", "--html", "-o", out)
    assert r.exit_code == 0, r.output
    return out


def embedded_data(text: str) -> dict:
    m = re.search(r'<script type="application/json" id="geokg-data">(.*?)</script>', text, re.S)
    return json.loads(m.group(1))


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "data", "poster", "srcset") and value:
                self.refs.append((tag, name, value))


# --- the file itself ---------------------------------------------------------------------


def test_page_is_self_contained(page):
    text = page.read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(text)
    assert parser.refs == []  # no src/href at all: scripts and styles are inline
    assert "link" not in parser.tags and "iframe" not in parser.tags and "img" not in parser.tags
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text)
    assert "@import" not in text
    assert not re.search(r"""url\(\s*["']?(?!#)""", text)  # url(#arrow-...) names a marker of the page
    assert "Content-Security-Policy" in text and "default-src 'none'" in text


def test_page_carries_nodes_edges_and_statements(page, open_built):
    from graph.project import project

    g = project(open_built())
    data = embedded_data(page.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == g.number_of_nodes()
    assert len(data["edges"]) == g.number_of_edges()
    edge = next(e for e in data["edges"] if e["relation"] == "buysArmsFrom")
    assert edge["source"] == A + "RUS" and edge["target"] == A + "PRK"
    assert edge["style"] == "dashed" and edge["statements"][0]["attribution"] == "US officials"
    assert edge["statements"][0]["source"].startswith("Kim Jong Un cultivates closer ties")
    assert {r["name"] for r in data["relations"]} >= {"recognizes", "buysArmsFrom", "memberOf"}


def test_page_escapes_text():
    import networkx as nx

    from graph.html import html_document

    g = nx.MultiDiGraph()
    g.add_node("a", label="</script><script>alert(1)</script>", kind="State")
    g.add_node("b", label="B & <b>", kind="Bloc")
    g.add_edge("a", "b", key="supports", relation="supports", label="supports", polarity="+",
               statements=[{"iri": "s", "quote": "<img src=x onerror=alert(1)>", "status": "curated"}])
    text = html_document(g, title="<title>")
    assert "</script><script>alert(1)" not in text
    assert "<img src=x" not in text
    assert "&lt;title&gt;" in text
    data = embedded_data(text)
    assert data["nodes"][0]["label"] == "</script><script>alert(1)</script>"


def test_focus_and_path_pages(built_cli, tmp_path):
    r = built_cli("draw", "--html", "--path", "Japan", "Donetsk People's Republic", "-o", tmp_path / "p.html")
    assert r.exit_code == 0, r.output
    data = embedded_data((tmp_path / "p.html").read_text(encoding="utf-8"))
    assert any(e["path"] for e in data["edges"]) and any(n["path"] for n in data["nodes"])
    r = built_cli("draw", "--html", "--focus", "Corée du Nord", "--lang", "fr", "-o", tmp_path / "f.html")
    assert r.exit_code == 0, r.output
    text = (tmp_path / "f.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in text and "Corée du Nord" in text


# --- in the browser ----------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is: nothing listens there


@pytest.fixture
def browser(tmp_path):
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("headless Chromium is absent: apt-get install chromium chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,900",
                f"--user-data-dir={tmp_path / 'chromium-profile'}",
                f"--proxy-server=127.0.0.1:{_closed_port()}", "--proxy-bypass-list=<-loopback>",
                "--host-resolver-rules=MAP * ~NOTFOUND"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(tmp_path / "chromium-profile", ignore_errors=True)


def _load(driver, path: Path):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(path.as_uri())
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.body.dataset.ready === '1'"))


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            urls.append(msg["params"].get("request", {}).get("url") or msg["params"].get("url", ""))
    return urls


@pytest.mark.browser
def test_graph_renders_offline_without_errors(browser, page, open_built):
    from graph.project import project

    g = project(open_built())
    _load(browser, page)
    js = browser.execute_script
    assert js("return document.querySelectorAll('#graph .node').length") == g.number_of_nodes()
    assert js("return document.querySelectorAll('#graph .edge').length") == g.number_of_edges()
    box = js("var b = document.getElementById('viewport').getBBox(); return [b.width, b.height];")
    assert box[0] > 300 and box[1] > 200
    # the fitted drawing is on screen: the nodes' boxes are inside the SVG's
    inside = js("""var s = document.getElementById('graph').getBoundingClientRect();
        return Array.from(document.querySelectorAll('#graph .node')).every(function (n) {
          var r = n.getBoundingClientRect();
          return r.width > 0 && r.left >= s.left - 1 && r.right <= s.right + 1 && r.top >= s.top - 1 && r.bottom <= s.bottom + 1; });""")
    assert inside
    # not blank: the screenshot has the kinds' and polarities' colours
    from io import BytesIO

    from PIL import Image

    shot = Image.open(BytesIO(browser.get_screenshot_as_png())).convert("RGB")
    colours = {c for _, c in shot.getcolors(1 << 20)}
    assert (76, 114, 176) in colours  # a state's blue
    assert len(colours) > 50
    requests = _requests(browser)
    assert requests and all(u.startswith(("file:", "data:", "about:", "chrome:")) for u in requests), requests
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []


@pytest.mark.browser
def test_hover_filter_drag_and_zoom(browser, page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _load(browser, page)
    js = browser.execute_script
    # hover an edge: its statements and source appear
    edge = browser.find_element(By.CSS_SELECTOR, '#graph .edge[data-relation="buysArmsFrom"] path.hit')
    js("""var r = arguments[0].getBoundingClientRect();
          arguments[0].dispatchEvent(new PointerEvent('pointerenter', {clientX: r.left, clientY: r.top, bubbles: false}));""",
       edge)
    tip = browser.find_element(By.ID, "tip")
    assert tip.is_displayed()
    assert "buys arms from" in tip.text and "US officials" in tip.text
    assert "Kim Jong Un cultivates closer ties" in tip.text
    # filter by relation
    browser.find_element(By.ID, "none").click()
    assert browser.find_element(By.ID, "graph").get_attribute("data-visible-edges") == "0"
    browser.find_element(By.CSS_SELECTOR, '#filters input[value="memberOf"]').click()
    visible = js("return Array.from(document.querySelectorAll('#graph .edge')).filter(function (e) {"
                 " return e.style.display !== 'none'; }).map(function (e) { return e.dataset.relation; });")
    assert visible and set(visible) == {"memberOf"}
    browser.find_element(By.ID, "all").click()
    # drag a node
    node = browser.find_element(By.CSS_SELECTOR, f'#graph .node[data-id="{A}JPN"]')
    before = node.get_attribute("transform")
    ActionChains(browser).drag_and_drop_by_offset(node, 60, 40).perform()
    assert node.get_attribute("transform") != before
    # zoom with the wheel
    viewport = browser.find_element(By.ID, "viewport")
    t0 = viewport.get_attribute("transform")
    js("document.getElementById('graph').dispatchEvent(new WheelEvent('wheel', {deltaY: -300, clientX: 400, clientY: 300, bubbles: true, cancelable: true}));")
    assert viewport.get_attribute("transform") != t0
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    assert all(u.startswith(("file:", "data:", "about:", "chrome:")) for u in _requests(browser))
