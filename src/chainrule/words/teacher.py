# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""The words of teacher mode (hand-outs, answer sheets, feedback), in English and in Ukrainian."""

from __future__ import annotations

EN: dict[str, str] = {
    # the hand-out
    "teacher.handout.title": "Lab: derivatives, gradient descent and computation graphs",
    "teacher.handout.student": "Student: {name}",
    "teacher.handout.group": "Group: {group}",
    "teacher.handout.variant": "Variant: {variant}",
    "teacher.handout.task1": "Task 1. The derivative",
    "teacher.handout.task1.text": "Find the derivative f'(x) of f(x) = {function} step by step"
    " (chain rule), and write the result in the answer sheet as task1.derivative.",
    "teacher.handout.task2": "Task 2. Gradient descent",
    "teacher.handout.task2.data": "The data: {n} points (x, y) in the file {csv}"
    " (y = {slope}·x + {intercept} plus Gaussian noise of σ = {noise}, x from {x_min} to {x_max}).",
    "teacher.handout.task2.text": "Fit y = m·x + b by minimising the MSE with full-batch gradient"
    " descent from m = {m0}, b = {b0}, for {epochs} epochs at each learning rate: {rates}.",
    "teacher.handout.task2.items": "Give lr_max and lr_opt of the data; m, b and the final MSE of"
    " the run at lr = {first}; the status of each run (status_1 … status_{count}: converged,"
    " slow, oscillating, diverged or overflow; converged: the MSE within {tol} of its minimum,"
    " relative); and the best of these learning rates (best: the first to converge)."
    " Write numbers with at least 4 significant digits.",
    "teacher.handout.task3": "Task 3. The computation graph",
    "teacher.handout.task3.text": "Draw the graph of L = {expression} at {values}; compute L by"
    " a forward pass and every partial derivative dL/d(input) by a backward pass.",
    "teacher.handout.sheet": "Write your answers in {sheet} (one answer per item, between the"
    " quotes) and hand it in.",
    "teacher.sheet.header": "Answer sheet: {name}, variant {variant}. One answer per item,"
    " between the quotes.",
    "teacher.sheet.rate": "the run at lr = {lr}",
    # grading
    "teacher.outcome.equivalent": "right",
    "teacher.outcome.not equivalent": "wrong",
    "teacher.outcome.undecided": "undecided (the teacher will look at it)",
    "teacher.outcome.blank": "no answer",
    "teacher.outcome.unreadable": "could not be read",
    "teacher.feedback.title": "Feedback: {name}",
    "teacher.feedback.variant": "Variant {variant}, group {group}.",
    "teacher.feedback.total": "Points: {total} of {out_of}.",
    "teacher.feedback.reason": "Not graded: {reason}.",
    "teacher.feedback.no_slip": "no single typical slip gives this answer: check your work again",
    "teacher.reason.missing": "no answer sheet was handed in",
    "teacher.reason.several": "several answer sheets ({files}); hand in one",
    "teacher.reason.unreadable": "the answer sheet {file} could not be read ({error})",
    "teacher.note.type": "the answer must be text in quotes or a number",
    "teacher.note.long": "the answer is longer than {limit} characters",
    "teacher.note.one": "give one answer here, not a list",
    "teacher.note.slow": "the answer could not be judged within {seconds} s",
    "teacher.note.work": "your worked derivation could not be read: {error}",
    "teacher.note.first_wrong": "line {line} of your worked derivation is the first wrong one:"
    " {text}",
    "teacher.sheet.work": "optional: your steps for task1, one expression per line",
}

UK: dict[str, str] = {
    "teacher.handout.title": "Лабораторна: похідні, градієнтний спуск і обчислювальні графи",
    "teacher.handout.student": "Студент: {name}",
    "teacher.handout.group": "Група: {group}",
    "teacher.handout.variant": "Варіант: {variant}",
    "teacher.handout.task1": "Завдання 1. Похідна",
    "teacher.handout.task1.text": "Знайдіть похідну f'(x) функції f(x) = {function} крок за"
    " кроком (правило ланцюжка) і запишіть результат у бланк відповідей як task1.derivative.",
    "teacher.handout.task2": "Завдання 2. Градієнтний спуск",
    "teacher.handout.task2.data": "Дані: {n} точок (x, y) у файлі {csv}"
    " (y = {slope}·x + {intercept} плюс гауссів шум з σ = {noise}, x від {x_min} до {x_max}).",
    "teacher.handout.task2.text": "Підберіть y = m·x + b, мінімізуючи MSE повним градієнтним"
    " спуском від m = {m0}, b = {b0}, {epochs} епох для кожної швидкості навчання: {rates}.",
    "teacher.handout.task2.items": "Укажіть lr_max і lr_opt для даних; m, b і кінцеву MSE"
    " запуску з lr = {first}; статус кожного запуску (status_1 … status_{count}: converged,"
    " slow, oscillating, diverged або overflow; converged: MSE відрізняється від мінімуму"
    " не більше ніж на {tol}, відносно); і найкращу з цих швидкостей (best: та, що першою"
    " збігається). Пишіть числа щонайменше з 4 значущими цифрами.",
    "teacher.handout.task3": "Завдання 3. Обчислювальний граф",
    "teacher.handout.task3.text": "Побудуйте граф L = {expression} при {values}; обчисліть L"
    " прямим проходом і кожну частинну похідну dL/d(вхід) зворотним проходом.",
    "teacher.handout.sheet": "Запишіть відповіді у {sheet} (по одній відповіді на пункт, у"
    " лапках) і здайте його.",
    "teacher.sheet.header": "Бланк відповідей: {name}, варіант {variant}. По одній відповіді"
    " на пункт, у лапках.",
    "teacher.sheet.rate": "запуск з lr = {lr}",
    "teacher.outcome.equivalent": "правильно",
    "teacher.outcome.not equivalent": "неправильно",
    "teacher.outcome.undecided": "не вирішено (викладач перегляне)",
    "teacher.outcome.blank": "немає відповіді",
    "teacher.outcome.unreadable": "не вдалося прочитати",
    "teacher.feedback.title": "Відгук: {name}",
    "teacher.feedback.variant": "Варіант {variant}, група {group}.",
    "teacher.feedback.total": "Бали: {total} з {out_of}.",
    "teacher.feedback.reason": "Не оцінено: {reason}.",
    "teacher.feedback.no_slip": "жодна типова помилка не дає цієї відповіді: перевірте"
    " розв'язання ще раз",
    "teacher.reason.missing": "бланк відповідей не здано",
    "teacher.reason.several": "кілька бланків відповідей ({files}); здайте один",
    "teacher.reason.unreadable": "не вдалося прочитати бланк {file} ({error})",
    "teacher.note.type": "відповідь має бути текстом у лапках або числом",
    "teacher.note.long": "відповідь довша за {limit} символів",
    "teacher.note.one": "дайте тут одну відповідь, а не список",
    "teacher.note.slow": "відповідь не вдалося оцінити за {seconds} с",
    "teacher.note.work": "не вдалося прочитати ваше розв'язання: {error}",
    "teacher.note.first_wrong": "рядок {line} вашого розв'язання — перший неправильний: {text}",
    "teacher.sheet.work": "необов'язково: ваші кроки для task1, по одному виразу в рядку",
}
