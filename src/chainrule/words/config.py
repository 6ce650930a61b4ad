"""The words of the lab config: data from a CSV file, and expected numbers for other data."""

from __future__ import annotations

EN: dict[str, str] = {
    "config.csv": "the points of {file} ({n} points)",
    "config.recipe_csv": "{n} points from the file {file}. The least-squares line through "
    "them is {best}, with the smallest MSE {mse}.",
    "config.other_data": "no expected numbers for these data",
    "config.other_data.warning": "the expected numbers of runs {names} were measured on other "
    "data than these; they are not compared",
    "config.other_data.report": "The lab's numbers for {names} were measured on other data "
    "than this configuration's, so they are not compared here.",
}

UK: dict[str, str] = {
    "config.csv": "точки файлу {file} (точок: {n})",
    "config.recipe_csv": "Точки з файлу {file} (кількість: {n}). Пряма найменших квадратів "
    "через них: {best}, найменше MSE {mse}.",
    "config.other_data": "немає очікуваних чисел для цих даних",
    "config.other_data.warning": "очікувані числа запусків {names} виміряно на інших даних, "
    "ніж ці; їх не порівнюємо",
    "config.other_data.report": "Числа лабораторної для {names} виміряно на інших даних, ніж "
    "дані цієї конфігурації, тому тут їх не порівнюємо.",
}
