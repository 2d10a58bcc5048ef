"""Format A: the newsletters' briefing block (`Troops +1690` over `784200 |`)."""

import re
from collections.abc import Iterator

from warlosses.parse.lists import lines_above
from warlosses.parse.numbers import NUMBER, figure

# A block is read line by line: a label line (`Tanks +4`: a label of 2-40 characters
# without digits, perhaps an increase) and under it, perhaps after blank lines, a total line
# (`11 824 |`). More items follow, each total right under its label; blank lines and stray
# total lines may stand between them. Anything else ends the block, and so does a label
# line not followed by its total: that line may begin the next block.
_S = r"[^\S\n]"  # a space within a line
# The label takes the spaces before an increase too; it is stripped.
_LABEL_LINE = rf"(?=[^\n]*\S)(?P<label>[^\d\n|+]{{2,40}}){_S}*(?:\+{_S}*(?P<delta>{NUMBER}))?{_S}*$"
_TOTAL_LINE = rf"{_S}*(?P<total>{NUMBER}){_S}*\|{_S}*$"
_STRAY_TOTAL = rf"{_S}*{NUMBER}{_S}*\|{_S}*$"
_FIRST_ITEM = re.compile(rf"{_LABEL_LINE}\n(?:{_S}*\n)*{_TOTAL_LINE}", re.MULTILINE)
_NEXT_ITEM = re.compile(
    rf"\n(?:{_S}*\n|{_STRAY_TOTAL}\n)*{_LABEL_LINE}\n{_TOTAL_LINE}", re.MULTILINE
)


def blocks(text: str) -> Iterator[tuple[int, list[tuple[str, int, int | None]]]]:
    """Runs of `label [+increase]` / `total |` line pairs, with the offset of the first."""
    position = 0  # where the lines not yet read start
    while True:
        # A block starts at the line above the first total line with a bar.
        bar = text.find("|", position)
        if bar < 0:
            return
        line_start = max(position, text.rfind("\n", position, bar) + 1)
        above = lines_above(text, position, line_start, 1)
        item = _FIRST_ITEM.match(text, above[0][0]) if above else None
        if item is None:
            line_end = text.find("\n", bar)
            if line_end < 0:
                return
            position = line_end + 1
            continue
        start = item.start()
        items: list[tuple[str, int, int | None]] = []
        while item is not None:
            label, total, delta = item.group("label", "total", "delta")
            items.append((label.strip(), figure(total), None if delta is None else figure(delta)))
            position = item.end()
            item = _NEXT_ITEM.match(text, position)
        yield start, items
