"""Words of logistic regression on big data (``train --model logistic --data``)."""

EN: dict[str, str] = {
    "logistic.data.file": "{path}: {n} points ({class0} of class 0, {class1} of class 1),"
    " each epoch a reduction over its chunks (engine {engine})",
    "logistic.big.skipped": "skipped on big data (it needs the points in memory)",
}

UK: dict[str, str] = {
    "logistic.data.file": "{path}: {n} точок ({class0} класу 0, {class1} класу 1),"
    " кожна епоха — редукція по частинах (рушій {engine})",
    "logistic.big.skipped": "пропущено на великих даних (потрібні точки в пам'яті)",
}
