# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""Every word of prose and every label in the report, in English and in Ukrainian.

Sections never write prose of their own: they ask :class:`Text` for a string by key
and fill in computed numbers. The two tables have the same keys and the same
placeholders (a test checks it), so a report reads whole in either language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EN: dict[str, str] = {
    # the frame
    "title": "Lab report: computation graph, derivative, gradient, learning rate, gradient descent",
    "intro": "Built by chainrule {version}. Every number, table and figure below is computed "
    "from the configuration in this header; none is copied from the lab. To rebuild the "
    "report, save the configuration as {file} and run {command}.",
    "header.title": "Configuration",
    "header.parameter": "parameter",
    "header.value": "value",
    "header.versions": "Software versions: {versions}.",
    "header.toml": "The configuration as a file:",
    "header.task3": "Task 3 expression and values",
    # Task 3
    "task3.title": "Task 3. One forward and one backward pass through a computation graph",
    "task3.intro": "The expression {expression} is evaluated at {values}. The forward pass "
    "computes each node's value from its inputs; the backward pass sends gradients from the "
    "output back to every input by the chain rule.",
    "task3.graph": "The graph",
    "task3.graph.alt": "The computation graph: each node with its value and gradient",
    "task3.forward": "Forward pass",
    "task3.forward.text": "Inputs come before the nodes that use them.",
    "task3.forward.result": "The result: {result}.",
    "task3.backward": "Backward pass",
    "task3.backward.text": "The output's gradient is 1. Each step multiplies the upstream "
    "gradient by the local derivative of the node with respect to one of its inputs; "
    "contributions that reach the same node are added.",
    "task3.gradients": "Partial derivatives",
    "task3.gradients.text": "Each partial derivative symbolically (from the same backward pass "
    "run on symbols, checked against SymPy) and numerically: the symbolic one evaluated at the "
    "values, and the backward pass's gradient.",
    "task3.agree": "The symbolic values and the backward pass agree for every input: the "
    "largest difference is {difference}.",
    "task3.disagree": "The symbolic value and the backward pass differ for {names}.",
    "col.node": "node",
    "col.operation": "operation",
    "col.inputs": "inputs",
    "col.computes": "computes",
    "col.value": "value",
    "col.step": "step",
    "col.rule": "rule",
    "col.upstream": "upstream",
    "col.local": "local derivative",
    "col.contribution": "contribution",
    "col.input": "input",
    "col.symbolic": "symbolic",
    "col.symbolic_value": "symbolic, evaluated",
    "col.backward": "backward pass",
    "op.input": "input",
    "op.const": "constant",
    "and": "and",
}

UK: dict[str, str] = {
    "title": "Звіт з лабораторної роботи: граф обчислень, похідна, градієнт, швидкість "
    "навчання, градієнтний спуск",
    "intro": "Створено програмою chainrule {version}. Усі числа, таблиці й рисунки нижче "
    "обчислено з конфігурації в цьому заголовку, жодне не скопійовано з лабораторної. Щоб "
    "відтворити звіт, збережіть конфігурацію у файл {file} і виконайте {command}.",
    "header.title": "Конфігурація",
    "header.parameter": "параметр",
    "header.value": "значення",
    "header.versions": "Версії програм: {versions}.",
    "header.toml": "Конфігурація у вигляді файлу:",
    "header.task3": "Вираз і значення завдання 3",
    "task3.title": "Завдання 3. Один прямий і один зворотний прохід графом обчислень",
    "task3.intro": "Вираз {expression} обчислюємо при {values}. Прямий прохід обчислює "
    "значення кожного вузла з його входів; зворотний передає градієнти від виходу до кожного "
    "входу за ланцюговим правилом.",
    "task3.graph": "Граф",
    "task3.graph.alt": "Граф обчислень: кожен вузол зі своїм значенням і градієнтом",
    "task3.forward": "Прямий прохід",
    "task3.forward.text": "Входи стоять перед вузлами, які їх використовують.",
    "task3.forward.result": "Результат: {result}.",
    "task3.backward": "Зворотний прохід",
    "task3.backward.text": "Градієнт виходу дорівнює 1. Кожен крок множить градієнт, що "
    "надійшов згори, на локальну похідну вузла за одним з його входів; внески, що надходять "
    "до одного вузла, додаються.",
    "task3.gradients": "Частинні похідні",
    "task3.gradients.text": "Кожна частинна похідна символьно (з того самого зворотного "
    "проходу, виконаного на символах, і звірена з SymPy) та чисельно: символьна, обчислена при "
    "заданих значеннях, і градієнт зворотного проходу.",
    "task3.agree": "Символьні значення і зворотний прохід збігаються для кожного входу: "
    "найбільша різниця становить {difference}.",
    "task3.disagree": "Символьне значення і зворотний прохід розходяться для {names}.",
    "col.node": "вузол",
    "col.operation": "операція",
    "col.inputs": "входи",
    "col.computes": "обчислює",
    "col.value": "значення",
    "col.step": "крок",
    "col.rule": "правило",
    "col.upstream": "градієнт згори",
    "col.local": "локальна похідна",
    "col.contribution": "внесок",
    "col.input": "вхід",
    "col.symbolic": "символьно",
    "col.symbolic_value": "символьно, обчислено",
    "col.backward": "зворотний прохід",
    "op.input": "вхід",
    "op.const": "стала",
    "and": "і",
}

#: Names of the differentiation rules (as ``ops.OPS`` and the derivation cite them).
RULES_UK: dict[str, str] = {
    "sum rule": "правило суми",
    "difference rule": "правило різниці",
    "product rule": "правило добутку",
    "quotient rule": "правило частки",
    "constant multiple rule": "правило сталого множника",
    "power rule": "правило степеня",
    "exponential rule": "похідна експоненти",
    "logarithm rule": "похідна логарифма",
    "square root rule": "похідна квадратного кореня",
    "sine rule": "похідна синуса",
    "cosine rule": "похідна косинуса",
    "tangent rule": "похідна тангенса",
    "tanh rule": "похідна гіперболічного тангенса",
    "sigmoid rule": "похідна сигмоїди",
    "ReLU rule": "похідна ReLU",
    "absolute value rule": "похідна модуля",
    "chain rule": "ланцюгове правило",
}

TABLES = {"en": EN, "uk": UK}
LANGUAGES = tuple(TABLES)


@dataclass(frozen=True)
class Text:
    """The strings of one language: ``text("task3.title")``, ``text("intro", version=...)``."""

    lang: str = "en"

    def __post_init__(self) -> None:
        if self.lang not in TABLES:
            raise ValueError(f"unknown language {self.lang!r} (known: {', '.join(LANGUAGES)})")

    def __call__(self, key: str, **values: Any) -> str:
        return TABLES[self.lang][key].format(**values)

    def rule(self, name: str) -> str:
        """A differentiation rule's name in this language."""
        return RULES_UK[name] if self.lang == "uk" else name

    def join(self, items: list[str]) -> str:
        """``a, b and c`` in this language."""
        if len(items) < 2:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self('and')} " + items[-1]
