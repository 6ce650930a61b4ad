"""The lab's Task 3 example end to end (more thorough tests live beside each module's)."""

from chainrule.trace import trace


def test_lab_example_values_and_gradients() -> None:
    result = trace("(2*a+b)*(c-d)", values={"a": 3, "b": 4, "c": 5, "d": 6})
    assert result.value == -10.0
    assert result.gradients == {"a": -2.0, "b": -1.0, "c": 10.0, "d": -10.0}
    assert {k: str(v) for k, v in result.partials.items()} == {
        "a": "2*(c - d)",
        "b": "c - d",
        "c": "2*a + b",
        "d": "-(2*a + b)",
    }
