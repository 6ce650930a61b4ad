# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""The words of a derivation's algebra (Task 1): the moves from the rules' result to the
function's own terms, and how each was checked."""

from __future__ import annotations

EN: dict[str, str] = {
    "algebra.title": "Simplification",
    "algebra.text": "From the result of the rules to the function's own terms, one move at a "
    "time; both sides of every move, and every identity recognised, are proven equal.",
    "algebra.common": "over one fraction",
    "algebra.split": "split the fraction",
    "algebra.divide": "divide the numerator and the denominator by {factor}",
    "algebra.factor": "take out the common factor {factor}",
    "algebra.recognise": "recognise {identity}",
    "algebra.proof.symbolic": "proven symbolically",
    "algebra.proof.numeric": "equal at {points} points at high precision",
    "algebra.definition": "Derived from the definitions: {functions} written through exp "
    "before differentiating, so the steps cite only the rules of exp and arithmetic.",
}

UK: dict[str, str] = {
    "algebra.title": "Спрощення",
    "algebra.text": "Від результату правил до запису через саму функцію, по одному кроку; "
    "обидві частини кожного кроку й кожна впізнана тотожність доведено рівними.",
    "algebra.common": "зводимо до одного дробу",
    "algebra.split": "розкладаємо дріб",
    "algebra.divide": "ділимо чисельник і знаменник на {factor}",
    "algebra.factor": "виносимо спільний множник {factor}",
    "algebra.recognise": "впізнаємо {identity}",
    "algebra.proof.symbolic": "доведено символьно",
    "algebra.proof.numeric": "збігається в {points} точках із високою точністю",
    "algebra.definition": "Виведено з означень: {functions} записано через exp перед "
    "диференціюванням, тож кроки посилаються лише на правила для exp і арифметики.",
}
