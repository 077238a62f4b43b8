"""Seeded generator of synthetic articles in the platform's page format.

The pages imitate the China Carbon Credit Platform news pages in ``data/raw``: an optional
site line, a title, optional ``Source...`` and ``Release Time<N units ago>`` lines, body
paragraphs (with the occasional photo caption), and optional ``Region...``, ``Like(n)``,
``Collect(n)`` trailer lines. Bodies mix translated-policy sentences, quoted plan names,
target horizons ("By 2027, ...", "by the middle of this century"), numbers, percentages
and pollutant codes (PM2.5, CO2), about 6 KB per article (1,000 articles are about 6 MB).

The text is for measuring speed, not for analysis: it is grammatical but says nothing.

Usage::

    python -m benchmarks.generate build/bench/n1000 --n 1000 --seed 0
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

REGIONS_CSV = Path(__file__).resolve().parents[1] / "data" / "lexicons" / "regions.csv"

SOURCES = [
    "CenewsComCn", "XinhuanetCom", "PeopleComCn", "MeeGovCn", "ChinadailyComCn", "GovCn",
    "CctvCom", "ChinanewsComCn", "gxt.shaanxi.gov.cn", "sthjt.zj.gov.cn", "ThePaperCn",
]
UNITS = ["minutes", "hours", "days", "weeks", "months", "years"]

VERBS = [
    "promote", "strengthen", "improve", "accelerate", "deepen", "implement", "advance",
    "consolidate", "optimize", "coordinate", "support", "expand", "explore", "establish",
    "build", "carry out", "intensify", "enhance", "ensure", "guide", "encourage", "standardize",
    "upgrade", "protect", "restore", "control", "reduce", "cultivate", "develop", "monitor",
]
ADVERBS = [
    "comprehensively", "vigorously", "actively", "steadily", "effectively", "firmly",
    "resolutely", "solidly", "thoroughly", "continuously", "further", "orderly", "strictly",
]
ADJECTIVES = [
    "green", "low-carbon", "high-quality", "ecological", "environmental", "clean", "modern",
    "intelligent", "integrated", "coordinated", "sustainable", "circular", "resilient",
    "new", "key", "major", "regional", "urban", "rural", "industrial", "digital", "efficient",
    "zero-waste", "ultra-low", "co-ordinated", "cross-regional", "high-level", "long-term",
]
NOUNS = [
    "air quality", "water quality", "soil pollution", "groundwater", "solid waste", "hazardous waste",
    "new pollutants", "heavy metals", "volatile organic compounds", "nitrogen oxides", "ozone pollution",
    "carbon emissions", "carbon market", "carbon peak", "carbon neutrality", "energy structure",
    "industrial structure", "transportation structure", "coal consumption", "clean energy",
    "renewable energy", "wind power", "solar power", "hydrogen energy", "energy storage",
    "ecosystem", "biodiversity", "nature reserves", "wetlands", "forest coverage", "grasslands",
    "river basin", "lakes and reservoirs", "drinking water sources", "sewage treatment", "pipe networks",
    "black and odorous water bodies", "rural environment", "domestic waste", "garbage classification",
    "ecological compensation", "ecological protection red line", "ecological security barrier",
    "environmental impact assessment", "pollutant discharge permits", "environmental monitoring",
    "law enforcement", "supervision system", "governance system", "governance capacity",
    "green finance", "green buildings", "green transportation", "new energy vehicles",
    "circular economy", "resource recycling", "energy conservation", "emission reduction",
    "climate change adaptation", "risk prevention", "emergency response", "noise pollution",
    "catering fumes", "diesel vehicles", "non-road mobile machinery", "industrial parks",
    "zero-waste cities", "river chief system", "lake chief system", "forest chief system",
    "ecological civilization", "beautiful countryside", "urban renewal", "park cities",
    "science and technology innovation", "digital transformation", "talent team", "public participation",
    "environmental education", "information disclosure", "credit evaluation", "price mechanism",
    "trading pilots", "emission rights", "water rights", "ecological products", "ecotourism",
]
PLAN_NAMES = [
    "Implementation Opinions", "Action Plan for Continuous Improvement of Air Quality",
    "Three-Year Action Plan", "Blue Sky Protection Campaign", "Clear Water Protection Campaign",
    "Clean Soil Protection Campaign", "Zero-waste City Construction Plan", "Dual Carbon Work Plan",
    "Regulations on Ecological Environment Protection", "Ecological Civilization Construction Plan",
    "Green Shield", "Thousand Gardens Project", "Beautiful Bay Construction Plan",
]
GOALS = [
    "the concentration of PM2.5 will drop to {a} micrograms per cubic meter",
    "the proportion of days with good air quality will reach {p}%",
    "forest coverage will reach {p} percent",
    "CO2 emissions per unit of GDP will fall by {s}%",
    "energy consumption per unit of GDP will drop by {s} per cent",
    "the share of non-fossil energy will rise to {s}%",
    "the proportion of surface water sections of good quality will reach {p}%",
    "the safe utilization rate of contaminated farmland will exceed {p}%",
    "carbon emissions will peak and decline steadily",
    "the ecological environment will be fundamentally improved",
    "green and low-carbon production and lifestyles will be widely formed",
    "the modernization of the ecological environment governance system will be basically realized",
    "the total discharge of major pollutants will continue to decrease",
    "{n} zero-waste cities will be completed",
    "the harmless treatment rate of domestic waste will reach {p}%",
    "the installed capacity of new energy will exceed {b} million kilowatts",
]
HORIZONS = [
    "By {y}, ", "By the end of {y}, ", "By {y}, ", "In {y0}, ", "During the 14th Five-Year Plan period, ",
    "By the end of the 15th Five-Year Plan period, ", "Looking forward to the middle of this century, ",
    "From {y0} to {y}, ",
]
CAPTIONS = [
    "Beautiful {r} in the morning light", "A wetland park in {c}", "Wind turbines on the hills of {r}",
    "Volunteers clean the river bank", "Solar panels in an industrial park", "The old town after renovation",
    "Workers check a monitoring station", "Cyclists along the green corridor",
]
TITLES = [
    "{r} issues plan to build a beautiful {r}",
    "{r}'s {k} key tasks comprehensively promote the construction of beautiful {r}",
    "The director of the department talks about the measures | Strive to write a new chapter in beautiful {r}",
    "{c} releases action plan for {noun}",
    "{r} will {verb} {noun} by {y}",
    "How {r} protects its {noun}",
    "{r}: the {plan} comes into force",
]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
LEADERS = ["General Secretary Xi Jinping", "the Provincial Party Committee", "the Provincial Government",
           "the Ministry of Ecology and Environment", "the State Council"]


def load_regions(path: Path = REGIONS_CSV) -> list[tuple[str, list[str]]]:
    """``(region, cities)`` pairs from the region gazetteer (comment lines skipped)."""
    with path.open(encoding="utf-8") as fh:
        rows = [line for line in fh if line.strip() and not line.startswith("#")]
    out = []
    for rec in csv.DictReader(rows):
        cities = [c.strip() for c in (rec.get("cities") or "").split("|") if c.strip()]
        out.append((rec["region"], cities or [rec["region"]]))
    return out


# Real corpora have long-tailed vocabularies: every article names its own counties, parks,
# rivers and firms, and quotes its own figures. A small closed word list would flatter any
# counter (CountVectorizer's cost grows with the number of distinct n-grams), so pages mix
# in local names drawn from a large pool with a log-uniform (Zipf-like) rank distribution.
SYLLABLES = (
    "an ba bai bao bei bin cang chang chao chen cheng chong chuan da dan de ding dong du feng fu gan gao "
    "ge gong gu guan guang gui hai han he heng hong hu hua huai huang hui ji jia jian jiang jiao jin jing "
    "jiu kai kang lan lang le li lian liang lin ling liu long lu luo ma mei meng mian ming mu nan ning pan "
    "peng ping pu qi qian qiao qin qing qiu quan rong ru sha shan shang shao shen sheng shi shou shu shui "
    "song su tai tan tang tao tian tong wan wang wei wen wu xi xia xian xiang xiao xin xing xiu xu xuan ya "
    "yan yang yao ye yi yin ying yong you yu yuan yue yun ze zhang zhao zhen zheng zhi zhong zhou zhu zi zong"
).split()
FEATURES = [
    "Wetland Park", "Industrial Park", "River", "County", "Reservoir", "Power Plant", "Steel Company",
    "Eco-industrial Zone", "Nature Reserve", "Chemical Park", "Water Plant", "Town", "Lake", "Mine",
    "Forest Farm", "Port", "High-tech Zone", "Village", "District", "Cement Company",
]
THINGS = [
    "tons of coal", "hectares of forest", "kilometres of pipelines", "enterprises", "charging piles",
    "rural sewage stations", "tons of solid waste", "megawatts of photovoltaic capacity", "monitoring stations",
    "square kilometres of wetland", "projects", "boilers", "tons of carbon dioxide", "heavy-duty trucks",
]
PAST_VERBS = ["renovated", "completed", "shut down", "upgraded", "restored", "inspected", "built", "retired",
              "relocated", "connected to the grid"]
NAME_POOL = 60_000


def local_name(rng: random.Random) -> str:
    """A place or firm name from a pool of ``NAME_POOL``; low ranks far more frequent."""
    rank = int(NAME_POOL ** rng.random())  # log-uniform over 1..NAME_POOL
    r = random.Random(rank)
    name = "".join(r.choice(SYLLABLES) for _ in range(2 + rank % 2)).capitalize()
    return f"{name} {r.choice(FEATURES)}"


class _Writer:
    """Builds one article from a seeded random generator."""

    def __init__(self, rng: random.Random, region: str, cities: list[str]):
        self.rng = rng
        self.region = region
        self.cities = cities

    def pick(self, seq):
        return self.rng.choice(seq)

    def phrase(self) -> str:
        r = self.rng.random()
        noun = self.pick(NOUNS)
        if r < 0.35:
            return f"the {self.pick(ADJECTIVES)} {self.pick(['transformation', 'development', 'construction', 'management', 'protection', 'governance'])} of {noun}"
        if r < 0.6:
            return f"{self.pick(ADJECTIVES)} {noun}"
        if r < 0.75:
            return f"the {noun} of {self.pick(['key areas', 'key industries', 'river basins', 'the whole province', self.region, self.pick(self.cities)])}"
        if r < 0.85:
            return f'the "{self.pick(PLAN_NAMES)}"'
        return noun

    def clause(self) -> str:
        adv = self.pick(ADVERBS) + " " if self.rng.random() < 0.4 else ""
        return f"{adv}{self.pick(VERBS)} {self.phrase()}"

    def policy_sentence(self) -> str:
        k = self.rng.randint(2, 5)
        parts = [self.clause() for _ in range(k)]
        body = ", ".join(parts[:-1]) + ", and " + parts[-1]
        r = self.rng.random()
        if r < 0.25:
            body = f"We will {body}"
        elif r < 0.4:
            body = f"{self.region} will {body}"
        elif r < 0.5:
            body = f"{self.region}'s {self.pick(['ecological environment system', 'departments', 'cities'])} will {body}"
        else:
            body = body[0].upper() + body[1:]
        return body + "."

    def goal(self) -> str:
        return self.pick(GOALS).format(
            a=self.rng.randint(18, 40), p=self.rng.randint(60, 99), s=round(self.rng.uniform(2, 25), 1),
            n=self.rng.randint(2, 30), b=self.rng.randint(5, 120),
        )

    def horizon_sentence(self) -> str:
        y = self.rng.choice([2025, 2026, 2027, 2027, 2030, 2030, 2035, 2035])
        lead = self.pick(HORIZONS).format(y=y, y0=self.rng.choice([2023, 2024, 2025]))
        goals = [self.goal() for _ in range(self.rng.randint(1, 3))]
        text = ", ".join(goals[:-1]) + (", and " if len(goals) > 1 else "") + goals[-1]
        return f"{lead}{text}."

    def task_sentence(self, i: int) -> str:
        return f"The {ORDINALS[i % len(ORDINALS)]} is to {self.clause()}."

    def context_sentence(self) -> str:
        leader = self.pick(LEADERS)
        return (f"{leader[0].upper()}{leader[1:]} recently issued the \"{self.pick(PLAN_NAMES)}\" (hereinafter referred to as "
                f"the \"{self.pick(['Plan', 'Opinions', 'Measures'])}\") to {self.clause()} and {self.clause()}.")

    def local_sentence(self) -> str:
        rng = self.rng
        amount = self.pick([f"{rng.randint(2, 9999):,}", f"{rng.uniform(0.1, 99):.1f}", str(rng.randint(2, 480))])
        money = f"{rng.uniform(0.1, 90):.2f} {self.pick(['million', 'billion'])} yuan"
        r = rng.random()
        if r < 0.4:
            return (f"The {local_name(rng)} {self.pick(PAST_VERBS)} {amount} {self.pick(THINGS)}, "
                    f"with an investment of {money}.")
        if r < 0.7:
            return (f"Work at the {local_name(rng)} and the {local_name(rng)} {self.pick(PAST_VERBS)} "
                    f"{amount} {self.pick(THINGS)} in {self.pick(self.cities)}.")
        return (f"{self.pick(self.cities)} {self.pick(PAST_VERBS)} {amount} {self.pick(THINGS)} around the "
                f"{local_name(rng)}, and {self.pick(VERBS)} {self.phrase()} of the {local_name(rng)}.")

    def paragraph(self) -> str:
        sents = []
        for _ in range(self.rng.randint(3, 7)):
            r = self.rng.random()
            if r < 0.07:
                sents.append(self.horizon_sentence())
            elif r < 0.34:
                sents.append(self.local_sentence())
            elif r < 0.42:
                sents.append(self.task_sentence(self.rng.randint(0, 7)))
            elif r < 0.47:
                sents.append(self.context_sentence())
            else:
                sents.append(self.policy_sentence())
        return " ".join(sents)

    def title(self) -> str:
        return self.pick(TITLES).format(
            r=self.region, c=self.pick(self.cities), k=self.pick(["three", "five", "six", "seven", "ten"]),
            noun=self.pick(NOUNS), verb=self.pick(VERBS), y=self.rng.choice([2025, 2027, 2030, 2035]),
            plan=self.pick(PLAN_NAMES),
        )

    def page(self, target_bytes: int) -> str:
        rng = self.rng
        lines = []
        if rng.random() < 0.85:
            lines += ["China Carbon Credit Platform", ""]
        lines += [self.title(), ""]
        header = []
        if rng.random() < 0.7:
            header.append("Source" + self.pick(SOURCES))
        if rng.random() < 0.9:
            header.append(f"Release Time{rng.randint(1, 11)} {self.pick(UNITS)} ago")
        if header:
            lines += header + [""]
        size = sum(len(x) + 1 for x in lines)
        while size < target_bytes:
            if rng.random() < 0.08:
                para = self.pick(CAPTIONS).format(r=self.region, c=self.pick(self.cities))
            else:
                para = self.paragraph()
            lines += [para, ""]
            size += len(para.encode("utf-8")) + 2
        trailer = []
        if rng.random() < 0.6:
            trailer.append("Region" + self.region)
        if rng.random() < 0.7:
            trailer += [f"Like({rng.randint(0, 9)})", f"Collect({rng.randint(0, 5)})"]
        lines += trailer
        return "\n".join(lines).rstrip() + "\n"


def generate_corpus(
    folder: str | Path,
    n: int,
    *,
    seed: int = 0,
    mean_bytes: int = 6000,
    captured_on: str = "2025-01-15",
) -> Path:
    """Write ``n`` synthetic articles and a ``manifest.csv`` into ``folder``.

    The same ``seed`` and ``n`` give byte-identical files. Article ``i`` depends only on
    ``seed`` and ``i``, so the first 1,000 of 10,000 articles equal a 1,000-article corpus.

    Args:
        folder: the output folder (created; existing ``synthetic_*.txt`` files are replaced).
        n: number of articles.
        seed: random seed.
        mean_bytes: mean article size in bytes (each varies by +-25%).
        captured_on: capture date written to the manifest for every file.

    Returns:
        The folder.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("synthetic_*.txt"):
        old.unlink()
    regions = load_regions()
    names = []
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        region, cities = rng.choice(regions)
        target = int(mean_bytes * rng.uniform(0.75, 1.25))
        text = _Writer(rng, region, cities).page(target)
        name = f"synthetic_{i:05d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        names.append(name)
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "url", "captured_on", "note"])
        for name in names:
            w.writerow([name, "", captured_on, f"synthetic, seed {seed}"])
    return folder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    generate_corpus(args.folder, args.n, seed=args.seed)


if __name__ == "__main__":
    main()
