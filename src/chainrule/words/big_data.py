"""The words of big data read in chunks (``--data``): its description and the report's recipe."""

from __future__ import annotations

EN: dict[str, str] = {
    "big_data.describe": "{path}: {n} points (statistics read in chunks, engine {engine};"
    " {kept} of them plotted)",
    "big_data.reading": "reading",
    "big_data.recipe": "The data: {source}. The least-squares line is {best}, with MSE {mse};"
    " gradient descent should get there.",
}

UK: dict[str, str] = {
    "big_data.describe": "{path}: точок {n} (статистики прочитано частинами, рушій {engine};"
    " на графіках {kept})",
    "big_data.reading": "читання",
    "big_data.recipe": "Дані: {source}. Найкраща пряма за методом найменших квадратів: {best},"
    " MSE {mse}; градієнтний спуск має до неї дійти.",
}
