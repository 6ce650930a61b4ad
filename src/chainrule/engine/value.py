"""The autodiff engine: :class:`Value`, a node of a computation graph.

The model, first (a few dozen lines of this module are all it takes):

- A ``Value`` holds ``data`` (a float, a NumPy array, or a SymPy expression), its
  ``grad``, its ``parents`` (a tuple, in order, so ``a*a`` keeps two edges) and the
  :class:`~chainrule.engine.ops.Op` that made it. Every formula comes from ``ops.OPS``,
  and so do Value's methods: ``x + y``, ``x.exp()``, ``x.atan2(y)``, one per op.
- :func:`reference_backward` is backpropagation in its plain form: the nodes in
  topological order (an explicit stack, no recursion), then each node, outputs first,
  sends ``upstream * local`` to each input; sums meet where paths do.
- ``backward()`` computes the same numbers into ``grad``, and *adds* them, like
  PyTorch: calling it twice doubles them; ``zero_grad()`` resets. The tests hold it to
  :func:`reference_backward` on random expressions (hypothesis).

Everything after the line ``THE FAST PATH`` below is speed, not meaning: it is fenced
there, with the reasons, measured by bench/bench_engine.py against micrograd.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.arguments import non_finite, shown
from chainrule.engine.graph_walks import postorder
from chainrule.engine.ops import ARRAY, OPS, SCALAR, Constant, Namespace, Op, watch
from chainrule.errors import ArgumentTypeError, DomainError

#: ``on_edge(node, index, upstream, local, contribution)``: one backward edge.
EdgeHook = Callable[["Value", int, Any, Any, Any], None]
#: ``on_undefined(node, index, error)``: the local derivative to use where it is undefined.
UndefinedHook = Callable[["Value", int, DomainError], Any]

_new = object.__new__
_stamps = itertools.count(0, -1)  # later nodes get smaller stamps
_LOCAL_ERRORS = (ZeroDivisionError, OverflowError, ValueError)


def _as_data(x: Any) -> Any:
    """Floats stay floats (fast ``math`` path); arrays become float64; SymPy stays.

    Anything else (a string, None, a bool, a complex number) is refused here, when
    the Value is made, and so are NaN and infinite data.
    """
    if isinstance(x, (float, int, np.number)) and not isinstance(x, (bool, np.complexfloating)):
        try:
            number = float(x)
        except OverflowError:
            raise DomainError(f"a Value's data {shown(x)} is beyond the float64 range") from None
        if number - number != 0.0:
            raise DomainError(f"a Value's data is {non_finite(number)}")
        return number
    if isinstance(x, (np.ndarray, list, tuple)):
        try:
            array = np.asarray(x)
            if array.dtype.kind not in "biuf":
                raise TypeError
        except (TypeError, ValueError):
            raise ArgumentTypeError(
                f"a Value's data must be numbers of one shape, got {shown(x)}"
            ) from None
        array = array.astype(np.float64, copy=False)
        if not np.isfinite(array).all():
            raise DomainError(f"an array of data holds {'NaN' if np.isnan(array).any() else 'inf'}")
        return array
    sympy = sys.modules.get("sympy")  # SymPy data is SymPy's objects: loaded already
    if sympy is not None and isinstance(x, sympy.Basic):
        return x
    raise ArgumentTypeError(
        f"a Value's data must be a number, an array or a SymPy expression, got {shown(x)}"
    )


def _constant(x: Any) -> Value:
    """A number, array or SymPy expression used in an operation: a leaf without gradient."""
    if isinstance(x, Value):
        return x
    return Value(x, requires_grad=False)


class Value:
    """A node in a computation graph: ``data``, ``grad``, ``parents``, ``op``.

    Values hash and compare by identity (the engine keys its dicts by node).
    """

    # _a, _b: the inputs (None when absent; a float is a constant not yet made a
    # Value); _stamp: None when no gradient is needed, else 0 on a
    # leaf and, on an operation, the stamp the module docstring describes; _name:
    # unset on an operation node until someone names it. Every slot an operation
    # node fills costs a store when it is made and a visit in each garbage
    # collection that walks it, so operation nodes fill as few as they can.
    __slots__ = ("_a", "_b", "_name", "_stamp", "data", "grad", "op")
    _a: Value | float | None
    _b: Value | float | None
    _name: str | None
    _stamp: int | None

    def __init__(self, data: Any, *, name: str | None = None, requires_grad: bool = True) -> None:
        self.data = data if type(data) is float and data - data == 0.0 else _as_data(data)
        self.grad: Any = 0.0
        self._a = self._b = None
        self.op: Op | None = None
        self._name = name
        self._stamp = 0 if requires_grad else None

    @property
    def requires_grad(self) -> bool:
        """Whether ``backward`` computes this node's gradient.

        A leaf's own choice; an operation needs one when any of its inputs does.
        """
        return self._stamp is not None

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if self.op is not None:
            raise ValueError(
                "only a leaf's requires_grad can be set; an operation's follows its inputs"
            )
        self._stamp = 0 if value else None

    @property
    def name(self) -> str | None:
        """The variable's name (a leaf's, or one given to any node); None if unnamed."""
        return getattr(self, "_name", None)

    @name.setter
    def name(self, name: str | None) -> None:
        self._name = name

    @property
    def parents(self) -> tuple[Value, ...]:
        """The inputs of the operation that made this node, in order (none for a leaf)."""
        a, b = self._a, self._b
        if type(a) is float:
            a = self._a = _constant(a)
        if type(b) is float:
            b = self._b = _constant(b)
        if a is None:
            return ()
        return (a,) if b is None else (a, b)  # type: ignore[return-value]

    # -- building the graph -----------------------------------------------------
    @staticmethod
    def apply(op: Op, *parents: Value) -> Value:
        """Run ``op`` forward on ``parents`` (one or two Values) and return the new node."""
        if len(parents) != op.arity:
            raise TypeError(f"{op.name} takes {op.arity} input(s), got {len(parents)}")
        out = _new(Value)
        out.data = _forward(op, [p.data for p in parents])
        out.grad = 0.0
        out._a, out._b = parents if len(parents) == 2 else (parents[0], None)
        out.op = op
        needed = parents[0]._stamp is not None or parents[-1]._stamp is not None
        out._stamp = next(_stamps) if needed else None
        return out

    if TYPE_CHECKING:  # for the type checker: the methods are made from the op table

        def __getattr__(self, name: str) -> Callable[..., Value]: ...  # x.exp(), x.atan2(y)
        def __add__(self, other: Any) -> Value: ...
        def __radd__(self, other: Any) -> Value: ...
        def __sub__(self, other: Any) -> Value: ...
        def __rsub__(self, other: Any) -> Value: ...
        def __mul__(self, other: Any) -> Value: ...
        def __rmul__(self, other: Any) -> Value: ...
        def __truediv__(self, other: Any) -> Value: ...
        def __rtruediv__(self, other: Any) -> Value: ...
        def __pow__(self, other: Any) -> Value: ...
        def __rpow__(self, other: Any) -> Value: ...
        def __neg__(self) -> Value: ...
        def __abs__(self) -> Value: ...

    def __iter__(self) -> Iterator[Value]:
        raise TypeError("a Value is not iterable; use .data for the array")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the graph below this node as a flat list: a deep chain needs no recursion.

        Each node that pickles takes its own copy of the graph below it: pickle the
        output, and reach the leaves through it.
        """
        order = postorder(self, _inputs)
        index = {id(node): i for i, node in enumerate(order)}

        def ref(x: Value | float | None) -> int | float | None:
            return x if x is None or type(x) is float else index[id(x)]

        records = [
            (
                node.data,
                node.grad,
                node.op.name if node.op else None,
                node.name,
                node._stamp is not None,
                ref(node._a),
                ref(node._b),
            )
            for node in order
        ]
        return _unpickle, (records,)

    def __repr__(self) -> str:
        label = f"{self.name}, " if self.name else ""
        op = f", op={self.op.name}" if self.op else ""
        return f"Value({label}data={self.data!r}, grad={self.grad!r}{op})"

    # -- walking the graph ---------------------------------------------------------
    def topo(self) -> list[Value]:
        """Every node this one depends on, inputs first, in a deterministic order."""
        return postorder(self, _parents)

    def backward(
        self,
        grad: Any = None,
        *,
        on_edge: EdgeHook | None = None,
        on_undefined: UndefinedHook | None = None,
    ) -> None:
        """Add d self / d node to ``node.grad`` for every node that requires a gradient.

        ``grad`` seeds the output (default 1). ``on_edge`` is called for each edge
        walked, in reverse evaluation order, with the upstream gradient, the local
        derivative and their product, the contribution sent to the parent.
        An operation node's array gradient is read-only: it may share memory with
        its neighbours'. An infinite or undefined derivative raises DomainError,
        unless ``on_undefined`` is given: it gets the error and returns the local
        derivative to use instead (NaN marks every gradient that depends on it).
        """
        if grad is None:
            seed: Any = 1.0
        else:
            seed = _as_data(grad)
            if isinstance(seed, np.ndarray):
                seed = seed.copy()  # gradients may share its memory: never the caller's array
        if self.op is None or self._stamp is None:  # a leaf, or made of constants only
            self.grad = _accumulate(self.grad, seed, self.data)
            return
        _backward(self, self._stamp, seed, on_edge, on_undefined)

    def zero_grad(self) -> None:
        """Reset ``grad`` to 0 on this node and every node it depends on."""
        for node in self.topo():
            node.grad = 0.0


def reference_backward(output: Value, seed: Any = 1.0) -> dict[Value, Any]:
    """d output / d node for every node that requires a gradient, the plain way.

    The definition ``backward`` is tested against; it leaves ``grad`` untouched.
    """
    grads: dict[Value, Any] = {output: seed}
    for node in reversed(output.topo()):  # outputs before the nodes they use
        if node.op is None or node not in grads:
            continue
        datas = [p.data for p in node.parents]
        m = _namespace(node.data, *datas)
        for i, parent in enumerate(node.parents):
            if parent.requires_grad:
                local = node.op.local[i](m, node.data, *datas)
                grads[parent] = grads.get(parent, 0.0) + _reduce(grads[node] * local, parent.data)
    return {node: g for node, g in grads.items() if node.requires_grad}


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


def _accumulate(old: Any, g: Any, like: Any) -> Any:
    """``old + g`` as a new object in the shape of ``like`` (never ``g`` itself)."""
    total = old + _reduce(g, like)
    if type(like) is not np.ndarray or (
        isinstance(total, np.ndarray) and total.shape == like.shape
    ):
        return total
    if not isinstance(total, np.ndarray):
        return np.full(like.shape, total)
    return np.broadcast_to(total, like.shape).copy()


def _parents(node: Value) -> tuple[Value, ...]:
    return node.parents


def _inputs(node: Value) -> tuple[Value, ...]:
    """The Value inputs of ``node`` (constants kept as floats are not nodes yet)."""
    return tuple(x for x in (node._a, node._b) if isinstance(x, Value))


def _unpickle(records: list[tuple[Any, ...]]) -> Value:
    """The graph :meth:`Value.__reduce__` flattened, inputs first; returns its output."""
    made: list[Value] = []
    for data, grad, op, name, requires_grad, a, b in records:
        node = _new(Value)
        node.data, node.grad = data, grad
        node._a, node._b = (made[x] if type(x) is int else x for x in (a, b))
        node.op = OPS[op] if op else None
        node._name = name
        # New stamps, counting down as the nodes are made: backward's order holds.
        node._stamp = None if not requires_grad else next(_stamps) if op else 0
        made.append(node)
    return made[-1]


#: Python's operator method of each infix op of the table, by the symbol it prints.
_DUNDERS = {"+": "add", "-": "sub", "*": "mul", "/": "truediv", "**": "pow"}


def _methods() -> dict[str, Callable[..., Value]]:
    """Value's method of every op of the table: the operators, then ``x.exp()``,
    ``x.atan2(y)``, ``x.log_base(b)``, ``x.sum()``, by the op's name."""
    methods: dict[str, Callable[..., Value]] = {}
    for op in OPS.values():
        if op.symbol is not None and op.arity == 1:
            methods[f"__{op.name}__"] = _unary(op)  # -x
        elif op.symbol is not None:
            dunder = _DUNDERS[op.symbol]
            methods[f"__{dunder}__"] = _binary(op)
            methods[f"__r{dunder}__"] = _binary(op, reflected=True)
        else:
            methods[op.name] = _unary(op) if op.arity == 1 else _binary(op)
    methods["__abs__"] = methods["abs"]
    return methods


def _add_methods() -> None:
    """Give Value the table's methods (again whenever an op joins or leaves the table)."""
    methods = _methods()
    for name in _MADE - methods.keys():
        delattr(Value, name)
    for name, method in methods.items():
        setattr(Value, name, method)
    _MADE.clear()
    _MADE.update(methods)


#: The names of the methods :func:`_add_methods` gave Value.
_MADE: set[str] = set()


# ==================================================================================
# THE FAST PATH. How the engine stays 3-10x faster than micrograd (bench/bench_engine.py):
#
# - One object per operation, six slots filled. In a big graph Python's garbage
#   collector walks every live container object again and again, visiting each
#   filled slot, and that costs more than the arithmetic. So a node keeps its one or
#   two inputs in two slots, not in a tuple, and a plain number in ``x * 2`` stays a
#   float in its slot: it becomes a constant ``Value`` only if someone reads
#   ``parents``. Nodes form no reference cycles, so a graph is freed the moment it
#   is dropped.
# - Operations on floats call Python's operator or the ``math`` function directly
#   and leave domain checks to the generic ``apply``, which runs only when the float
#   forward fails; ``backward`` walks float nodes inline and sends arrays, symbols
#   and ``on_edge`` hooks through one general routine, ``_pass_on``.
# - ``backward`` needs no topological sort: every operation node gets a stamp that
#   counts down as nodes are made, and a node is always made after its inputs, so
#   visiting stamps upward from the output reaches each node after every node that
#   uses it. A graph's nodes are made one after another, so the walk steps through
#   a dict keyed by stamp, and jumps over the stamps of other graphs; an input made
#   just before the node in hand is complete already and goes next without the dict
#   (a chain never touches it). No recursion: a chain of a million nodes backpropagates.
# - An operation node's array gradient is a read-only view of the gradient passed
#   through it, not a copy (a leaf's is its own array); a float leaf takes its
#   contributions as they arrive. Each array operation enters ``np.errstate`` to turn
#   overflow into :class:`DomainError`, unless :func:`numpy_raises` holds it already.
# - On CPython 3.11, a few tiny backward passes at import (``_specialise_backward``).
# ==================================================================================


def _namespace(*xs: Any) -> Namespace:
    for x in xs:
        if type(x) is not float:
            if isinstance(x, np.ndarray):
                return ARRAY
            # SymPy data: SymPy is loaded already, so this import is a dict lookup.
            from chainrule.engine.sympy_ops import SYMBOLIC

            return SYMBOLIC
    return SCALAR


#: True inside :func:`numpy_raises`.
_RAISING: ContextVar[bool] = ContextVar("chainrule_numpy_raises", default=False)


def _raise_mode() -> np.errstate:
    """NumPy's errors as exceptions: the engine turns them into DomainError."""
    return np.errstate(over="raise", invalid="raise", divide="raise", under="ignore")


@contextmanager
def numpy_raises() -> Iterator[None]:
    """Hold NumPy's raise mode over a block of array operations of the engine.

    Each array operation otherwise enters ``np.errstate`` itself (about 1 µs) to turn
    an overflow into :class:`DomainError` instead of a warning; a loop of many small
    operations, such as gradient descent through the engine, enters it once with
    this. Inside, every NumPy operation raises ``FloatingPointError`` on overflow,
    the engine's or not; do not loosen ``np.errstate`` within the block.
    """
    with _raise_mode():
        token = _RAISING.set(True)
        try:
            yield
        finally:
            _RAISING.reset(token)


def _forward(op: Op, datas: list[Any]) -> Any:
    """``op`` forward on ``datas``, or :class:`DomainError` outside its domain or range."""
    m = _namespace(*datas)
    try:
        if m is ARRAY:
            # NumPy raises at the first overflow or invalid result: no pass over the
            # output to look for inf (leaf arrays were checked finite when made).
            with nullcontext() if _RAISING.get() else _raise_mode():  # set once, or here
                _check_domain(op, m, datas)
                return op.forward(m, *datas)
        if m is SCALAR:
            _check_domain(op, m, datas)
        data = op.forward(m, *datas)
    except (OverflowError, FloatingPointError) as exc:
        if "overflow" in str(exc) or isinstance(exc, OverflowError):
            raise DomainError(
                _of_non_finite(op, datas) or f"{op.name} overflowed the float64 range"
            ) from None
        raise DomainError(f"{op.name} is undefined here ({exc})") from None
    except (ZeroDivisionError, ValueError) as exc:
        raise DomainError(
            _of_non_finite(op, datas) or f"{op.name} is undefined here ({exc})"
        ) from None
    if m is SCALAR and data - data != 0.0:  # inf - inf and nan - nan are nan
        raise DomainError(_of_non_finite(op, datas) or f"{op.name} overflowed the float64 range")
    return data


def _of_non_finite(op: Op, datas: list[Any]) -> str | None:
    """``"mul of NaN"`` when a float input is NaN or infinite (a constant, or data set later)."""
    for d in datas:
        if type(d) is float and d - d != 0.0:
            return f"{op.name} of {'NaN' if d != d else 'an infinite number'}"
    return None


def _check_domain(op: Op, m: Namespace, datas: list[Any]) -> None:
    if op.domain is not None:
        problem = op.domain(m, *datas)
        if problem:
            raise DomainError(f"{problem} in {op.name}")


def _product(g: Any, local: Any) -> Any:
    """The chain rule's ``upstream * local`` (``backward`` holds NumPy's warnings back)."""
    if type(local) is int and local == 1:
        return g  # the sum rule passes the gradient on untouched: no copy
    return g * local


#: Arrays up to this many elements (32 KB) get a float gradient copied, not viewed.
_SMALL = 4096


def _shared(old: Any, g: Any, like: Any) -> Any:
    """An operation node's ``old + g``; a first array gradient is ``g`` itself, not a copy.

    Intermediate gradients are kept for every node (the trace shows them), so
    copying each array would double the memory a backward pass touches. The engine
    never changes an array in place, so sharing is safe; treat them as read-only.
    """
    if type(like) is np.ndarray and type(old) is float and old == 0.0:
        g = _reduce(g, like)
        if type(g) is np.ndarray and g.shape == like.shape:
            return g
        if type(g) is float and like.size <= _SMALL:
            filled = np.empty(like.shape)  # 4x cheaper than a view at this size
            filled.fill(g)
            filled.flags.writeable = False  # read-only, as the views are
            return filled
        return np.broadcast_to(g, like.shape)  # a float or a smaller array: a read-only view
    return _accumulate(old, g, like)


# -- operators: floats take the fast path, everything else goes through apply ------
#: Python's own operators: on two floats they are the forward of the op printed so.
_INFIX: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": operator.pow,
}


def _on_floats(op: Op) -> Callable[..., Any]:
    """``op.forward`` on floats as a direct call, without the namespace argument.

    A binary op's printed symbol is Python's operator and a function's name is the
    ``SCALAR`` namespace's function (``math.exp`` for exp), both C functions: this
    spares the engine's hot path a Python-level call per operation. The tests check
    that each agrees with ``op.forward(SCALAR, ...)``.
    """
    if op.arity == 2 and op.symbol in _INFIX:
        return _INFIX[op.symbol]
    if op.arity == 1 and op.symbol == "-":
        return operator.neg
    direct = getattr(SCALAR, op.name, None)
    if callable(direct):
        return direct
    return functools.partial(op.forward, SCALAR)


# Both fast paths below fill the new node's slots inline, as ``apply`` does: a call to
# a shared helper here costs ~10% of a scalar graph's build time (bench/bench_engine.py).
# They do not ask the op's domain first: outside it, the float forward raises (log of 0,
# 1/0, 0**-1) or gives no float (a complex (-8)**(1/3)), and ``apply`` then runs the
# domain check that names the problem. The tests hold every op with a domain to that.
def _binary(op: Op, *, reflected: bool = False) -> Callable[[Value, Any], Value]:
    """``self <op> other`` (or ``other <op> self``) as a method of Value."""
    forward, domain = _on_floats(op), op.domain

    def method(self: Value, other: Any) -> Value:
        if type(other) is Value:
            b = other.data
        elif type(other) is float:
            b = other  # a constant, kept as a float in the node
        elif type(other) is int:
            b = other = float(other)
        else:
            other = _constant(other)
            b = other.data
        a = self.data
        if reflected:
            a, b = b, a
        if type(a) is float and type(b) is float:
            try:
                data = forward(a, b)
            except (ArithmeticError, ValueError):
                data = math.nan  # let apply name the error
            if data - data == 0.0 and (domain is None or type(data) is float):
                out = _new(Value)
                out.data = data
                out.grad = 0.0
                if reflected:
                    out._a, out._b = other, self
                else:
                    out._a, out._b = self, other
                out.op = op
                if self._stamp is not None or (type(other) is Value and other._stamp is not None):
                    out._stamp = next(_stamps)
                else:
                    out._stamp = None  # constants only: no gradient
                return out
        other = _constant(other)
        return Value.apply(op, other, self) if reflected else Value.apply(op, self, other)

    return method


def _unary(op: Op) -> Callable[[Value], Value]:
    """``op(self)`` as a method of Value."""
    forward = _on_floats(op)

    def method(self: Value) -> Value:
        a = self.data
        if type(a) is float:
            try:
                data = forward(a)
            except (ArithmeticError, ValueError):
                data = math.nan  # let apply name the error
            if data - data == 0.0:
                out = _new(Value)
                out.data = data
                out.grad = 0.0
                out._a = self
                out._b = None
                out.op = op
                out._stamp = None if self._stamp is None else next(_stamps)
                return out
        return Value.apply(op, self)

    method.__doc__ = f"``{op.name}`` of this value ({op.rule})."
    return method


def _backward(
    root: Value,
    stamp: int,
    seed: Any,
    on_edge: EdgeHook | None,
    on_undefined: UndefinedHook | None,
) -> None:
    """:meth:`Value.backward` from an operation node: :func:`reference_backward`, made fast.

    No topological sort: visiting stamps upward from the output reaches each node after
    every node that uses it (see the notes above). Float nodes are walked inline here;
    arrays, symbols and hooks go through :func:`_pass_on`.
    """
    # ``pending`` holds the gradient sums not yet passed on (of operation nodes, by
    # node; of leaves reached through arrays or symbols); ``waiting`` holds those
    # operation nodes by stamp. The next node to visit, when it is known, is
    # ``follow`` with its sum ``follow_g``: no dict at all along a chain. NumPy's
    # warnings are held back from the first array on: one errstate for the whole
    # pass, not one per edge (floats need none, and pay nothing for it).
    pending: dict[Value, Any] = {}
    waiting: dict[int, Value] = {}
    follow: Value | None = root
    follow_g: Any = seed
    quiet: Any = None
    misses = 0
    hooked = on_edge is not None or on_undefined is not None
    try:
        while follow is not None or waiting:
            if follow is not None:
                node, g, follow = follow, follow_g, None
            else:
                popped = waiting.pop(stamp, None)
                if popped is None:  # a stamp of some other graph: look at the next one
                    misses += 1
                    stamp = min(waiting) if misses % 16 == 0 else stamp + 1
                    continue
                node = popped
                g = pending.pop(node)
            stamp += 1
            out = node.data
            x, y = node._a, node._b  # y is None for one input; a float is a constant
            a = x if type(x) is float else x.data  # type: ignore[union-attr]
            # A float out of a float first input: the second, if any, is a float too
            # (an array or a symbol would have spread to out).
            fast = type(out) is float and type(a) is float and type(g) is float
            if not fast or hooked:  # arrays, symbols, a hook
                if quiet is None and (type(out) is np.ndarray or type(g) is np.ndarray):
                    quiet = np.errstate(all="ignore")
                    quiet.__enter__()
                _pass_on(node, g, pending, waiting, on_edge, on_undefined)
                continue
            b = y if type(y) is float or y is None else y.data  # type: ignore[union-attr]
            # The float fast path, edges written out: this is the engine's hot loop.
            # An input made just before node (its stamp is next) has had every
            # contribution it will get, so it goes next as ``follow``.
            node.grad = node.grad + g
            local = node.op.local  # type: ignore[union-attr]
            try:
                if type(x) is Value and x._stamp is not None:
                    f = local[0]
                    if type(f) is Constant:
                        c = g * f.value
                    else:
                        c = g * (f(SCALAR, out, a) if y is None else f(SCALAR, out, a, b))
                    if x.op is None:
                        x.grad = x.grad + c  # a float leaf: add it now
                    elif x in pending:
                        pending[x] = pending[x] + c
                    elif x._stamp == stamp:
                        follow, follow_g = x, c
                    else:
                        pending[x] = c
                        waiting[x._stamp] = x
                if type(y) is Value and y._stamp is not None:
                    f = local[1]
                    c = g * f.value if type(f) is Constant else g * f(SCALAR, out, a, b)
                    if y.op is None:
                        y.grad = y.grad + c
                    elif y is follow:  # x is y
                        follow_g = follow_g + c
                    elif y in pending:
                        pending[y] = pending[y] + c
                    elif y._stamp == stamp:
                        follow, follow_g = y, c
                    else:
                        pending[y] = c
                        waiting[y._stamp] = y
            except _LOCAL_ERRORS as exc:
                raise _undefined(node, exc) from None
        for leaf, g in pending.items():  # what is left are leaves
            leaf.grad = _accumulate(leaf.grad, g, leaf.data)
    finally:
        if quiet is not None:
            quiet.__exit__(None, None, None)


def _undefined(node: Value, exc: Exception) -> DomainError:
    name = node.op.name if node.op else "?"
    return DomainError(f"the derivative of {name} is undefined here ({exc})")


def _pass_on(
    node: Value,
    g: Any,
    pending: dict[Value, Any],
    waiting: dict[int, Value],
    on_edge: EdgeHook | None,
    on_undefined: UndefinedHook | None = None,
) -> None:
    """Backward through one node in general (arrays, symbols, a hook), as ``backward`` does."""
    out = node.data
    g = _reduce(g, out)
    node.grad = _shared(node.grad, g, out)
    op: Op = node.op  # type: ignore[assignment]
    inputs = (node._a,) if node._b is None else (node._a, node._b)
    datas = [x if type(x) is float else x.data for x in inputs]  # type: ignore[union-attr]
    m = ARRAY if type(out) is np.ndarray else _namespace(out, *datas)
    for i, x in enumerate(inputs):
        if type(x) is not Value or x._stamp is None:
            continue  # a constant
        try:
            local = op.local[i](m, out, *datas)
        except (*_LOCAL_ERRORS, DomainError) as exc:
            error = exc if isinstance(exc, DomainError) else _undefined(node, exc)
            if on_undefined is None:
                raise error from None
            local = on_undefined(node, i, error)
        c = _product(g, local)
        if on_edge is not None:
            on_edge(node, i, g, local, c)
        if x in pending:
            pending[x] = pending[x] + c
        else:
            pending[x] = c
            if x.op is not None:
                waiting[x._stamp] = x


watch(_add_methods)


def _specialise_backward() -> None:
    """Run ``backward`` a few times now, so CPython 3.11 specialises its bytecode.

    3.11 specialises a function only after it has been called 8 times (3.12 does it
    at once), so a first ``backward`` through a big graph would run its whole loop
    unspecialised. It pays: it costs 8 µs at import, and the first backward through a
    100,000-node chain takes 0.26-0.41 s with it and 0.6-1.1 s without (measured on
    3.11.7, bench/README.md).
    """
    for _ in range(8):
        (Value(1.0) * 2.0).backward()


if sys.version_info < (3, 12):
    _specialise_backward()
