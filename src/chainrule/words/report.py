# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""The report's words, in English and in Ukrainian, and the rules' names in Ukrainian."""

from __future__ import annotations

EN: dict[str, str] = {
    # the frame
    "title": "Lab report: computation graph, derivative, gradient, learning rate, gradient descent",
    "intro": "Built by chainrule {version}. Every number, table and figure below is computed "
    "from the configuration in the appendix; none is copied from the lab. To rebuild the "
    "report, save the configuration as {file} and run {command}.",
    "playground.link": "To move the learning rate, step the graph and reveal the steps yourself, "
    "open {page} beside this report: one page that works offline.",
    "header.title": "Appendix. Configuration",
    # the top: who hands the report in (report-print)
    "student.name": "student",
    "student.group": "group",
    "student.variant": "variant",
    "header.parameter": "parameter",
    "header.value": "value",
    "header.versions": "Software versions: {versions}.",
    "header.toml": "The configuration as a file:",
    "header.task1": "Task 1 function and variable",
    "header.seed": "seed of the data's noise",
    "header.data": "Task 2 data",
    "header.recipe": "{n} points, $x$ from {x_min} to {x_max}, {line}",
    "header.start": "start of every run",
    "header.experiments": "experiments (name: learning rate, epochs)",
    "header.sweep": "learning-rate sweep",
    "header.sweep_grid": "{num} learning rates; epoch counts {epochs}",
    "header.task3": "Task 3 expression and values",
    # Task 3
    "task3.title": "Task 3. One forward and one backward pass through a computation graph",
    "task3.intro": "The expression {expression} is evaluated at {values}. The forward pass "
    "computes each node's value from its inputs; the backward pass sends gradients from the "
    "output back to every input by the chain rule.",
    "task3.graph": "The graph",
    "task3.graph.alt": "The computation graph: each node with its value and gradient",
    "graph.value": "value",
    "graph.grad": "grad",
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
    # Task 1
    "task1.title": "Task 1. The analytical derivative, step by step",
    "task1.intro": "The function {function} is derived by the rules of differentiation, one "
    "step per operation of its expression; the result is then checked three ways, and the "
    "function's properties are computed from it.",
    "task1.steps": "Derivation",
    "task1.steps.text": "Each step names its rule; a chain-rule step introduces an inner "
    "function and its substeps derive the outer and the inner part.",
    "task1.with": "with {inner}",
    "task1.result": "Result",
    "task1.constant": "The function does not depend on {variable}, so its derivative is 0.",
    "task1.own_terms": "The simplified form is written through the function itself, {function}.",
    "task1.lab_form": "With the lab's name S for the sigmoid: {result}.",
    "task1.sympy_form": "SymPy's simplification alone gives {form}.",
    "task1.check": "Three-way check",
    "task1.check.text": "The result against SymPy's own derivative, against chainrule's "
    "automatic differentiation of the same expression, and against central finite "
    "differences:",
    "task1.check.proved": "Outcome: **proved**.",
    "task1.check.undecided": "Outcome: **undecided**. SymPy could not prove the result equal "
    "to its own derivative, and no point could be judged numerically: the result is not "
    "shown wrong, but it is not confirmed either.",
    "task1.check.proven": "equal, proven symbolically",
    "task1.check.numeric": "equal at {points} points at {digits} digits (SymPy could not "
    "prove it symbolically)",
    "task1.check.sympy_undecided": "undecided (SymPy could not prove it symbolically, and no "
    "point could be compared)",
    "task1.check.autodiff": "automatic differentiation",
    "task1.check.finite": "finite differences",
    "task1.check.errors": "largest absolute error {abs}, largest relative error {rel}",
    "task1.check.no_errors": "no point judged in float64",
    "task1.check.points": "Numeric agreement at {points} of {total} points of {range}.",
    "task1.check.precise": "At {count} of them a float64 check disagreed or could not "
    "evaluate, so the point was decided at {digits} digits (the result by SymPy's evalf "
    "against mpmath's differentiation of the function itself): they agree.",
    "task1.check.skipped": "Points not judged: {reasons}.",
    "task1.check.tolerances": "Tolerances, relative to max(1, |f'|): automatic "
    "differentiation {autodiff}; finite differences {finite} plus {factor} times their own "
    "uncertainty; at {digits} digits, {precise}.",
    "task1.skip.domain": "{count} outside the domain",
    "task1.skip.special": "{count} next to a special point",
    "task1.skip.edge": "{count} where finite differences would leave the domain",
    "task1.skip.noisy": "{count} where finite differences are too noisy to judge",
    "task1.skip.overflow": "{count} beyond the float64 range",
    "task1.skip.precise": "{count} not decided at high precision",
    "task1.skip.limit": "{count} in doubt beyond the {limit} points decided at high precision",
    "task1.check.at": "The other variables are held at {values}.",
    "col.check": "check",
    "col.result": "result",
    "task1.properties": "Properties",
    "prop.domain": "domain: {domain}",
    "prop.limits": "limits: {limits}",
    "prop.no_limit": "{limit} does not exist or is unknown",
    "prop.asymptotes": "horizontal asymptotes: {asymptotes}",
    "none": "none",
    "prop.monotonicity": "monotonicity: {trend}",
    "trend.increasing.everywhere": "increasing on its whole domain ({sign})",
    "trend.decreasing.everywhere": "decreasing on its whole domain ({sign})",
    "trend.constant.everywhere": "constant ({sign})",
    "trend.increasing.on": "increasing on {interval}",
    "trend.decreasing.on": "decreasing on {interval}",
    "trend.constant.on": "constant on {interval}",
    "trend.stationary": "(the derivative is 0 at {points})",
    "trend.increasing.pieces": "increasing on each piece of the range",
    "trend.decreasing.pieces": "decreasing on each piece of the range",
    "trend.constant.pieces": "constant on each piece of the range",
    "trend.zeros.exact": "the derivative is 0 at exactly {count} points of the range",
    "trend.zeros.at_least": "the derivative changes sign at least {count} times on the range",
    "how.exact": "(exact)",
    "how.sampled": "(sampled at {points} points on {range})",
    "how.high-precision": "(sampled at {points} points on {range}, at high precision "
    "where float64 underflows or overflows)",
    "peak.beyond": "beyond float64: the slope exceeds 1.8e308 from {start} on",
    "peak.growing": "not claimed: the slope keeps growing towards {points} as far as "
    "sampling shows (no limit proven)",
    "prop.linear": "shape: linear (the derivative is constant)",
    "prop.nonlinear": "shape: nonlinear (the derivative is not constant)",
    "prop.peak": "steepest slope: {peak}",
    "peak.unbounded": "unbounded: the slope grows without bound near {points}",
    "peak.unknown": "unknown (no finite values on the range)",
    "peak.everywhere": "{value} everywhere",
    "peak.at": "{value} at {where}",
    "peak.edge": "(an end of the range: the slope keeps growing beyond it)",
    "prop.saturation": "saturation (the slope below {percent}% of its peak): {region}",
    "sat.no_peak": "none (the slope has no peak inside the range)",
    "sat.none": "none on the range",
    "sat.whole": "the whole range",
    "prop.special": "special points: {points}",
    "prop.no_special": "special points: none (differentiable on the whole range)",
    "lab.smooth": "continuous and differentiable",
    "lab.increasing": "monotonically increasing",
    "lab.asymptotes": "bounded by the asymptotes y = 0 and y = 1",
    "task1.lab.confirms": "The lab calls S {claims}: the computed properties confirm it.",
    "task1.lab.refutes": "The computed properties do not confirm that it is {claims}.",
    "task1.lab.flat": "The lab says S presses itself to the axes for x > {beyond} and "
    "x < -{beyond}; that is loose: at |x| = {beyond} the slope is still {percent}% of its peak, "
    "and it falls below {saturation}% of the peak only for |x| > {boundary}.",
    "task1.plot": "The function and its derivative",
    "task1.plot.alt": "The function and its derivative, with asymptotes and the saturation region",
    # Task 2
    "task2.title": "Task 2. Gradient descent: learning rate and epochs",
    "task2.intro": "A line $y = m x + b$ is fitted to the data by full-batch gradient descent "
    "on the mean squared error, every run starting from $m = {m0}$, $b = {b0}$. Each epoch "
    "moves both parameters against the gradient, scaled by the learning rate:",
    "task2.data": "The data",
    "task2.recipe": "{n} points: $x$ evenly spaced from {x_min} to {x_max}, {line}, the noise "
    "drawn by NumPy's legacy generator with seed {seed}. The least-squares line through them is "
    "{best} with MSE {mse}: the lowest any run can reach.",
    "task2.data.alt": "The data points",
    "task2.experiments": "The experiments",
    "task2.experiments.text": "Each experiment of the lab's table, run again: the final "
    "parameters, the final MSE, and what became of the run.",
    "task2.lab.text": "The lab's own numbers beside chainrule's (the difference is relative):",
    "task2.lab.summary": "{done} of {checked} experiments reproduce the lab's numbers to a "
    "relative difference of {rtol}.",
    "task2.lab.failed": "Not reproduced: {names}.",
    "task2.lab.none": "This configuration gives none of the lab's numbers to compare with.",
    "task2.mse": "MSE during training",
    "task2.mse.text": "The MSE after each epoch, on a logarithmic scale: each experiment alone, "
    "then all together. The dotted line is the least-squares minimum; a run that overflowed "
    "ends with a cross.",
    "task2.mse_each.alt": "The MSE of each experiment by epoch",
    "task2.mse_all.alt": "The MSE of all experiments by epoch",
    "task2.fits": "Fitted lines",
    "task2.fits.alt": "The data and each experiment's final line",
    "task2.surface": "The loss surface and the paths of descent",
    "task2.surface.alt": "Contours of the MSE over m and b, with each run's path",
    "task2.stability": "Stability: which learning rates converge",
    "task2.stability.text": "The MSE of a line is a quadratic whose curvature (the Hessian) is "
    "the same everywhere; its eigenvalues decide everything before any run is made.",
    "task2.stability.runs": "What the analysis predicts for each experiment, beside what the run "
    "did:",
    "task2.stability.agree": "The predicted status matches the observed one for {agree} of "
    "{total} experiments.",
    "task2.sweep": "Learning-rate sweep",
    "task2.sweep.text": "{num} learning rates from {lr_from} to {lr_to}, each run for {epochs} "
    "epochs from the same start; the colour is the MSE, red where it overflowed.",
    "task2.sweep.none_diverged": "No run diverged: the predicted limit lr_max = {lr_max} lies "
    "beyond the sweep.",
    "task2.sweep.all_diverged": "Every run diverged: the predicted limit lr_max = {lr_max} lies "
    "below the sweep.",
    "task2.sweep.boundary": "The runs diverge between lr = {stable} and lr = {unstable}, where "
    "the analysis puts the limit, lr_max = {lr_max}.",
    "task2.sweep.boundary_off": "The runs diverge between lr = {stable} and lr = {unstable}, but "
    "the analysis puts the limit at lr_max = {lr_max}: not where predicted.",
    "task2.sweep.alt": "Heatmap of the MSE by learning rate and epoch",
    "task2.conclusion": "Conclusion",
    "task2.run": "Experiment {name}: lr = {lr}, {epochs} epochs",
    "task2.overflow_at": "overflow at epoch {epoch}",
    "status.converged": "converged",
    "status.slow": "still descending",
    "status.oscillating": "oscillating",
    "status.diverged": "diverged",
    "status.overflow": "overflow",
    "status.converged.means": "the MSE is within the tolerance of its minimum",
    "status.slow.means": "the MSE still falls steadily towards its minimum",
    "status.oscillating.means": "the MSE falls, but the parameters zigzag across the valley",
    "status.diverged.means": "the MSE grows from epoch to epoch",
    "status.overflow.means": "the numbers left the range of 64-bit floats and the run stopped",
    "col.experiment": "experiment",
    "col.epochs": "epochs",
    "col.final_mse": "final MSE",
    "col.status": "status",
    "col.overflow_epoch": "overflow epoch",
    "col.quantity": "quantity",
    "col.lab": "lab",
    "col.diff": "difference",
    "col.meaning": "meaning",
    "col.rate": "factor per epoch",
    "col.status_pair": "status: predicted / observed",
    "col.tol_pair": "converges at epoch: predicted / observed",
    "col.overflow_pair": "overflows at epoch: predicted / observed",
    "stab.lambda_max": "largest eigenvalue of the Hessian (the steep direction)",
    "stab.lambda_min": "smallest eigenvalue (the flat direction)",
    "stab.kappa": "condition number: how much steeper than flat",
    "stab.lr_max": "larger learning rates diverge",
    "stab.lr_opt": "the fastest convergence from the worst start",
    "stab.rate_opt": "what remains of the distance to the optimum per epoch at that rate",
    "outcome.reaches": "lr = {lr} gets there at epoch {epochs}",
    "outcome.overflows": "lr = {lr} overflows at epoch {epoch}",
    "outcome.diverges": "lr = {lr} diverges",
    "outcome.short_theory": "lr = {lr} does not get there in {horizon} epochs ({status}; the "
    "analysis says at epoch {predicted})",
    "outcome.short": "lr = {lr} does not get there in {horizon} epochs ({status})",
    "concl.best": "To answer the lab's question, chainrule searches a grid of its own (not the "
    "sweep's): {runs} learning rates up to lr_max (a log grid from lr_max/1000, a finer grid "
    "around its best, and the lab's own rates). The grid runs for {horizon} epochs, the lab's "
    "rates for as long as the analysis says they need. The fastest to the optimum (an MSE "
    "within {tol} of its minimum, relative) is lr = {lr}: it gets there at epoch {epochs}.",
    "concl.lab_choice": "The lab's choice, lr = {lr}, gets there at epoch {epochs}: it needs "
    "{speedup} times as many epochs.",
    "concl.lab_choice_short": "The lab's choice: {outcome}.",
    "concl.lab_pick_right": "Among the rates the lab tried, its choice is the fastest ({others}).",
    "concl.lab_pick_wrong": "Among the rates the lab tried, its choice is not the fastest "
    "({others}).",
    "concl.limits": "Descent diverges above lr_max = 2/λ_max = {lr_max}; the fastest rate is "
    "{share}% of that limit.",
    "verdict.head": "Set against the lab's conclusion (the best learning rate is {choice}, and the "
    "epochs must be enough for the model to converge).",
    "verdict.agrees": "Where chainrule agrees with the lab:",
    "verdict.disagrees": "Where it does not:",
    "verdict.too_big": "lr = {rates} is too large: it lies above lr_max = {lr_max}, so the run "
    "cannot converge",
    "verdict.epochs": "the epochs matter: with lr = {lr} the MSE reaches its minimum at epoch "
    "{need}, so runs of {short} epochs stop short and runs of {enough} epochs get there",
    "verdict.best_of_its_rates": "lr = {choice} is the best of the rates the lab tried",
    "verdict.not_best_of_its_rates": "lr = {choice} is not even the best of the rates the lab "
    "tried",
    "verdict.not_optimal": "lr = {choice} is not the optimal rate: lr = {best}, which the lab did "
    "not try, converges {speedup} times faster",
    "verdict.optimal": "lr = {choice} is as fast as the fastest rate found",
    "and": "and",
}

UK: dict[str, str] = {
    "title": "Звіт з лабораторної роботи: граф обчислень, похідна, градієнт, швидкість "
    "навчання, градієнтний спуск",
    "intro": "Створено програмою chainrule {version}. Усі числа, таблиці й рисунки нижче "
    "обчислено з конфігурації в додатку, жодне не скопійовано з лабораторної. Щоб "
    "відтворити звіт, збережіть конфігурацію у файл {file} і виконайте {command}.",
    "playground.link": "Щоб самостійно змінювати крок навчання, проходити граф крок за кроком "
    "і розкривати кроки похідної, відкрийте {page} поруч зі звітом: одна сторінка, що працює "
    "без мережі.",
    "header.title": "Додаток. Конфігурація",
    # the top: who hands the report in (report-print)
    "student.name": "прізвище, ім'я",
    "student.group": "група",
    "student.variant": "варіант",
    "header.parameter": "параметр",
    "header.value": "значення",
    "header.versions": "Версії програм: {versions}.",
    "header.toml": "Конфігурація у вигляді файлу:",
    "header.task1": "Функція та змінна завдання 1",
    "header.seed": "зерно шуму даних",
    "header.data": "Дані завдання 2",
    "header.recipe": "кількість точок: {n}, $x$ від {x_min} до {x_max}, {line}",
    "header.start": "початкова точка кожного запуску",
    "header.experiments": "експерименти (назва: швидкість навчання, епохи)",
    "header.sweep": "перебір швидкостей навчання",
    "header.sweep_grid": "кількість швидкостей: {num}; кількості епох: {epochs}",
    "header.task3": "Вираз і значення завдання 3",
    "task3.title": "Завдання 3. Один прямий і один зворотний прохід графом обчислень",
    "task3.intro": "Вираз {expression} обчислюємо при {values}. Прямий прохід обчислює "
    "значення кожного вузла з його входів; зворотний передає градієнти від виходу до кожного "
    "входу за ланцюговим правилом.",
    "task3.graph": "Граф",
    "task3.graph.alt": "Граф обчислень: кожен вузол зі своїм значенням і градієнтом",
    "graph.value": "значення",
    "graph.grad": "градієнт",
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
    "task1.title": "Завдання 1. Аналітична похідна, крок за кроком",
    "task1.intro": "Функцію {function} диференціюємо за правилами диференціювання, по одному "
    "кроку на кожну операцію виразу; далі результат перевіряємо трьома способами й обчислюємо "
    "з нього властивості функції.",
    "task1.steps": "Виведення",
    "task1.steps.text": "Кожен крок називає своє правило; крок ланцюгового правила вводить "
    "внутрішню функцію, а його підкроки диференціюють зовнішню та внутрішню частини.",
    "task1.with": "де {inner}",
    "task1.result": "Результат",
    "task1.constant": "Функція не залежить від {variable}, тож її похідна дорівнює 0.",
    "task1.own_terms": "Спрощену форму записано через саму функцію, {function}.",
    "task1.lab_form": "Якщо позначити сигмоїду S, як у лабораторній: {result}.",
    "task1.sympy_form": "Саме лише спрощення SymPy дає {form}.",
    "task1.check": "Потрійна перевірка",
    "task1.check.text": "Результат порівнюємо з похідною, яку обчислює SymPy, з автоматичним "
    "диференціюванням того самого виразу в chainrule і з центральними скінченними різницями:",
    "task1.check.proved": "Висновок: **доведено**.",
    "task1.check.undecided": "Висновок: **не вирішено**. SymPy не зміг довести, що результат "
    "дорівнює його власній похідній, і жодну точку не вдалося оцінити чисельно: результат не "
    "визнано хибним, але й не підтверджено.",
    "task1.check.proven": "збігається, доведено символьно",
    "task1.check.numeric": "збігається в {points} точках із точністю {digits} знаків (SymPy не "
    "зміг довести це символьно)",
    "task1.check.sympy_undecided": "не вирішено (SymPy не зміг довести символьно, і жодну "
    "точку не вдалося порівняти)",
    "task1.check.autodiff": "автоматичне диференціювання",
    "task1.check.finite": "скінченні різниці",
    "task1.check.errors": "найбільша абсолютна похибка {abs}, найбільша відносна похибка {rel}",
    "task1.check.no_errors": "жодної точки не оцінено у float64",
    "task1.check.points": "Чисельний збіг у {points} з {total} точок на {range}.",
    "task1.check.precise": "У {count} з них перевірка у float64 розійшлася або не змогла "
    "обчислити значення, тож точку вирішено з точністю {digits} знаків (результат через evalf "
    "у SymPy проти диференціювання самої функції в mpmath): вони збігаються.",
    "task1.check.skipped": "Не оцінено точок: {reasons}.",
    "task1.check.tolerances": "Допуски відносно max(1, |f'|): автоматичне диференціювання "
    "{autodiff}; скінченні різниці {finite} плюс їхня власна похибка, помножена на {factor}; "
    "з точністю {digits} знаків {precise}.",
    "task1.skip.domain": "{count} поза областю визначення",
    "task1.skip.special": "{count} поблизу особливої точки",
    "task1.skip.edge": "{count}, де скінченні різниці вийшли б за область визначення",
    "task1.skip.noisy": "{count}, де скінченні різниці надто неточні, щоб судити",
    "task1.skip.overflow": "{count} поза діапазоном float64",
    "task1.skip.precise": "{count} не вирішено з високою точністю",
    "task1.skip.limit": "{count} під сумнівом понад {limit} точок, вирішених з високою точністю",
    "task1.check.at": "Інші змінні зафіксовано: {values}.",
    "col.check": "перевірка",
    "col.result": "результат",
    "task1.properties": "Властивості",
    "prop.domain": "область визначення: {domain}",
    "prop.limits": "границі: {limits}",
    "prop.no_limit": "{limit} не існує або невідома",
    "prop.asymptotes": "горизонтальні асимптоти: {asymptotes}",
    "none": "немає",
    "prop.monotonicity": "монотонність: {trend}",
    "trend.increasing.everywhere": "зростає на всій області визначення ({sign})",
    "trend.decreasing.everywhere": "спадає на всій області визначення ({sign})",
    "trend.constant.everywhere": "стала ({sign})",
    "trend.increasing.on": "зростає на {interval}",
    "trend.decreasing.on": "спадає на {interval}",
    "trend.constant.on": "стала на {interval}",
    "trend.stationary": "(похідна дорівнює 0 при {points})",
    "trend.increasing.pieces": "зростає на кожній частині проміжку",
    "trend.decreasing.pieces": "спадає на кожній частині проміжку",
    "trend.constant.pieces": "стала на кожній частині проміжку",
    "trend.zeros.exact": "похідна дорівнює 0 рівно в {count} точках проміжку",
    "trend.zeros.at_least": "похідна змінює знак на проміжку щонайменше {count} разів",
    "how.exact": "(точно)",
    "how.sampled": "(за вибіркою з {points} точок на {range})",
    "how.high-precision": "(за вибіркою з {points} точок на {range}, з підвищеною точністю "
    "там, де float64 дає нуль або переповнюється)",
    "peak.beyond": "поза межами float64: крутизна перевищує 1.8e308 починаючи з {start}",
    "peak.growing": "не визначено: за вибіркою крутизна зростає поблизу {points} "
    "(границю не доведено)",
    "prop.linear": "форма: лінійна (похідна стала)",
    "prop.nonlinear": "форма: нелінійна (похідна не стала)",
    "prop.peak": "найбільша крутизна: {peak}",
    "peak.unbounded": "необмежена: крутизна необмежено зростає поблизу {points}",
    "peak.unknown": "невідома (на проміжку немає скінченних значень)",
    "peak.everywhere": "{value} всюди",
    "peak.at": "{value} при {where}",
    "peak.edge": "(на краю проміжку: за ним крутизна далі зростає)",
    "prop.saturation": "насичення (крутизна менша за {percent}% від найбільшої): {region}",
    "sat.no_peak": "немає (крутизна не має піку всередині проміжку)",
    "sat.none": "немає на проміжку",
    "sat.whole": "увесь проміжок",
    "prop.special": "особливі точки: {points}",
    "prop.no_special": "особливі точки: немає (диференційовна на всьому проміжку)",
    "lab.smooth": "неперервною й диференційовною",
    "lab.increasing": "монотонно зростаючою",
    "lab.asymptotes": "обмеженою асимптотами y = 0 і y = 1",
    "task1.lab.confirms": "Лабораторна називає S {claims}: обчислені властивості це підтверджують.",
    "task1.lab.refutes": "Обчислені властивості не підтверджують, що вона є {claims}.",
    "task1.lab.flat": "Лабораторна стверджує, що для x > {beyond} та x < -{beyond} S "
    "«притискається до осей»; це неточно: при |x| = {beyond} крутизна ще становить {percent}% "
    "від найбільшої, а нижче {saturation}% від найбільшої падає лише при |x| > {boundary}.",
    "task1.plot": "Функція та її похідна",
    "task1.plot.alt": "Функція та її похідна з асимптотами й областю насичення",
    "task2.title": "Завдання 2. Градієнтний спуск: швидкість навчання та кількість епох",
    "task2.intro": "Пряму $y = m x + b$ підбираємо до даних повним (за всіма точками) "
    "градієнтним спуском за середньоквадратичною похибкою; кожен запуск починається з "
    "$m = {m0}$, $b = {b0}$. За кожну епоху обидва параметри зсуваються проти градієнта, "
    "помноженого на швидкість навчання:",
    "task2.data": "Дані",
    "task2.recipe": "Кількість точок: {n}; $x$ рівномірно розподілені від {x_min} до {x_max}, "
    "{line}; шум згенеровано застарілим генератором NumPy із зерном {seed}. Пряма найменших "
    "квадратів для цих точок: {best}, її MSE дорівнює {mse}; нижче не спуститься жоден запуск.",
    "task2.data.alt": "Точки даних",
    "task2.experiments": "Експерименти",
    "task2.experiments.text": "Кожен експеримент із таблиці лабораторної, виконаний заново: "
    "кінцеві параметри, кінцева MSE і чим завершився запуск.",
    "task2.lab.text": "Власні числа лабораторної поруч із числами chainrule (різниця відносна):",
    "task2.lab.summary": "Експериментів, що відтворюють числа лабораторної з відносною різницею "
    "не більше {rtol}: {done} з {checked}.",
    "task2.lab.failed": "Не відтворено: {names}.",
    "task2.lab.none": "У цій конфігурації немає чисел лабораторної для порівняння.",
    "task2.mse": "MSE під час навчання",
    "task2.mse.text": "MSE після кожної епохи в логарифмічному масштабі: спершу кожен "
    "експеримент окремо, потім усі разом. Пунктир позначає мінімум найменших квадратів; запуск, "
    "що переповнився, закінчується хрестиком.",
    "task2.mse_each.alt": "MSE кожного експерименту за епохами",
    "task2.mse_all.alt": "MSE усіх експериментів за епохами",
    "task2.fits": "Підібрані прямі",
    "task2.fits.alt": "Дані та кінцева пряма кожного експерименту",
    "task2.surface": "Поверхня втрат і шляхи спуску",
    "task2.surface.alt": "Лінії рівня MSE над m і b зі шляхом кожного запуску",
    "task2.stability": "Стійкість: за яких швидкостей навчання спуск збігається",
    "task2.stability.text": "MSE прямої є квадратичною функцією, кривина якої (гессіан) однакова "
    "всюди; його власні значення визначають усе ще до жодного запуску.",
    "task2.stability.runs": "Що передбачає аналіз для кожного експерименту, поруч із тим, що "
    "зробив запуск:",
    "task2.stability.agree": "Передбачений стан збігається зі спостереженим для {agree} з "
    "{total} експериментів.",
    "task2.sweep": "Перебір швидкостей навчання",
    "task2.sweep.text": "Кількість швидкостей навчання: {num}, від {lr_from} до {lr_to}; кожен "
    "запуск триває до епохи {epochs} з тієї самої початкової точки. Колір показує MSE, червоний "
    "означає переповнення.",
    "task2.sweep.none_diverged": "Жоден запуск не розбігся: передбачена межа lr_max = {lr_max} "
    "лежить за межами перебору.",
    "task2.sweep.all_diverged": "Усі запуски розбіглися: передбачена межа lr_max = {lr_max} "
    "лежить нижче перебору.",
    "task2.sweep.boundary": "Запуски починають розбігатися між lr = {stable} і lr = {unstable}, "
    "саме там, де аналіз ставить межу lr_max = {lr_max}.",
    "task2.sweep.boundary_off": "Запуски починають розбігатися між lr = {stable} і "
    "lr = {unstable}, але аналіз ставить межу lr_max = {lr_max}: не там, де передбачено.",
    "task2.sweep.alt": "Теплова карта MSE за швидкістю навчання та епохою",
    "task2.conclusion": "Висновок",
    "task2.run": "Експеримент {name}: lr = {lr}, епох: {epochs}",
    "task2.overflow_at": "переповнення на епосі {epoch}",
    "status.converged": "збігся",
    "status.slow": "ще спускається",
    "status.oscillating": "коливається",
    "status.diverged": "розбігся",
    "status.overflow": "переповнення",
    "status.converged.means": "MSE відрізняється від свого мінімуму не більше, ніж на допуск",
    "status.slow.means": "MSE досі рівномірно спадає до свого мінімуму",
    "status.oscillating.means": "MSE спадає, але параметри стрибають зигзагом через долину",
    "status.diverged.means": "MSE зростає від епохи до епохи",
    "status.overflow.means": "числа вийшли за межі 64-бітних чисел з рухомою комою, і запуск "
    "зупинився",
    "col.experiment": "експеримент",
    "col.epochs": "епохи",
    "col.final_mse": "кінцева MSE",
    "col.status": "стан",
    "col.overflow_epoch": "епоха переповнення",
    "col.quantity": "величина",
    "col.lab": "лабораторна",
    "col.diff": "різниця",
    "col.meaning": "зміст",
    "col.rate": "множник за епоху",
    "col.status_pair": "стан: передбачено / спостережено",
    "col.tol_pair": "епоха збіжності: передбачено / спостережено",
    "col.overflow_pair": "епоха переповнення: передбачено / спостережено",
    "stab.lambda_max": "найбільше власне значення гессіана (крутий напрямок)",
    "stab.lambda_min": "найменше власне значення (пологий напрямок)",
    "stab.kappa": "число обумовленості: у скільки разів крутий напрямок крутіший за пологий",
    "stab.lr_max": "за більших швидкостей навчання спуск розбігається",
    "stab.lr_opt": "найшвидша збіжність із найгіршої початкової точки",
    "stab.rate_opt": "частка відстані до оптимуму, що лишається після епохи за цієї швидкості",
    "outcome.reaches": "lr = {lr} досягає його на епосі {epochs}",
    "outcome.overflows": "lr = {lr} переповнюється на епосі {epoch}",
    "outcome.diverges": "lr = {lr} розбігається",
    "outcome.short_theory": "lr = {lr} не досягає його до епохи {horizon} (стан: {status}; "
    "за аналізом досягне на епосі {predicted})",
    "outcome.short": "lr = {lr} не досягає його до епохи {horizon} (стан: {status})",
    "concl.best": "Щоб відповісти на питання лабораторної, chainrule перебирає власну сітку "
    "(не сітку перебору вище): {runs} швидкостей навчання до lr_max (логарифмічна сітка від "
    "lr_max/1000, дрібніша сітка навколо найкращої та швидкості самої лабораторної). Запуски "
    "сітки тривають {horizon} епох, швидкості лабораторної — стільки, скільки їм потрібно за "
    "аналізом. Найшвидше досягає оптимуму (MSE у межах відносного допуску {tol} від мінімуму) "
    "lr = {lr}: на епосі {epochs}.",
    "concl.lab_choice": "Вибір лабораторної, lr = {lr}, досягає його лише на епосі {epochs}: "
    "епох потрібно в {speedup} раза більше.",
    "concl.lab_choice_short": "Вибір лабораторної: {outcome}.",
    "concl.lab_pick_right": "Серед швидкостей, які пробувала лабораторна, її вибір найшвидший "
    "({others}).",
    "concl.lab_pick_wrong": "Серед швидкостей, які пробувала лабораторна, її вибір не "
    "найшвидший ({others}).",
    "concl.limits": "Спуск розбігається, якщо швидкість перевищує lr_max = 2/λ_max = {lr_max}; "
    "найшвидша швидкість становить {share}% цієї межі.",
    "verdict.head": "Порівняймо з висновком лабораторної (найкраща швидкість навчання {choice}, "
    "а епох має бути досить, щоб модель зійшлася).",
    "verdict.agrees": "У чому chainrule погоджується з лабораторною:",
    "verdict.disagrees": "У чому ні:",
    "verdict.too_big": "lr = {rates} завелика: вона більша за lr_max = {lr_max}, тож запуск не "
    "може зійтися",
    "verdict.epochs": "кількість епох важлива: з lr = {lr} MSE досягає мінімуму на епосі "
    "{need}, тож запуски на {short} епох зупиняються раніше, а запуски на {enough} епох "
    "доходять",
    "verdict.best_of_its_rates": "lr = {choice} найкраща зі швидкостей, які пробувала лабораторна",
    "verdict.not_best_of_its_rates": "lr = {choice} не найкраща навіть серед швидкостей, які "
    "пробувала лабораторна",
    "verdict.not_optimal": "lr = {choice} не оптимальна: lr = {best}, якої лабораторна не "
    "пробувала, збігається в {speedup} раза швидше",
    "verdict.optimal": "lr = {choice} не поступається найшвидшій знайденій швидкості",
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
    "reciprocal rule": "похідна оберненої величини",
    "exponential rule (a**u)": "похідна показникової функції (a**u)",
    "general power rule (u**v)": "похідна степенево-показникової функції (u**v)",
    "constant rule": "похідна сталої",
    "identity rule": "похідна змінної",
    "inverse sine rule": "похідна арксинуса",
    "inverse cosine rule": "похідна арккосинуса",
    "inverse tangent rule": "похідна арктангенса",
    "two-argument arctangent rule": "похідна арктангенса двох аргументів (atan2)",
    "hyperbolic sine rule": "похідна гіперболічного синуса",
    "hyperbolic cosine rule": "похідна гіперболічного косинуса",
    "inverse hyperbolic sine rule": "похідна оберненого гіперболічного синуса",
    "inverse hyperbolic cosine rule": "похідна оберненого гіперболічного косинуса",
    "inverse hyperbolic tangent rule": "похідна оберненого гіперболічного тангенса",
    "secant rule": "похідна секанса",
    "cosecant rule": "похідна косеканса",
    "cotangent rule": "похідна котангенса",
    "change of base rule": "похідна логарифма за змінною основою (перехід до нової основи)",
    "cube root rule": "похідна кубічного кореня",
    "hypotenuse rule": "похідна гіпотенузи (hypot)",
    "error function rule": "похідна функції помилок",
    "complementary error function rule": "похідна додаткової функції помилок",
    "minimum rule": "похідна мінімуму",
    "maximum rule": "похідна максимуму",
    "step function rule": "похідна сходинкової функції",
    "softplus rule": "похідна softplus",
    "log-sum-exp rule": "похідна log-sum-exp",
    "GELU rule": "похідна GELU",
    "SiLU rule": "похідна SiLU",
    "ELU rule": "похідна ELU",
    "leaky ReLU rule": "похідна leaky ReLU",
}
