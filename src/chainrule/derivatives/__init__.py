"""Task 1: derivatives step by step, proven three ways, the function described and drawn."""
