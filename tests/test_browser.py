"""The rendered report as a reader opens it: every page of a report on 60 generated articles
from more than 10 regions, loaded in headless Chromium.

Checked on each page: no console message (no error, no failed script), every table that
DataTables can sort became interactive (search box, sorting), no table cell cut by pandas,
and the page under 3 MB. On notebook 05, every "what differs" finding appears whole.

Runs where Debian's ``chromium`` is installed (``.ci/run`` installs it); skipped elsewhere.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest

from helpers.report import run_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"),
]
AS_OF = "2025-01-15"
MAX_PAGE_BYTES = 3_000_000
#: The table entries the report left in its store.
STORED: set[str] = set()
_CONSOLE = re.compile(r":CONSOLE[^\]]*\]\s*(.*)")


def _open(page) -> tuple[str, list[str]]:
    """The page's DOM after its scripts ran, and the console messages it printed."""
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=15000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    return done.stdout, [m.group(1) for m in map(_CONSOLE.search, done.stderr.splitlines()) if m]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from benchmarks.generate import generate_corpus

    root = tmp_path_factory.mktemp("browser")
    corpus = generate_corpus(root / "articles", 60, seed=3, captured_on=AS_OF)
    store = root / "store"  # this report's own store: the tests below add tables of their own to the session's
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BCL_STORE_DIR", str(store))
        index = run_report(corpus, as_of=AS_OF, output=root / "site", export=False)
    STORED.update(p.name for p in store.glob("*/*.json") if not p.name.endswith(".dtypes.json"))
    return corpus, index.parent


def test_every_page_loads_without_console_messages_and_its_tables_are_interactive(site):
    _, folder = site
    pages = sorted(folder.glob("[0-9][0-9]_*.html"))
    assert len(pages) == 5
    for page in pages:
        assert page.stat().st_size < MAX_PAGE_BYTES, (page.name, page.stat().st_size)
        dom, console = _open(page)
        assert console == [], (page.name, console[:5])
        assert 'data-tables-ready="yes"' in dom, page.name  # the DataTables script ran to its end
        tables = dom.count('class="dataframe')
        interactive = dom.count("dt-container")
        assert tables >= 1 and interactive >= 1, (page.name, tables, interactive)
        assert dom.count('type="search"') >= 1, page.name  # a search box: filterable
        assert "dt-orderable" in dom or "sorting" in dom, page.name  # sortable headers
        if page.name.startswith("02_"):  # keyword in context, centred: left context right-aligned
            assert 'class="kwic-left' in dom or "kwic-left " in dom, page.name
        cut = re.findall(r"<td[^>]*>([^<]{0,80}\.\.\.)</td>", dom)
        assert not cut, (page.name, cut[:3])  # pandas never shortened a cell


def test_region_comparison_findings_are_whole(site):
    from helpers import compare, store
    from helpers.horizons import extract_horizons
    from helpers.keywords import distinctive_terms, name_words
    from helpers.themes import theme_scores

    corpus_dir, folder = site
    tables = store.open_tables(corpus_dir, as_of=AS_OF)
    corpus = tables.corpus
    assert corpus.articles["region"].nunique() >= 10
    findings = compare.what_differs(
        tables.get(theme_scores, corpus, level="region"),
        compare.drop_place_names(tables.get(distinctive_terms, corpus, group="region", top=200),
                                 names=tables.get(name_words, corpus)),
        tables.get(extract_horizons, corpus),
        min_ratio=1.5,
    )
    assert len(findings) >= 3
    page = next(folder.glob("05_*.html"))
    markup = page.read_text(encoding="utf-8")  # every row (DataTables keeps only one page of them in the DOM)
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    for finding in findings["finding"]:
        assert finding in text, finding
    cells = set(re.findall(r"<td[^>]*>([^<]*)</td>", markup))
    assert "inf" not in cells and not any(c.endswith("...") for c in cells)
    dom, _ = _open(page)
    assert "dt-paging" in dom or len(findings) <= 25  # a long findings table is paged, not cut


def test_the_notebooks_found_every_table_they_read_precomputed(site, tmp_path):
    # the report computed the notebooks' tables before they ran (helpers.precompute): the
    # store it left holds exactly the tables precompute alone stores, so no notebook
    # computed one of its own (the cost that made a 10,000-article report take 25 minutes)
    from helpers.precompute import precompute
    from helpers.store import open_tables

    corpus, _ = site
    alone = open_tables(corpus, as_of=AS_OF, store=tmp_path)
    precompute(alone, workers=1)
    entries = {p.name for p in alone.path.glob("*.json") if not p.name.endswith(".dtypes.json")}
    assert len(entries) >= 10
    assert STORED == entries
