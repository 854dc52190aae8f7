"""How one rule's code reports a broken rule: `_rt.fail` with the server's path, the
rule's id, the heading of its error type and its detail, worded about the defaulted
object, or in the words of a named format's own server checks."""

from __future__ import annotations

from podspec_gen.model.rules.vocab import Rule
from podspec_gen.render.python import rules_exprs as ex
from podspec_gen.render.python.literals import pylit
from podspec_gen.render.python.rules_emit import Emitter
from podspec_gen.render.python.rules_values import Reader


class RuleReport(Reader):
    """The reports of one rule, inside its host's walker."""

    def __init__(self, em: Emitter, rule: Rule) -> None:
        super().__init__(em)
        self.rule = rule
        self.out = "w" if rule.is_warning else "e"

    def fail(
        self,
        path: str,
        value: str | None,
        detail: str | None = None,
        earlier: str = "",
        compared: str = "None",
        *,
        text: str | None = None,
    ) -> None:
        """Report the rule broken at `path`; `text` is an expression for the detail
        (a format's words), else the rule's detail (or `detail`) is filled in."""
        rule = self.rule
        if text is None:
            text = self._detail(detail, earlier)
        shows = rule.shows_value or rule.is_warning
        shown = (value or "''") if shows else "None"
        self.em.line(
            f"_rt.fail({self.out}, {ex.server_expr(rule, path, compared)}, {rule.id!r},"
            f" {self.heading!r}, {shown}, {text})"
        )

    def _detail(self, detail: str | None, earlier: str) -> str:
        rule = self.rule
        # The server words its messages about the defaulted object.
        pairs = [(name, self.value(ref, self.item)) for name, ref in rule.fills]
        if earlier:  # the earlier item (of the pair, or of the key), by its path
            pairs.append(("earlier", f"_rt.path_text({earlier})"))
        pairs += [(name, self.joined(items, key)) for name, items, key in rule.joins]
        return self.filled(*pairs, detail=detail)

    def filled(self, *pairs: tuple[str, str], detail: str | None = None) -> str:
        """The rule's detail (or `detail`) with the placeholders among `pairs` (a
        name, an expression for its text) that the rule's shows filled in."""
        if detail is None:
            detail = self.rule.detail
        shown = [(n, e) for n, e in pairs if "{" + n + "}" in self.rule.detail]
        if not shown:
            return pylit(detail)
        inner = "".join(f"({pylit(name)}, {expr}), " for name, expr in shown)
        return f"_rt.fill({pylit(detail)}, ({inner}))"

    def fail_in_words(self, path: str, value: str | None, string: str) -> None:
        """Report a value the rule's format refuses once for each of the format's
        server checks it fails, in their words (IsLabelKey's `name part must be no
        more than 63 characters`), as a field of that format is; `string` names the
        value, a string."""
        words = self.rule.worded_by
        assert words is not None
        name, wants = pylit(words.name), pylit(words.message)
        d = self.em.fresh("d")
        self.em.block(
            f"for {d} in _rt.format_words({string}, {name}, {wants}):",
            lambda: self.fail(path, value, text=d),
        )

    @property
    def heading(self) -> str:
        """A warning is its text alone; an error starts as the server's does."""
        return "" if self.rule.is_warning else self.rule.heading
