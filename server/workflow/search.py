"""Finding cards across every board a user may read (GET /api/search).

PostgreSQL: full-text search over each card's stored tsvector `search_document` (its
title with weight A, description B, comments C; kept up to date by the database's own
triggers, see migration 0003_card_search), with a GIN index. The `simple` configuration
(no stemming, no stop words) because boards are written in the business's language,
whatever that is; words of three letters or more also match as prefixes, so "clip"
finds "clippers" as people type. Ranked by ts_rank, so a title match comes before a
description match and both before a comment match; then the most recently changed.

Elsewhere (SQLite): every word must appear, case-insensitively, in the title, the
description or a comment; title matches first, then description, then recent.

Archived cards, archived columns' cards and archived boards are never found.
"""
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Case, Expression, IntegerField, Q, QuerySet, Value, When

from workflow.models import Card, Comment
from workflow.permissions import boards_visible_to
from workflow.serializers import CardSerializer, load_relation_ids

PAGE_SIZE = 20
CONFIG = "simple"
# Words shorter than this match whole words only: a one- or two-letter prefix matches
# a large part of any board and would make every search rank most cards.
PREFIX_MIN_LENGTH = 3
MAX_TERMS = 12
SNIPPET_LENGTH = 160

WORD = re.compile(r"\w+")


def query_terms(text: str) -> list[str]:
    """The words searched for: letters and digits only, so no user text reaches a tsquery as syntax."""
    return WORD.findall(text.lower())[:MAX_TERMS]


class CardSearchDocument(Expression):
    """The card's stored tsvector: a column of the database (migration 0003_card_search), not of the model."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(compiler.query.base_table)}.search_document", []


def comment_document() -> SearchVector:
    return SearchVector("text", config=CONFIG)


def _tsquery(terms: list[str], operator: str = "&") -> SearchQuery:
    raw = f" {operator} ".join(f"{term}:*" if len(term) >= PREFIX_MIN_LENGTH else term for term in terms)
    return SearchQuery(raw, search_type="raw", config=CONFIG)


def _ranked_postgres(cards: QuerySet[Card], terms: list[str]) -> QuerySet[Card]:
    query = _tsquery(terms)
    return (
        cards.alias(document=CardSearchDocument())
        .filter(document=query)
        .annotate(rank=SearchRank(CardSearchDocument(), query))
        .order_by("-rank", "-updated_at", "-pk")
    )


def _ranked_plain(cards: QuerySet[Card], terms: list[str]) -> QuerySet[Card]:
    score: Expression = Value(0, output_field=IntegerField())
    for term in terms:
        in_comments = Comment.objects.filter(text__icontains=term).values("card_id")
        cards = cards.filter(Q(title__icontains=term) | Q(description__icontains=term) | Q(pk__in=in_comments))
        score = score + Case(
            When(title__icontains=term, then=Value(2)), When(description__icontains=term, then=Value(1)),
            default=Value(0), output_field=IntegerField(),
        )
    return cards.annotate(rank=score).order_by("-rank", "-updated_at", "-pk")


def _matching_comments(card_ids: list[int], terms: list[str]) -> dict[int, list[str]]:
    """The comments of these cards with any of the words (the others may be in the title): for snippets."""
    comments = Comment.objects.filter(card_id__in=card_ids)
    if connection.vendor == "postgresql":
        comments = comments.annotate(document=comment_document()).filter(document=_tsquery(terms, "|"))
    else:
        match = Q()
        for term in terms:
            match |= Q(text__icontains=term)
        comments = comments.filter(match)
    found: dict[int, list[str]] = {}
    for card_id, text in comments.order_by("created_at", "id").values_list("card_id", "text"):
        found.setdefault(card_id, []).append(text)
    return found


def snippet(texts: list[str], terms: list[str]) -> str:
    """Plain text around the first word found in `texts` (in order), else the start of the first text."""
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(term) for term in terms) + ")", re.IGNORECASE) if terms else None
    for text in texts:
        flat = " ".join(text.split())
        hit = pattern.search(flat) if pattern else None
        if hit:
            start = max(0, hit.start() - SNIPPET_LENGTH // 3)
            excerpt = flat[start:start + SNIPPET_LENGTH]
            return ("…" if start else "") + excerpt + ("…" if start + SNIPPET_LENGTH < len(flat) else "")
    first = " ".join(texts[0].split()) if texts else ""
    return first[:SNIPPET_LENGTH] + ("…" if len(first) > SNIPPET_LENGTH else "")


def search_cards_for_user(user, *, q: str, page: int = 1) -> dict:
    """One page of the cards `user` may read that match `q`, best first."""
    terms = query_terms(q)
    if not terms:
        return {"results": [], "page": page, "has_more": False}
    visible = Card.objects.filter(
        board__in=boards_visible_to(user), archived=False, board__archived=False, column__archived=False
    )
    ranked = _ranked_postgres(visible, terms) if connection.vendor == "postgresql" else _ranked_plain(visible, terms)
    offset = (page - 1) * PAGE_SIZE
    rows = list(ranked.select_related("board", "column")[offset:offset + PAGE_SIZE + 1])
    cards = rows[:PAGE_SIZE]
    load_relation_ids(cards)
    comments = _matching_comments([card.pk for card in cards], terms)
    # One serializer for the page: DRF builds a serializer's fields once per instance of it.
    card_fields = CardSerializer(cards, many=True).data
    return {
        "results": [
            {
                "card": fields,
                "board": {"id": card.board_id, "name": card.board.name},
                "column": {"id": card.column_id, "name": card.column.name},
                "snippet": snippet([card.description, *comments.get(card.pk, [])], terms),
            }
            for card, fields in zip(cards, card_fields, strict=True)
        ],
        "page": page,
        "has_more": len(rows) > PAGE_SIZE,
    }
