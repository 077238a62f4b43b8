"""Tables computed once per corpus and kept as Parquet, so five notebooks (and the exports)
share one parse and one run of every analysis.

A notebook opens the corpus through :func:`open_tables` and asks for each table by the
function that computes it::

    tables = store.open_tables(CORPUS_DIR, as_of=AS_OF)
    corpus = tables.corpus
    counts = tables.get(keywords.ngram_counts, corpus, by="region", fillers=True)

The first call computes ``keywords.ngram_counts(corpus, by="region", fillers=True)`` and
writes it under ``data/processed/store/<key>/``; every later call with the same arguments,
in this notebook or another, reads the file instead. ``make report`` parses the corpus on
every core and computes the exported tables before the notebooks run, so the notebooks
mostly read. Run by hand in JupyterLab the same calls compute whatever is missing.

What a stored table is keyed by (a change to any of them computes it again):

* the corpus: every file's path and content, ``manifest.csv``, and the capture date;
* the code and the lexicons: the source of ``src/helpers`` and the files of
  ``data/lexicons``;
* the call: the function's name and its arguments (tables passed as arguments by the key
  they were stored under, or by their content).

Only data is stored (Parquet, read back with the dtypes it was written with); nothing in
the store can run code. A corrupt or unreadable entry is computed again. The store keeps
the :data:`KEEP` most recently used corpora and removes older ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.corpus import Corpus, load_corpus
from helpers.export import dtype_record, restore_dtypes
from helpers.paths import LEXICON_DIR, PROCESSED_DIR, resolve

#: Where stored tables live, one folder per corpus key (the environment variable
#: ``BCL_STORE_DIR`` moves it, for notebook kernels too: the tests use that).
STORE_DIR = PROCESSED_DIR / "store"
#: Corpora kept in the store; the least recently used beyond this are removed.
KEEP = 6
_CORPUS_TABLES = ("articles", "paragraphs", "sentences", "problems")
_KEY_ATTR = "store_key"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the library's source and the lexicon files: editing either makes every
    stored table stale."""
    h = hashlib.sha256()
    roots = [Path(__file__).resolve().parent, LEXICON_DIR]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".csv", ".txt", ".json"}):
            h.update(path.relative_to(root.parent).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:20]


def corpus_key(folder: str | Path, *, as_of: date | str | None = None) -> str:
    """The key of a corpus folder: every file's relative path and content (manifest
    included), the capture date and :func:`code_version`."""
    folder = Path(folder)
    h = hashlib.sha256(f"{code_version()}|{as_of or ''}".encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_symlink() or p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        h.update(_content_key(path))
    return h.hexdigest()[:24]


#: Files larger than this are keyed by size and modification time instead of content
#: (the parser refuses them as too large anyway).
_HASH_LIMIT = 64 * 2**20


def _content_key(path: Path) -> bytes:
    """What stands for one file's content in the corpus key. A link is its target's name
    (never read: it may point outside the corpus, at a device); a regular file its
    SHA-256, read in pieces; anything unreadable a mark."""
    try:
        if path.is_symlink():
            return b"link:" + os.readlink(path).encode("utf-8", "surrogateescape")
        st = path.stat()
        if st.st_size > _HASH_LIMIT:
            return f"large:{st.st_size}:{st.st_mtime_ns}".encode()
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").digest()
    except OSError:
        return b"unreadable"


class Tables:
    """The stored tables of one corpus (see the module docstring).

    Attributes:
        folder: the corpus folder.
        as_of: the capture date for files the manifest does not date.
        key: the corpus key (:func:`corpus_key`).
        path: the folder holding this corpus' tables.
    """

    def __init__(self, folder: str | Path, *, as_of: date | str | None = None,
                 store: str | Path | None = None, workers: int | None = None, progress: bool = False):
        self.folder = resolve(folder)
        if not self.folder.exists():
            raise FileNotFoundError(f"corpus folder not found: {folder}")
        self.as_of = as_of.isoformat() if isinstance(as_of, date) else (as_of or None)
        self.key = corpus_key(self.folder, as_of=self.as_of)
        self.path = Path(store or os.environ.get("BCL_STORE_DIR") or STORE_DIR) / self.key
        self._workers = workers
        self._progress = progress
        self._corpus: Corpus | None = None
        self._memory: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"Tables({self.folder.name!r}, as_of={self.as_of!r}, key={self.key!r})"

    @property
    def corpus(self) -> Corpus:
        """The parsed corpus, read from the store or parsed (and stored) once."""
        if self._corpus is None:
            if all(self._stored(f"corpus.{name}") for name in _CORPUS_TABLES):
                self._corpus = _StoredCorpus(self._read_corpus_part)
            else:
                self._corpus = load_corpus(self.folder, as_of=self.as_of, cache=True, workers=self._workers,
                                           progress=self._progress)
                for name in _CORPUS_TABLES:
                    self._write(f"corpus.{name}", getattr(self._corpus, name))
            self._touch()
        return self._corpus

    def get(self, func: Callable[..., Any], *args: Any, **params: Any) -> Any:
        """``func(*args, **params)``, computed once and stored.

        Args:
            func: an analysis function returning a table (or a tuple of tables).
            *args, **params: its arguments: this store's :attr:`corpus`, tables (one
                this store returned is known by its key, any other by its content),
                numbers, strings, lists or ``None``.

        Returns:
            What ``func`` returns: a DataFrame, or a tuple of DataFrames.
        """
        entry = self._entry(func, args, params)
        if entry in self._memory:
            return self._memory[entry]
        result = self._read_result(entry)
        if result is None:
            result = func(*[self._resolve(a) for a in args], **{k: self._resolve(v) for k, v in params.items()})
            self._write_result(entry, result)
        for frame in result if isinstance(result, tuple) else (result,):
            if isinstance(frame, pd.DataFrame):
                frame.attrs[_KEY_ATTR] = f"{self.key}/{entry}"
        self._memory[entry] = result
        return result

    def later(self, func: Callable[..., Any], *args: Any, **params: Any) -> "Later":
        """``func(*args, **params)`` as an argument of :meth:`get` that is read or computed
        only if the table it feeds is not stored: ``tables.get(theme_scores, corpus,
        lexicon, evidence=tables.later(theme_evidence, corpus, lexicon))`` reads the stored
        scores without reading the (much larger) evidence they were computed from."""
        return Later(func, args, params)

    def _entry(self, func: Callable[..., Any], args: tuple, params: dict) -> str:
        name = f"{func.__module__}.{func.__qualname__}"
        call = hashlib.sha256(json.dumps([name, [self._arg_key(a) for a in args],
                                          {k: self._arg_key(v) for k, v in sorted(params.items())}],
                                         sort_keys=True, default=str).encode()).hexdigest()[:20]
        return f"{func.__name__}.{call}"

    def _resolve(self, value: Any) -> Any:
        return self.get(value.func, *value.args, **value.params) if isinstance(value, Later) else value

    def release(self, *, corpus: bool = True) -> None:
        """Let go of the tables held in memory (and of the corpus, unless ``corpus=False``);
        the stored files stay, and the next call reads them again."""
        if corpus:
            self._corpus = None
        self._memory.clear()

    def _arg_key(self, value: Any) -> Any:
        if isinstance(value, Later):  # the key the table has once read (see get)
            return {"table": f"{self.key}/{self._entry(value.func, value.args, value.params)}"}
        if isinstance(value, Corpus):
            if value is self._corpus:
                return {"corpus": self.key}
            return {"corpus": _arg_key(value.articles)}
        return _arg_key(value)

    # ------------------------------------------------------------------ files

    def _read_result(self, entry: str) -> Any:
        meta = self.path / f"{entry}.json"
        try:
            parts = json.loads(meta.read_text(encoding="utf-8"))["parts"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        frames = [self._read(f"{entry}.{i}") for i in range(parts)] if parts else [self._read(entry)]
        if any(f is None for f in frames):
            return None
        return tuple(frames) if parts else frames[0]

    def _write_result(self, entry: str, result: Any) -> None:
        frames = result if isinstance(result, tuple) else (result,)
        if not all(isinstance(f, pd.DataFrame) for f in frames):
            return  # only tables are stored; anything else is recomputed when asked
        if isinstance(result, tuple):
            for i, frame in enumerate(frames):
                self._write(f"{entry}.{i}", frame)
        else:
            self._write(entry, result)
        _atomic_write(self.path / f"{entry}.json", json.dumps({"parts": len(frames) if isinstance(result, tuple) else 0}).encode())

    def _stored(self, stem: str) -> bool:
        return (self.path / f"{stem}.parquet").is_file() and (self.path / f"{stem}.dtypes.json").is_file()

    def _read_corpus_part(self, name: str) -> pd.DataFrame:
        frame = self._read(f"corpus.{name}")
        if frame is None:  # removed or corrupted since the store was opened: parse the folder again
            frame = getattr(load_corpus(self.folder, as_of=self.as_of, cache=True, workers=self._workers), name)
        return frame

    def _read(self, stem: str) -> pd.DataFrame | None:
        path, meta = self.path / f"{stem}.parquet", self.path / f"{stem}.dtypes.json"
        if not (path.is_file() and meta.is_file()):
            return None
        try:
            record = json.loads(meta.read_text(encoding="utf-8"))
            return restore_dtypes(pd.read_parquet(path, engine="pyarrow"), record["columns"], record["nan_columns"])
        except Exception:  # a corrupt entry is computed again, never fatal
            return None

    def _write(self, stem: str, frame: pd.DataFrame) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        frame = frame.copy(deep=False)
        frame.attrs = {}
        try:
            data = _parquet_bytes(frame)
        except Exception:  # a table Parquet cannot hold (mixed objects) is recomputed next time
            return
        _atomic_write(self.path / f"{stem}.parquet", data)
        _atomic_write(self.path / f"{stem}.dtypes.json", json.dumps(dtype_record(frame)).encode())

    def _touch(self) -> None:
        if self.path.is_dir():
            os.utime(self.path)
            _prune(self.path.parent, keep=KEEP)


def open_tables(folder: str | Path, *, as_of: date | str | None = None, store: str | Path | None = None,
                workers: int | None = None, progress: bool = False) -> Tables:
    """The stored tables of the corpus in ``folder`` (see :class:`Tables`).

    Args:
        folder: the corpus folder (relative paths are taken from the project root or the
            working directory, as for :func:`helpers.load_corpus`).
        as_of: the capture date for files the manifest does not date.
        store: the store folder; default :data:`STORE_DIR`.
        workers: processes used if the corpus must be parsed (``None``: every core).
        progress: show a progress bar over files if the corpus must be parsed.
    """
    return Tables(folder, as_of=as_of, store=store, workers=workers, progress=progress)


def _arg_key(value: Any) -> Any:
    if isinstance(value, pd.DataFrame):
        stored = value.attrs.get(_KEY_ATTR)
        if stored:
            return {"table": stored}
        digest = hashlib.sha256(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
        digest.update(json.dumps([str(c) for c in value.columns]).encode())
        return {"table": digest.hexdigest()[:20]}
    if isinstance(value, Path):
        return {"path": str(value), "content": hashlib.sha256(value.read_bytes()).hexdigest()[:20] if value.is_file() else None}
    if isinstance(value, (list, tuple)):
        return [_arg_key(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _arg_key(v) for k, v in sorted(value.items())}
    return value


@dataclass(frozen=True)
class Later:
    """A call to an analysis made only when needed (:meth:`Tables.later`)."""

    func: Callable[..., Any]
    args: tuple
    params: dict


class _StoredCorpus(Corpus):
    """A :class:`Corpus` read from the store one table at a time, when first used: a
    notebook that shows the articles and reads its analyses from the store never holds
    the corpus' paragraphs and sentences (most of its memory on a large corpus)."""

    def __init__(self, read: Callable[[str], pd.DataFrame]):  # noqa: D107 - not the dataclass' fields
        object.__setattr__(self, "_read_part", read)
        object.__setattr__(self, "_parts", {})

    def _part(self, name: str) -> pd.DataFrame:
        if name not in self._parts:
            self._parts[name] = self._read_part(name)
        return self._parts[name]

    articles = property(lambda self: self._part("articles"))
    paragraphs = property(lambda self: self._part("paragraphs"))
    sentences = property(lambda self: self._part("sentences"))
    problems = property(lambda self: self._part("problems"))


def _parquet_bytes(frame: pd.DataFrame) -> bytes:
    import io

    buf = io.BytesIO()
    frame.to_parquet(buf, index=True)
    return buf.getvalue()


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _prune(root: Path, *, keep: int) -> None:
    folders = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[keep:]:
        shutil.rmtree(old, ignore_errors=True)
    for tmp in root.glob("*/.*.tmp"):
        if time.time() - tmp.stat().st_mtime > 3600:  # left by a killed run
            tmp.unlink(missing_ok=True)


__all__ = ["KEEP", "STORE_DIR", "Tables", "code_version", "corpus_key", "open_tables"]

