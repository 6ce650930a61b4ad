"""chainrule: computation graphs, derivatives and gradient descent, made visible and exact.

The engine (``Value``), the parser and the errors load with the package; the task
functions load on first use, so ``import chainrule`` stays quick::

    chainrule.trace("(2*a+b)*(c-d)", values={"a": 3, "b": 4, "c": 5, "d": 6})
    chainrule.derive("1/(1+exp(-x))")
    chainrule.train(lr=0.01, epochs=1000)
    chainrule.sweep(lrs=chainrule.lr_grid(start=1e-4, stop=0.05, num=1000), epochs=1000)
    chainrule.build_report(out="report")
"""

from importlib import import_module
from typing import Any

from chainrule.errors import (
    ChainruleError,
    DomainError,
    ExpressionTooLargeError,
    ParseError,
    UnknownVariableError,
)
from chainrule.expr import Expr, parse, to_sympy
from chainrule.value import Value

__version__ = "0.1.0"

# name -> module that defines it, imported when the name is first used
_LAZY = {
    "trace": "chainrule.trace",
    "derive": "chainrule.derive",
    "lab_data": "chainrule.data",
    "load_csv": "chainrule.data",
    "train": "chainrule.descent",
    "stability": "chainrule.stability",
    "sweep": "chainrule.sweep",
    "lr_grid": "chainrule.sweep",
    "run_experiments": "chainrule.experiments",
    "conclude": "chainrule.conclusion",
    "build_report": "chainrule.report",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'chainrule' has no attribute {name!r}")


__all__ = [
    "ChainruleError",
    "DomainError",
    "Expr",
    "ExpressionTooLargeError",
    "ParseError",
    "UnknownVariableError",
    "Value",
    "__version__",
    "parse",
    "to_sympy",
    *_LAZY,
]
