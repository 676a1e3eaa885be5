"""The national numbers to call when it is not safe: the one home of these numbers.

Each was checked on CHECKED against the source named beside it (docs/decisions.md, "The
safety card"). When one changes, change it here, with its source and a new date: the safety
card, before and after unlocking, shows only what is here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from i18n.problems import N_

CHECKED = dt.date(2026, 12, 1)


@dataclass(frozen=True)
class HelpLine:
    key: str
    name: str     # an English msgid for 112; the others are names, the same in every language
    number: str   # as it is written in the Netherlands
    what: str     # English msgid: who it is for, in plain words
    free: bool
    day_and_night: bool   # 24 hours a day, 7 days a week
    source: str   # where the number, and what it is for, was checked on CHECKED

    @property
    def link(self) -> str:
        """What a phone dials: the digits alone (a tel: link)."""
        return "tel:" + dial(self.number)


def dial(number: str) -> str:
    """A phone number as a phone dials it: its digits, and a leading + if it has one."""
    digits = "".join(c for c in number if c.isdigit())
    return ("+" + digits) if number.strip().startswith("+") else digits


HELP_LINES: tuple[HelpLine, ...] = (
    HelpLine("112", N_("Emergency number"), "112",
             N_("Danger right now? Call the police, an ambulance or the fire brigade."),
             free=True, day_and_night=True,
             source="https://www.politie.nl/nieuws/2021/februari/11/08-als-elke-seconde-telt.html"),
    HelpLine("veilig-thuis", "Veilig Thuis", "0800-2000",
             N_("Violence at home, or worried about the safety of a child or an adult? "
                "Get advice and help. You do not have to give your name."),
             free=True, day_and_night=True,
             source="https://www.augeo.nl/nl-nl/themas/meldcode/veilig-thuis/"),
    HelpLine("kindertelefoon", "De Kindertelefoon", "0800-0432",
             N_("For children and young people up to 18: talk about anything. "
                "You do not have to give your name."),
             free=True, day_and_night=False,
             source="https://www.vriendenkindertelefoon.nl/kindertelefoon"),
    HelpLine("113", "113 Zelfmoordpreventie", "0800-0113",
             N_("Thinking about suicide, or worried about someone? Talk to someone now."),
             free=True, day_and_night=True,
             source="https://www.upday.com/nl/binnenland/nummer-113-nu-gratis-betere-hulp-bij-"
                    "zelfdodingsgedachten/pj8neqt"),
)
