# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""The words of ``chainrule check``: verdicts, how they were reached, slips and remarks."""

from __future__ import annotations

EN: dict[str, str] = {
    "check.verdict.equivalent": "equivalent",
    "check.verdict.not equivalent": "not equivalent",
    "check.verdict.undecided": "undecided",
    "check.method.symbolic proof": "proven symbolically; numeric agreement at {points} points",
    "check.method.numeric agreement": "numeric agreement at {points} points "
    "(float64 to 1e-9, confirmed at {digits} digits)",
    "check.method.numeric difference": "the values differ at {x} = {where}, "
    "confirmed at {digits} digits",
    "check.method.no usable point": "too few points inside both domains to judge "
    "({points}); neither verdict is guessed",
    "check.mistakes": "Likely mistake(s):",
    "check.no_mistake": "No typical slip of a single step gives this answer.",
    "check.mistake": "step {step} ({rule}): {description}",
    "check.mistake.order": "derivative {order}, step {step} ({rule}): {description}",
    "check.slip.inner derivative dropped": "the inner derivative of {expression}, "
    "d/dx({inner}) = {derivative}, was dropped",
    "check.slip.sign lost": "a sign was lost in the derivative of {expression}",
    "check.slip.quotient rule terms swapped": "the two terms of the quotient rule's numerator "
    "for {expression} were swapped",
    "check.slip.power rule off by one": "the exponent in the derivative of {expression} is "
    "off by one",
    "check.slip.constant factor dropped": "the constant factor {factor} in the derivative of "
    "{expression} was dropped",
    "check.slip.product rule term missing": "one term of the product rule for {expression} "
    "is missing",
    "check.remark.domain": "equal wherever both are defined, but the answer is undefined at "
    "{count} of the sampled points where the derivative is defined (e.g. {x} = {where})",
    "check.remark.unsimplified": "equivalent but not simplified",
    "check.answer": "The answer: {expected}",
    "check.retry": "Run again with --show-answer to see the right answer.",
    "check.work.line": "line {line}: {text}",
    "check.work.first_wrong": "Line {line} is the first wrong line: {why}.",
    "check.work.not_previous": "it does not equal line {previous}",
    "check.work.not_derivative": "it does not equal the derivative",
    "check.work.all_right": "Every line equals the derivative.",
    "check.work.undecided": "line {line} could not be judged",
}

UK: dict[str, str] = {
    "check.verdict.equivalent": "еквівалентно",
    "check.verdict.not equivalent": "не еквівалентно",
    "check.verdict.undecided": "не визначено",
    "check.method.symbolic proof": "доведено символьно; числовий збіг у {points} точках",
    "check.method.numeric agreement": "числовий збіг у {points} точках "
    "(float64 до 1e-9, підтверджено з {digits} цифрами)",
    "check.method.numeric difference": "значення різняться при {x} = {where}, "
    "підтверджено з {digits} цифрами",
    "check.method.no usable point": "замало точок в обох областях визначення "
    "({points}); жоден вердикт не вгадується",
    "check.mistakes": "Ймовірна помилка (помилки):",
    "check.no_mistake": "Жодна типова помилка одного кроку не дає такої відповіді.",
    "check.mistake": "крок {step} ({rule}): {description}",
    "check.mistake.order": "похідна {order}, крок {step} ({rule}): {description}",
    "check.slip.inner derivative dropped": "пропущено похідну внутрішньої функції "
    "{expression}, d/dx({inner}) = {derivative}",
    "check.slip.sign lost": "втрачено знак у похідній {expression}",
    "check.slip.quotient rule terms swapped": "переставлено два доданки чисельника в правилі "
    "частки для {expression}",
    "check.slip.power rule off by one": "показник степеня в похідній {expression} "
    "відрізняється на одиницю",
    "check.slip.constant factor dropped": "пропущено сталий множник {factor} у похідній "
    "{expression}",
    "check.slip.product rule term missing": "бракує одного доданка правила добутку для "
    "{expression}",
    "check.remark.domain": "рівні скрізь, де обидва визначені, але відповідь не визначена в "
    "{count} точках вибірки, де похідна визначена (напр. {x} = {where})",
    "check.remark.unsimplified": "еквівалентно, але не спрощено",
    "check.answer": "Відповідь: {expected}",
    "check.retry": "Запустіть ще раз з --show-answer, щоб побачити правильну відповідь.",
    "check.work.line": "рядок {line}: {text}",
    "check.work.first_wrong": "Рядок {line} — перший хибний рядок: {why}.",
    "check.work.not_previous": "він не дорівнює рядку {previous}",
    "check.work.not_derivative": "він не дорівнює похідній",
    "check.work.all_right": "Кожен рядок дорівнює похідній.",
    "check.work.undecided": "рядок {line} не вдалося оцінити",
}
