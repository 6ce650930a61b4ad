"""Task 3: a computation graph's forward and backward passes, every step kept, and its picture."""
