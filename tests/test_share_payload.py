"""What a share carries, and its compact encoding: back exactly as it went in."""
from __future__ import annotations

import dataclasses
import typing
import uuid
from pathlib import Path

import cbor2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from family_app import domain
from family_app.domain import RECORD_TYPES, load_scenario
from sync import body, wire_schema
from sync.codecs import is_table_id, Code, CodeSet, Day, Flag, HexKey, Language, ListOf, Number, Ref
from sync.record_codec import Nested
from sync.errors import SharePayloadError
from sync.share_payload import PRESETS, Scope, Share, build_share, decode_share, encode_share

from tests.helpers.data import DE_VRIES, KOWALSKA, SCENARIOS


def tables_of(path: Path) -> dict:
    return load_scenario(path).plan.to_tables()


def through_the_wire(share: Share) -> Share:
    """Encode, pack into a bundle body, unpack and decode: what a recipient gets."""
    return decode_share(body.unpack(body.pack(encode_share(share))))


def as_received(share: Share, length: int | None = None) -> Share:
    """The share as its recipient sees it: record ids cut to the share's id length, except
    the household's, which travels in full."""
    length = length or encode_share(share)[9]

    def short(value):
        if isinstance(value, dict):
            return {key: short(element) for key, element in value.items()}
        if isinstance(value, list):
            return [short(element) for element in value]
        if is_table_id(value) and value != share.household_id:
            return value[:2 * length]
        return value

    goal_ids = share.scope.goal_ids
    scope = Scope(share.scope.sections, None if goal_ids is None else tuple(short(list(goal_ids))))
    return dataclasses.replace(share, tables=short(share.tables), scope=scope)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_preset_of_every_scenario_comes_back_exactly(path, preset):
    share = build_share(tables_of(path), Scope.preset(preset), plan_version=3)
    assert set(share.tables) == set(PRESETS[preset])
    assert through_the_wire(share) == as_received(share)


def test_the_current_plan_preset_and_everything():
    assert set(PRESETS["current"]) == {"household", "members", "network", "professionals",
                                       "goals", "agreements"}
    assert "shares" not in PRESETS["everything"]  # the consent log stays with the family
    assert set(PRESETS["everything"]) == set(domain.TABLES) - {"shares"}
    assert set(PRESETS["goals"]) == {"goals", "agreements"}


def test_chosen_goals_take_their_agreements_and_nothing_else():
    tables = tables_of(DE_VRIES)
    chosen = tuple(goal["id"] for goal in tables["goals"][:2])
    share = build_share(tables, Scope(("goals", "agreements", "members"), chosen), plan_version=1)
    assert [goal["id"] for goal in share.tables["goals"]] == list(chosen)
    assert share.tables["agreements"]
    assert all(a["goal_id"] in chosen for a in share.tables["agreements"])
    assert len(share.tables["members"]) == len(tables["members"])
    back = through_the_wire(share)
    assert back == as_received(share)
    assert back.scope.goal_ids == tuple(goal_id[:8] for goal_id in chosen)


def test_a_share_carries_household_version_and_language():
    tables = tables_of(KOWALSKA)
    share = through_the_wire(build_share(tables, Scope.preset("goals"), plan_version=41))
    assert share.household_id == tables["household"][0]["id"]
    assert share.plan_version == 41 and share.language == "pl"
    assert "household" not in share.tables


@pytest.mark.parametrize("call", [
    lambda t: build_share(t, Scope.preset("all"), plan_version=1),
    lambda t: build_share(t, Scope(("goals", "diary")), plan_version=1),
    lambda t: build_share({**t, "household": []}, Scope.preset("goals"), plan_version=1),
    lambda t: build_share(t, Scope.preset("goals"), plan_version=-1),
])
def test_a_share_that_cannot_be_built_raises_value_error(call):
    with pytest.raises(ValueError):
        call(tables_of(KOWALSKA))


def test_the_compact_form_is_much_smaller_than_plain_cbor():
    share = build_share(tables_of(DE_VRIES), Scope.preset("everything"),
                        plan_version=1)
    compact, plain = cbor2.dumps(encode_share(share)), cbor2.dumps(share.tables)
    assert len(compact) < 0.5 * len(plain)


# --- the schema pins every field and code of the domain ------------------------------------

NESTED = {"scores": wire_schema.SCORE, "reviews": wire_schema.GOAL_REVIEW,
          "goal_results": wire_schema.GOAL_RESULT, "satisfaction": wire_schema.SATISFACTION}


def domain_fields(cls) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.name != "id"]


@pytest.mark.parametrize("table", list(RECORD_TYPES))
def test_the_wire_schema_names_every_field_of_the_domain(table):
    cls = RECORD_TYPES[table]
    assert list(wire_schema.RECORDS[table].names()) == domain_fields(cls)
    hints = typing.get_type_hints(cls)
    for name, _, codec in wire_schema.RECORDS[table].fields:
        if isinstance(codec, Nested):
            part = typing.get_args(hints[name])[0] if codec.many else hints[name]
            assert list(codec.schema.names()) == domain_fields(part)
            assert codec.schema.has_id == ("id" in {f.name for f in dataclasses.fields(part)})


@pytest.mark.parametrize("wire, known", [
    (wire_schema.ROLES, domain.ROLES), (wire_schema.CIRCLES, domain.CIRCLES),
    (wire_schema.WEEKDAYS, domain.DAYS), (wire_schema.GOAL_KINDS, domain.GOAL_KINDS),
    (wire_schema.LIFE_DOMAINS, domain.LIFE_DOMAINS),
    (wire_schema.GOAL_STATUSES, domain.GOAL_STATUSES), (wire_schema.LOG_KINDS, domain.LOG_KINDS),
    (wire_schema.DECISIONS, domain.DECISIONS), (wire_schema.RESPONDENTS, domain.RESPONDENTS),
    (wire_schema.GOAL_RESULTS, domain.GOAL_RESULTS),
    (wire_schema.RECIPIENT_KINDS, domain.RECIPIENT_KINDS),
    (wire_schema.ENDINGS, tuple(domain.ENDINGS)),
])
def test_every_domain_code_has_a_pinned_number(wire, known):
    assert set(known) <= set(wire)


def test_table_keys_are_pinned():
    assert wire_schema.TABLE_KEYS == {
        "household": 1, "members": 2, "network": 3, "professionals": 4, "goals": 5,
        "agreements": 6, "safety": 7, "log": 8, "evaluations": 9, "trajectory": 10,
        "closures": 11, "shares": 12}


# --- newer writers, odd values --------------------------------------------------------------

def test_fields_and_tables_from_a_newer_writer_are_ignored():
    share = build_share(tables_of(KOWALSKA), Scope.preset("current"),
                        plan_version=2)
    wire = encode_share(share)
    wire[99] = "new share field"
    wire[8][77] = [{2: "a table of the future"}]
    wire[8][5][0][40] = "new goal field"
    assert decode_share(wire) == as_received(share)


def test_values_without_a_compact_form_travel_as_they_are():
    record = {"v": 1, "id": "not-a-uuid", "name": "Oma", "role": "grandmother",
              "birth_year": "1950", "birth_date": "1950-02-30", "languages": "nl",
              "email": None, "favourite": {"colour": "blauw"}}
    goal = {"v": 2, "owners": ["Oma", uuid.uuid4().hex], "text": "x", "scores": "none"}
    share = Share("h", 0, "nl", Scope(("members", "goals")),
                  {"members": [record, {"name": "no id, no v"}], "goals": [goal]})
    assert through_the_wire(share) == as_received(share)


# --- hypothesis: any records, exactly back --------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6)
IDS = st.sampled_from([uuid.UUID(int=i * 7919, version=4).hex for i in range(1, 12)])
DAYS = st.dates().map(lambda d: d.isoformat())


def value_for(codec) -> st.SearchStrategy:
    if isinstance(codec, Language):
        typical = st.sampled_from(["nl", "pl", "ar", "tr-TR"])
    elif isinstance(codec, Number):
        typical = st.integers(-10**20, 10**20)
    elif isinstance(codec, Flag):
        typical = st.booleans()
    elif isinstance(codec, Day):
        typical = DAYS | st.none()
    elif isinstance(codec, Code):
        typical = st.sampled_from(codec.codes) | st.none()
    elif isinstance(codec, CodeSet):
        typical = st.lists(st.sampled_from(codec.codes), max_size=8)
    elif isinstance(codec, Ref):
        typical = IDS | st.none() | st.text(max_size=6)
    elif isinstance(codec, HexKey):
        typical = st.binary(min_size=32, max_size=32).map(bytes.hex) | st.none()
    elif isinstance(codec, ListOf):
        typical = st.lists(value_for(codec.item), max_size=4)
    elif isinstance(codec, Nested):
        one = record_of(codec.schema, top=False)
        typical = st.lists(one, max_size=3) if codec.many else one
    else:
        typical = st.text(max_size=30)
    return st.one_of(typical, typical, typical, JSON)


def record_of(schema, top: bool) -> st.SearchStrategy:
    fields = {name: value_for(codec) for name, _, codec in schema.fields}
    if schema.has_id:
        fields["id"] = IDS | st.text(max_size=4)
    if top:
        fields["v"] = st.just(1) | st.integers(0, 3) | JSON
    extra = st.dictionaries(st.text(min_size=1, max_size=6), JSON, max_size=2)

    def assemble(values, missing, more):
        record = {k: v for k, v in values.items() if k not in missing}
        return {**more, **record}

    return st.builds(assemble, st.fixed_dictionaries(fields),
                     st.sets(st.sampled_from(sorted(fields)), max_size=2), extra)


TABLES = st.fixed_dictionaries(
    {}, optional={name: st.lists(record_of(schema, top=True), max_size=3)
                  for name, schema in wire_schema.RECORDS.items()})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables=TABLES, language=st.sampled_from(["nl", "pl", ""]), version=st.integers(0, 2**40),
       household=IDS | st.text(min_size=1, max_size=5),
       goal_ids=st.none() | st.lists(IDS | st.text(max_size=4), max_size=3))
def test_any_tables_come_back_exactly(tables, language, version, household, goal_ids):
    scope = Scope(tuple(tables) or ("goals",), None if goal_ids is None else tuple(goal_ids))
    share = Share(household, version, language, scope, tables)
    # An id inside a value that travels as it is (owners [None, id]) stays whole: compare
    # both sides with every id cut short.
    length = encode_share(share)[9]
    assert as_received(through_the_wire(share), length) == as_received(share, length)


@settings(max_examples=300, deadline=None)
@given(wire=st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=4) | st.binary(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.integers(0, 12) | st.text(max_size=3), inner, max_size=5),
    max_leaves=20))
def test_any_map_decodes_or_raises_share_payload_error(wire):
    try:
        decode_share(wire)
    except SharePayloadError:
        pass


# --- the spec's schema table is the code's ---------------------------------------------------

def schema_rows() -> list[str]:
    """The schema as docs/bundle-format.md writes it, one table row per record type."""
    lists = {id(v): n.lower() for n, v in vars(wire_schema).items()
             if n.isupper() and isinstance(v, tuple)}
    nested = {id(wire_schema.SCORE): "score", id(wire_schema.GOAL_REVIEW): "review",
              id(wire_schema.GOAL_RESULT): "result", id(wire_schema.SATISFACTION): "satisfaction"}

    def note(codec) -> str:
        simple = {Language: "lang", Number: "int", Flag: "bool", Day: "day", Ref: "ref",
                  HexKey: "key"}
        if type(codec) in simple:
            return simple[type(codec)]
        if isinstance(codec, Code):
            default = "" if codec.default is None else f"={codec.default}"
            return f"code({lists[id(codec.codes)]}){default}"
        if isinstance(codec, CodeSet):
            return f"set({lists[id(codec.codes)]})"
        if isinstance(codec, ListOf):
            return f"[{note(codec.item)}]"
        if isinstance(codec, Nested):
            name = nested[id(codec.schema)]
            return f"[{name}]" if codec.many else name
        return "text"

    def row(label: str, schema) -> str:
        fields = ", ".join(f"{key} {name}: {note(codec)}" for name, key, codec in schema.fields)
        return f"| {label} | {fields} |"

    rows = [row(f"{wire_schema.TABLE_KEYS[t]} {t}", s) for t, s in wire_schema.RECORDS.items()]
    for schema, name in ((wire_schema.SCORE, "score"), (wire_schema.GOAL_REVIEW, "review"),
                         (wire_schema.GOAL_RESULT, "result"),
                         (wire_schema.SATISFACTION, "satisfaction")):
        rows.append(row(name + ("" if schema.has_id else " (no id)"), schema))
    return rows


def test_the_spec_lists_exactly_the_pinned_schema():
    spec = (Path(__file__).resolve().parents[1] / "docs" / "bundle-format.md").read_text()
    table = spec.split("<!-- schema table")[1].split("\n\n")[0].splitlines()[3:]
    assert table == schema_rows()


def test_the_spec_lists_the_pinned_codes_in_order():
    spec = " ".join((Path(__file__).resolve().parents[1] / "docs" / "bundle-format.md")
                    .read_text().split())
    for name, codes in vars(wire_schema).items():
        if name.isupper() and isinstance(codes, tuple):
            assert f"{name.lower()} `{' '.join(codes)}`" in spec


# --- short ids ------------------------------------------------------------------------------

def test_ids_travel_short_and_the_household_id_whole():
    tables = tables_of(DE_VRIES)
    share = build_share(tables, Scope.preset("current"), plan_version=1)
    wire = encode_share(share)
    assert wire[9] == 4  # four bytes tell the ~40 ids of a family's plan apart
    assert len(wire[7]) % 4 == 0 and wire[4] == bytes.fromhex(share.household_id)
    back = through_the_wire(share)
    assert back.household_id == share.household_id
    assert back.tables["household"][0]["id"] == share.household_id
    assert back.tables["goals"][0]["id"] == share.tables["goals"][0]["id"][:8]


def test_ids_that_share_their_first_bytes_travel_longer():
    household = "ab" * 16
    twins = ["0123456789" + tail for tail in ("aa" * 11, "bb" * 11)]
    goals = [{"id": twin, "text": "x"} for twin in twins]
    share = Share(household, 0, "nl", Scope(("goals",)), {"goals": goals})
    wire = encode_share(share)
    assert wire[9] == 6  # the twins differ from their sixth byte on
    assert [g["id"] for g in through_the_wire(share).tables["goals"]] == [
        twin[:12] for twin in twins]


def test_a_short_id_like_the_households_prefix_is_kept_apart():
    household = "cd" * 16
    lookalike = "cd" * 4 + "ef" * 12
    share = Share(household, 0, "nl", Scope(("goals",)), {"goals": [{"id": lookalike}]})
    assert encode_share(share)[9] == 5
    assert through_the_wire(share).tables["goals"][0]["id"] == lookalike[:10]


@pytest.mark.parametrize("length", [3, 17, "4", None])
def test_an_impossible_id_length_is_refused(length):
    share = build_share(tables_of(KOWALSKA), Scope.preset("goals"),
                        plan_version=1)
    wire = encode_share(share)
    wire[9] = length
    with pytest.raises(SharePayloadError):
        decode_share(wire)
