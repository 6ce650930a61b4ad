"""The version of chainrule, in one place below every part that prints it."""

__version__ = "0.1.0"
