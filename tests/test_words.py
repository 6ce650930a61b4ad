"""The words: each key in one part's module only, in both languages with the same placeholders."""

from __future__ import annotations

import string

from chainrule.words import SOURCES


def test_each_key_lives_in_one_module() -> None:
    seen: dict[str, str] = {}
    for source in SOURCES:
        for key in source.EN:
            assert key not in seen, f"{key} in {seen.get(key)} and {source.__name__}"
            seen[key] = source.__name__


def test_each_module_has_both_languages_with_the_same_placeholders() -> None:
    fields = string.Formatter()
    for source in SOURCES:
        assert set(source.EN) == set(source.UK), source.__name__
        for key, en in source.EN.items():
            uk = source.UK[key]
            assert {f for _, f, _, _ in fields.parse(en) if f} == {
                f for _, f, _, _ in fields.parse(uk) if f
            }, key
