"""Where the project's files live, independent of the current working directory.

Notebooks run with their own folder as the working directory, the report runner and the
tests from the project root; every path a user gives is resolved here the same way.
"""

from __future__ import annotations

from pathlib import Path

#: The repository root (the folder holding ``pyproject.toml``).
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
LEXICON_DIR = DATA_DIR / "lexicons"
PROCESSED_DIR = DATA_DIR / "processed"


def resolve(path: str | Path) -> Path:
    """Resolve ``path`` against the project root unless it is absolute or exists as given.

    Args:
        path: a path as a user typed it (``"data/raw"``, ``"../data/raw"``, absolute).

    Returns:
        An absolute path. A relative path that exists from the working directory is kept
        as such; otherwise it is taken relative to the project root.

    >>> resolve("data/raw") == RAW_DIR
    True
    """
    p = Path(path).expanduser()
    if p.is_absolute():
        return p
    if p.exists():
        return p.resolve()
    return (PROJECT_ROOT / p).resolve()
