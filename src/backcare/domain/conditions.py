"""A tiny condition language for rules kept as data (red flags, criteria, advice, causes).

A rule in YAML reads like the table it comes from, for example the malignancy flag:

    when:
      any:
        - {key: cancer_history}
        - all: [{key: age, gte: 50}, {any: [{key: unexplained_weight_loss},
                                            {key: night_pain_constant}]}]

Leaves test an answer (`key`), a red flag already fired (`flag`, `*` for any) or a derived
result such as `instruments.startback.risk` (`result`). An absent answer is unknown and makes a
leaf false, so `{key: improves_with_rest, is: false}` needs an explicit `false` (screening.md).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from types import CodeType
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

Scalar = str | int | float | bool


@dataclass(frozen=True)
class Facts:
    """What a condition can look at: the answers, the flags fired so far, derived results.

    `explain` maps a fired flag (`flag:<id>`) or a derived path (`ibp.ng65.refer`) to the
    answer keys behind it, so a rule built on another rule still names what the person said.
    """

    answers: Mapping[str, Any]
    fired: Set[str] = field(default_factory=frozenset)
    derived: Mapping[str, Any] = field(default_factory=dict)
    explain: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def lookup(self, dotted: str) -> Any:
        """A derived value by dotted path (`ibp.ng65.refer`), None when missing."""
        return _lookup(self.derived, dotted.split("."))


def _lookup(derived: Any, parts: Sequence[str]) -> Any:
    """`Facts.lookup` with the path already split (compiled conditions split it once)."""
    value: Any = derived
    for part in parts:
        # A plain dict first: isinstance against the Mapping ABC is the slow check.
        if (type(value) is dict or isinstance(value, Mapping)) and part in value:
            value = value[part]
        else:
            value = getattr(value, part, None)
        if value is None:
            return None
    return value


class Cond(BaseModel):
    """One node of a condition: exactly one of key / flag / result / any / all / not."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)

    key: str | None = None
    flag: str | None = None
    result: str | None = None
    any_: tuple[Cond, ...] | None = Field(default=None, alias="any")
    all_: tuple[Cond, ...] | None = Field(default=None, alias="all")
    not_: Cond | None = Field(default=None, alias="not")
    # Comparisons for key/result leaves; none given means "is true".
    is_: bool | None = Field(default=None, alias="is")
    eq: Scalar | None = None
    gte: float | None = None
    gt: float | None = None
    lte: float | None = None
    lt: float | None = None
    contains: str | None = None
    answered: bool | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Cond:
        kinds = [
            name
            for name in ("key", "flag", "result", "any_", "all_", "not_")
            if getattr(self, name) is not None
        ]
        if len(kinds) != 1:
            raise ValueError(
                "a condition needs exactly one of key, flag, result, any, all, not; "
                f"got {', '.join(k.rstrip('_') for k in kinds) or 'none'}"
            )
        ops = [n for n in self._ops() if getattr(self, n) is not None]
        if ops and self.key is None and self.result is None:
            raise ValueError("comparisons only apply to key or result conditions")
        if len(ops) > 1:
            raise ValueError(f"one comparison per condition, got {', '.join(ops)}")
        return self

    @staticmethod
    def _ops() -> tuple[str, ...]:
        return ("is_", "eq", "gte", "gt", "lte", "lt", "contains", "answered")

    def _compare(self, value: Any) -> bool:
        if self.answered is not None:
            return (value is not None) == self.answered
        if value is None:
            return False  # unknown never meets a condition
        if self.is_ is not None:
            return value is self.is_
        if self.eq is not None:
            return bool(value == self.eq)
        if self.contains is not None:
            return isinstance(value, list | tuple | set | frozenset) and self.contains in value
        if isinstance(value, bool) or not isinstance(value, int | float):
            if any(getattr(self, n) is not None for n in ("gte", "gt", "lte", "lt")):
                return False
            return value is True
        if self.gte is not None:
            return value >= self.gte
        if self.gt is not None:
            return value > self.gt
        if self.lte is not None:
            return value <= self.lte
        if self.lt is not None:
            return value < self.lt
        return bool(value)

    def holds(self, facts: Facts) -> bool:
        """Whether the condition is met by these facts."""
        found = _COMPILED.get(id(self))
        if found is not None and found[0] is self:
            return found[1](facts)
        return self.compiled()(facts)

    def compiled(self) -> Callable[[Facts], bool]:
        """This condition as a plain function, built once per condition and kept.

        Screening evaluates a few hundred conditions per person; walking the model tree each
        time cost most of a screening, a closure per node costs a fraction of that. The
        function gives exactly what `_compare` and the tree walk would.
        """
        found = _COMPILED.get(id(self))
        if found is not None and found[0] is self:
            return found[1]
        function = self._flat()
        if len(_COMPILED) > 100_000:  # libraries reloaded many times (tests): start afresh
            _COMPILED.clear()
        _COMPILED[id(self)] = (self, function)  # keeps `self` alive, so its id stays unique
        return function

    def _flat(self) -> Callable[[Facts], bool]:
        """The whole condition as one function with one expression, not a closure per node:
        a screening runs a few hundred nodes, and a call per node cost more than its test.

        Every constant (keys, bounds, flag ids, compared values) is passed in by name,
        so the generated source holds only names it made. It gives exactly what `_compile`
        (the closure per node) gives: tests/domain compare the two.
        """
        names: dict[str, Any] = {
            "_lookup": _lookup,
            "_NUMBER": _NUMBER,
            "_COLLECTION": _COLLECTION,
            "bool": bool,
        }
        expression = self._expression(names)
        source = (
            "def holds(facts):\n"
            "    A = facts.answers\n    F = facts.fired\n    D = facts.derived\n"
            f"    return {expression}\n"
        )
        code = COMPILED_CODE.get(source)
        if code is None:
            code = COMPILED_CODE[source] = compile(source, "<condition>", "exec")
        exec(code, names)  # every value in it is a name made here
        function: Callable[[Facts], bool] = names["holds"]
        return function

    @staticmethod
    def compiled_each(
        conditions: Sequence[Cond | None],
    ) -> Callable[[Facts], tuple[bool, ...]]:
        """Whether each of `conditions` holds (None: always), as one generated function.

        A rule set (the advice, a criteria set, the causes' evidence) is read whole by every
        screening; one call for the set, not one per rule, took a quarter off reading the
        advice (11.6 -> 8.6 us). Each entry is the same expression `compiled()` runs (tests/
        domain compare them). Build it once per rule set (`kept`): it is not cached here.
        """
        names: dict[str, Any] = {
            "_lookup": _lookup,
            "_NUMBER": _NUMBER,
            "_COLLECTION": _COLLECTION,
            "bool": bool,
        }
        # Each derived result the set reads is looked up once, before the rules (a look-up
        # has no side effects, so reading one a rule would have skipped changes nothing).
        results: dict[str, str] = {}
        expressions = ["True" if c is None else c._expression(names, results) for c in conditions]
        lookups = "".join(
            f"    {local} = _lookup(D, {_name(names, tuple(path.split('.')))})\n"
            for path, local in results.items()
        )
        source = (
            "def holds_each(facts):\n"
            "    A = facts.answers\n    F = facts.fired\n    D = facts.derived\n"
            + lookups
            + "    return ("
            + "".join(f"\n        {e}," for e in expressions)
            + "\n    )\n"
        )
        code = COMPILED_CODE.get(source)
        if code is None:
            code = COMPILED_CODE[source] = compile(source, "<conditions>", "exec")
        exec(code, names)  # every value in it is a name made here
        function: Callable[[Facts], tuple[bool, ...]] = names["holds_each"]
        return function

    def _expression(self, names: dict[str, Any], results: dict[str, str] | None = None) -> str:
        """This node as a Python expression over A (answers), F (fired), D (derived).

        `results`, when given, collects the derived results read (path: the local name the
        caller binds to its value) instead of looking each one up in place.
        """

        def name(value: Any) -> str:
            return _name(names, value)

        if self.key is not None or self.result is not None:
            if self.key is not None:
                value = f"A.get({name(self.key)})"
            elif results is not None:
                value = results.setdefault(str(self.result), f"R{len(results)}")
            else:
                value = f"_lookup(D, {name(tuple(str(self.result).split('.')))})"
            if self.answered is not None:
                return f"(({value} is not None) is {self.answered})"
            if self.is_ is not None:
                return f"({value} is {self.is_})"
            # Inline, as `_test` compares: a call to its closure per leaf was a tenth of
            # reading a rule set.
            if self.eq is not None:
                v = name(None)
                return f"(({v} := {value}) is not None and bool({v} == {name(self.eq)}))"
            if self.contains is not None:
                v = name(None)
                return (
                    f"(isinstance(({v} := {value}), _COLLECTION) and {name(self.contains)} in {v})"
                )
            for field_name, symbol in (("gte", ">="), ("gt", ">"), ("lte", "<="), ("lt", "<")):
                bound = getattr(self, field_name)
                if bound is not None:
                    v = name(None)
                    return (
                        f"(isinstance(({v} := {value}), _NUMBER) and {v} is not True"
                        f" and {v} is not False and {v} {symbol} {name(bound)})"
                    )
            v = name(None)
            return (
                f"(({v} := {value}) is True or ({v} is not None and {v} is not False"
                f" and isinstance({v}, _NUMBER) and {v} != 0))"
            )
        if self.flag is not None:
            return "bool(F)" if self.flag == "*" else f"({name(self.flag)} in F)"
        if self.any_ is not None:  # none to choose from: False, as `any` of nothing
            alternatives = [child._expression(names, results) for child in self.any_] or ["False"]
            return "(" + " or ".join(alternatives) + ")"
        if self.all_ is not None:  # nothing required: True, as `all` of nothing
            requirements = [child._expression(names, results) for child in self.all_] or ["True"]
            return "(" + " and ".join(requirements) + ")"
        assert self.not_ is not None
        return f"(not {self.not_._expression(names, results)})"

    def _compile(self) -> Callable[[Facts], bool]:
        if self.key is not None:
            return self._answer_test(self.key)
        if self.result is not None:
            parts, test = tuple(self.result.split(".")), self._test()
            return lambda facts: test(_lookup(facts.derived, parts))
        if self.flag is not None:
            flag = self.flag
            if flag == "*":
                return lambda facts: bool(facts.fired)
            return lambda facts: flag in facts.fired
        if self.any_ is not None:
            alternatives = tuple(child.compiled() for child in self.any_)

            def any_of(facts: Facts) -> bool:
                for alternative in alternatives:  # noqa: SIM110 - a loop beats any() here
                    if alternative(facts):
                        return True
                return False

            return any_of
        if self.all_ is not None:
            requirements = tuple(child.compiled() for child in self.all_)

            def all_of(facts: Facts) -> bool:
                for requirement in requirements:  # noqa: SIM110 - a loop beats all() here
                    if not requirement(facts):
                        return False
                return True

            return all_of
        assert self.not_ is not None
        negated = self.not_.compiled()
        return lambda facts: not negated(facts)

    def _answer_test(self, key: str) -> Callable[[Facts], bool]:
        """A key leaf as one function of the facts: `_test` applied to the answer, without
        a second call per leaf (most of a screening's conditions are leaves)."""
        if self.answered is not None:
            answered = self.answered
            return lambda facts: (facts.answers.get(key) is not None) == answered
        if self.is_ is not None:
            expected = self.is_
            return lambda facts: facts.answers.get(key) is expected
        if self.eq is not None or self.contains is not None:
            test = self._test()
            return lambda facts: test(facts.answers.get(key))
        if self.gte is not None:
            gte = self.gte

            def at_least(facts: Facts) -> bool:
                value = facts.answers.get(key)
                return (
                    isinstance(value, _NUMBER)
                    and value is not True
                    and value is not False
                    and value >= gte
                )

            return at_least
        if self.gt is not None:
            gt = self.gt

            def above(facts: Facts) -> bool:
                value = facts.answers.get(key)
                return (
                    isinstance(value, _NUMBER)
                    and value is not True
                    and value is not False
                    and value > gt
                )

            return above
        if self.lte is not None:
            lte = self.lte

            def at_most(facts: Facts) -> bool:
                value = facts.answers.get(key)
                return (
                    isinstance(value, _NUMBER)
                    and value is not True
                    and value is not False
                    and value <= lte
                )

            return at_most
        if self.lt is not None:
            lt = self.lt

            def below(facts: Facts) -> bool:
                value = facts.answers.get(key)
                return (
                    isinstance(value, _NUMBER)
                    and value is not True
                    and value is not False
                    and value < lt
                )

            return below

        def yes(facts: Facts) -> bool:
            value = facts.answers.get(key)
            if value is True:
                return True
            if value is None or value is False:
                return False
            return isinstance(value, _NUMBER) and not isinstance(value, bool) and value != 0

        return yes

    def _test(self) -> Callable[[Any], bool]:
        """The comparison of a key/result leaf as a function of the value (see `_compare`)."""
        if self.answered is not None:
            answered = self.answered
            return lambda value: (value is not None) == answered
        if self.is_ is not None:
            expected = self.is_
            return lambda value: value is expected
        if self.eq is not None:
            equal = self.eq
            return lambda value: value is not None and bool(value == equal)
        if self.contains is not None:
            item = self.contains
            return lambda value: isinstance(value, _COLLECTION) and item in value
        for name, compare in _NUMERIC:
            bound = getattr(self, name)
            if bound is not None:
                return _numeric_test(compare, bound)
        # No comparison: a yes, or a non-zero number.
        return lambda value: (
            value is True
            or (isinstance(value, int | float) and not isinstance(value, bool) and value != 0)
        )

    def because(self, facts: Facts) -> list[str]:
        """The answer keys that made this condition hold, in rule order, without repeats.

        Negated parts add no keys: a flag is explained by what the person said, not by what
        they did not say. Flags and derived results add the keys `facts.explain` gives them.
        """
        if not self.holds(facts):
            return []
        return list(dict.fromkeys(self.explainer()(facts)))

    def explainer(self) -> Callable[[Facts], Sequence[str]]:
        """`because` as a plain function for facts this condition is known to hold for: the
        keys in rule order, repeats left in (`because` drops them). Built once and kept.

        Only an `any` re-checks its alternatives (the ones that held add their keys); an
        `all` that holds had every part hold, so nothing is tested twice.
        """
        found = _EXPLAINERS.get(id(self))
        if found is not None and found[0] is self:
            return found[1]
        function = self._compile_explainer()
        if len(_EXPLAINERS) > 100_000:  # libraries reloaded many times (tests): start afresh
            _EXPLAINERS.clear()
        _EXPLAINERS[id(self)] = (self, function)  # keeps `self` alive, so its id stays unique
        return function

    def _compile_explainer(self) -> Callable[[Facts], Sequence[str]]:
        if self.key is not None:
            own = (self.key,)
            return lambda facts: own
        if self.flag is not None or self.result is not None:
            name = f"flag:{self.flag}" if self.flag is not None else str(self.result)
            return lambda facts: facts.explain.get(name, ())
        if self.any_ is not None:
            alternatives = tuple((child.compiled(), child.explainer()) for child in self.any_)

            def any_keys(facts: Facts) -> list[str]:
                keys: list[str] = []
                for holds, explain in alternatives:
                    if holds(facts):
                        keys.extend(explain(facts))
                return keys

            return any_keys
        if self.all_ is not None:
            parts = tuple(child.explainer() for child in self.all_)

            def all_keys(facts: Facts) -> list[str]:
                keys: list[str] = []
                for explain in parts:
                    keys.extend(explain(facts))
                return keys

            return all_keys
        return lambda facts: ()  # `not`: what was not said explains nothing

    def keys(self) -> set[str]:
        """Every answer key this condition reads (to list unanswered questions)."""
        found: set[str] = {self.key} if self.key else set()
        for child in (*(self.any_ or ()), *(self.all_ or ()), *([self.not_] if self.not_ else [])):
            found |= child.keys()
        return found

    def flags(self) -> set[str]:
        """Red-flag ids this condition refers to (for reference checks)."""
        found: set[str] = {self.flag} if self.flag and self.flag != "*" else set()
        for child in (*(self.any_ or ()), *(self.all_ or ()), *([self.not_] if self.not_ else [])):
            found |= child.flags()
        return found


def _name(names: dict[str, Any], value: Any) -> str:
    """A new name for `value` in generated code's namespace `names`."""
    made = f"_{len(names)}"
    names[made] = value
    return made


def _numeric_test(compare: Callable[[Any, float], bool], bound: float) -> Callable[[Any], bool]:
    """Unknown, yes/no and text values never meet a numeric comparison."""

    def test(value: Any) -> bool:
        return (
            isinstance(value, int | float) and not isinstance(value, bool) and compare(value, bound)
        )

    return test


def kept(owner: object, what: str, make: Callable[[], _T]) -> _T:
    """`make()` for this owner (a library's rules, a cause), built once and kept while the
    owner lives: the rules do not change between screenings, so their compiled form is
    worked out on the first and read by the others."""
    found = _KEPT.get((id(owner), what))
    if found is not None and found[0] is owner:
        value: _T = found[1]
        return value
    value = make()
    if len(_KEPT) > 10_000:  # libraries reloaded many times (tests): start afresh
        _KEPT.clear()
    _KEPT[(id(owner), what)] = (owner, value)  # keeps `owner` alive, so its id stays unique
    return value


_T = TypeVar("_T")
# The generated conditions' code objects, by their source (`Cond._flat`): the source names
# everything it uses, so equal sources compile to the same code. Compiling a library's ~150
# conditions was a twentieth of a `backcare screen`; the content cache (content/cache.py)
# keeps them on disk for the next process, the domain only reads and adds to this mapping.
COMPILED_CODE: dict[str, CodeType] = {}
_KEPT: dict[tuple[int, str], tuple[object, Any]] = {}
_COMPILED: dict[int, tuple[Cond, Callable[[Facts], bool]]] = {}
_EXPLAINERS: dict[int, tuple[Cond, Callable[[Facts], Sequence[str]]]] = {}
_NUMBER = (int, float)
_COLLECTION = (list, tuple, set, frozenset)  # what a `contains` looks in (`_test`)
_NUMERIC: tuple[tuple[str, Callable[[Any, float], bool]], ...] = (
    ("gte", operator.ge),
    ("gt", operator.gt),
    ("lte", operator.le),
    ("lt", operator.lt),
)
