"""chainrule: computation graphs, derivatives and gradient descent, made visible and exact.

The task functions are here by name (the report loads on first use)::

    chainrule.trace("(2*a+b)*(c-d)", values={"a": 3, "b": 4, "c": 5, "d": 6})
    chainrule.derive("1/(1+exp(-x))")
    chainrule.train(lr=0.01, epochs=1000)
    chainrule.sweep(lrs=chainrule.lr_grid(start=1e-4, stop=0.05, num=1000), epochs=1000)
    chainrule.build_report(out="report")
"""

from typing import Any

from chainrule.conclusion import conclude
from chainrule.data import lab_data, load_csv
from chainrule.derive import derive
from chainrule.descent import train
from chainrule.errors import (
    ChainruleError,
    DomainError,
    ExpressionTooLargeError,
    ParseError,
    UnknownVariableError,
)
from chainrule.experiments import run_experiments
from chainrule.expr import Expr, parse, to_sympy
from chainrule.sweep import lr_grid, sweep
from chainrule.trace import trace
from chainrule.value import Value

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The report pulls in matplotlib and the Markdown/MathML stack: load it on first use.
    if name == "build_report":
        from chainrule.report import build_report

        return build_report
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
    "build_report",
    "conclude",
    "derive",
    "lab_data",
    "load_csv",
    "lr_grid",
    "parse",
    "run_experiments",
    "sweep",
    "to_sympy",
    "trace",
    "train",
]
