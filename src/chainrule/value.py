"""The autodiff engine: :class:`Value`, a node of a computation graph.

A ``Value`` holds ``data`` (a float, a NumPy array, or a SymPy expression), its
``grad``, its ``parents`` (a tuple, in order, so ``a*a`` keeps two edges) and the
:class:`~chainrule.ops.Op` that made it. Every formula comes from ``ops.OPS``.
Graph walks use an explicit stack, so a chain of a million nodes backpropagates.

Gradients accumulate like PyTorch's: ``backward()`` *adds* to ``grad`` of every
node it reaches, so calling it twice doubles them; ``zero_grad()`` resets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import Any

import numpy as np

from chainrule.errors import DomainError
from chainrule.ops import ARRAY, OPS, SCALAR, SYMBOLIC, Namespace, Op
from chainrule.walk import postorder

_ADD, _SUB, _MUL, _DIV, _NEG, _POW = (OPS[k] for k in ("add", "sub", "mul", "div", "neg", "pow"))

#: ``on_edge(node, index, upstream, local, contribution)``: one backward edge.
EdgeHook = Callable[["Value", int, Any, Any, Any], None]


def _as_data(x: Any) -> Any:
    """Floats stay floats (fast ``math`` path); arrays become float64; SymPy stays."""
    if isinstance(x, (float, int)):
        return float(x)
    if isinstance(x, (np.ndarray, list, tuple)):
        return np.asarray(x, dtype=np.float64)
    if isinstance(x, np.generic):
        return float(x)
    return x  # SymPy expression


def _namespace(*xs: Any) -> Namespace:
    for x in xs:
        if type(x) is not float:
            return ARRAY if isinstance(x, np.ndarray) else SYMBOLIC
    return SCALAR


def _reduce(g: Any, like: Any) -> Any:
    """Sum a gradient over the axes along which ``like`` was broadcast.

    A float gradient against an array stays a float: it means "this value at every
    element", and the engine propagates it without materialising the array.
    """
    if not isinstance(g, np.ndarray):
        return g
    if type(like) is not np.ndarray:
        return float(g.sum())
    if g.shape == like.shape:
        return g
    extra = g.ndim - like.ndim
    g = g.sum(axis=tuple(range(extra))) if extra > 0 else g
    axes = tuple(i for i, n in enumerate(like.shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=axes, keepdims=True) if axes else g


def _expand(g: Any, like: Any) -> Any:
    """The gradient in the shape of its data, for storing in ``.grad``."""
    if type(like) is np.ndarray and not (isinstance(g, np.ndarray) and g.shape == like.shape):
        return np.broadcast_to(g, like.shape).copy()
    return g


class Value:
    """A node in a computation graph: ``data``, ``grad``, ``parents``, ``op``."""

    __slots__ = ("data", "grad", "name", "op", "parents", "requires_grad")

    def __init__(self, data: Any, *, name: str | None = None, requires_grad: bool = True) -> None:
        self.data = _as_data(data)
        self.grad: Any = 0.0
        self.parents: tuple[Value, ...] = ()
        self.op: Op | None = None
        self.name = name
        self.requires_grad = requires_grad

    # -- building the graph -----------------------------------------------------
    @staticmethod
    def apply(op: Op, *parents: Value) -> Value:
        """Run ``op`` forward on ``parents`` and return the new node."""
        datas = [p.data for p in parents]
        m = _namespace(*datas)
        if m is not SYMBOLIC and op.domain is not None:
            problem = op.domain(m, *datas)
            if problem:
                raise DomainError(f"{problem} in {op.name}")
        try:
            if m is ARRAY:
                with np.errstate(all="ignore"):
                    data = op.forward(m, *datas)
            else:
                data = op.forward(m, *datas)
        except OverflowError:
            raise DomainError(f"{op.name} overflowed the float64 range") from None
        except (ZeroDivisionError, ValueError) as exc:
            raise DomainError(f"{op.name} is undefined here ({exc})") from None
        if m is ARRAY and not np.all(np.isfinite(data)):
            raise DomainError(f"{op.name} overflowed the float64 range")
        if m is SCALAR and (data - data) != 0.0:  # inf or nan
            raise DomainError(f"{op.name} overflowed the float64 range")
        out = Value.__new__(Value)
        out.data = data
        out.grad = 0.0
        out.parents = parents
        out.op = op
        out.name = None
        out.requires_grad = any(p.requires_grad for p in parents)
        return out

    def __add__(self, other: Any) -> Value:
        return Value.apply(_ADD, self, _wrap(other))

    def __radd__(self, other: Any) -> Value:
        return Value.apply(_ADD, _wrap(other), self)

    def __sub__(self, other: Any) -> Value:
        return Value.apply(_SUB, self, _wrap(other))

    def __rsub__(self, other: Any) -> Value:
        return Value.apply(_SUB, _wrap(other), self)

    def __mul__(self, other: Any) -> Value:
        return Value.apply(_MUL, self, _wrap(other))

    def __rmul__(self, other: Any) -> Value:
        return Value.apply(_MUL, _wrap(other), self)

    def __truediv__(self, other: Any) -> Value:
        return Value.apply(_DIV, self, _wrap(other))

    def __rtruediv__(self, other: Any) -> Value:
        return Value.apply(_DIV, _wrap(other), self)

    def __pow__(self, other: Any) -> Value:
        return Value.apply(_POW, self, _wrap(other))

    def __rpow__(self, other: Any) -> Value:
        return Value.apply(_POW, _wrap(other), self)

    def __neg__(self) -> Value:
        return Value.apply(_NEG, self)

    def exp(self) -> Value:
        return Value.apply(OPS["exp"], self)

    def log(self) -> Value:
        return Value.apply(OPS["log"], self)

    def sqrt(self) -> Value:
        return Value.apply(OPS["sqrt"], self)

    def sin(self) -> Value:
        return Value.apply(OPS["sin"], self)

    def cos(self) -> Value:
        return Value.apply(OPS["cos"], self)

    def tan(self) -> Value:
        return Value.apply(OPS["tan"], self)

    def tanh(self) -> Value:
        return Value.apply(OPS["tanh"], self)

    def sigmoid(self) -> Value:
        return Value.apply(OPS["sigmoid"], self)

    def relu(self) -> Value:
        return Value.apply(OPS["relu"], self)

    def abs(self) -> Value:
        return Value.apply(OPS["abs"], self)

    __abs__ = abs

    def sum(self) -> Value:
        """Sum of all elements (a float node)."""
        return Value.apply(OPS["sum"], self)

    def mean(self) -> Value:
        """Mean of all elements (a float node)."""
        return Value.apply(OPS["mean"], self)

    # -- walking the graph ---------------------------------------------------------
    def topo(self) -> list[Value]:
        """Every node this one depends on, inputs first, in a deterministic order."""
        return postorder(self, _parents)

    def backward(self, grad: Any = None, *, on_edge: EdgeHook | None = None) -> None:
        """Add d self / d node to ``node.grad`` for every node that requires a gradient.

        ``grad`` seeds the output (default 1). ``on_edge`` is called for each edge
        walked, in reverse evaluation order, with the upstream gradient, the local
        derivative and their product, the contribution sent to the parent.
        """
        order = self.topo()
        seed = 1.0 if grad is None else _as_data(grad)
        grads: dict[int, Any] = {id(self): seed}
        for node in reversed(order):
            g = grads.pop(id(node), None)
            if g is None:
                continue
            g = _reduce(g, node.data)
            node.grad = node.grad + _expand(g, node.data)
            op = node.op
            if op is None:
                continue
            datas = [p.data for p in node.parents]
            m = _namespace(node.data, *datas)
            for i, parent in enumerate(node.parents):
                if not parent.requires_grad:
                    continue
                local = op.local[i](m, node.data, *datas)
                if type(local) is int and local == 1:
                    contribution = g
                elif m is ARRAY:
                    with np.errstate(all="ignore"):
                        contribution = g * local
                else:
                    contribution = g * local
                if on_edge is not None:
                    on_edge(node, i, g, local, contribution)
                key = id(parent)
                grads[key] = grads[key] + contribution if key in grads else contribution

    def zero_grad(self) -> None:
        """Reset ``grad`` to 0 on this node and every node it depends on."""
        for node in self.topo():
            node.grad = 0.0

    def __iter__(self) -> Iterator[Value]:
        raise TypeError("a Value is not iterable; use .data for the array")

    def __repr__(self) -> str:
        label = f"{self.name}, " if self.name else ""
        op = f", op={self.op.name}" if self.op else ""
        return f"Value({label}data={self.data!r}, grad={self.grad!r}{op})"


_parents = attrgetter("parents")


def _wrap(x: Any) -> Value:
    if isinstance(x, Value):
        return x
    return Value(x, requires_grad=False)
