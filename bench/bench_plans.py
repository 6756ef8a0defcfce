"""How long the plan generator takes (aim: a few milliseconds per plan).

Generates plans for a fixed, seeded spread of profiles (every region mix, equipment sets,
5-90 minutes, 1-7 days, each level) on the real content library, plus one timeline per day,
and prints the median, 95th percentile and worst time per plan.

Run: .venv/bin/python bench/bench_plans.py [--profiles N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from backcare.content import load_library
from backcare.domain.plans import generate_plan
from backcare.domain.profile import Profile
from backcare.domain.timeline import build_timeline
from backcare.domain.types import EQUIPMENT, LEVELS, REGIONS


def profiles(count: int) -> list[Profile]:
    rng = random.Random(2026)
    return [
        Profile.model_validate(
            {
                "regions": rng.sample(REGIONS, rng.randint(1, 4)),
                "equipment": rng.sample(EQUIPMENT, rng.randint(0, 6)),
                "minutes": rng.randint(5, 90),
                "days_per_week": rng.randint(1, 7),
                "level": rng.choice(LEVELS),
                "seed": n,
            }
        )
        for n in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=300)
    args = parser.parse_args()
    lib = load_library()
    chosen = profiles(args.profiles)
    generate_plan(chosen[0], lib)  # warm the imports
    plan_ms: list[float] = []
    timeline_ms: list[float] = []
    for profile in chosen:
        start = time.perf_counter()
        plan = generate_plan(profile, lib)
        plan_ms.append((time.perf_counter() - start) * 1000)
        for day in plan.days:
            start = time.perf_counter()
            build_timeline(plan, day.day, lib)
            timeline_ms.append((time.perf_counter() - start) * 1000)
    plan_ms.sort()
    timeline_ms.sort()
    print(f"library: {len(lib.exercises)} exercises; {len(chosen)} profiles")
    print(
        f"generate_plan: median {statistics.median(plan_ms):.2f} ms, "
        f"p95 {plan_ms[int(len(plan_ms) * 0.95)]:.2f} ms, worst {plan_ms[-1]:.2f} ms"
    )
    print(
        f"build_timeline (one day): median {statistics.median(timeline_ms):.3f} ms, "
        f"worst {timeline_ms[-1]:.3f} ms"
    )


if __name__ == "__main__":
    main()
