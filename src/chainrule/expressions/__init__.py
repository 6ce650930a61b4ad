"""Expressions: parsing text into a tree, printing it, and converting it to and from SymPy."""
