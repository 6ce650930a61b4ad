"""The engine: the one op table, its SymPy side, and :class:`Value`, the autodiff node."""
