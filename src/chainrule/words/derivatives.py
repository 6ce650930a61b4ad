# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""The words of a derivation (Task 1) of their own: its headings in ``chainrule derive``, the
algebra's moves from the rules' result to the function's own terms and how each was checked.
(The words it shares with the report's Task 1, ``task1.*``, ``prop.*``, ..., are in
:mod:`chainrule.words.report`.)"""

from __future__ import annotations

EN: dict[str, str] = {
    "derive.function": "Function",
    "derive.steps": "Steps",
    "derive.steps.of": "Steps for {derivative}",
    "derive.proof": "Proof",
    "derive.properties": "Properties (f and f')",
    "derive.slope_at": "at {x} = {where}, |f'| is {percent}% of its peak",
    "derive.slope_at.no_peak": "at {x} = {where}, |f'| has no finite peak to compare with",
    "domain.reals": "all real numbers",
    "domain.where": "x with {conditions}",
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
    "derive.function": "Функція",
    "derive.steps": "Кроки",
    "derive.steps.of": "Кроки для {derivative}",
    "derive.proof": "Доведення",
    "derive.properties": "Властивості (f і f')",
    "derive.slope_at": "при {x} = {where} |f'| становить {percent}% від найбільшого",
    "derive.slope_at.no_peak": "при {x} = {where} |f'| не має скінченного найбільшого "
    "значення для порівняння",
    "domain.reals": "усі дійсні числа",
    "domain.where": "x, для яких {conditions}",
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
