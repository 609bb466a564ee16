"""Full-text matching of experts, the one place that knows each database's search.

PostgreSQL ranks with `ts_rank` over the weighted `search_vector` (GIN index); SQLite
with FTS5's `bm25` over `experts_fts`, weighted alike: name and topics 10, headline 4,
bio 1. Both match every word given, each as a prefix ("pyth" finds "python"), and answer
the same subquery: (expert_id, relevance), higher is better. The objects themselves are
made by the migration (migrations/search_objects.py).
"""

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
_SQLITE = text(
    "SELECT expert_id, -bm25(experts_fts, 0.0, 10.0, 4.0, 10.0, 1.0) AS relevance"
    " FROM experts_fts WHERE experts_fts MATCH :match"
)


def words_of(query: str) -> list[str]:
    """The words searched for, lower case; empty when the text has none."""
    return [word.lower() for word in _WORD.findall(query)][:MAX_WORDS]


def matches(dialect: str) -> Subquery:
    """The experts whose name, topics, headline or bio hold every word of the parameter
    `match` (see match_text), with a relevance."""
    statement = _POSTGRES if dialect == "postgresql" else _SQLITE
    columns = statement.columns(column("expert_id", Uuid), column("relevance", Float))
    return columns.subquery("hits")


def match_text(dialect: str, words: list[str]) -> str:
    """The words as the database's search syntax: each a prefix, all of them required."""
    if dialect == "postgresql":
        return " & ".join(f"{word}:*" for word in words)
    return " AND ".join(f'"{word}"*' for word in words)
