# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""The playground page's words, in English and in Ukrainian.

The ``pg.verdict.*`` keys say what ``chainrule train`` says (``TrainResult.verdict``), so
the page and the command use the same words and numbers.
"""

from __future__ import annotations

EN: dict[str, str] = {
    "pg.title": "chainrule playground",
    "pg.intro": "Move the learning rate and watch gradient descent converge, zigzag or "
    "overflow; step through a computation graph; reveal a derivative step by step. Every "
    "number comes from chainrule {version}: the page only replays the epochs.",
    "pg.nav": "Parts of the page",
    "pg.nav.descent": "Gradient descent",
    "pg.nav.graph": "Computation graph",
    "pg.nav.derivative": "Derivative",
    # gradient descent
    "pg.gd.title": "Gradient descent: a line through {n} points",
    "pg.gd.lr": "learning rate",
    "pg.gd.epochs": "epochs",
    "pg.gd.m0": "start m",
    "pg.gd.b0": "start b",
    "pg.gd.lr_opt": "lr_opt = {value} (fastest)",
    "pg.gd.lr_max": "lr_max = {value} (diverges above)",
    "pg.gd.optimizer": "optimizer",
    "pg.gd.beta": "beta",
    "pg.gd.tuned": "Tuned momentum (Polyak, from lambda_min and lambda_max): lr = {lr}, "
    "beta = {beta}; the error is multiplied by {rate} per epoch (plain descent at best: "
    "{gd_rate}); {epochs} epochs to tol.",
    "pg.gd.tuned_set": "Use the tuned momentum",
    "pg.verdict.stepped": "{said} ({settings}, lr = {lr})",
    "pg.verdict.stepped.overflow": "overflow: MSE leaves float64 range at epoch {epoch}",
    "pg.verdict.stepped.diverged": "diverged: the loss is growing",
    "pg.verdict.stepped.oscillating": "oscillating: the parameters zigzag while the loss still "
    "falls",
    "pg.gd.presets": "The lab's runs:",
    "pg.gd.preset": "lr {lr}, {epochs} epochs",
    "pg.gd.play": "Play",
    "pg.gd.pause": "Pause",
    "pg.gd.step": "Step",
    "pg.gd.end": "To the end",
    "pg.gd.shown": "epoch {k} of {last}",
    "pg.gd.mse": "MSE per epoch (log scale)",
    "pg.gd.surface": "Path on the loss surface (drag, or focus and use the arrow keys, "
    "to move the start)",
    "pg.gd.fit": "The fitted line over the data",
    "pg.gd.status": "status",
    "pg.gd.optimum": "optimum",
    "pg.gd.distance": "distance",
    "pg.gd.distance.value": "{distance} in (m, b); MSE {excess} above its minimum",
    "pg.gd.last": "at epoch {epoch}",
    "pg.gd.last_finite": "(the last finite epoch)",
    "pg.gd.verdict": "verdict",
    "pg.status.converged": "converged",
    "pg.status.slow": "slow",
    "pg.status.oscillating": "oscillating",
    "pg.status.diverged": "diverged",
    "pg.status.overflow": "overflow at epoch {epoch}",
    "pg.verdict.overflow": "overflow: MSE leaves float64 range at epoch {epoch}; lr = {lr} is "
    "above lr_max = {lr_max}, so every epoch multiplies the error by {rate}",
    "pg.verdict.diverged": "diverged: the loss is growing; lr = {lr} is above lr_max = "
    "{lr_max}, so the error grows by a factor {rate} per epoch",
    "pg.verdict.converged": "converged: the MSE is within {tol} (relative) of its minimum from "
    "epoch {epoch} on",
    "pg.verdict.oscillating": "oscillating: the parameters zigzag across the valley (lr = {lr} "
    "is past half of lr_max = {lr_max}), while the loss still falls{more}",
    "pg.verdict.slow": "still descending: after {epochs} epochs the MSE is {excess} above its "
    "minimum{more}",
    "pg.verdict.more": "; about {needed} epochs reach tol {tol}",
    # graph
    "pg.graph.title": "Computation graph: {expression} at {values}",
    "pg.graph.forward": "Forward step",
    "pg.graph.backward": "Backward step",
    "pg.graph.reset": "Start over",
    "pg.graph.node": "node",
    "pg.graph.op": "op",
    "pg.graph.computes": "computes",
    "pg.graph.value": "value",
    "pg.graph.edge": "edge",
    "pg.graph.step": "upstream x local = contribution",
    "pg.graph.gradients": "Gradients (contributions summed per node)",
    "pg.graph.partial": "symbolic partial",
    "pg.graph.gradient": "gradient",
    "pg.graph.ready": "Press Forward step to compute the first node.",
    "pg.graph.forward_done": "Forward pass done: L = {value}. Now step backward.",
    "pg.graph.backward_done": "Backward pass done: every input has its gradient.",
    "pg.graph.picture": "The whole graph as a picture",
    # derivative
    "pg.derive.title": "A derivative, step by step",
    "pg.derive.next": "Next step",
    "pg.derive.all": "Show all",
    "pg.derive.hide": "Hide steps",
    "pg.derive.result": "Result",
    "pg.derive.count": "{shown} of {total} steps shown",
    "pg.derive.with": "with",
    "pg.derive.point": "point",
    "pg.derive.plot": "f (solid) and f' (dashed), with the tangent at the point",
    "pg.derive.undefined": "undefined",
}

UK: dict[str, str] = {
    "pg.title": "chainrule: пісочниця",
    "pg.intro": "Рухайте швидкість навчання й дивіться, як градієнтний спуск збігається, "
    "коливається або переповнюється; проходьте граф обчислень крок за кроком; розкривайте "
    "похідну крок за кроком. Кожне число обчислив chainrule {version}: сторінка лише повторює "
    "епохи.",
    "pg.nav": "Частини сторінки",
    "pg.nav.descent": "Градієнтний спуск",
    "pg.nav.graph": "Граф обчислень",
    "pg.nav.derivative": "Похідна",
    "pg.gd.title": "Градієнтний спуск: пряма через {n} точок",
    "pg.gd.lr": "швидкість навчання",
    "pg.gd.epochs": "епохи",
    "pg.gd.m0": "початкове m",
    "pg.gd.b0": "початкове b",
    "pg.gd.lr_opt": "lr_opt = {value} (найшвидша)",
    "pg.gd.lr_max": "lr_max = {value} (вище розбігається)",
    "pg.gd.optimizer": "оптимізатор",
    "pg.gd.beta": "бета",
    "pg.gd.tuned": "Налаштований імпульс (Поляк, з lambda_min і lambda_max): lr = {lr}, "
    "beta = {beta}; похибка множиться на {rate} за епоху (звичайний спуск щонайкраще: "
    "{gd_rate}); {epochs} епох до tol.",
    "pg.gd.tuned_set": "Взяти налаштований імпульс",
    "pg.verdict.stepped": "{said} (налаштування: {settings}, lr = {lr})",
    "pg.verdict.stepped.overflow": "переповнення: MSE виходить за межі float64 на епосі {epoch}",
    "pg.verdict.stepped.diverged": "розбігся: втрата зростає",
    "pg.verdict.stepped.oscillating": "коливання: параметри стрибають, а втрати ще спадають",
    "pg.gd.presets": "Запуски з лабораторної:",
    "pg.gd.preset": "lr {lr}, {epochs} епох",
    "pg.gd.play": "Грати",
    "pg.gd.pause": "Пауза",
    "pg.gd.step": "Крок",
    "pg.gd.end": "До кінця",
    "pg.gd.shown": "епоха {k} з {last}",
    "pg.gd.mse": "MSE за епохами (логарифмічна шкала)",
    "pg.gd.surface": "Шлях на поверхні втрат (перетягніть або виберіть і натискайте "
    "стрілки, щоб змінити початок)",
    "pg.gd.fit": "Знайдена пряма над даними",
    "pg.gd.status": "стан",
    "pg.gd.optimum": "оптимум",
    "pg.gd.distance": "відстань",
    "pg.gd.distance.value": "{distance} у (m, b); MSE на {excess} вище мінімуму",
    "pg.gd.last": "на епосі {epoch}",
    "pg.gd.last_finite": "(остання скінченна епоха)",
    "pg.gd.verdict": "висновок",
    "pg.status.converged": "збігся",
    "pg.status.slow": "повільно",
    "pg.status.oscillating": "коливається",
    "pg.status.diverged": "розбігся",
    "pg.status.overflow": "переповнення на епосі {epoch}",
    "pg.verdict.overflow": "переповнення: MSE виходить за межі float64 на епосі {epoch}; "
    "lr = {lr} більша за lr_max = {lr_max}, тож кожна епоха множить похибку на {rate}",
    "pg.verdict.diverged": "розбігся: втрата зростає; lr = {lr} більша за lr_max = {lr_max}, "
    "тож похибка зростає в {rate} раза за епоху",
    "pg.verdict.converged": "збігся: MSE у межах {tol} (відносно) від мінімуму, починаючи з "
    "епохи {epoch}",
    "pg.verdict.oscillating": "коливається: параметри стрибають через долину (lr = {lr} "
    "більша за половину lr_max = {lr_max}), хоча втрата ще спадає{more}",
    "pg.verdict.slow": "ще спускається: після {epochs} епох MSE на {excess} вище мінімуму{more}",
    "pg.verdict.more": "; приблизно {needed} епох досягають tol {tol}",
    "pg.graph.title": "Граф обчислень: {expression} при {values}",
    "pg.graph.forward": "Крок уперед",
    "pg.graph.backward": "Крок назад",
    "pg.graph.reset": "Спочатку",
    "pg.graph.node": "вузол",
    "pg.graph.op": "операція",
    "pg.graph.computes": "обчислює",
    "pg.graph.value": "значення",
    "pg.graph.edge": "ребро",
    "pg.graph.step": "вхідний градієнт x локальна похідна = внесок",
    "pg.graph.gradients": "Градієнти (внески, додані у кожному вузлі)",
    "pg.graph.partial": "символьна похідна",
    "pg.graph.gradient": "градієнт",
    "pg.graph.ready": "Натисніть «Крок уперед», щоб обчислити перший вузол.",
    "pg.graph.forward_done": "Прямий прохід завершено: L = {value}. Тепер кроки назад.",
    "pg.graph.backward_done": "Зворотний прохід завершено: кожен вхід має свій градієнт.",
    "pg.graph.picture": "Увесь граф як рисунок",
    "pg.derive.title": "Похідна крок за кроком",
    "pg.derive.next": "Наступний крок",
    "pg.derive.all": "Показати всі",
    "pg.derive.hide": "Сховати кроки",
    "pg.derive.result": "Результат",
    "pg.derive.count": "показано {shown} з {total} кроків",
    "pg.derive.with": "де",
    "pg.derive.point": "точка",
    "pg.derive.plot": "f (суцільна) і f' (пунктир), з дотичною в точці",
    "pg.derive.undefined": "не визначено",
}
