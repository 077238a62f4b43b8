"""Run every notebook on a corpus and render a static HTML report site.

``make report [CORPUS=folder] [AS_OF=YYYY-MM-DD] [NAME=label]`` calls::

    python -m helpers.report [--corpus DIR] [--as-of YYYY-MM-DD] [--name NAME]
                             [--notebooks GLOB] [--output DIR] [--export DIR | --no-export]
                             [--show-code]

With no arguments every ``notebooks/NN_*.ipynb`` runs on the bundled corpus
(``data/raw``) into ``reports/``; with ``--corpus`` (or ``--name``) into
``reports/<name>/``, the name defaulting to the corpus folder's name, slugified. Each run:

1. parses the corpus once on every core into :mod:`helpers.store` (progress bar over
   files) for the summary on the index page and the notebooks; then, in one pool of
   processes (one per core), computes every table the notebooks read
   (:mod:`helpers.precompute`) and exports the corpus tables and the computed ones
   (:func:`helpers.export.analysis_tables`) with :func:`helpers.export.export_all` to
   ``data/processed/`` (``data/processed/<name>/`` for a named run);
2. executes each notebook with papermill in the same pool, as soon as the tables it
   reads are stored (one progress bar over tables and notebooks), injecting
   ``CORPUS_DIR`` (absolute path), ``AS_OF`` and ``EXPLORE=False`` (no interactive
   widgets: the static page has no kernel behind it) into the cell tagged ``parameters``;
   only the parameters a notebook declares are passed. The tables come from
   :mod:`helpers.store`, where step 1 left them, so a notebook only reads and draws. The kernel is ``python3`` and its
   working directory is the notebook's folder. Executed copies go to ``<output>/executed/``;
   the committed notebooks are never touched;
3. renders each executed notebook to one self-contained HTML file (images embedded);
4. writes ``index.html`` linking the pages, with a one-paragraph summary of the corpus.

What the HTML shows. The reader is a colleague who never opens Jupyter, so code is
hidden (``show_code=True`` / ``--show-code`` keeps it): markdown narrative, tables and
figures remain; stderr output (warnings) is left out. A note under each title names the
corpus and links back to the index.

Article text is escaped. pandas' HTML tables (``DataFrame`` reprs) escape cell text
already, and plain-text outputs are escaped by the template. HTML inside a Markdown output
(``display(Markdown(...))``) is escaped before conversion, so only Markdown syntax formats.
As a second line of defence every HTML output is cleaned with bleach (the sanitiser
nbconvert itself uses) against an allow-list of formatting and table tags
(:data:`ALLOWED_TAGS`): ``<script>``, event-handler attributes and ``javascript:`` links
show as text or are dropped; JavaScript outputs and widget views are removed. (A notebook
that itself wraps article text in ``HTML(...)`` or an unescaped ``Styler`` gets the
allow-listed formatting tags such as ``<b>`` rendered; nothing runs.)
nbconvert's own ``HTMLExporter(sanitize_html=True)`` is not used: its allow-list lacks
``th``, ``thead``, ``p``, ``h1``-``h6`` and ``style``, so on notebook 01 it prints every
DataFrame header and the whole narrative as escaped markup. Markdown *cells* are the
notebook author's own text and are rendered as written. The only script a page runs is
DataTables (embedded from itables' offline bundle, see :func:`interactive_tables_head`),
which makes the tables already in the page sortable and searchable; it loads nothing.

A failing notebook stops the run with a short message naming the notebook, the cell and
the error (:class:`ReportError`; exit code 1 from the command line); the executed copy
holds the full traceback.
"""

from __future__ import annotations

import argparse
import base64
import copy
import glob
import html
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import pandas as pd

from helpers.corpus import Corpus
from helpers.overview import corpus_summary, plural, summary_text
from helpers.paths import PROCESSED_DIR, PROJECT_ROOT, RAW_DIR, resolve

REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
#: Notebooks a report runs: ``NN_name.ipynb`` in reading order.
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
KERNEL_NAME = "python3"
EXECUTED_DIR = "executed"

#: Tags kept in HTML and Markdown outputs; any other tag is shown as text.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "acronym", "b", "blockquote", "br", "caption", "code", "col", "colgroup",
    "dd", "del", "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "style", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
})
#: Attributes kept on those tags (``style`` values pass bleach's CSS sanitiser).
ALLOWED_ATTRIBUTES: Mapping[str, Sequence[str]] = {
    "*": ("class", "id", "style", "title", "lang", "dir"),
    "a": ("href", "title"),
    "table": ("border", "cellpadding", "cellspacing"),
    "td": ("colspan", "rowspan", "align", "valign"),
    "th": ("colspan", "rowspan", "align", "valign"),
    "col": ("span",),
    "colgroup": ("span",),
    "style": ("type", "scoped"),
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
#: Output mimetypes that reach the HTML; others (JavaScript, widgets, SVG) are dropped.
SAFE_MIMETYPES = frozenset({"text/html", "text/plain", "text/latex", "image/png", "image/jpeg"})

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: Markdown emphasis and code marks (not underscores inside names like CORPUS_DIR).
_MD_MARKS = re.compile(r"`|\*{1,3}|(?<![A-Za-z0-9])_{1,2}|_{1,2}(?![A-Za-z0-9])")


class ReportError(Exception):
    """The report cannot be produced; the message says which notebook or input and why."""


# --------------------------------------------------------------------------- names and paths


def slugify(name: str, *, default: str = "corpus") -> str:
    """A folder-safe report name: lowercase letters, digits, ``_`` and ``-``.

    >>> slugify("My Articles (2025)")
    'my_articles_2025'
    >>> slugify("../../etc")
    'etc'
    >>> slugify("省级文章")
    'corpus'
    """
    slug = re.sub(r"[^a-z0-9_-]+", "_", name.lower()).strip("_-")
    return slug or default


def discover_notebooks(pattern: str | Path | None = None) -> list[Path]:
    """The notebooks a report runs, sorted by file name.

    Args:
        pattern: a glob (``notebooks/0[1-3]_*.ipynb``), a folder (its ``NN_*.ipynb``), or
            a single notebook; relative paths are taken from the working directory, else
            the project root. Defaults to ``notebooks/NN_*.ipynb`` of the project.

    Returns:
        Absolute paths of the ``.ipynb`` files found (checkpoint copies excluded).

    Raises:
        ReportError: nothing matches.
    """
    if pattern is None:
        pattern = NOTEBOOK_DIR / NOTEBOOK_GLOB
    raw = str(pattern)
    if not glob.has_magic(raw):
        path = resolve(raw)
        raw = str(path / NOTEBOOK_GLOB) if path.is_dir() else str(path)
    elif not Path(raw).is_absolute() and not glob.glob(raw):
        raw = str(PROJECT_ROOT / raw)
    found = sorted(
        (Path(p).resolve() for p in glob.glob(raw)
         if p.endswith(".ipynb") and ".ipynb_checkpoints" not in Path(p).parts),
        key=lambda p: (p.name, str(p)),
    )
    if not found:
        raise ReportError(f"no notebooks match {pattern}")
    return found


def notebook_parameters(path: str | Path, values: Mapping[str, object]) -> dict[str, object]:
    """The subset of ``values`` that the notebook's ``parameters`` cell declares.

    Passing an undeclared name makes papermill warn, so only declared ones are passed.

    Args:
        path: the notebook.
        values: candidate parameters, e.g. ``{"CORPUS_DIR": ..., "AS_OF": ...}``.

    Returns:
        The declared parameters, in the order of ``values``.
    """
    import papermill

    declared = papermill.inspect_notebook(str(path))
    return {k: v for k, v in values.items() if k in declared}


# --------------------------------------------------------------------------- execute


#: Seconds a notebook cell may run before the report stops it (and runs the notebook again).
CELL_TIMEOUT = 900.0


def execute_notebook(
    src: str | Path,
    dst: str | Path,
    parameters: Mapping[str, object] | None = None,
    *,
    kernel_name: str = KERNEL_NAME,
    cwd: str | Path | None = None,
    timeout: float | None = CELL_TIMEOUT,
    attempts: int = 2,
) -> Path:
    """Execute a notebook with papermill, parameters injected, into ``dst``.

    A cell that runs longer than ``timeout`` seconds is stopped and the notebook run
    again in a fresh kernel, ``attempts`` times in all: a kernel that went quiet (seen
    about once in twenty runs, waiting on a reply that never came) costs one timeout, not
    a hung report.

    Args:
        src: the notebook to run (left unchanged).
        dst: where the executed copy is written (also when a cell fails).
        parameters: values injected after the cell tagged ``parameters``.
        kernel_name: the Jupyter kernel.
        cwd: the kernel's working directory; defaults to the notebook's folder.
        timeout: seconds a cell may run (None: no limit).
        attempts: runs of the notebook before a timeout is reported.

    Returns:
        ``dst`` as a Path.

    Raises:
        ReportError: a cell raised, or timed out in every attempt; the message names the
            notebook, the cell (its number among the notebook's code cells and its first
            line) and the error.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    src, dst = Path(src), Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, max(1, attempts) + 1):
        try:
            papermill.execute_notebook(
                str(src), str(dst), parameters=dict(parameters or {}), kernel_name=kernel_name,
                cwd=str(cwd if cwd is not None else src.parent), progress_bar=False, log_output=False,
                config=_client_config(), execution_timeout=timeout,
            )
            return dst
        except PapermillExecutionError as err:
            raise ReportError(failure_message(src, err, executed=dst)) from None
        except TimeoutError as err:  # nbclient's CellTimeoutError
            if attempt >= max(1, attempts):
                raise ReportError(f"{src.name}: a cell ran past {timeout:g} s in each of {attempt} runs "
                                  f"({_first_line(str(err))}); see {dst}") from None
    return dst


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _client_config():
    """Kernel-client settings: encrypt the local kernel connection where ZeroMQ can
    (CurveZMQ); ipykernel otherwise warns on stderr about plain-text TCP at every start."""
    import zmq
    from traitlets.config import Config

    if zmq.has("curve"):
        return Config({"KernelManager": {"transport_encryption": "auto"}})
    return Config()


def failure_message(src: str | Path, err, *, executed: str | Path | None = None) -> str:
    """A short account of a failed cell: notebook, cell number and first line, error.

    Args:
        src: the notebook that was run.
        err: the ``PapermillExecutionError`` (anything with ``source``, ``exec_count``,
            ``ename`` and ``evalue``).
        executed: the executed copy holding the full traceback.

    Returns:
        Two or three lines of text.
    """
    import nbformat

    src = Path(src)
    number = None
    try:
        cells = [c for c in nbformat.read(src, as_version=4).cells if c.cell_type == "code"]
        number = next((i for i, c in enumerate(cells, start=1) if c.source == err.source), None)
    except (OSError, ValueError):
        pass
    where = f"code cell {number}" if number is not None else f"cell In [{err.exec_count}]"
    first = next((ln.strip() for ln in (err.source or "").splitlines() if ln.strip()), "")
    if len(first) > 100:
        first = first[:99] + "…"
    evalue = _ANSI.sub("", str(err.evalue or "")).strip()
    evalue_lines = evalue.splitlines()
    if len(evalue_lines) > 6:
        evalue = "\n".join(evalue_lines[:6] + ["…"])
    lines = [f"{src.name} failed at {where}: {first}", f"  {err.ename}: {evalue}".rstrip(": ")]
    if executed is not None:
        lines.append(f"  full traceback in {executed}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- render


def sanitize_html(markup: str) -> str:
    """Clean HTML from an output: allowed tags kept, everything else shown as text.

    >>> sanitize_html('<p><b>kept</b> &lt;i&gt;</p><script>alert(1)</script>')
    '<p><b>kept</b> &lt;i&gt;</p>&lt;script&gt;alert(1)&lt;/script&gt;'
    >>> sanitize_html('<a href="javascript:alert(1)" onclick="x()">link</a>')
    '<a>link</a>'
    >>> sanitize_html('<style>@import url(http://x.example/a.css); td {background: url(http://x.example/b)}</style>')
    '<style> td {background: }</style>'
    """
    import bleach
    from bleach.css_sanitizer import CSSSanitizer

    cleaned = bleach.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes={k: list(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        protocols=ALLOWED_PROTOCOLS,
        css_sanitizer=CSSSanitizer(),
        strip=False,
        strip_comments=True,
    )
    # bleach cleans style attributes, not the text of <style> blocks (pandas Stylers emit
    # them): drop anything there that could fetch from elsewhere, so reports stay offline.
    return _STYLE_BLOCK.sub(lambda m: _REMOTE_CSS.sub("", m.group(0)), cleaned) if "<style" in cleaned else cleaned


_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style>", re.IGNORECASE | re.DOTALL)
_REMOTE_CSS = re.compile(r"@import[^;]*;?|url\s*\([^)]*\)|expression\s*\([^)]*\)", re.IGNORECASE)


#: The mimetype of a Jupyter widget view; such outputs are left out of the static page.
WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json"


def sanitize_outputs(nb, *, keep_stderr: bool = False):
    """A copy of a notebook whose outputs are safe to render as HTML.

    Markdown outputs are converted to HTML with any HTML in them escaped (so only
    Markdown syntax formats), then every HTML output is cleaned with
    :func:`sanitize_html`; mimetypes outside :data:`SAFE_MIMETYPES` are dropped, and
    widget views (whose text form is ``interactive(children=...``) are left out whole.

    Args:
        nb: an ``nbformat`` notebook node (left unchanged).
        keep_stderr: keep stderr stream outputs (warnings); dropped by default.

    Returns:
        The cleaned copy.
    """
    from nbconvert.filters.markdown import markdown2html

    nb = copy.deepcopy(nb)
    # Saved widget state makes nbconvert's template add a widget-renderer <script>
    # that loads code from a CDN; the static report tells the story without widgets.
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr" and not keep_stderr:
                continue
            data = out.get("data")
            if data is not None and WIDGET_MIMETYPE in data:
                continue  # a widget view: its text form is "interactive(children=...", no reading matter
            if data is not None:
                if "text/markdown" in data:
                    md = data.pop("text/markdown")
                    md = md if isinstance(md, str) else "".join(md)
                    # HTML inside Markdown output shows as text; Markdown syntax still formats.
                    data.setdefault("text/html", markdown2html(md.replace("&", "&amp;").replace("<", "&lt;")))
                for key in [k for k in data if k not in SAFE_MIMETYPES]:
                    del data[key]
                if "text/html" in data:
                    raw = data["text/html"]
                    data["text/html"] = sanitize_html(raw if isinstance(raw, str) else "".join(raw))
            outputs.append(out)
        cell.outputs = outputs
    return nb


#: nbconvert's lab template without the scripts it loads from CDNs (RequireJS, MathJax,
#: Mermaid): the page needs none of them, works offline, and ``$`` in text stays a dollar.
#: In their place the page carries DataTables (see :func:`interactive_tables_head`).
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{{ resources.interactive_tables | default('') }}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""

#: What makes a table interactive in the page. DataTables reads the rows from the table
#: already in the page (escaped, sanitised text): no article text passes through
#: JavaScript, and nothing of an article can run. Tables with merged cells (a grouped
#: index) stay static, as DataTables cannot sort them.
_TABLES_SCRIPT = """<script type="module">
const bytes = Uint8Array.from(atob(document.getElementById("datatables-bundle").textContent), c => c.charCodeAt(0));
const url = URL.createObjectURL(new Blob([bytes], {type: "text/javascript"}));
const {default: DataTable} = await import(url);
URL.revokeObjectURL(url);
for (const table of document.querySelectorAll("table.dataframe")) {
  if (table.querySelector("tbody [rowspan], tbody [colspan]") || !table.tBodies.length) continue;
  const rows = table.tBodies[0].rows.length;
  // keyword in context: the left context ends at the keyword, so it is right-aligned
  const head = [...table.tHead.rows].find(r => [...r.cells].some(c => c.textContent.trim() === "keyword"));
  const names = head ? [...head.cells].map(c => c.textContent.trim()) : [];
  const columnDefs = [["left", "kwic-left"], ["keyword", "kwic-keyword"]]
    .filter(([name]) => names.includes("right") && names.includes(name))
    .map(([name, cls]) => ({targets: names.indexOf(name), className: cls}));
  // a column of long text keeps a reading width, one of long identifiers wraps anywhere:
  // each of their cells gets a block with that width (a cell's own min-width is not kept)
  const body = [...table.tBodies[0].rows];
  const sample = body.slice(0, 200);
  const width = sample.length ? sample[0].cells.length : 0;
  for (let c = 0; c < width; c++) {
    const texts = sample.map(r => (r.cells[c] ? r.cells[c].textContent.trim() : ""));
    const lengths = texts.map(t => t.length).sort((a, b) => a - b);
    const median = lengths[Math.floor(lengths.length / 2)];
    const kind = median > 40 ? "cell-long"
      : (lengths[lengths.length - 1] > 16 && texts.every(t => !/\s/.test(t)) ? "cell-id" : null);
    if (!kind) continue;
    for (const r of body) {
      const cell = r.cells[c];
      if (!cell) continue;
      const block = document.createElement("div");
      block.className = kind;
      block.append(...cell.childNodes);  // the same nodes moved, nothing parsed again
      cell.append(block);
    }
  }
  new DataTable(table, {order: [], paging: rows > 25, pageLength: 25, searching: rows > 5, columnDefs,
                        info: rows > 25, autoWidth: false, lengthMenu: [10, 25, 100, 300]});
}
document.body.dataset.tablesReady = "yes";
</script>"""


@lru_cache(maxsize=1)
def interactive_tables_head() -> str:
    """The ``<head>`` markup that makes every table of a report page sortable, searchable
    and paged: DataTables as itables ships it for offline use (its CSS inline, its
    JavaScript embedded in base64 and imported from memory), so a page opens without a
    network, plus the few lines above that start it."""
    from importlib.resources import files

    bundle = files("itables") / "html"
    css = (bundle / "dt_bundle.css").read_text(encoding="utf-8")
    js = base64.b64encode((bundle / "dt_bundle.js").read_bytes()).decode("ascii")
    return (f"<style>{css}</style>\n"
            "<style>table.dataTable td:not(.dt-type-numeric), table.dataTable th:not(.dt-type-numeric) "
            "{white-space: normal; text-align: left !important;}\n"
            "table.dataTable td.kwic-left {text-align: right !important;}\n"
            "table.dataTable td.kwic-keyword {text-align: center !important; font-weight: bold;}\n"
            "table.dataTable div.cell-long {min-width: 18em; max-width: 40em;}\n"
            "table.dataTable div.cell-id {min-width: 10em; overflow-wrap: anywhere;}\n"
            ".dt-layout-table > .dt-layout-cell {overflow-x: auto;}\n"
            "table.dataTable thead th {white-space: nowrap;}\n"
            "/* JupyterLab's fixed layout gives every column the same width and lets text spill over */\n"
            ".jp-RenderedHTMLCommon table {table-layout: auto !important;}\n"
            ".rows-note {color: #555; font-size: 90%;}</style>\n"
            f'<script type="application/octet-stream" id="datatables-bundle">{js}</script>\n'
            f"{_TABLES_SCRIPT}")


def render_html(
    executed: str | Path,
    html_path: str | Path,
    *,
    show_code: bool = False,
    note: str | None = None,
    title: str | None = None,
    interactive: bool = True,
) -> Path:
    """Render an executed notebook to one self-contained HTML file.

    Args:
        executed: the executed notebook.
        html_path: the HTML file to write.
        show_code: keep code cells' input; by default only narrative and outputs show.
        note: Markdown inserted under the first (title) cell, e.g. which corpus was read.
            The caller escapes anything untrusted in it.
        title: the page title; defaults to the file's stem.
        interactive: make the tables sortable and searchable (DataTables, embedded; see
            :func:`interactive_tables_head`); ``False`` gives a page without scripts.

    Returns:
        ``html_path`` as a Path.
    """
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    executed, html_path = Path(executed), Path(html_path)
    nb = sanitize_outputs(nbformat.read(executed, as_version=4))
    if note:
        at = 1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0
        nb.cells.insert(at, nbformat.v4.new_markdown_cell(note))
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"report.html.j2": _TEMPLATE})],
        template_file="report.html.j2",
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": title or executed.stem, "path": str(executed.parent)},
                       "interactive_tables": interactive_tables_head() if interactive else ""}
    )
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(body, encoding="utf-8")
    return html_path


def notebook_heading(path: str | Path) -> tuple[str, str]:
    """The title and first paragraph of a notebook's opening Markdown cell, as plain text.

    Returns:
        ``(title, description)``; the title falls back to the file stem, the description
        to ``""``. Markdown emphasis and code marks are removed.
    """
    import nbformat

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    title, paragraphs = path.stem, []
    for block in re.split(r"\n\s*\n", first.strip()):
        block = block.strip()
        if block.startswith("# ") and title == path.stem:
            title = block[2:].strip()
        elif block and not block.startswith("#"):
            paragraphs.append(" ".join(block.split()))
            break
    description = _MD_MARKS.sub("", paragraphs[0]) if paragraphs else ""
    return title, description


# --------------------------------------------------------------------------- index


_INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 52rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
.params { color: #555; font-size: .9rem; }
ol { padding-left: 1.2rem; } li { margin: .8rem 0; }
li a { font-weight: 600; font-size: 1.05rem; }
li p { margin: .2rem 0 0; color: #444; }
"""


def write_index(
    path: str | Path,
    *,
    title: str,
    summary: str,
    pages: Sequence[tuple[str, str, str]],
    parameters: Mapping[str, object] | None = None,
) -> Path:
    """Write the report's ``index.html``; every interpolated string is HTML-escaped.

    Args:
        path: the file to write.
        title: the page heading.
        summary: the corpus paragraph (plain text).
        pages: ``(href, title, description)`` per rendered notebook, in reading order;
            ``href`` is relative to the index.
        parameters: shown under the heading, e.g. ``{"corpus": "my_articles"}``.

    Returns:
        ``path`` as a Path.
    """
    esc = html.escape
    params = "; ".join(
        f"{esc(str(k))}: {esc('-' if v is None else str(v))}" for k, v in (parameters or {}).items()
    )
    items = "\n".join(
        f'<li><a href="{esc(quote(href))}">{esc(t)}</a>' + (f"<p>{esc(d)}</p>" if d else "") + "</li>"
        for href, t, d in pages
    )
    doc = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>{_INDEX_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{esc(title)}</h1>\n"
        + (f"<p class=\"params\">{params}</p>\n" if params else "")
        + f"<p class=\"summary\">{esc(summary)}</p>\n<h2>Notebooks</h2>\n<ol>\n{items}\n</ol>\n"
        "</body>\n</html>\n"
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the run


class ReportPaths(NamedTuple):
    """Where a report reads and writes (all absolute)."""

    corpus: Path
    name: str
    output: Path
    export: Path | None


def report_paths(
    corpus: str | Path | None = None,
    *,
    name: str | None = None,
    output: str | Path | None = None,
    export: str | Path | bool | None = None,
) -> ReportPaths:
    """Resolve a report's folders from the user's options (nothing is created).

    Args:
        corpus: the folder of articles; ``None`` for the bundled ``data/raw``.
        name: the report name; defaults to the corpus folder's name. Always slugified.
        output: the report folder (relative to the working directory); defaults to
            ``reports/`` for an unnamed run on the bundled corpus, else ``reports/<name>/``.
        export: ``None`` for ``data/processed/`` (unnamed bundled run) or
            ``data/processed/<name>/``; a folder; ``False`` for no export.

    Returns:
        ``ReportPaths(corpus, name, output, export)``; ``export`` is ``None`` for no
        export.

    >>> p = report_paths()
    >>> (p.corpus == RAW_DIR, p.output == REPORTS_DIR, p.export == PROCESSED_DIR, p.name)
    (True, True, True, 'raw')
    >>> p = report_paths("/data/My Articles", export=False)
    >>> (p.name, p.output == REPORTS_DIR / "my_articles", p.export)
    ('my_articles', True, None)
    """
    corpus_dir = resolve(corpus) if corpus is not None else RAW_DIR
    named = corpus is not None or name is not None
    slug = slugify(name if name is not None else corpus_dir.name)
    if output is not None:
        out_dir = Path(output).expanduser().resolve()
    else:
        out_dir = REPORTS_DIR / slug if named else REPORTS_DIR
    if export is False:
        export_dir = None
    elif export is None or export is True:
        export_dir = PROCESSED_DIR / slug if named else PROCESSED_DIR
    else:
        export_dir = Path(export).expanduser().resolve()
    return ReportPaths(corpus_dir, slug, out_dir, export_dir)


def run_report(
    corpus: str | Path | None = None,
    *,
    as_of: date | str | None = None,
    name: str | None = None,
    notebooks: str | Path | Sequence[str | Path] | None = None,
    output: str | Path | None = None,
    export: str | Path | bool | None = None,
    tables: Callable[[Corpus], Mapping[str, pd.DataFrame]] | None = None,
    show_code: bool = False,
    progress: bool = False,
    workers: int | None = None,
) -> Path:
    """Run every notebook on a corpus, render HTML and write the index.

    Args:
        corpus: the folder of articles; defaults to the bundled ``data/raw``.
        as_of: capture date (``YYYY-MM-DD``) for files the manifest does not date.
        name: the report's name; defaults to the corpus folder's name (slugified).
        notebooks: a glob, folder or notebook (see :func:`discover_notebooks`), or a list
            of notebook paths; defaults to the project's ``notebooks/NN_*.ipynb``.
        output: the report folder; defaults to ``reports/`` for the bundled corpus without
            a name, else ``reports/<name>/``.
        export: where the tables go: ``None`` for ``data/processed/`` (bundled corpus, no
            name) or ``data/processed/<name>/``, a folder, or ``False`` for no export.
        tables: a function ``corpus -> {name: table}`` giving the computed tables exported
            with the corpus tables; defaults to :func:`helpers.export.analysis_tables`
            (n-gram counts, theme scores, key tasks, horizons).
        show_code: keep code visible in the HTML.
        progress: show progress bars (files, then notebooks) on stderr.
        workers: processes (``None``: one per core). For the project's own notebooks,
            every table they read is computed into the store first
            (:data:`helpers.precompute.JOBS`), and each notebook starts once its tables
            are stored; the export runs beside them.

    Returns:
        The path of ``index.html``.

    Raises:
        ReportError: no notebooks found, or a notebook failed (see
            :func:`execute_notebook`).
        FileNotFoundError: the corpus folder does not exist.
        ValueError: ``as_of`` is not a date.
    """
    paths = report_paths(corpus, name=name, output=output, export=export)
    if not paths.corpus.exists():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    as_of_text = _as_of_text(as_of)
    if isinstance(notebooks, (list, tuple)):
        sources = [Path(p).resolve() for p in notebooks]
        if not sources:
            raise ReportError("no notebooks given")
    else:
        sources = discover_notebooks(notebooks)

    from helpers.precompute import JOBS, let_go
    from helpers.store import open_tables

    stored = open_tables(paths.corpus, as_of=as_of_text, workers=None, progress=progress)
    loaded = stored.corpus
    n_articles, summary = len(loaded), summary_text(corpus_summary(loaded))
    corpus_dir, out_dir = paths.corpus, paths.output
    slug = paths.name if corpus is not None or name is not None else "bundled corpus"

    if paths.export is None:
        export = None
    elif tables is None:
        # in a worker process, which reads the tables from the store: this one holds none
        export = partial(_export_stored, stored.folder, stored.as_of, stored.path.parent, paths.export)
    else:
        def export() -> None:
            from helpers.export import export_all

            export_all(loaded, paths.export, **dict(tables(loaded)))
    if tables is None:
        loaded = None
        stored.release()
        let_go()  # and give its memory back: the notebooks' kernels read the corpus themselves

    # EXPLORE=False: interactive widgets serve JupyterLab only; the static page leaves them out.
    values = {"CORPUS_DIR": corpus_dir.as_posix(), "AS_OF": as_of_text, "EXPLORE": False}
    note = _note(slug, n_articles, as_of_text)
    pages = _run_all(
        stored,
        # the tables the project's own notebooks read, computed before them
        JOBS if notebooks is None else (),
        [(src, out_dir, notebook_parameters(src, values), show_code, note) for src in sources],
        export=export, export_here=tables is not None, workers=workers, progress=progress,
    )

    return write_index(
        out_dir / "index.html",
        title=f"Beautiful China lens: {slug}",
        summary=summary,
        pages=pages,
        parameters={"corpus": corpus_dir.name, "AS_OF": as_of_text or "from manifest.csv"},
    )


def _page(src: Path, out_dir: Path, params: Mapping[str, object], show_code: bool, note: str) -> tuple[str, str, str]:
    """Execute one notebook and render its page; the page's (file, title, description)."""
    import logging

    from helpers.precompute import let_go

    # a kernel stopped after a failing cell can leave tornado logging a callback's traceback
    # to this worker's stderr, which the command line would print under its short message
    logging.getLogger("tornado").setLevel(logging.CRITICAL)
    let_go()  # the kernel reads the corpus itself: this worker need not hold one too
    executed = execute_notebook(src, out_dir / EXECUTED_DIR / src.name, params)
    title, description = notebook_heading(src)
    render_html(executed, out_dir / f"{src.stem}.html", show_code=show_code, note=note, title=title)
    return (f"{src.stem}.html", title, description)


def _export_stored(folder: Path, as_of: str | None, store: Path, directory: Path) -> None:
    """Export the corpus and :func:`helpers.export.analysis_tables` from the store."""
    from helpers.export import analysis_tables, export_all
    from helpers.precompute import worker_tables

    stored = worker_tables(folder, as_of, store)  # the corpus this worker's table jobs read, if it ran any
    export_all(stored.corpus, directory, **analysis_tables(stored.corpus, get=stored.get))


def _run_all(stored, table_jobs: Sequence[Callable], page_jobs: list[tuple], *, export: Callable[[], None] | None,
             export_here: bool, workers: int | None, progress: bool) -> list[tuple[str, str, str]]:
    """Compute the notebooks' tables and run the notebooks in one pool of ``workers``
    processes, the export among them (in this process, threaded, if ``export_here``: a
    function that cannot go to another process).

    The table jobs (:mod:`helpers.precompute`) go first; each notebook follows as soon as
    the tables it reads are stored (:func:`helpers.precompute.needs`), so no notebook
    computes a table another process is computing, and none waits for a table it does
    not read. The export starts once its tables are stored. The first failure stops the
    run. Returns the pages in the notebooks' order.
    """
    import multiprocessing
    import os
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait

    from helpers.precompute import EXPORTED, needs, run_job

    n = max(1, min(workers or os.cpu_count() or 1, len(table_jobs) + len(page_jobs)))
    bar = _progress(len(table_jobs) + len(page_jobs) + (export is not None), enabled=progress)

    def tick(name: str) -> None:
        if bar is not None:
            bar.set_postfix_str(name)
            bar.update(1)

    done: dict[Path, tuple[str, str, str]] = {}
    try:
        if n == 1:
            for job in table_jobs:
                job(stored)
                tick(job.__name__)
            if export is not None:
                export()
                tick("export")
            for page in page_jobs:
                done[page[0]] = _page(*page)
                tick(page[0].stem)
            return [done[p[0]] for p in page_jobs]
        with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn")) as pool, \
                ThreadPoolExecutor(max_workers=1) as here:
            computing = {pool.submit(run_job, job, stored.folder, stored.as_of, stored.path.parent): job
                         for job in table_jobs}
            running: dict = {}
            waiting = list(page_jobs)
            export_wait = export is not None
            stored_jobs: set = set()
            while computing or running or waiting or export_wait:
                for page in [p for p in waiting if set(needs(p[0])) & set(table_jobs) <= stored_jobs]:
                    running[pool.submit(_page, *page)] = page[0]
                    waiting.remove(page)
                if export_wait and set(EXPORTED) & set(table_jobs) <= stored_jobs:
                    running[(here if export_here else pool).submit(export)] = None
                    export_wait = False
                finished, _ = wait([*computing, *running], return_when=FIRST_COMPLETED)
                for future in finished:
                    if future.exception() is not None:
                        for other in [*computing, *running]:
                            other.cancel()
                        raise future.exception()
                    if future in computing:
                        stored_jobs.add(computing.pop(future))
                        tick(future.result())
                    else:
                        src = running.pop(future)
                        if src is None:
                            tick("export")
                        else:
                            done[src] = future.result()
                            tick(src.stem)
    finally:
        if bar is not None:
            bar.close()
    return [done[p[0]] for p in page_jobs]


def _as_of_text(as_of: date | str | None) -> str | None:
    if as_of is None or as_of == "":
        return None
    if isinstance(as_of, date):
        return as_of.isoformat()
    try:
        return date.fromisoformat(str(as_of)).isoformat()
    except ValueError:
        raise ValueError(f"AS_OF must be a date as YYYY-MM-DD, not {as_of!r}") from None


def _note(slug: str, n_articles: int, as_of: str | None) -> str:
    when = f"; capture date for undated files: {as_of}" if as_of else ""
    text = f"Report on the corpus “{slug}” ({plural(n_articles, 'article')}{when})."
    return f"*{_md_escape(text)}* [All notebooks](index.html)"


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]{}()#+!|~])", r"\\\1", html.escape(text, quote=False))


def _progress(total: int, *, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="tables and notebooks", unit="step", file=sys.stderr)


# --------------------------------------------------------------------------- command line


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m helpers.report",
        description="Run every notebook on a corpus and write HTML pages plus index.html.",
    )
    p.add_argument("--corpus", help="folder of articles (default: the bundled data/raw)")
    p.add_argument("--as-of", dest="as_of", type=_as_of_arg,
                   help="capture date YYYY-MM-DD for files the manifest does not date")
    p.add_argument("--name", help="report name (default: the corpus folder's name)")
    p.add_argument("--notebooks", help="glob, folder or notebook to run (default: notebooks/NN_*.ipynb)")
    p.add_argument("--output", help="report folder (default: reports/ or reports/<name>/)")
    ex = p.add_mutually_exclusive_group()
    ex.add_argument("--export", help="folder for the exported tables (default: data/processed[/<name>])")
    ex.add_argument("--no-export", dest="no_export", action="store_true", help="do not export the tables")
    p.add_argument("--show-code", dest="show_code", action="store_true", help="keep code visible in the HTML")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    return p


def _as_of_arg(text: str) -> str:
    try:
        return _as_of_text(text) or ""
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code (1 on a failed notebook)."""
    args = _parser().parse_args(argv)
    try:
        index = run_report(
            args.corpus,
            as_of=args.as_of,
            name=args.name,
            notebooks=args.notebooks,
            output=args.output,
            export=False if args.no_export else args.export,
            show_code=args.show_code,
            progress=not args.quiet,
        )
    except (ReportError, FileNotFoundError) as err:
        print(f"report failed: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("report interrupted; the pages written so far are in the output folder", file=sys.stderr)
        return 130
    print(f"report written: {index}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
