"""Load the analyst-editable lexicons in ``data/lexicons/``.

Domain knowledge (regions, themes, stop words, glossary) lives in CSV files, one concept a
row, so analysts can extend it without programming. Every loader validates the file and
raises :class:`LexiconError` naming the file, the row and the fix.
"""

from __future__ import annotations

import csv
import hashlib
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.paths import LEXICON_DIR


class LexiconError(ValueError):
    """A lexicon file is missing, malformed or inconsistent."""


def lexicon_path(name: str, directory: str | Path | None = None) -> Path:
    """Return the path of lexicon ``name`` (e.g. ``"regions"``) in ``directory``
    (default: :data:`helpers.paths.LEXICON_DIR`).

    >>> lexicon_path("regions", "data/lexicons").as_posix(), lexicon_path("x.csv", "d").as_posix()
    ('data/lexicons/regions.csv', 'd/x.csv')
    """
    return _joined_lexicon_path(name, LEXICON_DIR if directory is None else directory)


@lru_cache(maxsize=256)
def _joined_lexicon_path(name: str, directory: str | Path) -> Path:
    """:func:`lexicon_path`, remembered: the parser asks for the region gazetteer's path
    twice per article, and building a ``Path`` costs more than the rest of that look-up
    (a ``Path`` is immutable, so handing out the same one is safe)."""
    return Path(directory) / (name if name.endswith(".csv") else f"{name}.csv")


def read_lexicon(
    path: str | Path,
    *,
    required: list[str],
    optional: list[str] | tuple[str, ...] = (),
    unique: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """Read a lexicon CSV as strings and check its shape.

    Lines starting with ``#`` are comments. Cells are stripped of surrounding whitespace.

    Args:
        path: the CSV file.
        required: columns that must exist and be non-empty in every row.
        optional: columns that may be absent (added empty) or blank.
        unique: columns (or a single column) whose values must not repeat
            (compared case-insensitively).

    Returns:
        A DataFrame with the required and optional columns (all ``str``), plus a
        ``row`` column holding the 1-based line number in the file, for messages.

    Raises:
        LexiconError: the file is missing, lacks a column, has an empty required cell or
            repeats a unique value. The message names file, row and fix.
    """
    path = Path(path)
    if not path.is_file():
        raise LexiconError(f"{path}: lexicon file not found. Restore it from git or point to another folder.")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = [(i, line) for i, line in enumerate(fh, start=1) if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise LexiconError(f"{path}: file is empty. Add a header row: {','.join(required + list(optional))}.")
    reader = csv.reader([line for _, line in lines])
    rows = list(reader)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise LexiconError(
            f"{path}, row {lines[0][0]}: header lacks column(s) {', '.join(missing)}. "
            f"Expected header: {','.join(required + list(optional))}."
        )
    records = []
    for (lineno, _), cells in zip(lines[1:], rows[1:]):
        if len(cells) > len(header):
            raise LexiconError(
                f"{path}, row {lineno}: {len(cells)} cells for {len(header)} columns. "
                "Quote a cell that contains a comma with double quotes."
            )
        cells = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        rec = dict(zip(header, cells))
        for col in required:
            if not rec.get(col):
                raise LexiconError(f"{path}, row {lineno}: column '{col}' is empty. Fill it in or delete the row.")
        rec["row"] = lineno
        records.append(rec)
    cols = list(required) + [c for c in optional] + ["row"]
    df = pd.DataFrame.from_records(records, columns=[c for c in header if c in cols] + ["row"])
    for col in optional:
        if col not in df.columns:
            df[col] = ""
    df = df[cols]
    for col in unique:
        key = df[col].str.casefold()
        dup = df[key.duplicated(keep="first")]
        if not dup.empty:
            first = dup.iloc[0]
            earlier = df.loc[key == str(first[col]).casefold(), "row"].iloc[0]
            raise LexiconError(
                f"{path}, row {first['row']}: '{first[col]}' in column '{col}' repeats row {earlier}. "
                "Merge the two rows or delete one."
            )
    return df.reset_index(drop=True)


def split_list(cell: str, sep: str = "|") -> list[str]:
    """Split a ``|``-separated lexicon cell into stripped, non-empty items.

    >>> split_list("Tibet | Xizang||")
    ['Tibet', 'Xizang']
    """
    return [part.strip() for part in str(cell).split(sep) if part.strip()]


_DIGESTS: dict[tuple, str] = {}


def file_digest(path: str | Path) -> str:
    """Short content hash of a lexicon file (used in cache keys).

    The hash is remembered per (path, size, modification time, inode), so asking again for
    an unchanged file costs one ``stat`` rather than a read; an edited file is re-hashed.
    """
    st = os.stat(path)
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    digest = _DIGESTS.get(key)
    if digest is None:
        digest = _DIGESTS[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    return digest


#: The region label of an article whose region was not detected, in every grouped table
#: and figure (one spelling, so tables and charts of the same articles line up).
NO_REGION = "unknown"

REGION_KINDS = ("province", "municipality", "autonomous region", "special administrative region")


@lru_cache(maxsize=8)
def _load_regions_cached(path: str, digest: str) -> pd.DataFrame:
    df = read_lexicon(
        path,
        required=["region", "iso_code", "kind", "name_zh"],
        optional=["aliases", "cities"],
        unique=["region", "iso_code"],
    )
    for row in df.itertuples():
        if row.kind not in REGION_KINDS:
            raise LexiconError(
                f"{path}, row {row.row}: kind '{row.kind}' is not one of {', '.join(REGION_KINDS)}."
            )
        if not row.iso_code.startswith("CN-"):
            raise LexiconError(f"{path}, row {row.row}: iso_code '{row.iso_code}' should look like 'CN-SX'.")
    seen: dict[str, tuple[str, int]] = {}
    for row in df.itertuples():
        for name in [row.region, *split_list(row.aliases), *split_list(row.cities)]:
            key = name.casefold()
            if key in seen and seen[key][0] != row.region:
                raise LexiconError(
                    f"{path}, row {row.row}: name '{name}' is also used by {seen[key][0]} (row {seen[key][1]}). "
                    "A name may point to one region only."
                )
            seen[key] = (row.region, row.row)
    return df


def load_regions(path: str | Path | None = None) -> pd.DataFrame:
    """Load the region gazetteer (``data/lexicons/regions.csv``).

    Columns: ``region`` (canonical English name), ``iso_code`` (ISO 3166-2:CN),
    ``kind`` (province, municipality, autonomous region, special administrative region),
    ``name_zh``, ``aliases`` and ``cities`` (``|``-separated English names that point to
    the region), ``row``.

    >>> regions = load_regions()
    >>> len(regions), regions.set_index("region").loc["Shaanxi", "iso_code"]
    (34, 'CN-SN')
    """
    path = Path(path) if path is not None else lexicon_path("regions")
    return _load_regions_cached(str(path), file_digest(path) if path.is_file() else "")
