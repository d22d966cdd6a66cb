"""The RMA forms as data (``data/cras.json``, ``data/creas.json``): blocks, groups and items,
each item with the federal column code, its label, the rule that fills it from SIMA (none:
the unit types it) and, for the items broken down by sex and age, the grid of cells
(``data/grids.json``; each cell a column of its own, as in the MDS microdata: C1e is item C.1,
male, 0 to 6). An item with a grid is the sum of its cells."""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from .choices import RmaForm

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Cell:
    code: str
    sex: str
    min_age: int | None
    max_age: int | None

    def holds(self, sex, age):
        if sex != self.sex:
            return False
        if self.min_age is None:
            return True
        return (
            age is not None
            and self.min_age <= age
            and (self.max_age is None or age <= self.max_age)
        )

    @property
    def label(self):
        sex = _("Masculino") if self.sex == "M" else _("Feminino")
        if self.min_age is None:
            return sex
        if self.max_age is None:
            return _("%(sex)s, %(min)s anos ou mais") % {"sex": sex, "min": self.min_age}
        return _("%(sex)s, %(min)s a %(max)s anos") % {
            "sex": sex,
            "min": self.min_age,
            "max": self.max_age,
        }


@dataclass(frozen=True)
class Item:
    code: str
    label: str
    rule: str = ""
    cells: tuple = ()

    @property
    def from_sima(self):
        return bool(self.rule)

    @property
    def codes(self):
        return (self.code, *(c.code for c in self.cells))


@dataclass(frozen=True)
class Group:
    title: str
    items: tuple


@dataclass(frozen=True)
class Block:
    title: str
    groups: tuple


@dataclass(frozen=True)
class Form:
    form: str
    title: str
    legal_source: str
    blocks: tuple
    items: dict = field(default_factory=dict)  # code -> Item

    @property
    def codes(self):
        """Every column of the form, in the form's order (items, then their cells)."""
        return [code for item in self.items.values() for code in item.codes]

    def item_of(self, code):
        """The item a column belongs to (C1e -> C.1)."""
        for item in self.items.values():
            if code in item.codes:
                return item
        raise KeyError(code)


@cache
def _grids():
    raw = json.loads((DATA / "grids.json").read_text(encoding="utf-8"))
    return {name: cells for name, cells in raw.items() if name != "about"}


@cache
def form(kind):
    kind = RmaForm(kind)
    raw = json.loads((DATA / f"{kind.value}.json").read_text(encoding="utf-8"))
    grids = _grids()
    items = {}
    blocks = []
    for block in raw["blocks"]:
        groups = []
        for group in block["groups"]:
            group_items = []
            for entry in group["items"]:
                cells = tuple(
                    Cell(entry["code"] + suffix, sex, lo, hi)
                    for suffix, sex, lo, hi in grids.get(entry.get("grid", ""), ())
                )
                item = Item(entry["code"], entry["label"], entry.get("rule", ""), cells)
                items[item.code] = item
                group_items.append(item)
            groups.append(Group(group["title"], tuple(group_items)))
        blocks.append(Block(block["title"], tuple(groups)))
    return Form(raw["form"], raw["title"], raw["legal_source"], tuple(blocks), items)


def form_for(organization):
    """The RMA form a unit fills, or None (only CRAS and CREAS report the RMA)."""
    return RmaForm(organization.kind) if organization.kind in RmaForm.values else None
