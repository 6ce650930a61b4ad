# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""The words of the commands' text output (train, sweep, experiments, graph), EN and UK."""

from __future__ import annotations

EN: dict[str, str] = {
    # data and statuses, shared by train, sweep and experiments
    "cli.data": "data",
    "data.lab": "lab data: {n} points, y = {slope}*x + {intercept} + N(0, {noise}^2) noise,"
    " x evenly spaced from {x_min} to {x_max}, seed {seed}",
    "data.csv": "{path}: {n} points",
    "data.arrays": "{n} points",
    "cli.status.converged": "converged",
    "cli.status.slow": "slow",
    "cli.status.oscillating": "oscillating",
    "cli.status.diverged": "diverged",
    "cli.status.overflow": "overflow",
    "cli.overflow_at": "overflow at epoch {epoch}",
    "cli.col.epochs": "epochs",
    "cli.col.epoch": "epoch",
    "cli.col.final_mse": "final MSE",
    "cli.col.status": "status",
    "cli.col.to_tol": "epochs to tol",
    # train
    "cli.train.stability": "stability",
    "cli.train.stability.text": "lr_max = {lr_max} (= 2/lambda_max), lr_opt = {lr_opt}"
    " (= 2/(lambda_max + lambda_min)), condition number {condition}",
    "cli.train.run": "run",
    "cli.train.run.text": "lr = {lr}, {epochs} epochs from m = {m0}, b = {b0} (method {method})",
    "cli.train.runs.text": "{count} learning rates, {epochs} epochs each from m = {m0},"
    " b = {b0} (method {method})",
    "cli.train.overflow.text": "MSE leaves float64 range at epoch {epoch}",
    "cli.train.at_epoch": "at epoch {epoch}",
    "cli.train.last_finite": "MSE = {mse} (the last finite epoch)",
    "cli.train.optimum": "optimum",
    "cli.train.distance": "distance",
    "cli.train.distance.text": "{distance} in (m, b); MSE {excess} above its minimum",
    "cli.train.verdict": "verdict: {verdict}",
    "cli.train.verdicts": "Verdicts:",
    "cli.train.every": "MSE every {every} epochs:",
    "cli.train.every.col": "MSE at lr = {lr}",
    "cli.train.above": "lr = {lr} is above lr_max = {lr_max}; gradient descent diverges ({fate})",
    "cli.train.fate.overflow": "predicted overflow at epoch {epoch}",
    "cli.train.fate.grows": "the loss will grow",
    "cli.verdict.overflow": "overflow: MSE leaves float64 range at epoch {epoch}; lr = {lr} is"
    " above lr_max = {lr_max}, so every epoch multiplies the error by {rate}",
    "cli.verdict.diverged": "diverged: the loss is growing; lr = {lr} is above lr_max = {lr_max},"
    " so the error grows by a factor {rate} per epoch",
    "cli.verdict.converged": "converged: the MSE is within {tol} (relative) of its minimum from"
    " epoch {epoch} on",
    "cli.verdict.oscillating": "oscillating: the parameters zigzag across the valley (lr = {lr}"
    " is past half of lr_max = {lr_max}), while the loss still falls{more}",
    "cli.verdict.slow": "still descending: after {epochs} epochs the MSE is {excess} above its"
    " minimum{more}",
    "cli.verdict.more": "; about {epochs} epochs reach tol {tol}",
    # sweep
    "cli.sweep.grid": "grid",
    "cli.sweep.grid.text": "{count} learning rates from {low} to {high} ({spacing}) x epochs"
    " {epochs}",
    "cli.sweep.log": "log",
    "cli.sweep.linear": "linear",
    "cli.sweep.boundary": "boundary",
    "cli.sweep.boundary.none": "no run diverged; the predicted limit lr_max = {lr_max} is beyond"
    " the grid",
    "cli.sweep.boundary.all": "every run diverged; the predicted limit lr_max = {lr_max} is below"
    " the grid",
    "cli.sweep.boundary.between": "runs diverge between lr = {stable} and {unstable}; predicted"
    " lr_max = {lr_max} ({verdict})",
    "cli.sweep.as_predicted": "as predicted",
    "cli.sweep.not_predicted": "NOT where predicted",
    "cli.sweep.best": "Best runs (fewest epochs to an MSE within {tol} of its minimum):",
    "cli.sweep.mse_at": "MSE at {epochs}",
    "cli.sweep.status_at": "status at {epochs}",
    "cli.sweep.counts": "Runs by status:",
    # experiments
    "cli.experiments.title": "Experiments: {source}; {data}",
    "cli.experiments.lab": "the lab's table",
    "cli.experiments.exp": "exp",
    "cli.experiments.expected": "expected",
    "cli.experiments.reproduced": "Reproduced {done} of {checked} (relative error <= {rtol}).",
    "cli.experiments.yes": "yes",
    "cli.experiments.no": "NO",
    "cli.experiments.epoch": "epoch {epoch}",
    "cli.experiments.conclusion": "Conclusion:",
    # graph
    "cli.graph.forward": "Forward pass (inputs before the nodes that use them):",
    "cli.graph.backward": "Backward pass (each edge: upstream gradient x local derivative"
    " = contribution):",
    "cli.graph.gradients": "Gradients (contributions summed per node):",
    "cli.graph.node": "node",
    "cli.graph.op": "op",
    "cli.graph.inputs": "inputs",
    "cli.graph.computes": "computes",
    "cli.graph.value": "value",
    "cli.graph.edge": "edge",
    "cli.graph.upstream": "upstream",
    "cli.graph.local": "local",
    "cli.graph.contribution": "contribution",
    "cli.graph.input": "input",
    "cli.graph.gradient": "gradient",
    "cli.graph.partial": "symbolic partial",
    "cli.graph.op.input": "input",
    "cli.graph.op.const": "const",
    "cli.graph.undefined": "undefined",
    "cli.graph.skipped": "skipped",
    "cli.graph.undefined_here": "dL/d{name} is undefined here: {why}",
    "cli.graph.partials_skipped": "Symbolic partials skipped: {why}.",
}

UK: dict[str, str] = {
    "cli.data": "дані",
    "data.lab": "дані лабораторної: {n} точок, y = {slope}*x + {intercept} + шум N(0,"
    " {noise}^2), x рівномірно від {x_min} до {x_max}, seed {seed}",
    "data.csv": "{path}: точок {n}",
    "data.arrays": "точок: {n}",
    "cli.status.converged": "збігся",
    "cli.status.slow": "ще спускається",
    "cli.status.oscillating": "коливається",
    "cli.status.diverged": "розбігся",
    "cli.status.overflow": "переповнення",
    "cli.overflow_at": "переповнення на епосі {epoch}",
    "cli.col.epochs": "епох",
    "cli.col.epoch": "епоха",
    "cli.col.final_mse": "кінцева MSE",
    "cli.col.status": "стан",
    "cli.col.to_tol": "епох до допуску",
    "cli.train.stability": "стійкість",
    "cli.train.stability.text": "lr_max = {lr_max} (= 2/lambda_max), lr_opt = {lr_opt}"
    " (= 2/(lambda_max + lambda_min)), число обумовленості {condition}",
    "cli.train.run": "запуск",
    "cli.train.run.text": "lr = {lr}, епох: {epochs}, від m = {m0}, b = {b0} (метод {method})",
    "cli.train.runs.text": "швидкостей навчання: {count}, епох у кожного запуску: {epochs},"
    " від m = {m0}, b = {b0} (метод {method})",
    "cli.train.overflow.text": "MSE виходить за межі float64 на епосі {epoch}",
    "cli.train.at_epoch": "на епосі {epoch}",
    "cli.train.last_finite": "MSE = {mse} (остання скінченна епоха)",
    "cli.train.optimum": "оптимум",
    "cli.train.distance": "відстань",
    "cli.train.distance.text": "{distance} у (m, b); MSE на {excess} більша за мінімум",
    "cli.train.verdict": "висновок: {verdict}",
    "cli.train.verdicts": "Висновки:",
    "cli.train.every": "MSE кожні {every} епох:",
    "cli.train.every.col": "MSE при lr = {lr}",
    "cli.train.above": "lr = {lr} більша за lr_max = {lr_max}; градієнтний спуск розбігається"
    " ({fate})",
    "cli.train.fate.overflow": "передбачене переповнення на епосі {epoch}",
    "cli.train.fate.grows": "втрата зростатиме",
    "cli.verdict.overflow": "переповнення: MSE виходить за межі float64 на епосі {epoch};"
    " lr = {lr} більша за lr_max = {lr_max}, тож кожна епоха множить похибку на {rate}",
    "cli.verdict.diverged": "розбігся: втрата зростає; lr = {lr} більша за lr_max = {lr_max},"
    " тож похибка зростає в {rate} раза за епоху",
    "cli.verdict.converged": "збігся: MSE відрізняється від мінімуму не більше ніж на {tol}"
    " (відносно), починаючи з епохи {epoch}",
    "cli.verdict.oscillating": "коливається: параметри стрибають зигзагом через долину"
    " (lr = {lr} більша за половину lr_max = {lr_max}), хоча втрата ще спадає{more}",
    "cli.verdict.slow": "ще спускається: після {epochs} епох MSE на {excess} більша за"
    " мінімум{more}",
    "cli.verdict.more": "; допуску {tol} досягне приблизно за {epochs} епох",
    "cli.sweep.grid": "сітка",
    "cli.sweep.grid.text": "швидкостей навчання: {count}, від {low} до {high} ({spacing}) x"
    " епохи {epochs}",
    "cli.sweep.log": "логарифмічна шкала",
    "cli.sweep.linear": "лінійна шкала",
    "cli.sweep.boundary": "межа",
    "cli.sweep.boundary.none": "жоден запуск не розбігся; передбачена межа lr_max = {lr_max}"
    " лежить за сіткою",
    "cli.sweep.boundary.all": "усі запуски розбіглися; передбачена межа lr_max = {lr_max}"
    " лежить нижче сітки",
    "cli.sweep.boundary.between": "запуски розбігаються між lr = {stable} і {unstable};"
    " передбачено lr_max = {lr_max} ({verdict})",
    "cli.sweep.as_predicted": "як і передбачено",
    "cli.sweep.not_predicted": "НЕ там, де передбачено",
    "cli.sweep.best": "Найкращі запуски (найменше епох до MSE у межах {tol} від мінімуму):",
    "cli.sweep.mse_at": "MSE на епосі {epochs}",
    "cli.sweep.status_at": "стан на епосі {epochs}",
    "cli.sweep.counts": "Запуски за станом:",
    "cli.experiments.title": "Експерименти: {source}; {data}",
    "cli.experiments.lab": "таблиця лабораторної",
    "cli.experiments.exp": "експ.",
    "cli.experiments.expected": "очікуване",
    "cli.experiments.reproduced": "Відтворено {done} з {checked} (відносна похибка <= {rtol}).",
    "cli.experiments.yes": "так",
    "cli.experiments.no": "НІ",
    "cli.experiments.epoch": "епоха {epoch}",
    "cli.experiments.conclusion": "Висновок:",
    "cli.graph.forward": "Прямий прохід (входи перед вузлами, що їх використовують):",
    "cli.graph.backward": "Зворотний прохід (кожне ребро: градієнт згори x локальна похідна"
    " = внесок):",
    "cli.graph.gradients": "Градієнти (внески, додані по вузлах):",
    "cli.graph.node": "вузол",
    "cli.graph.op": "операція",
    "cli.graph.inputs": "входи",
    "cli.graph.computes": "обчислює",
    "cli.graph.value": "значення",
    "cli.graph.edge": "ребро",
    "cli.graph.upstream": "згори",
    "cli.graph.local": "локальна",
    "cli.graph.contribution": "внесок",
    "cli.graph.input": "вхід",
    "cli.graph.gradient": "градієнт",
    "cli.graph.partial": "символьна часткова похідна",
    "cli.graph.op.input": "вхід",
    "cli.graph.op.const": "стала",
    "cli.graph.undefined": "не визначено",
    "cli.graph.skipped": "пропущено",
    "cli.graph.undefined_here": "dL/d{name} тут не визначена: {why}",
    "cli.graph.partials_skipped": "Символьні часткові похідні пропущено: {why}.",
}
