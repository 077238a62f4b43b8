"""Guards for the committed notebooks, which nbval alone cannot give.

nbval silently skips a code cell that was never executed, so a notebook committed half
run would pass. These tests fail instead, and hold the notebooks to the conventions
(parameters cell, python3 kernel, no logic in cells).
"""

from __future__ import annotations

import re

import nbformat
import pytest

from helpers.paths import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXPECTED = ["01_corpus_overview", "02_keywords", "03_themes", "04_target_horizons", "05_region_comparison"]


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_expected_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_cell_executed_in_order(path):
    nb = nbformat.read(path, as_version=4)
    counts = [c.get("execution_count") for c in _code_cells(nb)]
    assert counts, f"{path.name} has no code cells"
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts}; re-run it with `make notebooks`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_conventions(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.stem[:2]} · ")
    tagged = [c for c in _code_cells(nb) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one code cell tagged 'parameters'"
    assert "CORPUS_DIR" in tagged[0].source and "AS_OF" in tagged[0].source
    assert any(c.cell_type == "markdown" and c.source.startswith("## Notes and caveats") for c in nb.cells)
    for cell in _code_cells(nb):
        assert not re.search(r"^\s*(def|class|for|while)\s", cell.source, re.M), (
            f"{path.name}: logic in a notebook cell belongs in src/helpers:\n{cell.source}"
        )
        assert "import re\n" not in cell.source
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"{path.name}: a cell raised an error"
            text = out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
            assert "/work/" not in text and "/home/" not in text, f"{path.name}: absolute path in output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_papermill_reads_every_parameter(path, caplog):
    """papermill must parse every line of the parameters cell (a second "=" in a comment
    makes it skip the line with a warning, and the parameter is then not offered)."""
    import papermill

    with caplog.at_level("WARNING", logger="papermill"):
        declared = papermill.inspect_notebook(str(path))
    assert "CORPUS_DIR" in declared
    assert not [r.getMessage() for r in caplog.records if "Unable to parse" in r.getMessage()]
