"""Teacher mode: a fair variant of the lab for every student, hand-outs, answer keys, grading."""

from chainrule.teacher.grading import Grades, grade, read_key
from chainrule.teacher.roster import Student, read_roster
from chainrule.teacher.template import Template, load_template
from chainrule.teacher.variants import ClassVariants, make_variants

__all__ = [
    "ClassVariants",
    "Grades",
    "Student",
    "Template",
    "grade",
    "load_template",
    "make_variants",
    "read_key",
    "read_roster",
]
