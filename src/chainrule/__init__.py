"""chainrule: computation graphs, derivatives and gradient descent, made visible and exact.

The task functions are here by name::

    chainrule.trace("(2*a+b)*(c-d)", values={"a": 3, "b": 4, "c": 5, "d": 6})
    chainrule.derive("1/(1+exp(-x))")
    chainrule.train(lr=0.01, epochs=1000)
    chainrule.sweep(lrs=chainrule.lr_grid(start=1e-4, stop=0.05, num=1000), epochs=1000)
    chainrule.build_report(out="report")

Only the engine (``Value``) and the exceptions load with the package; each task
function loads its module, and with it SymPy or matplotlib, on first use. So
``from chainrule import Value`` costs NumPy and nothing more, and a program
building big graphs does not have SymPy's objects in every garbage collection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chainrule.engine.value import Value
from chainrule.errors import (
    AmbiguousVariableError,
    ArgumentTypeError,
    BudgetExceededError,
    ChainruleError,
    ConfigError,
    DataError,
    DerivativeMismatchError,
    DomainError,
    ExpressionTooLargeError,
    NotDifferentiableError,
    OptionError,
    OutputError,
    ParseError,
    ReportError,
    UnknownVariableError,
    UnsupportedFormatError,
)
from chainrule.lazy_exports import lazy_getattr

if TYPE_CHECKING:
    from chainrule.check.derivative import check_derivative, check_work
    from chainrule.check.trace_answers import TraceCheck, check_trace
    from chainrule.check.training_answers import TrainingCheck, check_training
    from chainrule.derivatives.derivation import derive
    from chainrule.descent.conclusion import conclude
    from chainrule.descent.data import lab_data, load_csv
    from chainrule.descent.experiments import run_experiments
    from chainrule.descent.logistic import train_logistic
    from chainrule.descent.logistic_data import two_class_data
    from chainrule.descent.lr_range import lr_range_test
    from chainrule.descent.sweep import lr_grid, sweep
    from chainrule.descent.training import train
    from chainrule.expressions.expr import Expr, parse, to_sympy
    from chainrule.graph.tracing import trace
    from chainrule.report import build_report

from chainrule.version import __version__

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "check_derivative": "chainrule.check.derivative",
    "check_work": "chainrule.check.derivative",
    "check_trace": "chainrule.check.trace_answers",
    "TraceCheck": "chainrule.check.trace_answers",
    "check_training": "chainrule.check.training_answers",
    "TrainingCheck": "chainrule.check.training_answers",
    "conclude": "chainrule.descent.conclusion",
    "lab_data": "chainrule.descent.data",
    "load_csv": "chainrule.descent.data",
    "derive": "chainrule.derivatives.derivation",
    "train": "chainrule.descent.training",
    "run_experiments": "chainrule.descent.experiments",
    "train_logistic": "chainrule.descent.logistic",
    "two_class_data": "chainrule.descent.logistic_data",
    "lr_range_test": "chainrule.descent.lr_range",
    "Expr": "chainrule.expressions.expr",
    "parse": "chainrule.expressions.expr",
    "to_sympy": "chainrule.expressions.expr",
    "build_report": "chainrule.report",
    "lr_grid": "chainrule.descent.sweep",
    "sweep": "chainrule.descent.sweep",
    "trace": "chainrule.graph.tracing",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "AmbiguousVariableError",
    "ArgumentTypeError",
    "BudgetExceededError",
    "ChainruleError",
    "ConfigError",
    "DataError",
    "DerivativeMismatchError",
    "DomainError",
    "Expr",
    "ExpressionTooLargeError",
    "NotDifferentiableError",
    "OptionError",
    "OutputError",
    "ParseError",
    "ReportError",
    "TraceCheck",
    "TrainingCheck",
    "UnknownVariableError",
    "UnsupportedFormatError",
    "Value",
    "__version__",
    "build_report",
    "check_derivative",
    "check_trace",
    "check_training",
    "check_work",
    "conclude",
    "derive",
    "lab_data",
    "load_csv",
    "lr_grid",
    "lr_range_test",
    "parse",
    "run_experiments",
    "sweep",
    "to_sympy",
    "trace",
    "train",
    "train_logistic",
    "two_class_data",
]
