"""Helpers for analysing "Beautiful China" environmental-policy articles.

The notebooks in ``notebooks/`` call these modules; no notebook holds real logic.

Data flow (one direction)::

    files -> corpus.load_corpus() -> Corpus(articles, paragraphs, sentences, problems)
          -> keywords.* / themes.* / horizons.*   (DataFrame in -> tidy DataFrame out)
          -> plots.*                               (figure from a tidy table)
"""

from helpers.corpus import Corpus, load_corpus, parse_article

__all__ = ["Corpus", "load_corpus", "parse_article"]
__version__ = "0.1.0"
