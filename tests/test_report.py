"""The report runner: a generated corpus with a broken file, parameterised notebooks,
HTML that escapes article text, the index, exports, and short failure messages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

from helpers.corpus import load_corpus
from helpers.export import analysis_tables, read_table
from helpers.paths import PROCESSED_DIR, PROJECT_ROOT, RAW_DIR
from helpers.report import (
    REPORTS_DIR,
    ReportError,
    corpus_summary,
    discover_notebooks,
    failure_message,
    main,
    notebook_heading,
    report_paths,
    run_report,
    sanitize_outputs,
    slugify,
    summary_text,
    write_index,
)
from tests.conftest import make_page

AS_OF = "2025-01-15"
PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
BROKEN = ("scan.txt", "empty.txt")

# --------------------------------------------------------------------------- fixtures


def write_corpus(folder: Path) -> Path:
    """Five short articles in four regions plus national, two broken files, a manifest.

    The Hainan article carries HTML in its text: entity-encoded in the title and first
    sentence (the parser decodes entities, so the tables hold a real ``<script>`` tag),
    and literal tags in a later paragraph (kept in ``paragraphs.raw_text``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    pages = {
        "shanxi_air.txt": make_page(
            "Shanxi issues opinions on building a beautiful Shanxi",
            ["Shanxi will cut coal use in the Fen River valley. By 2027, PM2.5 will fall by 10%.",
             "By 2035, the ecological environment will improve fundamentally."],
            region="RegionShanxi", release="Release Time3 months ago"),
        "shanghai_water.txt": make_page(
            "Shanghai director on a new chapter of beautiful Shanghai",
            ["Shanghai will protect the Yangtze estuary and its drinking water sources.",
             "In 2024, the city will finish 40 kilometres of ecological corridors."],
            region="RegionShanghai", release="Release Time1 years ago"),
        "guangdong_waste.txt": make_page(
            "Guangdong promotes zero-waste cities",
            ["Guangdong will build zero-waste cities in the Pearl River Delta by 2025.",
             "Shenzhen and Guangzhou will lead the sorting of household waste."],
            region="RegionGuangdong", release="Release Time2 weeks ago"),
        "hainan_markup.txt": make_page(
            "Hainan &lt;script&gt;alert(1)&lt;/script&gt; plan for a beautiful Hainan",
            ["&lt;script&gt;alert(1)&lt;/script&gt; was printed in the notice, with &lt;b&gt;bold&lt;/b&gt; "
             "markup and &lt;img src=x onerror=alert(2)&gt; too.",
             f"Hainan will build a national ecological pilot zone {PAYLOAD} and keep forest cover above 62%."],
            region="RegionHainan"),
        "national_plan.txt": make_page(
            "China releases opinions on building a beautiful China",
            ["The country will build a beautiful China in all respects. By 2035, the goal will be basically achieved.",
             "By the middle of this century, a beautiful China will be fully built."],
            source="SourceXinhuanetCom", region=None),
    }
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR binary")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "manifest.csv").write_text(
        "file,url,captured_on\n"
        "shanxi_air.txt,https://example.org/news/1,2025-01-15\n"
        "shanghai_water.txt,https://example.org/news/2,2025-01-15\n",
        encoding="utf-8",
    )
    return folder


def _nb(title: str, params: str, cells: list[str], *, markdown: dict[int, str] | None = None):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell(title))
    nb.cells.append(nbformat.v4.new_code_cell(
        "%matplotlib inline\nimport sys, os\nimport matplotlib.pyplot as plt\n"
        "from IPython.display import HTML, Markdown, display\nfrom helpers import load_corpus"))
    param = nbformat.v4.new_code_cell(params)
    param.metadata["tags"] = ["parameters"]
    nb.cells.append(param)
    for i, src in enumerate(cells):
        if markdown and i in markdown:
            nb.cells.append(nbformat.v4.new_markdown_cell(markdown[i]))
        nb.cells.append(nbformat.v4.new_code_cell(src))
    return nb


def write_test_notebooks(folder: Path) -> Path:
    """Two small parameterised notebooks that show article text every way a notebook can:
    DataFrame, Styler, display(HTML), display(Markdown), print; a figure; stderr."""
    folder.mkdir(parents=True, exist_ok=True)
    one = _nb(
        "# 01 · Tiny overview\n\nWhat is in the **corpus**, as `CORPUS_DIR` says.",
        'CORPUS_DIR = "../data/raw"\nAS_OF = None',
        [
            "corpus = load_corpus(CORPUS_DIR, as_of=AS_OF)\ncorpus.problems",
            'corpus.sentences[["article_id", "text"]]',
            'corpus.articles[["article_id", "title"]].style',
            'display(HTML(" ".join(corpus.paragraphs["raw_text"])))',
            'display(Markdown(" ".join(corpus.sentences["text"]) + " [a link](javascript:alert(3))"))',
            'print(" | ".join(corpus.sentences["text"]))',
            'print("a kernel warning", file=sys.stderr)\nprint("cwd is", os.path.basename(os.getcwd()))',
            'corpus.articles["region"].fillna("unknown").value_counts().sort_index().plot.bar(figsize=(3, 2));',
        ],
        markdown={0: "## Problems\n\nFiles that could not be read.", 1: "## Sentences"},
    )
    two = _nb(
        "# 02 · Only a corpus\n\nDeclares CORPUS_DIR but no AS_OF.",
        'CORPUS_DIR = "../data/raw"',
        ['len(load_corpus(CORPUS_DIR, as_of="2025-01-15"))'],
    )
    nbformat.write(one, folder / "01_tiny_overview.ipynb")
    nbformat.write(two, folder / "02_only_corpus.ipynb")
    return folder


def write_failing_notebook(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nb = _nb("# 03 · Fails\n\nRaises in its third code cell.", 'CORPUS_DIR = "x"\nAS_OF = None',
             ['\n# look up a missing key\nlookup = {}\nlookup["no_such_key"]', "never = 1"])
    path = folder / "03_fails.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("articles") / "Field Notes 2025")


@pytest.fixture(scope="module")
def notebook_dir(tmp_path_factory) -> Path:
    return write_test_notebooks(tmp_path_factory.mktemp("nbs") / "notebooks")


@pytest.fixture(scope="module")
def report(tmp_path_factory, corpus_dir, notebook_dir):
    """One report run on the generated corpus with the test notebooks."""
    root = tmp_path_factory.mktemp("report")
    index = run_report(corpus_dir, as_of=AS_OF, notebooks=notebook_dir / "[0-9][0-9]_*.ipynb",
                       output=root / "site", export=root / "tables")
    pages = {p.name: p.read_text(encoding="utf-8") for p in (root / "site").glob("*.html")}
    return SimpleNamespace(index=index, site=root / "site", tables=root / "tables", pages=pages)


# --------------------------------------------------------------------------- the full run


def test_every_notebook_rendered_and_linked(report, notebook_dir):
    assert report.index == report.site / "index.html"
    expected = sorted(p.stem for p in notebook_dir.glob("*.ipynb"))
    assert sorted(n[:-5] for n in report.pages if n != "index.html") == expected
    index = report.pages["index.html"]
    for stem in expected:
        assert f'href="{stem}.html"' in index
        assert (report.site / "executed" / f"{stem}.ipynb").is_file()
    assert "01 · Tiny overview" in index and "02 · Only a corpus" in index
    assert "What is in the corpus, as CORPUS_DIR says." in index


def test_index_summarises_the_corpus(report):
    index = report.pages["index.html"]
    assert "5 articles" in index
    assert "from 5 regions: Guangdong (1), Hainan (1), Shanghai (1), Shanxi (1), national (1)." in index
    assert "2 files could not be read" in index
    assert "Publication windows span " in index
    assert "Beautiful China lens: field_notes_2025" in index


def test_problems_table_names_the_broken_files(report):
    page = report.pages["01_tiny_overview.html"]
    problems = page[page.index("Problems"):page.index("Sentences")]
    for name in BROKEN:
        assert name in problems


def _outside_datatables(page: str) -> str:
    """The page without the two script blocks the report adds (DataTables embedded in
    base64, and the lines that start it); any other script is left in place."""
    import base64
    import re
    from importlib.resources import files

    from helpers.report import _TABLES_SCRIPT

    bundle = base64.b64encode((files("itables") / "html" / "dt_bundle.js").read_bytes()).decode("ascii")
    starter = " ".join(re.sub(r"</?script[^>]*>", "", _TABLES_SCRIPT).split())

    def known(m: re.Match) -> str:
        body = m.group(2)
        if 'id="datatables-bundle"' in m.group(1) and body.strip() == bundle:
            return ""
        if 'type="module"' in m.group(1) and " ".join(body.split()) == starter:
            return ""
        return m.group(0)

    return re.sub(r"<script([^>]*)>(.*?)</script>", known, page, flags=re.DOTALL | re.IGNORECASE)


def test_article_markup_is_escaped_and_runs_nothing(report):
    for name, page in report.pages.items():
        low = _outside_datatables(page).lower()
        assert "<script" not in low, name  # neither the article's nor CDN loaders: only DataTables runs
        assert "javascript:" not in low, name
        assert "<img src=x" not in low and "<b>bold" not in low, name
    page = report.pages["01_tiny_overview.html"]
    assert ESCAPED in page  # shown as text, from DataFrame, Styler, HTML, Markdown and print outputs
    assert page.count(ESCAPED) >= 5
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_pages_are_self_contained_narrative_without_code(report):
    page = report.pages["01_tiny_overview.html"]
    assert "data:image/png;base64," in page  # the figure is embedded
    assert "<h2" in page and "Files that could not be read." in page  # markdown narrative kept
    assert "load_corpus(CORPUS_DIR" not in page  # code hidden
    assert "a kernel warning" not in page  # stderr left out
    assert "cwd is notebooks" in page  # the kernel ran in the notebook's folder
    assert "field_notes_2025" in page and 'href="index.html"' in page  # the run note
    assert str(report.site.parent) not in page  # no absolute paths


def test_only_declared_parameters_are_injected(report, corpus_dir, notebook_dir):
    def injected(stem):
        nb = nbformat.read(report.site / "executed" / f"{stem}.ipynb", as_version=4)
        cells = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1
        return cells[0].source

    one, two = injected("01_tiny_overview"), injected("02_only_corpus")
    assert f'CORPUS_DIR = "{corpus_dir.as_posix()}"' in one and f'AS_OF = "{AS_OF}"' in one
    assert "CORPUS_DIR" in two and "AS_OF" not in two
    source = nbformat.read(notebook_dir / "01_tiny_overview.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in source.cells if c.cell_type == "code")  # untouched


def test_exports_round_trip(report, corpus_dir):
    corpus = load_corpus(corpus_dir, as_of=AS_OF)
    tables = {name: getattr(corpus, name) for name in ("articles", "paragraphs", "sentences", "problems")}
    tables.update(analysis_tables(corpus))
    assert len(tables) == 8
    for name, table in tables.items():
        for fmt in ("parquet", "csv"):
            pd.testing.assert_frame_equal(read_table(name, report.tables, format=fmt), table)
    problems = pd.read_parquet(report.tables / "problems.parquet")
    assert set(BROKEN) <= set(problems.loc[problems["severity"] == "error", "path"])
    assert (report.tables / "README.md").is_file()


def test_command_line_run(tmp_path, corpus_dir, notebook_dir):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "helpers.report", "--corpus", str(corpus_dir), "--as-of", AS_OF,
         "--name", "Shared Demo", "--notebooks", str(notebook_dir / "0[12]_*.ipynb"),
         "--output", str(out), "--export", str(tmp_path / "tables")],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "BCL_STORE_DIR": str(tmp_path / "store")},
    )
    assert proc.returncode == 0, proc.stderr
    assert f"report written: {out / 'index.html'}" in proc.stdout
    for bar in ("articles: 100%", "tables and notebooks: 100%"):  # progress bars
        assert bar in proc.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Beautiful China lens: shared_demo" in index
    for stem in ("01_tiny_overview", "02_only_corpus"):
        assert (out / f"{stem}.html").is_file() and f'href="{stem}.html"' in index
    assert "scan.txt" in (out / "01_tiny_overview.html").read_text(encoding="utf-8")
    pd.testing.assert_frame_equal(read_table("problems", tmp_path / "tables"),
                                  load_corpus(corpus_dir, as_of=AS_OF).problems)


# --------------------------------------------------------------------------- failures


def test_failing_notebook_stops_with_a_short_message(tmp_path, corpus_dir):
    nb = write_failing_notebook(tmp_path / "nbs")
    with pytest.raises(ReportError) as info:
        run_report(corpus_dir, notebooks=[nb], output=tmp_path / "out", export=False)
    message = str(info.value)
    assert message.startswith("03_fails.ipynb failed at code cell 3: # look up a missing key")
    assert "KeyError: 'no_such_key'" in message
    assert "Traceback" not in message and len(message.splitlines()) == 3
    assert not (tmp_path / "out" / "index.html").exists()
    assert (tmp_path / "out" / "executed" / "03_fails.ipynb").is_file()


def test_failing_notebook_exits_1_from_the_command_line(tmp_path, corpus_dir):
    nb = write_failing_notebook(tmp_path / "nbs")
    proc = subprocess.run(
        [sys.executable, "-m", "helpers.report", "--corpus", str(corpus_dir), "--notebooks", str(nb),
         "--output", str(tmp_path / "out"), "--no-export", "--quiet"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert proc.returncode == 1
    assert "report failed: 03_fails.ipynb failed at code cell 3" in proc.stderr
    assert "KeyError: 'no_such_key'" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr) < 600
    assert proc.stdout == ""


def test_failure_message_from_error_fields(tmp_path):
    nb = write_failing_notebook(tmp_path)
    err = SimpleNamespace(source="never = 1", exec_count=9, ename="NameError",
                          evalue="\x1b[31mname 'x' is not defined\x1b[0m")
    assert failure_message(nb, err) == (
        "03_fails.ipynb failed at code cell 4: never = 1\n  NameError: name 'x' is not defined"
    )
    err = SimpleNamespace(source="injected = 1", exec_count=3, ename="SyntaxError", evalue="")
    assert failure_message(nb, err, executed="out/x.ipynb").splitlines() == [
        "03_fails.ipynb failed at cell In [3]: injected = 1", "  SyntaxError", "  full traceback in out/x.ipynb"]


def test_bad_arguments(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["--as-of", "15/01/2025"])
    assert info.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["--corpus", str(tmp_path / "missing"), "--no-export", "--quiet"]) == 1
    assert "corpus folder not found" in capsys.readouterr().err
    with pytest.raises(ReportError, match="no notebooks match"):
        run_report(RAW_DIR, notebooks=tmp_path / "none_*.ipynb", output=tmp_path, export=False)


# --------------------------------------------------------------------------- pieces


def test_sanitize_outputs_keeps_tables_and_drops_active_content():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={
            "text/html": f'<table class="dataframe"><thead><tr><th>t</th></tr></thead>'
                         f'<tbody><tr><td onclick="x()">{PAYLOAD}</td></tr></tbody></table>',
            "text/plain": "table"}),
        nbformat.v4.new_output("display_data", data={"text/markdown": f"**bold** {PAYLOAD} [l](javascript:alert(1))"}),
        nbformat.v4.new_output("display_data", data={"application/javascript": "alert(1)", "text/plain": "js"}),
        nbformat.v4.new_output("stream", name="stderr", text="warning"),
        nbformat.v4.new_output("stream", name="stdout", text=PAYLOAD),
    ]
    nb.cells.append(cell)
    clean = sanitize_outputs(nb)
    html_out, md_out, js_out, stdout = clean.cells[0].outputs
    assert html_out.data["text/html"] == (
        '<table class="dataframe"><thead><tr><th>t</th></tr></thead>'
        f"<tbody><tr><td>{ESCAPED}</td></tr></tbody></table>"
    )
    assert "<strong>bold</strong>" in md_out.data["text/html"] and ESCAPED in md_out.data["text/html"]
    assert "javascript" not in md_out.data["text/html"] and "text/markdown" not in md_out.data
    assert set(js_out.data) == {"text/plain"}
    assert stdout.text == PAYLOAD  # plain text: the template escapes it
    assert len(nb.cells[0].outputs) == 5  # the input is not modified


def test_write_index_escapes_everything(tmp_path):
    path = write_index(
        tmp_path / "index.html", title=f"Report {PAYLOAD}", summary="<b>5</b> articles & more",
        pages=[("01 my page.html", "01 · <i>Overview</i>", 'says "hi" <script>')],
        parameters={"corpus": "a<b", "AS_OF": None},
    )
    text = path.read_text(encoding="utf-8")
    assert "<script" not in text and "<b>5" not in text and "<i>" not in text
    assert f"Report {ESCAPED}" in text and "&lt;b&gt;5&lt;/b&gt; articles &amp; more" in text
    assert 'href="01%20my%20page.html"' in text and "corpus: a&lt;b; AS_OF: -" in text


def test_summary_of_generated_corpus(corpus_dir):
    s = corpus_summary(load_corpus(corpus_dir, as_of=AS_OF))
    assert (s["articles"], s["unreadable"]) == (5, 2)
    assert s["regions"] == [("Guangdong", 1), ("Hainan", 1), ("Shanghai", 1), ("Shanxi", 1), ("national", 1)]
    assert s["first"] < s["last"] <= AS_OF
    text = summary_text(s)
    assert text.startswith("5 articles (") and "2 files could not be read" in text
    assert "from 5 regions: Guangdong (1), Hainan (1) and 3 more." in summary_text(s, max_regions=2)


def test_summary_of_seeds(seeds):
    text = summary_text(corpus_summary(seeds))
    assert "2 articles" in text and "Shanghai (1), Shanxi (1)" in text
    assert "Every file was read cleanly." in text


def test_discover_notebooks(tmp_path, notebook_dir):
    stems = ["01_tiny_overview", "02_only_corpus"]
    assert [p.stem for p in discover_notebooks(notebook_dir)] == stems
    assert [p.stem for p in discover_notebooks(str(notebook_dir / "*.ipynb"))] == stems
    assert [p.stem for p in discover_notebooks(notebook_dir / "02_only_corpus.ipynb")] == stems[1:]
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "01_x-checkpoint.ipynb").write_text("{}")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ReportError):
        discover_notebooks(str(tmp_path / "**" / "*"))
    assert all(p.parent == PROJECT_ROOT / "notebooks" for p in discover_notebooks())


def test_notebook_heading(notebook_dir):
    assert notebook_heading(notebook_dir / "01_tiny_overview.ipynb") == (
        "01 · Tiny overview", "What is in the corpus, as CORPUS_DIR says.")


def test_report_paths(tmp_path):
    p = report_paths()
    assert (p.corpus, p.name, p.output, p.export) == (RAW_DIR, "raw", REPORTS_DIR, PROCESSED_DIR)
    p = report_paths(tmp_path / "My Articles!")
    assert (p.name, p.output, p.export) == ("my_articles", REPORTS_DIR / "my_articles", PROCESSED_DIR / "my_articles")
    p = report_paths(name="../../Pilot", output=tmp_path / "o", export=tmp_path / "e")
    assert (p.corpus, p.name, p.output, p.export) == (RAW_DIR, "pilot", tmp_path / "o", tmp_path / "e")
    assert report_paths(export=False).export is None


@pytest.mark.parametrize("raw, slug", [("Field Notes 2025", "field_notes_2025"), ("a--b", "a--b"),
                                       ("..", "corpus"), ("美丽中国", "corpus"), ("x/../y", "x_y")])
def test_slugify(raw, slug):
    assert slugify(raw) == slug
    assert re.fullmatch(r"[a-z0-9_-]+", slugify(raw))


# --------------------------------------------------------------------------- the real notebooks


@pytest.mark.slow
def test_real_notebooks_on_generated_corpus(tmp_path, corpus_dir):
    """Every committed notebook runs on a foreign folder with a broken file and markup."""
    real = discover_notebooks()
    index = run_report(corpus_dir, as_of=AS_OF, output=tmp_path / "site", export=False)
    text = index.read_text(encoding="utf-8")
    pages = {}
    for nb in real:
        html_path = tmp_path / "site" / f"{nb.stem}.html"
        assert html_path.is_file() and f'href="{nb.stem}.html"' in text
        pages[nb.stem] = html_path.read_text(encoding="utf-8")
        assert "<script" not in _outside_datatables(pages[nb.stem]).lower(), nb.stem
    overview = next(v for k, v in pages.items() if k.startswith("01_"))
    for name in BROKEN:
        assert name in overview
    assert any(ESCAPED in page for page in pages.values())


def test_a_cell_that_hangs_times_out_and_the_notebook_runs_again(tmp_path):
    import nbformat

    from helpers.report import ReportError, execute_notebook

    nb = nbformat.v4.new_notebook()
    marker = tmp_path / "runs.txt"
    nb.cells = [nbformat.v4.new_code_cell(
        f"import time, pathlib\np = pathlib.Path({str(marker)!r})\np.write_text(p.read_text() + 'x' "
        f"if p.exists() else 'x')\ntime.sleep(30)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    src = tmp_path / "hang.ipynb"
    nbformat.write(nb, src)
    with pytest.raises(ReportError, match=r"hang.ipynb: a cell ran past 3 s in each of 2 runs"):
        execute_notebook(src, tmp_path / "out.ipynb", timeout=3, attempts=2)
    assert marker.read_text() == "xx"  # run twice, in two kernels


def test_widget_views_are_left_out_of_the_static_page():
    import nbformat

    from helpers.report import WIDGET_MIMETYPE, sanitize_outputs

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("widgets.interact(...)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        WIDGET_MIMETYPE: {"model_id": "x"}, "text/plain": "interactive(children=(Text(value='low carbon'),))"}),
        nbformat.v4.new_output("display_data", data={"text/plain": "kept"})]
    nb.cells = [cell]
    out = sanitize_outputs(nb).cells[0].outputs
    assert [o["data"]["text/plain"] for o in out] == ["kept"]


def test_publication_windows_of_undated_articles_say_so():
    """No article dated (no manifest, no capture date): a small figure that says so, not a
    date axis stretched to millions of pixels."""
    from helpers.plots.corpus import publication_windows

    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(20)], "title": ["t"] * 20, "region": ["Hubei"] * 20,
                             "published_min": pd.NaT, "published_max": pd.NaT})
    fig = publication_windows(articles)
    assert fig.get_size_inches()[0] < 10
    assert "None of the 20 articles could be dated" in fig.axes[0].texts[0].get_text()
    fig.canvas.draw()
