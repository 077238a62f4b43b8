"""Pipeline benchmark on generated corpora: speed and peak memory per stage.

``python -m benchmarks.bench`` (or ``make bench``) generates 1,000 and 10,000 synthetic
articles (:mod:`benchmarks.generate`, about 6 KB each) under ``build/bench/`` and, for
each size, runs every stage in :data:`STAGES` in a fresh subprocess, printing seconds,
MB/s, articles/s and memory. The keyword stage ``ngram_counts(n=(1, 3))`` is measured
beside scikit-learn's ``CountVectorizer(ngram_range=(1, 3))`` on the same texts (each
article's sentences joined by newlines), in the same run, and the ratio is printed.

How it measures
    * Time: ``time.perf_counter`` around the stage call only; the best of ``--rounds``
      fresh processes (3 up to 2,000 articles, else 2), every stage running once per round
      (so each stage and its reference see the same slow and fast spells of a shared
      machine; see :func:`best_of_rounds`). One timed run per process by default
      (``--repeat``): a second run would find the caches the first one filled.
      Each process first runs its stage once on 20 articles,
      untimed, so one-time costs (imports, lexicons) are excluded alike for every stage
      and every corpus size, and the growth from 1,000 to 10,000 articles compares like
      with like.
    * Memory: each stage runs in its own process, so its peak resident set size is its
      own: ``ru_maxrss`` of that child, read with ``os.wait4`` when it exits. The
      interpreter, the imports and the stage's input are part of that peak, so the child
      also reports the peak reached before the stage ran; the difference ("+RSS") is the
      stage's own working memory, an honest upper bound on what the stage adds.
    * MB/s counts the UTF-8 bytes of the text a stage reads: the files for
      ``load_corpus``, the sentence text for the counting stages.

Adding a stage (e.g. ``theme_scores``, ``extract_horizons``) is one entry in
:data:`STAGES`: a name, a ``setup`` that builds the input from the corpus folder
(untimed), a ``run`` that is timed, and what it is compared with, if anything.

Options: ``--sizes 1000,10000``, ``--stages ngram_counts,CountVectorizer(1,3)``,
``--repeat N``, ``--rounds N``, ``--root build/bench``, ``--seed 0``.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / "build" / "bench"
CORPUS_PICKLE = "corpus.pkl"


# --------------------------------------------------------------------------- stages


def _corpus_dir(folder: Path) -> Path:
    return folder / "articles"


def _load_pickled(folder: Path):
    with (folder / CORPUS_PICKLE).open("rb") as fh:
        return pickle.load(fh)


def _article_texts(corpus) -> list[str]:
    """Each article's sentences joined by newlines: the text every counting stage reads."""
    return corpus.sentences.groupby("article_id", sort=True)["text"].agg("\n".join).tolist()


def _text_volume(texts: list[str]) -> tuple[float, int]:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6, len(texts)


def _file_volume(folder: Path) -> tuple[float, int]:
    files = [p for p in _corpus_dir(folder).glob("*.txt")]
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


def _setup_corpus(folder: Path):
    corpus = _load_pickled(folder)
    return corpus, _text_volume(_article_texts(corpus))


def _setup_texts(folder: Path):
    texts = _article_texts(_load_pickled(folder))
    return texts, _text_volume(texts)


def _run_load_corpus(folder: Path):
    from helpers.corpus import load_corpus

    return load_corpus(_corpus_dir(folder))


def _run_ngram_counts(corpus):
    from helpers.keywords import ngram_counts

    return ngram_counts(corpus, n=(1, 3))


def _run_countvectorizer(texts):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(ngram_range=(1, 3)).fit_transform(texts)


def _run_load_corpus_parallel(folder: Path):
    from helpers.corpus import load_corpus

    return load_corpus(_corpus_dir(folder), workers=None)


def _run_theme_scores(corpus):
    from helpers.themes import theme_scores

    return theme_scores(corpus, level="article")


def _run_extract_horizons(corpus):
    from helpers.horizons import extract_horizons

    return extract_horizons(corpus)


def _run_pipeline(folder: Path):
    """Files to every table: load_corpus + ngram_counts(1,3) + theme_scores + extract_horizons,
    on every core (helpers.pipeline)."""
    from helpers.pipeline import run_pipeline

    return run_pipeline(_corpus_dir(folder), workers=None)


def _run_report(folder: Path):
    """``make report`` on the folder, cold: a fresh table store (no table computed before)
    and a fresh output folder each run, exports included; returns the largest page's size."""
    import tempfile

    from helpers.report import run_report

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        os.environ["BCL_STORE_DIR"] = str(Path(tmp) / "store")
        index = run_report(_corpus_dir(folder), output=Path(tmp) / "site", export=Path(tmp) / "tables")
        pages = list(index.parent.glob("*.html"))
        return max(p.stat().st_size for p in pages)


@dataclass(frozen=True)
class Stage:
    """One measured step.

    Attributes:
        name: the label printed (and accepted by ``--stages``).
        setup: builds the stage's input from the benchmark folder (not timed); returns
            ``(input, (megabytes, articles))``, the volume the stage processes.
        run: the timed call on that input.
        compare_with: the name of a stage this one is compared with (a ratio is printed).
    """

    name: str
    setup: Callable[[Path], tuple[Any, tuple[float, int]]]
    run: Callable[[Any], Any]
    compare_with: str | None = None


def _files(folder: Path):
    return folder, _file_volume(folder)


STAGES: list[Stage] = [
    Stage("load_corpus", setup=_files, run=_run_load_corpus),
    Stage("load_corpus (all cores)", setup=_files, run=_run_load_corpus_parallel),
    Stage("ngram_counts(1,3)", setup=_setup_corpus, run=_run_ngram_counts, compare_with="CountVectorizer(1,3)"),
    Stage("theme_scores", setup=_setup_corpus, run=_run_theme_scores),
    Stage("extract_horizons", setup=_setup_corpus, run=_run_extract_horizons),
    Stage("pipeline (all cores)", setup=_files, run=_run_pipeline, compare_with="CountVectorizer(1,3)"),
    Stage("CountVectorizer(1,3)", setup=_setup_texts, run=_run_countvectorizer),
]
#: Measured only when asked for (``--stages report``, ``make bench-report``): minutes, not seconds.
EXTRA_STAGES: list[Stage] = [Stage("report", setup=_files, run=_run_report)]


def _peak_rss_mb(usage) -> float:
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    return usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


SAMPLE_DIR, SAMPLE_SIZE = "sample", 20


def _sample(data: Any, folder: Path) -> Any:
    """A few articles' worth of a stage's input, to warm the stage up on."""
    if isinstance(data, Path):
        return folder / SAMPLE_DIR
    if isinstance(data, list):
        return data[:SAMPLE_SIZE]
    return data.subset(data.articles["article_id"].iloc[:SAMPLE_SIZE])


def run_child(stage_name: str, folder: Path, repeat: int) -> dict:
    """Run one stage in this process and return its measurements (used by the child)."""
    stage = {s.name: s for s in STAGES + EXTRA_STAGES}[stage_name]
    data, (mb, articles) = stage.setup(folder)
    stage.run(_sample(data, folder))  # imports and lexicons load here, untimed
    rss_before = _peak_rss_mb(resource.getrusage(resource.RUSAGE_SELF))
    times = []
    largest_page = None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        result = stage.run(data)
        times.append(time.perf_counter() - t0)
        if stage.name == "report":
            largest_page = result
        del result
    workers = _peak_rss_mb(resource.getrusage(resource.RUSAGE_CHILDREN))
    return {"stage": stage_name, "seconds": min(times), "runs": times, "mb": mb, "articles": articles,
            "rss_before_mb": rss_before, "worker_peak_rss_mb": workers, "largest_page": largest_page}


class TreeMemory:
    """Samples the summed resident memory of a process and all its descendants (every
    ``interval`` seconds, in a thread) and keeps the peak: the memory a multi-process
    stage really holds at once, which no single ``ru_maxrss`` shows."""

    def __init__(self, pid: int, interval: float = 0.05):
        import threading

        self.pid, self.interval, self.peak_mb = pid, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                break
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self._stop.wait(self.interval)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mb


def measure(stage_name: str, folder: Path, repeat: int) -> dict:
    """Run one stage in a fresh Python process; add its peak RSS from ``os.wait4`` and the
    peak of its whole process tree (sampled)."""
    cmd = [sys.executable, "-m", "benchmarks.bench", "--child", stage_name, "--folder", str(folder),
           "--repeat", str(repeat)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    tree = TreeMemory(proc.pid)
    out = proc.stdout.read() if proc.stdout else ""
    tree_peak = tree.stop()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"stage {stage_name!r} failed with exit code {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mb"] = _peak_rss_mb(usage)
    result["tree_peak_mb"] = max(tree_peak, result["peak_rss_mb"])
    return result


# --------------------------------------------------------------------------- corpora


def prepare(folder: Path, n: int, *, seed: int) -> None:
    """Generate ``n`` articles into ``folder/articles`` and pickle the parsed corpus,
    unless an earlier run left the same corpus there."""
    from benchmarks.generate import generate_corpus

    stamp = folder / "stamp.json"
    want = {"n": n, "seed": seed}
    sample = folder / SAMPLE_DIR
    if stamp.is_file() and json.loads(stamp.read_text()) == want and (folder / CORPUS_PICKLE).is_file() \
            and sample.is_dir():
        return
    generate_corpus(_corpus_dir(folder), n, seed=seed)
    shutil.rmtree(sample, ignore_errors=True)
    _corpus_dir(sample).mkdir(parents=True)  # laid out like a benchmark folder
    for path in sorted(_corpus_dir(folder).glob("*.txt"))[:SAMPLE_SIZE]:
        shutil.copy(path, _corpus_dir(sample) / path.name)
    subprocess.run([sys.executable, "-m", "benchmarks.bench", "--pickle", "--folder", str(folder)], cwd=ROOT, check=True)
    stamp.write_text(json.dumps(want))


def _pickle_corpus(folder: Path) -> None:
    corpus = _run_load_corpus(folder)
    with (folder / CORPUS_PICKLE).open("wb") as fh:
        pickle.dump(corpus, fh, protocol=pickle.HIGHEST_PROTOCOL)


# --------------------------------------------------------------------------- report


def _row(r: dict) -> str:
    secs = r["seconds"]
    return (f"  {r['stage']:<24} {secs:>8.2f} {r['mb'] / secs:>8.2f} {r['articles'] / secs:>11.0f} "
            f"{r['peak_rss_mb']:>12.0f} {r['peak_rss_mb'] - r['rss_before_mb']:>10.0f} {r['tree_peak_mb']:>13.0f}")


def best_of_rounds(rounds: list[list[dict]]) -> list[dict]:
    """Per stage, the fastest of its rounds, with the largest memory figures of any round.

    Each round runs every stage once, in its own process, one after the other; on a shared
    machine whose speed drifts over minutes, interleaving the rounds lets every stage (and
    the reference it is compared with) sample the same slow and fast spells. Memory is a
    ceiling, so it takes the worst round.
    """
    out = []
    for runs in zip(*rounds):
        best = dict(min(runs, key=lambda r: r["seconds"]))
        worst = max(runs, key=lambda r: r["peak_rss_mb"])
        best.update(peak_rss_mb=worst["peak_rss_mb"], rss_before_mb=worst["rss_before_mb"],
                    tree_peak_mb=max(r["tree_peak_mb"] for r in runs),
                    worker_peak_rss_mb=max(r.get("worker_peak_rss_mb", 0) for r in runs),
                    round_seconds=[r["seconds"] for r in runs])
        out.append(best)
    return out


def run(sizes: list[int], *, stages: list[str] | None = None, repeat: int | None = None, root: Path = DEFAULT_DIR,
        seed: int = 0, rounds: int | None = None, out=sys.stdout) -> list[dict]:
    """Run the benchmark and print a table per size. Returns the measurements.

    ``rounds``: fresh processes per stage, the stages interleaved (default 3 up to 2,000
    articles, else 2; see :func:`best_of_rounds`); ``repeat``: timed runs inside each of
    those processes (default 1: a later run in the same process would find the caches
    the first one filled, such as the theme matcher's spellings, and look faster)."""
    names = [s.name for s in STAGES] if not stages else stages
    known = STAGES + EXTRA_STAGES
    unknown = set(names) - {s.name for s in known}
    if unknown:
        raise SystemExit(f"unknown stage(s): {', '.join(sorted(unknown))}; known: {', '.join(s.name for s in known)}")
    import sklearn

    print(f"Python {platform.python_version()}, scikit-learn {sklearn.__version__}, {os.cpu_count()} CPUs; "
          "a fresh process per stage and round; time = best of the rounds; +RSS = peak RSS minus the peak before the stage ran",
          file=out)
    results = []
    for n in sizes:
        folder = root / f"n{n}"
        folder.mkdir(parents=True, exist_ok=True)
        prepare(folder, n, seed=seed)
        reps = repeat if repeat is not None else 1
        n_rounds = max(1, rounds) if rounds is not None else (3 if n <= 2000 else 2)
        rows = best_of_rounds([[measure(name, folder, reps) for name in names] for _ in range(n_rounds)])
        files_mb, _ = _file_volume(folder)
        how = f"best of {reps}" if n_rounds == 1 else f"best of {reps} x {n_rounds} rounds, stages interleaved"
        print(f"\n{n:,} articles ({files_mb:.1f} MB of files), seed {seed}, {how}:", file=out)
        print(f"  {'stage':<24} {'seconds':>8} {'MB/s':>8} {'articles/s':>11} {'peak RSS MB':>12} {'+RSS MB':>10}"
              f" {'all procs MB':>13}", file=out)
        for r in rows:
            print(_row(r), file=out)
        for r in rows:
            if r.get("worker_peak_rss_mb", 0) > 0:
                print(f"  ({r['stage']} ran worker processes: the largest peaked at {r['worker_peak_rss_mb']:.0f} MB; "
                      "'all procs' is the sampled peak of the stage's process and its workers together)", file=out)
        by_name = {r["stage"]: r for r in rows}
        for stage in STAGES:
            if stage.name in by_name and stage.compare_with in by_name:
                ours, base = by_name[stage.name], by_name[stage.compare_with]
                ratio = base["seconds"] / ours["seconds"]
                verdict = "faster" if ratio >= 1 else "SLOWER"
                rounds_note = ""
                if len(ours.get("round_seconds", ())) > 1:
                    def secs(r: dict) -> str:
                        return " / ".join(f"{x:.2f}" if x < 10 else f"{x:.1f}" for x in r["round_seconds"])

                    rounds_note = f"; rounds {secs(ours)} s against {secs(base)} s"
                print(f"  {stage.name} vs {stage.compare_with}: {ratio:.2f}x the throughput ({verdict}{rounds_note})",
                      file=out)
        single = [by_name[k]["seconds"] for k in ("load_corpus", "ngram_counts(1,3)", "theme_scores",
                                                  "extract_horizons") if k in by_name]
        if len(single) == 4:
            print(f"  sum of the four stages on one core: {sum(single):.2f} s", file=out)
        for r in rows:
            r["n"] = n
        results.extend(rows)
    if len(sizes) >= 2:
        lo, hi = min(sizes), max(sizes)
        print(f"\nScaling, {hi:,} vs {lo:,} articles (time ratio; {hi / lo:.0f} would be linear):", file=out)
        for name in names:
            a = [r for r in results if r["stage"] == name and r["n"] == lo]
            b = [r for r in results if r["stage"] == name and r["n"] == hi]
            if a and b:
                print(f"  {name:<24} {b[0]['seconds'] / a[0]['seconds']:6.1f}x", file=out)
    print_targets(results, out=out)
    return results


#: Issue 7's targets for the pipeline on the largest corpus: throughput against
#: CountVectorizer(1,3) in the same run, peak memory of all its processes, and growth.
TARGET_SPEEDUP, TARGET_PEAK_MB, TARGET_GROWTH = 2.0, 2048.0, 1.1


#: make report: seconds at most per corpus size, peak memory and page size (issue 15).
REPORT_SECONDS, REPORT_PEAK_MB, REPORT_PAGE_MB = {1000: 30.0, 10000: 180.0}, 4096.0, 3.0


def print_report_targets(results: list[dict], *, out=sys.stdout) -> None:
    """Print the report's figures against its targets (when the report stage ran)."""
    for r in sorted((r for r in results if r["stage"] == "report"), key=lambda r: r["n"]):
        limit = REPORT_SECONDS.get(r["n"])
        page = (r.get("largest_page") or 0) / 1e6
        print(f"\nmake report on {r['n']:,} articles:", file=out)
        if limit is not None:
            print(f"  {'time: ' + format(r['seconds'], '.0f') + ' s':<58} target <= {limit:.0f} s  "
                  f"{'met' if r['seconds'] <= limit else 'NOT MET'}", file=out)
        print(f"  {'peak memory, all processes: ' + format(r['tree_peak_mb'], ',.0f') + ' MB':<58} target < {REPORT_PEAK_MB:,.0f} MB "
              f"{'met' if r['tree_peak_mb'] < REPORT_PEAK_MB else 'NOT MET'}", file=out)
        print(f"  {'largest page: ' + format(page, '.1f') + ' MB':<58} target <= {REPORT_PAGE_MB:.0f} MB   "
              f"{'met' if page <= REPORT_PAGE_MB else 'NOT MET'}", file=out)


def print_targets(results: list[dict], *, out=sys.stdout) -> None:
    """Print the pipeline's figures against the targets (only for what was measured)."""
    print_report_targets(results, out=out)
    pipe = sorted((r for r in results if r["stage"] == "pipeline (all cores)"), key=lambda r: r["n"])
    if not pipe:
        return
    big = pipe[-1]
    lines = []
    base = [r for r in results if r["stage"] == "CountVectorizer(1,3)" and r["n"] == big["n"]]
    if base:
        ratio = base[0]["seconds"] / big["seconds"]
        lines.append((f"pipeline vs CountVectorizer(1,3) throughput: {ratio:.2f}x", f">= {TARGET_SPEEDUP:.0f}x",
                      ratio >= TARGET_SPEEDUP))
    lines.append((f"pipeline peak memory, all processes: {big['tree_peak_mb']:,.0f} MB", f"< {TARGET_PEAK_MB:,.0f} MB",
                  big["tree_peak_mb"] < TARGET_PEAK_MB))
    if len(pipe) >= 2:
        small = pipe[0]
        growth = big["seconds"] / small["seconds"]
        limit = TARGET_GROWTH * big["n"] / small["n"]
        lines.append((f"pipeline time, {big['n']:,} vs {small['n']:,} articles: {growth:.1f}x", f"<= {limit:.0f}x",
                      growth <= limit))
    print(f"\nTargets on {big['n']:,} articles:", file=out)
    for text, target, ok in lines:
        print(f"  {text:<58} target {target:<9} {'met' if ok else 'NOT MET'}", file=out)


def split_stage_names(text: str) -> list[str]:
    """Split ``--stages`` at commas, except the commas inside a stage's own name
    (``CountVectorizer(1,3)``): pieces are joined until they name a known stage.

    >>> split_stage_names("pipeline (all cores),CountVectorizer(1,3)")
    ['pipeline (all cores)', 'CountVectorizer(1,3)']
    """
    known = {s.name for s in STAGES + EXTRA_STAGES}
    out, piece = [], ""
    for part in text.split(","):
        piece = f"{piece},{part}" if piece else part.strip()
        if piece in known:
            out.append(piece)
            piece = ""
    if piece:
        out.append(piece)  # unknown: run() names it in its error
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the pipeline stages on generated corpora.")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (articles)")
    parser.add_argument("--stages", default="", help="comma-separated stage names (default: all)")
    parser.add_argument("--repeat", type=int, default=None, help="timed runs inside each stage process (default 1)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="fresh processes per stage, stages interleaved (default 3, 2 above 2,000 articles)")
    parser.add_argument("--root", type=Path, default=DEFAULT_DIR, help="where generated corpora go (default build/bench)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--pickle", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_child(args.child, args.folder, args.repeat or 1)))
        return
    if args.pickle:
        _pickle_corpus(args.folder)
        return
    sizes = [int(x) for x in args.sizes.replace("_", "").split(",") if x.strip()]
    stages = split_stage_names(args.stages) or None
    run(sizes, stages=stages, repeat=args.repeat, root=args.root, seed=args.seed, rounds=args.rounds)


if __name__ == "__main__":
    main()
