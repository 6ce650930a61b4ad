# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""The words of logistic regression (``train --model logistic``) and ``lr-range``."""

from __future__ import annotations

EN: dict[str, str] = {
    "logistic.data.two-class": "two-class set: {n} points ({class0} of class 0 from"
    " N(-{half}, 1), {class1} of class 1 from N(+{half}, 1)), seed {seed}",
    "logistic.data.csv": "{path}: {n} points ({class0} of class 0, {class1} of class 1)",
    "logistic.data.arrays": "{n} points ({class0} of class 0, {class1} of class 1)",
    "logistic.rates": "rates",
    "logistic.rates.text": "safe lr for gd (theory: 8/lambda_max(X^T X/n)) = {safe};"
    " limit at the optimum = {local}",
    "logistic.observed": "observed",
    "logistic.observed.between": "gd runs stop decreasing between lr = {stable} and {rising}"
    " ({count} rates, {epochs} epochs); the safe lr is {verdict}",
    "logistic.observed.none": "every gd run of the sweep kept decreasing up to lr = {top}",
    "logistic.observed.all": "every gd run of the sweep rose at some epoch, from lr = {low} on",
    "logistic.observed.skipped": "no sweep: more than {limit} points",
    "logistic.observed.safe": "below that, as promised",
    "logistic.observed.unsafe": "NOT below that: the theory is broken",
    "logistic.run": "run",
    "logistic.run.text": "lr = {lr}, {epochs} epochs, optimizer {optimizer},"
    " schedule {schedule}, start w = {w0}, c = {c0}",
    "logistic.runs.text": "{count} learning rates, {epochs} epochs, optimizer {optimizer},"
    " schedule {schedule}, start w = {w0}, c = {c0}",
    "logistic.loss": "log-loss",
    "logistic.accuracy": "accuracy",
    "logistic.accuracy.text": "{percent}% ({right} of {n} on their class's side)",
    "logistic.boundary": "boundary",
    "logistic.boundary.text": "p = 1/2 at x = -c/w = {x}",
    "logistic.boundary.none": "none (w = 0)",
    "logistic.optimum": "optimum",
    "logistic.optimum.text": "w = {w}, c = {c}, log-loss = {loss} (Newton's method, {steps} steps)",
    "logistic.optimum.none": "none: a threshold on x splits the classes, so the loss falls"
    " forever as |w| grows",
    "logistic.overflow": "left the float64 range at epoch {epoch}",
    "logistic.every": "log-loss every {every} epochs:",
    "logistic.every.col": "loss (lr {lr})",
    "logistic.figure.boundary": "Logistic regression: p = S(w*x + c)",
    "logistic.figure.class": "class {label}",
    "logistic.figure.curve": "S(w*x + c), lr {lr}",
    "logistic.figure.line": "boundary x = {x}",
    "logistic.figure.loss": "Log-loss per epoch",
    "logistic.figure.excess": "log-loss - minimum ({loss})",
    "range.heading": "learning-rate range test ({model}): {count} steps from lr = {low}"
    " up to {high}",
    "range.suggested": "suggested",
    "range.suggested.text": "lr = {lr} (steepest fall of the smoothed loss); {reference} = {ref},"
    " ratio {ratio}",
    "range.suggested.none": "none: the loss never fell",
    "range.blowup": "blow-up",
    "range.blowup.text": "at lr = {lr} the loss passed {times} times its smallest value",
    "range.blowup.none": "none up to lr = {lr}",
    "range.figure.title": "Learning-rate range test",
    "range.figure.loss": "loss",
    "range.figure.smoothed": "smoothed",
    "range.figure.suggested": "suggested {lr}",
    "range.figure.reference": "theory: {reference} = {lr}",
    # the report's Further section
    "further.logistic.title": "Logistic regression",
    "further.logistic.intro": "The same descent fits p = S(w*x + c) to {n} labelled points of"
    " the built-in two-class set by minimising the log-loss. Plain descent at lr = {lr} for"
    " {epochs} epochs ends at w = {w}, c = {c}, log-loss {loss}, and puts {percent}% of the points"
    " on their own class's side; Newton's method finds the optimum w = {best_w}, c = {best_c},"
    " log-loss {best_loss} in {steps} steps, and descent is within the tolerance of it from"
    " epoch {to_tol} on.",
    "further.logistic.gradient": "The gradient needs only Task 1's derivative of the sigmoid,"
    " S'(z) = S(z)(1 - S(z)): for one point the log-loss is -y log S(z) - (1 - y) log(1 - S(z)),"
    " and the chain rule cancels the S(1 - S) in the denominators, leaving dL/dz = S(z) - y;"
    " then dL/dw = (S(z) - y) x and dL/dc = S(z) - y.",
    "further.logistic.fig.boundary": "The two classes, the fitted S curve and its decision"
    " boundary x = -c/w",
    "further.logistic.fig.loss": "Log-loss above its minimum per epoch",
    "further.logistic.rates": "Since S' never exceeds 1/4, no Hessian of the log-loss exceeds"
    " X^T X/(4n), so every gd step below lr = {safe} lowers the loss from any start. A sweep of"
    " rates shows that this guarantee is cautious: the loss keeps falling up to lr = {stable} and"
    " first rises at lr = {rising}, {ratio} times the safe rate, near the limit 2/lambda_max of"
    " the Hessian at the optimum, {local}.",
    "further.logistic.range": "The learning-rate range test on the lab's line (one step per rate,"
    " the rate growing each step) suggests lr = {suggested}, against the theory's lr_opt ="
    " {lr_opt} (ratio {ratio}): {verdict}.",
    "further.logistic.range.below": "a quick probe that lands on the safe side of the theory",
    "further.logistic.range.above": "a quick probe that overshoots the theory's rate",
}

UK: dict[str, str] = {
    "logistic.data.two-class": "два класи: {n} точок ({class0} класу 0 з N(-{half}, 1),"
    " {class1} класу 1 з N(+{half}, 1)), зерно {seed}",
    "logistic.data.csv": "{path}: {n} точок ({class0} класу 0, {class1} класу 1)",
    "logistic.data.arrays": "{n} точок ({class0} класу 0, {class1} класу 1)",
    "logistic.rates": "кроки",
    "logistic.rates.text": "безпечний крок для gd (теорія: 8/lambda_max(X^T X/n)) = {safe};"
    " межа біля оптимуму = {local}",
    "logistic.observed": "виміряно",
    "logistic.observed.between": "втрата gd перестає спадати між lr = {stable} і {rising}"
    " ({count} кроків, {epochs} епох); безпечний крок {verdict}",
    "logistic.observed.none": "кожен запуск gd спадав аж до lr = {top}",
    "logistic.observed.all": "у кожному запуску gd втрата колись зростала, від lr = {low}",
    "logistic.observed.skipped": "без перебору: понад {limit} точок",
    "logistic.observed.safe": "нижче, як обіцяно",
    "logistic.observed.unsafe": "НЕ нижче: теорію порушено",
    "logistic.run": "запуск",
    "logistic.run.text": "lr = {lr}, епох {epochs}, оптимізатор {optimizer},"
    " розклад {schedule}, початок w = {w0}, c = {c0}",
    "logistic.runs.text": "кроків навчання {count}, епох {epochs}, оптимізатор {optimizer},"
    " розклад {schedule}, початок w = {w0}, c = {c0}",
    "logistic.loss": "лог-втрата",
    "logistic.accuracy": "точність",
    "logistic.accuracy.text": "{percent}% ({right} з {n} на боці свого класу)",
    "logistic.boundary": "межа",
    "logistic.boundary.text": "p = 1/2 при x = -c/w = {x}",
    "logistic.boundary.none": "немає (w = 0)",
    "logistic.optimum": "оптимум",
    "logistic.optimum.text": "w = {w}, c = {c}, лог-втрата = {loss} (метод Ньютона, кроків"
    " {steps})",
    "logistic.optimum.none": "немає: поріг по x розділяє класи, тож втрата спадає безкінечно"
    " з ростом |w|",
    "logistic.overflow": "вийшов за межі float64 на епосі {epoch}",
    "logistic.every": "лог-втрата кожні {every} епох:",
    "logistic.every.col": "втрата (lr {lr})",
    "logistic.figure.boundary": "Логістична регресія: p = S(w*x + c)",
    "logistic.figure.class": "клас {label}",
    "logistic.figure.curve": "S(w*x + c), крок lr = {lr}",
    "logistic.figure.line": "межа x = {x}",
    "logistic.figure.loss": "Лог-втрата за епохами",
    "logistic.figure.excess": "лог-втрата - мінімум ({loss})",
    "range.heading": "тест діапазону кроку ({model}): {count} кроків від lr = {low} до {high}",
    "range.suggested": "порада",
    "range.suggested.text": "lr = {lr} (найкрутіший спад згладженої втрати); {reference} = {ref},"
    " відношення {ratio}",
    "range.suggested.none": "немає: втрата не спадала",
    "range.blowup": "вибух",
    "range.blowup.text": "при lr = {lr} втрата перевищила найменшу в {times} рази",
    "range.blowup.none": "немає до lr = {lr}",
    "range.figure.title": "Тест діапазону кроку навчання",
    "range.figure.loss": "втрата",
    "range.figure.smoothed": "згладжена",
    "range.figure.suggested": "порада {lr}",
    "range.figure.reference": "теорія: {reference} = {lr}",
    # розділ «Далі» звіту
    "further.logistic.title": "Логістична регресія",
    "further.logistic.intro": "Той самий спуск наближає p = S(w*x + c) до {n} позначених точок"
    " вбудованого набору з двох класів, мінімізуючи лог-втрату. Простий спуск з lr = {lr} за"
    " {epochs} епох доходить до w = {w}, c = {c}, лог-втрата {loss}, і ставить {percent}% точок"
    " на бік свого класу; метод Ньютона знаходить оптимум w = {best_w}, c = {best_c},"
    " лог-втрата {best_loss} за {steps} кроків, а спуск тримається в межах допуску від нього"
    " з епохи {to_tol}.",
    "further.logistic.gradient": "Градієнт потребує лише похідної сигмоїди із Завдання 1,"
    " S'(z) = S(z)(1 - S(z)): для однієї точки лог-втрата -y log S(z) - (1 - y) log(1 - S(z)),"
    " і ланцюгове правило скорочує S(1 - S) у знаменниках, лишаючи dL/dz = S(z) - y;"
    " тоді dL/dw = (S(z) - y) x і dL/dc = S(z) - y.",
    "further.logistic.fig.boundary": "Два класи, підібрана крива S і її межа рішення x = -c/w",
    "further.logistic.fig.loss": "Лог-втрата понад мінімум за епохами",
    "further.logistic.rates": "Оскільки S' не перевищує 1/4, жоден гесіан лог-втрати не"
    " перевищує X^T X/(4n), тож кожен крок gd з lr нижче {safe} зменшує втрату з будь-якого"
    " початку. Перебір кроків показує, що ця гарантія обережна: втрата спадає аж до lr = {stable}"
    " і вперше зростає при lr = {rising}, у {ratio} раза більшому за безпечний крок, поблизу"
    " межі 2/lambda_max гесіана в оптимумі, {local}.",
    "further.logistic.range": "Тест діапазону кроку на прямій лабораторної (один крок на кожну"
    " швидкість, яка росте щокроку) радить lr = {suggested}, проти теоретичного lr_opt ="
    " {lr_opt} (відношення {ratio}): {verdict}.",
    "further.logistic.range.below": "швидка проба, що лишається з безпечного боку теорії",
    "further.logistic.range.above": "швидка проба, що перестрибує теоретичний крок",
}
