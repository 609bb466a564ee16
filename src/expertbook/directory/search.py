"""Full-text matching of experts, the one place that knows each database's search.

Both match every word given, each as a prefix ("pyth" finds "python"), and answer the
same subquery: (expert_id, relevance), higher is better, weighted alike: name and topics
count most, then the headline, the bio least. PostgreSQL finds and ranks with its GIN
index and `ts_rank` over the weighted `search_vector` (weights A, A, B, D). SQLite finds
with FTS5 (`experts_fts`) and ranks by the weights of the columns holding each word (10,
10, 4, 1): FTS5's `bm25` would depend on the whole corpus, so an expert joining would
shift every score and a page's cursor would no longer mark its place. Neither ranking
depends on other experts. The objects themselves are made by the migration
(migrations/search_objects.py).
"""

import json
import re

from sqlalchemy import Float, Subquery, Uuid, column, text

MAX_WORDS = 8
# Letters and digits only: nothing a query language could read as an operator.
_WORD = re.compile(r"[^\W_]+")

_POSTGRES = text(
    "SELECT experts.id AS expert_id, ts_rank(experts.search_vector, query) AS relevance"
    " FROM experts, to_tsquery('simple', :match) AS query"
    " WHERE experts.search_vector @@ query"
)
_SQLITE_HOLDS = "(instr(lower(coalesce(experts_fts.{column}, '')), word.value) > 0)"
_SQLITE = text(
    "SELECT experts_fts.expert_id AS expert_id, (SELECT total("
    + " + ".join(
        f"{weight} * {_SQLITE_HOLDS.format(column=column)}"
        for column, weight in (("name", 10.0), ("topics", 10.0), ("headline", 4.0), ("bio", 1.0))
    )
    + ") FROM json_each(:words) AS word) AS relevance"
    " FROM experts_fts WHERE experts_fts MATCH :match"
)


def words_of(query: str) -> list[str]:
    """The words searched for, lower case; empty when the text has none."""
    return [word.lower() for word in _WORD.findall(query)][:MAX_WORDS]


def matches(dialect: str) -> Subquery:
    """The experts whose name, topics, headline or bio hold every word searched for (its
    `parameters`), with a relevance."""
    statement = _POSTGRES if dialect == "postgresql" else _SQLITE
    columns = statement.columns(column("expert_id", Uuid), column("relevance", Float))
    return columns.subquery("hits")


def parameters(dialect: str, words: list[str]) -> dict[str, str]:
    """The parameters of `matches`: the words in the database's search syntax (each a
    prefix, all required), and on SQLite the words themselves for the ranking."""
    if dialect == "postgresql":
        return {"match": " & ".join(f"{word}:*" for word in words)}
    return {"match": " AND ".join(f'"{word}"*' for word in words), "words": json.dumps(words)}
