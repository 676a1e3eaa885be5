"""Where the tests' data lives, and the one secret each kind of profile uses in tests.

The scenario files (`onsplan-scenario/1`) live in tests/fixtures/, so that a clone needs
nothing beside it. De Vries and Kowalska are copies of the project's shared fixtures, kept
identical in content (when those change, copy them here again); Demir (Turkish), Kovalenko
(Ukrainian) and Haddad (Arabic) are this repository's own, written so that compression and
screens are measured on families that do not write Dutch.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SCENARIOS = sorted(FIXTURES.glob("scenario-*.json"))
DE_VRIES = FIXTURES / "scenario-de-vries.json"
KOWALSKA = FIXTURES / "scenario-kowalska.json"

FAMILY_SECRET = "kaars-appel-fiets"      # the family's passphrase in every test
YOUTH_SECRET = "mijn-eigen-plan-van-mij"  # Daan's own passphrase (4 words at least)
BEGELEIDER_SECRET = "zorg-met-hart"      # a begeleider's passphrase
SECOND_DEVICE_SECRET = "laptop-thuis-7"  # a second household device of the same family
