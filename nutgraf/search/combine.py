"""Adding a filter to a query as a whole, and writing a parsed query back as text.

A facet link, a saved filter or an API `filter=` parameter narrows the user's query: it is
combined at the tree level, `(query) AND filter`, never by pasting text after the query
(`court OR contract type:html` would bind the filter to `contract` alone).
`unparse` writes a tree as a query that parses back to the same tree: the search page uses
it to take one filter out of a typed query.
"""

from __future__ import annotations

from nutgraf.search.query import And, Filter, MatchAll, Near, Node, Not, Or, Phrase, Term, parse


def with_filters(tree: Node, filters: list[str] | tuple[str, ...]) -> Node:
    """`tree` AND every filter (each parsed on its own: its quotes cannot reach the query)."""
    parts = [parse(text) for text in filters if text.strip()]
    parts = [part for part in parts if not isinstance(part, MatchAll)]
    if not parts:
        return tree
    if isinstance(tree, MatchAll):
        return parts[0] if len(parts) == 1 else And(tuple(parts))
    return And((tree, *parts))


def top_level(tree: Node) -> list[Node]:
    """The parts every hit must match: the children of a top-level AND, else the tree."""
    return list(tree.children) if isinstance(tree, And) else [tree]


def without(tree: Node, part: Node) -> str:
    """The query with one top-level part taken out, as text."""
    rest = [child for child in top_level(tree) if child != part]
    if not rest:
        return ""
    return unparse(rest[0] if len(rest) == 1 else And(tuple(rest)))


def _quoted(text: str) -> str:
    return f'"{text}"' if any(c.isspace() or c in '"()' for c in text) or not text else text


def unparse(node: Node) -> str:
    if isinstance(node, MatchAll):
        return ""
    if isinstance(node, Term):
        field = "exact:" if node.exact else "" if node.field == "content" else f"{node.field}:"
        tail = "*" if node.prefix else f"~{node.fuzzy}" if node.fuzzy else ""
        return f"{field}{node.text}{tail}"
    if isinstance(node, Phrase):
        field = "" if node.field == "content" else f"{node.field}:"
        slop = f"~{node.slop}" if node.slop else ""
        return f'{field}"{node.text}"{slop}'
    if isinstance(node, Filter):
        return f"{node.field}:{_quoted(node.value)}"
    if isinstance(node, Not):
        return "NOT " + _grouped(node.child, (And, Or, Near, Not))
    if isinstance(node, And):
        return " ".join(_grouped(child, (And, Or)) for child in node.children)
    if isinstance(node, Or):
        return " OR ".join(_grouped(child, (Or,)) for child in node.children)
    if isinstance(node, Near):
        first, *rest = node.children
        # the distance is the sum over the chain's operators: the first carries it all
        text = unparse(first)
        for number, child in enumerate(rest):
            text += f" NEAR/{node.distance if number == 0 else 0} {unparse(child)}"
        return text
    raise TypeError(f"cannot write {node!r} as a query")  # pragma: no cover


def _grouped(node: Node, kinds: tuple[type, ...]) -> str:
    text = unparse(node)
    return f"({text})" if isinstance(node, kinds) else text
