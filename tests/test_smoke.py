"""The lab's Task 3 example end to end (more thorough tests live beside each module's)."""

import subprocess
import sys

from chainrule.graph.tracing import trace


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


def test_package_exposes_the_task_functions_lazily() -> None:
    import chainrule

    assert chainrule.derive("exp(x)").simplified == chainrule.to_sympy(chainrule.parse("exp(x)"))
    assert chainrule.train(lr=0.01, epochs=10).epochs == 10
    assert set(chainrule.__all__) >= {"trace", "derive", "train", "sweep", "build_report"}
    try:
        chainrule.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("unknown names must raise AttributeError")


def test_the_engine_loads_without_sympy() -> None:
    # SymPy's ~45,000 objects would sit in every full garbage collection of a program
    # that only builds graphs; the engine must not pull it in.
    code = (
        "import sys; from chainrule import Value; "
        "(Value(2.0) * 3).backward(); "
        "print(sorted(m for m in ('sympy', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_lazy_name_resolves_to_what_its_module_defines() -> None:
    import importlib

    import chainrule
    import chainrule.report

    for package in (chainrule, chainrule.report):
        for name, module in package._LAZY.items():
            assert getattr(package, name) is getattr(importlib.import_module(module), name)
        assert set(package._LAZY) <= set(package.__all__)
    assert {"Value", "__version__"} <= set(chainrule.__all__)


def test_help_and_training_leave_sympy_and_matplotlib_unloaded() -> None:
    # `chainrule --help` or a run without pictures must not wait for libraries it never uses.
    code = (
        "import sys, contextlib, io; from chainrule.cli import build_parser, main; "
        "build_parser().format_help(); "
        "out = io.StringIO(); cm = contextlib.redirect_stdout(out); cm.__enter__(); "
        "main(['train', '--epochs', '10']); cm.__exit__(None, None, None); "
        "print(sorted(m for m in ('sympy', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
