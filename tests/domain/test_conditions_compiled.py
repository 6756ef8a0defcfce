"""The fast forms of a condition (issue 17) give exactly what the plain ones give: the flat
function `holds` runs against the closure per node and the comparison of each leaf, and the
explainer `because` uses against the tree walk it replaced, over any nested condition."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.domain.conditions import Cond, Facts
from backcare.domain.types import REGIONS

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 6),  # small ranges, so values often sit on a comparison's bound
    st.sampled_from([0.0, 2.5, 3.0, -1.5]),
    st.sampled_from(["gradual", "sudden", "male"]),
    st.lists(st.sampled_from(REGIONS), max_size=3),
)
COMPARISONS = st.one_of(
    st.builds(dict),
    st.builds(lambda b: {"is": b}, st.booleans()),
    st.builds(lambda v: {"eq": v}, st.sampled_from([True, 3, 2.5, "gradual", "male"])),
    st.builds(lambda r: {"contains": r}, st.sampled_from(REGIONS)),
    st.builds(lambda b: {"answered": b}, st.booleans()),
    st.builds(
        lambda op, x: {op: x},
        st.sampled_from(["gte", "gt", "lte", "lt"]),
        st.one_of(st.integers(-1, 5), st.sampled_from([0.0, 2.5, 3.0])),
    ),
)
KEYS = ("a", "b", "c")
FLAGS = ("f", "g", "*")
RESULTS = ("r.s", "r.t", "u")
LEAVES = st.one_of(
    st.builds(lambda k, c: {"key": k, **c}, st.sampled_from(KEYS), COMPARISONS),
    st.builds(lambda f: {"flag": f}, st.sampled_from(FLAGS)),
    st.builds(lambda r, c: {"result": r, **c}, st.sampled_from(RESULTS), COMPARISONS),
)
CONDITIONS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(lambda xs: {"any": xs}, st.lists(inner, max_size=4)),
        st.builds(lambda xs: {"all": xs}, st.lists(inner, max_size=4)),
        st.builds(lambda x: {"not": x}, inner),
    ),
    max_leaves=12,
)


@st.composite
def facts(draw: st.DrawFn) -> Facts:
    answers = {key: value for key in KEYS if (value := draw(VALUES)) is not None}
    fired = frozenset(draw(st.lists(st.sampled_from(("f", "g", "h")), max_size=3)))
    derived = {"r": {"s": draw(VALUES), "t": draw(VALUES)}, "u": draw(VALUES)}
    explain = {
        name: draw(st.lists(st.sampled_from(KEYS), max_size=3))
        for name in ("flag:f", "flag:g", "r.s", "u")
        if draw(st.booleans())
    }
    return Facts(answers, fired, derived, explain)


def reference_holds(cond: Cond, facts: Facts) -> bool:
    """The tree walk with each leaf's own comparison (`_compare`)."""
    if cond.key is not None:
        return cond._compare(facts.answers.get(cond.key))
    if cond.result is not None:
        return cond._compare(facts.lookup(cond.result))
    if cond.flag is not None:
        return bool(facts.fired) if cond.flag == "*" else cond.flag in facts.fired
    if cond.any_ is not None:
        return any(reference_holds(child, facts) for child in cond.any_)
    if cond.all_ is not None:
        return all(reference_holds(child, facts) for child in cond.all_)
    assert cond.not_ is not None
    return not reference_holds(cond.not_, facts)


def reference_because(cond: Cond, facts: Facts) -> list[str]:
    """`because` as it was before it was compiled: a tree walk testing every node again."""
    if not reference_holds(cond, facts):
        return []
    keys: list[str] = []
    explain: Mapping[str, Sequence[str]] = facts.explain
    if cond.key is not None:
        keys.append(cond.key)
    elif cond.flag is not None:
        keys.extend(explain.get(f"flag:{cond.flag}", ()))
    elif cond.result is not None:
        keys.extend(explain.get(cond.result, ()))
    elif cond.any_ is not None or cond.all_ is not None:
        for child in cond.any_ or cond.all_ or ():
            keys.extend(reference_because(child, facts))
    return list(dict.fromkeys(keys))


@settings(max_examples=500, deadline=None)
@given(CONDITIONS, facts())
def test_the_flat_function_agrees_with_the_closures_and_the_tree_walk(
    data: dict[str, Any], seen: Facts
) -> None:
    cond = Cond.model_validate(data)
    expected = reference_holds(cond, seen)
    assert cond.holds(seen) is expected
    assert cond._compile()(seen) is expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), CONDITIONS), max_size=6), facts())
def test_a_rule_set_read_in_one_call_agrees_with_each_rule(
    data: list[dict[str, Any] | None], seen: Facts
) -> None:
    """`Cond.compiled_each`: one function for a whole rule set (None: always holds)."""
    conds = [None if item is None else Cond.model_validate(item) for item in data]
    expected = tuple(True if c is None else reference_holds(c, seen) for c in conds)
    held = Cond.compiled_each(conds)(seen)
    assert held == expected
    assert all(type(each) is bool for each in held)  # ibp counts them with .count(True)


@settings(max_examples=500, deadline=None)
@given(CONDITIONS, facts())
def test_the_compiled_explanation_agrees_with_the_tree_walk(
    data: dict[str, Any], seen: Facts
) -> None:
    cond = Cond.model_validate(data)
    assert cond.because(seen) == reference_because(cond, seen)


LEAF_VALUES = (None, True, False, 0, 1, 2, 3, 0.0, 2.0, 2.5, 3.0, -1, "2", "male", ["low_back"])


@pytest.mark.parametrize(
    "comparison",
    [
        {},
        {"is": True},
        {"is": False},
        {"answered": True},
        {"answered": False},
        {"eq": 2},
        {"eq": "male"},
        {"eq": True},
        {"contains": "low_back"},
        *({op: bound} for op in ("gte", "gt", "lte", "lt") for bound in (2, 2.5, 0)),
    ],
)
def test_every_leaf_agrees_with_its_comparison_on_and_around_its_bound(
    comparison: dict[str, Any],
) -> None:
    for value in LEAF_VALUES:
        seen = Facts({} if value is None else {"a": value}, derived={"r": {"s": value}})
        for leaf in ({"key": "a", **comparison}, {"result": "r.s", **comparison}):
            cond = Cond.model_validate(leaf)
            assert cond.holds(seen) is cond._compare(value), (leaf, value)
            assert cond._compile()(seen) is cond._compare(value), (leaf, value)


def test_empty_any_and_all_read_as_nothing_and_everything() -> None:
    assert Cond.model_validate({"any": []}).holds(Facts({})) is False
    assert Cond.model_validate({"all": []}).holds(Facts({})) is True
    assert Cond.model_validate({"not": {"any": []}}).holds(Facts({})) is True
