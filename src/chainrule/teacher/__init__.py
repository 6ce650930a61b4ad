"""Teacher mode: a fair variant of the lab for every student, hand-outs, answer keys, grading."""
