# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""The conclusion's words that depend on the numbers: the surface's shape, who gets there.

Each sentence here has siblings chosen by the numbers (:attr:`Conclusion.shape
<chainrule.descent.conclusion.Conclusion.shape>`, whether a run got there), so that no
sentence claims what the runs do not show.
"""

from __future__ import annotations

EN: dict[str, str] = {
    "concl.lab_choice_as_fast": "The lab's choice, lr = {lr}, gets there at epoch {epochs}: as "
    "fast as the fastest rate found.",
    "concl.lab_pick_none": "None of the rates the lab tried gets there ({others}).",
    "concl.lr_opt": "lr_opt = 2/(λ_max + λ_min) = {lr_opt}, the best rate for the worst start, "
    "gets there at epoch {epochs} from this start.",
    "concl.lr_opt_short": "lr_opt = 2/(λ_max + λ_min) = {lr_opt}, the best rate for the worst "
    "start, does not get there in {horizon} epochs from this start.",
    "concl.valley": "The condition number {kappa} is why even the best rate needs {epochs} "
    "epochs: the surface is a long narrow valley, and a rate small enough for the steep "
    "direction crawls along the flat one.",
    "concl.oval": "The condition number {kappa}: the steep direction is {kappa} times as curved "
    "as the flat one, so no single rate suits both, and the best needs {epochs} epochs.",
    "concl.round": "The condition number {kappa} is close to 1: the surface is a nearly round "
    "bowl, one rate suits both directions, and the best rate needs only {epochs} epochs.",
    "verdict.epochs_enough": "the epochs matter: with lr = {lr} the MSE reaches its minimum at "
    "epoch {need}, and the lab's runs of {enough} epochs get there",
    "verdict.epochs_short": "the epochs matter: with lr = {lr} the MSE reaches its minimum at "
    "epoch {need}, so the lab's runs of {short} epochs stop short",
    "task2.surface.valley": "Contours of the MSE over the parameters, with each run's path from "
    "the start: the long narrow valley (condition number {kappa}) is why a learning rate small "
    "enough for its steep walls moves slowly along its floor.",
    "task2.surface.oval": "Contours of the MSE over the parameters, with each run's path from "
    "the start: the contours are ovals (condition number {kappa}), so the paths bend on their "
    "way to the optimum.",
    "task2.surface.round": "Contours of the MSE over the parameters, with each run's path from "
    "the start: the contours are nearly circles (condition number {kappa}), so descent heads "
    "almost straight for the optimum.",
}

UK: dict[str, str] = {
    "concl.lab_choice_as_fast": "Вибір лабораторної, lr = {lr}, досягає його на епосі {epochs}: "
    "так само швидко, як найшвидша знайдена швидкість.",
    "concl.lab_pick_none": "Жодна зі швидкостей, які пробувала лабораторна, його не досягає "
    "({others}).",
    "concl.lr_opt": "lr_opt = 2/(λ_max + λ_min) = {lr_opt}, найкраща швидкість для найгіршої "
    "початкової точки, з цієї точки досягає оптимуму на епосі {epochs}.",
    "concl.lr_opt_short": "lr_opt = 2/(λ_max + λ_min) = {lr_opt}, найкраща швидкість для "
    "найгіршої початкової точки, з цієї точки не досягає оптимуму за {horizon} епох.",
    "concl.valley": "Число обумовленості {kappa} пояснює, чому навіть найкращій швидкості "
    "потрібно дійти до епохи {epochs}: поверхня — довга вузька долина, і швидкість, досить "
    "мала для крутого напрямку, ледве повзе вздовж пологого.",
    "concl.oval": "Число обумовленості {kappa}: крутий напрямок вигнутий у {kappa} раза "
    "сильніше за пологий, тож жодна швидкість не пасує обом, і найкращій потрібно дійти до "
    "епохи {epochs}.",
    "concl.round": "Число обумовленості {kappa} близьке до 1: поверхня — майже кругла чаша, одна "
    "швидкість пасує обом напрямкам, і найкращій достатньо дійти до епохи {epochs}.",
    "verdict.epochs_enough": "кількість епох важлива: з lr = {lr} MSE досягає мінімуму на "
    "епосі {need}, і запуски лабораторної на {enough} епох доходять",
    "verdict.epochs_short": "кількість епох важлива: з lr = {lr} MSE досягає мінімуму на "
    "епосі {need}, тож запуски лабораторної на {short} епох зупиняються раніше",
    "task2.surface.valley": "Лінії рівня MSE над площиною параметрів зі шляхом кожного запуску "
    "від початкової точки: довга вузька долина (число обумовленості {kappa}) пояснює, чому "
    "швидкість навчання, досить мала для її крутих схилів, повільно просувається вздовж її дна.",
    "task2.surface.oval": "Лінії рівня MSE над площиною параметрів зі шляхом кожного запуску "
    "від початкової точки: лінії рівня — овали (число обумовленості {kappa}), тож шляхи "
    "згинаються дорогою до оптимуму.",
    "task2.surface.round": "Лінії рівня MSE над площиною параметрів зі шляхом кожного запуску "
    "від початкової точки: лінії рівня майже кола (число обумовленості {kappa}), тож спуск іде "
    "майже навпростець до оптимуму.",
}
