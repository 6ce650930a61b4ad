"""Checking a learner's own work: a derivative, a worked derivation, Task 2 and Task 3 answers."""
