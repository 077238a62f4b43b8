"""Shared fixtures: the bundled seed corpus and builders for small generated corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.corpus import load_corpus
from helpers.paths import RAW_DIR

SHANXI = "shanxi_six_key_tasks_beautiful_shanxi"
SHANGHAI = "shanghai_director_new_chapter_beautiful_shanghai"
#: The seed pages' bytes, for tests that mix them into generated folders.
SEED_PAGES = {f"{name}.txt": (RAW_DIR / f"{name}.txt").read_bytes() for name in (SHANXI, SHANGHAI)}


@pytest.fixture(scope="session", autouse=True)
def _private_store(tmp_path_factory):
    """Stored tables go to a folder of this test session (notebook kernels inherit it),
    not to the project's data/processed/store."""
    mp = pytest.MonkeyPatch()
    mp.setenv("BCL_STORE_DIR", str(tmp_path_factory.mktemp("store")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def seeds():
    """The two real articles, parsed once per test session (dates from the manifest)."""
    return load_corpus(RAW_DIR)


def make_page(
    title: str = "Hainan releases a plan for a beautiful Hainan",
    body: list[str] | None = None,
    *,
    site: bool = True,
    source: str | None = "SourceCenewsComCn",
    release: str | None = "Release Time2 weeks ago",
    region: str | None = "RegionHainan",
    trailer: bool = True,
    sep: str = "\n\n",
) -> str:
    """A page in the platform's format with the parts a test asks for."""
    body = body or [
        "Hainan will build a national ecological civilization pilot zone. By 2027, forest coverage will stay above 62%.",
        "Haikou will cut PM2.5 concentration to 12 micrograms per cubic metre.",
    ]
    parts: list[str] = []
    if site:
        parts.append("China Carbon Credit Platform")
    if title:
        parts.append(title)
    header = "\n".join(x for x in (source, release) if x)
    if header:
        parts.append(header)
    parts.extend(body)
    if trailer:
        tail = "\n".join(x for x in (region, "Like(0)", "Collect(0)") if x)
        parts.append(tail)
    return sep.join(parts) + "\n"


@pytest.fixture
def write_files(tmp_path: Path):
    """Write ``{name: str | bytes}`` into a fresh folder and return it."""

    def _write(files: dict[str, str | bytes], folder: str = "corpus") -> Path:
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return _write
