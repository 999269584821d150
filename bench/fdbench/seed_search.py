"""Load N cards (and comments) for the search benchmark: `python seed_search.py N` with the server's settings.

Run by `bench/fdbench/search.py` in a subprocess (procs.AppServer.run_script) whose cwd is
the server directory and whose DATABASE_URL is the benchmark's throwaway database (after
migrate and seed_demo). bulk_create in batches; deterministic (a fixed random seed), so every run
searches the same text. Prints one JSON line: what was made and how long it took.

The text: titles of 3-7 words and descriptions of 0-40 words drawn from a Zipf-like
vocabulary of 3,000 made-up words (a few of them very common, most rare, like real
text), plus the planted words the benchmark searches for, each in a known share of
cards (see PLANTED). Sam (a member, not an admin) is on every board but one, so
the permission filter is part of every search.
"""
import itertools
import json
import os
import random
import sys
import time

import django

# What the benchmark searches for, and the share of cards (or comments) that contain it.
PLANTED = {
    "invoice": ("title", 0.01),  # 1% of titles
    "supplier": ("description", 0.05),  # 5% of descriptions
    "refund": ("description", 0.002),  # 0.2% of descriptions
    "callback": ("comment", 0.02),  # 2% of comments
}
BOARDS = 20
COLUMNS = ("To do", "Doing", "Waiting", "Done")
COMMENTS_PER_CARD = 0.4
BATCH = 5000


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vi", "po", "da", "ge", "hu", "ja", "fi", "zo", "be", "cu", "wy"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def main(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "server.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from workflow.models import Board, BoardMembership, Card, Column, Comment

    started = time.monotonic()
    rng = random.Random(20260413)
    words = vocabulary(rng)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))

    def text(low: int, high: int, field: str) -> str:
        chosen = rng.choices(words, cum_weights=cumulative, k=rng.randint(low, high))
        for word, (where, share) in PLANTED.items():
            if where == field and rng.random() < share:
                chosen.insert(rng.randrange(len(chosen) + 1), word)
        return " ".join(chosen).capitalize()

    User = get_user_model()
    sam = User.objects.get(email="sam@frontdesk.test")
    with transaction.atomic():
        boards = Board.objects.bulk_create(Board(name=f"Search board {n + 1}") for n in range(BOARDS))
        BoardMembership.objects.bulk_create(BoardMembership(board=b, user=sam, role="member") for b in boards[1:])
        columns = Column.objects.bulk_create(
            Column(board=b, name=name, position=float(i)) for b in boards for i, name in enumerate(COLUMNS)
        )
    made_cards = 0
    card_ids: list[int] = []
    while made_cards < count:
        card_batch: list[Card] = []
        for _ in range(min(BATCH, count - made_cards)):
            column = rng.choice(columns)
            card_batch.append(Card(
                board_id=column.board_id, column=column, position=float(made_cards + len(card_batch)),
                title=text(3, 7, "title")[:200],
                description=text(0, 40, "description") if rng.random() < 0.8 else "",
            ))
        with transaction.atomic():
            card_ids.extend(card.pk for card in Card.objects.bulk_create(card_batch))
        made_cards += len(card_batch)
    cards_s = time.monotonic() - started
    comments = int(count * COMMENTS_PER_CARD)
    made_comments = 0
    while made_comments < comments:
        comment_batch: list[Comment] = []
        for _ in range(min(BATCH, comments - made_comments)):
            comment_batch.append(Comment(card_id=rng.choice(card_ids), author=sam, text=text(4, 25, "comment")))
        with transaction.atomic():
            Comment.objects.bulk_create(comment_batch)
        made_comments += len(comment_batch)
    seeded = time.monotonic() - started
    # What autovacuum does soon after a bulk load: planner statistics, GIN pending lists merged.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(json.dumps({
        "cards": made_cards, "comments": made_comments, "boards": BOARDS, "seed_s": round(seeded, 1), "cards_s": round(cards_s, 1),
        "vacuum_s": round(time.monotonic() - started - seeded, 1), "vocabulary": len(words),
        # Made-up words by frequency rank: 1 is in most descriptions (like "the"), 10 in about a quarter.
        "word_by_rank": {rank: words[rank - 1] for rank in (1, 10, 100)},
    }))


if __name__ == "__main__":
    main(int(sys.argv[1]))
