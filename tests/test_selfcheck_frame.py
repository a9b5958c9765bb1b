"""A self-check frame rendered from its laid-out pieces (selfcheck_frame._Parts) gives the text the
slot-by-slot rendering gave (UTF-8): every kind of slot, every kind of result (texts, whole numbers,
fractions, logical values, errors, texts to escape), style indices given in the order of first use."""

from __future__ import annotations

import random

from dianping_xlsx.template.selfcheck_frame import Frame, _typed


class _Format:
    def __init__(self, given: list, key: str):
        self.given, self.key, self.index = given, key, None

    def _get_xf_index(self):
        if self.index is None:
            self.index = len(self.given)
            self.given.append(self.key)
        return self.index


def _slow(frame: Frame, values, styles, strings, heights) -> str:
    """The rendering the laid-out one replaced, slot by slot."""
    out, results, xf = [frame.start], iter(values), {None: ""}
    for kind, head, key, middle, after in frame.slots:
        if kind == "ht":
            pixels = int(heights[head] * 4.0 / 3.0 + 0.5)
            out.append(f'ht="{pixels * 0.75:.16g}"{after}')
            continue
        style = xf.get(key)
        if style is None:
            style = xf[key] = f' s="{styles[key]._get_xf_index()}"'
        if kind == "f":
            typed, shown = _typed(next(results))
            out.append(f"{head}{style}{typed}{middle}{shown}{after}")
        elif kind == "s":
            out.append(f'{head}{style} t="s"><v>{strings[middle]}{after}')
        else:
            out.append(f"{head}{style}{after}")
    return "".join(out)


def _frame(rng: random.Random) -> tuple[Frame, int, list[str], list[int]]:
    slots, formulas, texts, rows = [], 0, [], []
    for n in range(300):
        kind = rng.choice(["f", "f", "f", "s", "-", "ht"])
        key = rng.choice([None, "a", "b", "c"])
        if kind == "ht":
            slots.append(("ht", n, None, "", f' customHeight="1"><c r="A{n}"'))
            rows.append(n)
        elif kind == "f":
            slots.append(("f", f'<c r="B{n}"', key, f"><f>X{n}+1</f><v>", f"</v></c><!--{n}-->"))
            formulas += 1
        elif kind == "s":
            text = rng.choice(["通过", "甲", "乙 & 丙"])
            slots.append(("s", f'<c r="C{n}"', key, text, "</v></c>"))
            texts.append(text)
        else:
            slots.append(("-", f'<c r="D{n}"', key, "", rng.choice(["/>", ' t="b"><v>1</v></c>'])))
    return Frame("<sheet>", slots), formulas, texts, rows


VALUES = ["", "通过", "a<b&c>", "#DIV/0!", "#N/A", 0, 1, 7, -3, 2.5, -0.125, True, False, 1e300, float("inf")]


def test_laid_out_rendering_is_the_slot_by_slot_one():
    rng = random.Random(5)
    for trial in range(30):
        frame, formulas, texts, rows = _frame(rng)
        pool = VALUES if trial % 3 else [v for v in VALUES if type(v) in (str, int)]  # the memo's path too
        for _ in range(3):  # the pieces made once, then used again with other results
            values = [rng.choice(pool) for _ in range(formulas)]
            strings = {t: rng.randrange(1000) for t in ("通过", "甲", "乙 & 丙")}
            heights = {r: rng.choice([15, 19, 33.5, 48, 100.25]) for r in rows}
            given_fast, given_slow = [], []
            fast = frame.render(values, {k: _Format(given_fast, k) for k in "abc"}, strings, heights).decode()
            slow = _slow(frame, values, {k: _Format(given_slow, k) for k in "abc"}, strings, heights)
            assert fast == slow
            assert given_fast == given_slow  # the styles' indices given in the same order


def test_true_is_not_one():
    """The memo of results keeps texts and whole numbers only: 1 and True are equal keys."""
    frame = Frame("", [("f", "<c", None, "><v>", "</v></c>")] * 2)
    assert frame.render([1, True], {}, {}, {}) == b'<c><v>1</v></c><c t="b"><v>1</v></c>'
    assert frame.render([True, 1], {}, {}, {}) == b'<c t="b"><v>1</v></c><c><v>1</v></c>'
    assert frame.render([1.0, 1], {}, {}, {}) == b"<c><v>1.0</v></c><c><v>1</v></c>"


def test_texts_entered_at_once_as_one_by_one():
    from xlsxwriter.sharedstrings import SharedStringTable

    from dianping_xlsx.template.selfcheck import _enter_all

    rng = random.Random(9)
    for _ in range(50):
        before = [rng.choice("abcdef") for _ in range(rng.randint(0, 5))]
        texts = [rng.choice("abcdefgh") for _ in range(rng.randint(0, 20))]
        one, once = SharedStringTable(), SharedStringTable()
        for text in before:
            one._get_shared_string_index(text)
            once._get_shared_string_index(text)
        for text in texts:
            one._get_shared_string_index(text)
        _enter_all(once, texts)
        assert (one.string_table, one.count, one.unique_count) == (once.string_table, once.count, once.unique_count)
        assert list(one.string_table) == list(once.string_table)
