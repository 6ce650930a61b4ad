"""The exceptions chainrule raises; the CLI turns each into one line and exit code 2."""

from __future__ import annotations


class ChainruleError(Exception):
    """Base class of every error caused by the user's input."""


class ParseError(ChainruleError, ValueError):
    """An expression that is not well formed; ``position`` is a 0-based column."""

    def __init__(self, message: str, *, text: str, position: int) -> None:
        self.text = text
        self.position = position
        super().__init__(f"{message} at column {position + 1}")


class ExpressionTooLargeError(ChainruleError, ValueError):
    """An expression beyond the parser's length or nesting limit."""


class UnknownVariableError(ChainruleError, KeyError):
    """A variable with no value, or a value for a name the expression lacks."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class DomainError(ChainruleError, ArithmeticError):
    """An operation evaluated outside its domain (log of 0, division by zero, overflow)."""


class AmbiguousVariableError(UnknownVariableError):
    """An expression with several variables and no choice of which one to differentiate by."""


class NotDifferentiableError(ChainruleError, ArithmeticError):
    """A derivative that chainrule's op table cannot differentiate again (sign, Heaviside)."""


class DerivativeMismatchError(ChainruleError, ArithmeticError):
    """A symbolic derivative that disagrees with autodiff or finite differences."""


class UnsupportedFormatError(ChainruleError, ValueError):
    """An output file whose extension names no format chainrule writes."""


class OptionError(ChainruleError, ValueError):
    """An option outside the values it allows (an order of 0, a range with lo >= hi)."""


class DataError(ChainruleError, ValueError):
    """Data gradient descent cannot fit: a bad CSV file, bad generator settings, bad points."""


class ConfigError(ChainruleError, ValueError):
    """A setting out of range, or a malformed experiments or lab configuration file."""


class ReportError(ChainruleError):
    """A report that could not be built or written; the message names the part that failed."""


class OutputError(ChainruleError, OSError):
    """An output path chainrule will not write: empty, a special file, read-only, no folder."""


class ArgumentTypeError(ChainruleError, TypeError):
    """An argument of a type the call cannot take (a Value made of a string, parse(None))."""


class BudgetExceededError(ChainruleError):
    """A call that did not finish within its time or memory budget (see chainrule.budget)."""
