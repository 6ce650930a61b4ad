"""The settings of :func:`chainrule.derive` and their limits.

Apart from :mod:`chainrule.derivatives.derivation` so that ``chainrule derive --help`` shows
them without loading SymPy.
"""

#: Highest derivative order: each order derives the previous result again.
MAX_ORDER = 4
#: Points of the numeric proof; the issue asks for at least 50.
DEFAULT_POINTS = 100
MIN_POINTS, MAX_POINTS = 50, 10_000
#: |f'| below this fraction of its peak counts as saturated (flat).
DEFAULT_SATURATION = 0.1
#: Value of every variable other than the one differentiated by, for the numeric parts.
DEFAULT_AT = 1.0
