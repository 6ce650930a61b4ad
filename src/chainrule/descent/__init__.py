"""Task 2: a line fitted by full-batch gradient descent; stability, sweeps, conclusions."""
