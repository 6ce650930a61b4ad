"""chainrule: computation graphs, derivatives and gradient descent, made visible and exact."""

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
]
