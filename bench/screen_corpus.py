"""A fixed corpus of screenings, to show that a change to the engine changes no result.

Screens N seeded random answer sets (every key present or absent, safety answers yes, no
or "not sure", each questionnaire whole or partial) in English and Chinese and writes the
results as one JSON file. Run it under two checkouts and compare the files byte for byte:

    PYTHONPATH=/path/to/old/src .venv/bin/python bench/screen_corpus.py old.json
    .venv/bin/python bench/screen_corpus.py new.json && cmp old.json new.json

(4,000 sets with the default seed; 3,928 of them fire a red flag, so flags, urgency,
criteria, causes, exercise rules and advice are all exercised.)
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from typing import Any


def corpus(count: int, seed: int) -> list[dict[str, Any]]:
    from backcare.domain.answers import BOTHER, SAFETY_KEYS, ScreeningAnswers
    from backcare.domain.types import REGIONS

    rng = random.Random(seed)

    def section() -> int | None:
        return None if rng.random() < 0.2 else rng.randint(0, 5)

    special: dict[str, Callable[[], Any]] = {
        "age": lambda: rng.randint(16, 110),
        "sex": lambda: rng.choice(["female", "male", "other"]),
        "regions": lambda: rng.sample(list(REGIONS), rng.randint(0, 4)),
        "pain_now": lambda: rng.randint(0, 10),
        "duration_weeks": lambda: rng.choice([0, 1, 5.5, 6, 12, 13, 26, 52, 300]),
        "onset": lambda: rng.choice(["sudden", "gradual"]),
        "onset_age": lambda: rng.randint(0, 110),
        "morning_stiffness_minutes": lambda: rng.choice([0, 10, 29, 30, 31, 45, 60, 120]),
        "sitting_hours_per_day": lambda: rng.choice([0, 2, 4, 6, 8, 9.5, 12]),
        "startback": lambda: [rng.random() < 0.5 for _ in range(8)] + [rng.choice(BOTHER)],
        "odi": lambda: [section() for _ in range(10)],
        "rmdq": lambda: [rng.random() < 0.4 for _ in range(24)],
        "ndi": lambda: [section() for _ in range(10)],
    }
    sets = []
    for _ in range(count):
        share = rng.choice([0.2, 0.5, 0.8, 1.0])
        answers: dict[str, Any] = {}
        for key in ScreeningAnswers.model_fields:
            if rng.random() >= share:
                continue
            if key in special:
                answers[key] = special[key]()
            elif key in SAFETY_KEYS:
                answers[key] = rng.choice([True, False, True, False, "not_sure"])
            else:
                answers[key] = rng.random() < 0.5
        sets.append(answers)
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="where to write the results (JSON)")
    parser.add_argument("--count", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()

    from backcare.content import load_library
    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.screening import screen

    library = load_library()
    results = []
    for answers in corpus(args.count, args.seed):
        parsed = ScreeningAnswers.model_validate(answers)
        results.append(
            {
                "answers": answers,
                **{
                    lang: screen(parsed, library, lang=lang).model_dump(mode="json")
                    for lang in ("en", "zh")
                },
            }
        )
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(results, handle, sort_keys=True, ensure_ascii=False)
    flagged = sum(1 for r in results if r["en"]["red_flags"])
    print(f"{len(results)} screenings in en and zh, {flagged} with a red flag: {args.out}")


if __name__ == "__main__":
    main()
