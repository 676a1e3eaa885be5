"""Short ids from a share map back to the family's whole ids, or to nothing."""
from family_app.sharing.record_ids import whole_id

IDS = ["0a1b2c3d" + "1" * 24, "0a1b2c3d" + "2" * 24, "99887766" + "3" * 24]


def test_a_short_id_maps_to_the_one_id_that_starts_with_it():
    assert whole_id("99887766", IDS) == IDS[2]
    assert whole_id(IDS[0], IDS) == IDS[0]  # a whole id is itself


def test_an_unknown_an_ambiguous_or_an_odd_short_id_maps_to_nothing():
    assert whole_id("12345678", IDS) is None
    assert whole_id("0a1b2c3d", IDS) is None  # two ids start with it
    assert whole_id("", IDS) is None and whole_id(None, IDS) is None
