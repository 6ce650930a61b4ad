# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""The words of optimizers and schedules (train, sweep, experiments, the Further section)."""

from __future__ import annotations

EN: dict[str, str] = {
    "optim.label": "optimizer",
    "optim.above": "lr = {lr} is above {optimizer}'s limit lr < {limit} at a constant rate;"
    " the run diverges",
    "optim.limit": "; {optimizer} at a constant rate is stable for lr < {limit}",
    "optim.verdict.overflow": "overflow: the MSE leaves the float64 range at epoch {epoch}{limit}",
    "optim.verdict.diverged": "diverged: the loss is growing at the last epoch{limit}",
    "optim.verdict.oscillating": "oscillating: the parameters zigzag while the loss falls{limit}",
    "optim.verdict.slow": "still descending: after {epochs} epochs the MSE is {excess} above its"
    " minimum{limit}",
    "optim.sweep.region": "stability region: the predicted limit lr < {formula} against the runs",
    "optim.col.last_stable": "last stable lr",
    "optim.col.first_unstable": "first unstable lr",
    "optim.col.limit": "predicted limit",
    "optim.col.agrees": "agrees",
    "optim.yes": "yes",
    "optim.no": "no",
    "optim.fig.beta": "momentum beta",
    "optim.fig.boundary": "predicted boundary lr = {formula}",
    "optim.fig.stable": "stable, not yet within tol",
    "optim.fig.unstable": "diverged or overflowed",
    "optim.fig.tuned": "tuned (Polyak)",
    "optim.fig.excess": "MSE above its minimum",
    "optim.fig.rate_line": "theory: rate {rate} per epoch",
    # the report's Further section
    "further.title": "Further: beyond plain gradient descent",
    "further.intro": "The lab stops at plain gradient descent with a rate found by trying. On the"
    " same data and from the same start, other update rules reach the optimum far sooner. Heavy-"
    "ball momentum keeps a fraction beta of its last step; on this quadratic its best setting"
    " follows from the Hessian's eigenvalues lambda_max = {lambda_max} and lambda_min ="
    " {lambda_min} (condition number {condition}).",
    "further.tuned": "Tuned momentum: lr = 4/(sqrt(lambda_max) + sqrt(lambda_min))^2 = {lr},"
    " beta = ((sqrt(k) - 1)/(sqrt(k) + 1))^2 = {beta}. Its error shrinks by sqrt(beta) = {rate}"
    " per epoch, against {gd_rate} for plain descent at its best rate. Theory predicts {predicted}"
    " epochs to the tolerance {tol}; the run takes {measured}, against {lab} for the lab's plain"
    " descent at lr = {lab_lr} ({share} of it).",
    "further.compare": "Each optimizer on the lab's data from the lab's start (Nesterov and Adam at"
    " the fastest of {tried} rates; the picture shows the MSE above its minimum, where a"
    " constant rate is a straight line):",
    "further.col.optimizer": "optimizer",
    "further.col.settings": "settings",
    "further.col.to_tol": "epochs to tol",
    "further.col.final_mse": "MSE after {epochs} epochs",
    "further.never": "not within {epochs}",
    "further.fig.compare": "MSE above its minimum per epoch: plain descent, momentum, Nesterov,"
    " Adam",
    "further.region": "Which (lr, beta) converge: a sweep of {runs} momentum runs for {epochs}"
    " epochs. Runs diverge where theory says, beyond lr = 2(1 + beta)/lambda_max: {agree} of"
    " {count} betas put the boundary between the same grid neighbours as the formula.",
    "further.fig.region": "Momentum's stability region and the predicted boundary",
}

UK: dict[str, str] = {
    "optim.label": "оптимізатор",
    "optim.above": "lr = {lr} більша за межу {optimizer} lr < {limit} при сталій швидкості;"
    " запуск розбігається",
    "optim.limit": "; {optimizer} при сталій швидкості стійкий для lr < {limit}",
    "optim.verdict.overflow": "переповнення: MSE виходить за межі float64 на епосі {epoch}{limit}",
    "optim.verdict.diverged": "розбігся: втрата зростає на останній епосі{limit}",
    "optim.verdict.oscillating": "коливається: параметри стрибають зигзагом, а втрата"
    " спадає{limit}",
    "optim.verdict.slow": "ще спускається: після {epochs} епох MSE на {excess} більша за"
    " мінімум{limit}",
    "optim.sweep.region": "область стійкості: передбачена межа lr < {formula} проти запусків",
    "optim.col.last_stable": "остання стійка lr",
    "optim.col.first_unstable": "перша нестійка lr",
    "optim.col.limit": "передбачена межа",
    "optim.col.agrees": "збігається",
    "optim.yes": "так",
    "optim.no": "ні",
    "optim.fig.beta": "beta моменту",
    "optim.fig.boundary": "передбачена межа lr = {formula}",
    "optim.fig.stable": "стійкі, ще не в межах допуску",
    "optim.fig.unstable": "розбіглися або переповнилися",
    "optim.fig.tuned": "налаштований (Поляк)",
    "optim.fig.excess": "MSE понад мінімум",
    "optim.fig.rate_line": "теорія: множник {rate} за епоху",
    "further.title": "Далі: за межами простого градієнтного спуску",
    "further.intro": "Лабораторна зупиняється на простому градієнтному спуску зі швидкістю,"
    " знайденою спробами. На тих самих даних і з того самого початку інші правила оновлення"
    " доходять до оптимуму значно швидше. Метод важкої кулі (момент) зберігає частку beta"
    " останнього кроку; на цій квадратичній функції його найкраще налаштування випливає з"
    " власних значень гессіана lambda_max = {lambda_max} і lambda_min = {lambda_min} (число"
    " обумовленості {condition}).",
    "further.tuned": "Налаштований момент: lr = 4/(sqrt(lambda_max) + sqrt(lambda_min))^2 ="
    " {lr}, beta = ((sqrt(k) - 1)/(sqrt(k) + 1))^2 = {beta}. Його похибка зменшується в"
    " sqrt(beta) = {rate} раза за епоху, проти {gd_rate} для простого спуску з найкращою"
    " швидкістю. Теорія передбачає {predicted} епох до допуску {tol}; запуск потребує"
    " {measured}, проти {lab} для простого спуску лабораторної з lr = {lab_lr} ({share} від"
    " нього).",
    "further.compare": "Кожен оптимізатор на даних лабораторної з її початку (Нестеров і Adam з"
    " найшвидшою з {tried} швидкостей; на рисунку MSE понад мінімум, де стала швидкість"
    " збіжності є прямою):",
    "further.col.optimizer": "оптимізатор",
    "further.col.settings": "налаштування",
    "further.col.to_tol": "епох до допуску",
    "further.col.final_mse": "MSE після {epochs} епох",
    "further.never": "не за {epochs}",
    "further.fig.compare": "MSE понад мінімум за епохами: простий спуск, момент, Нестеров, Adam",
    "further.region": "Які (lr, beta) збігаються: перебір {runs} запусків з моментом по {epochs}"
    " епох. Запуски розбігаються там, де каже теорія, за lr = 2(1 + beta)/lambda_max: для"
    " {agree} з {count} значень beta межа лежить між тими самими сусідами сітки, що й за"
    " формулою.",
    "further.fig.region": "Область стійкості моменту і передбачена межа",
}
