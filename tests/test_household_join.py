"""A second device joins the household: join code, reply, confirmation code, first sync."""

from __future__ import annotations

import shutil

import pytest

from family_app.household import household, household_sync, replica_store
from family_app.domain import Goal
from family_app.plan.plan_book import PlanBook
from sync.errors import NotForThisRecipient
from sync.frames import join_frames, split_frames
from sync.randomness import seeded

from tests.helpers.household import FakeTime, join, make_empty_family, open_family


@pytest.fixture(scope="module")
def empty_family_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("empty-family")
    make_empty_family(folder)
    return folder


def _empty_family(template, folder):
    shutil.copytree(template, folder)
    opened = open_family(folder)
    yield opened
    opened.lock()


@pytest.fixture
def laptop(empty_family_template, tmp_path):
    yield from _empty_family(empty_family_template, tmp_path / "laptop")


@pytest.fixture
def stranger(empty_family_template, tmp_path):
    """A third family device that has nothing to do with the De Vries household."""
    yield from _empty_family(empty_family_template, tmp_path / "stranger")


@pytest.fixture
def time():
    return FakeTime()


def test_one_device_keeps_no_stamps(de_vries, time):
    book = time.book(de_vries)
    goal = book.plan().goals[0]
    goal.text = "Minder ruzie"
    book.save("goals", goal)
    assert not replica_store.started(de_vries)
    assert len(de_vries.vault.table(replica_store.RECORDS_TABLE)) == 0


def test_both_screens_show_the_same_code(de_vries, laptop, time):
    phone, book = time.book(de_vries), time.book(laptop)
    offer = household.join_offer(phone, "Telefoon Sanne", now=time.utc(), rng=seeded("o"))
    frames = split_frames(offer)
    assert len(frames) == 1
    read = household.read_join_offer(join_frames(frames), now=time.utc())
    assert read.identity.name == "Telefoon Sanne"
    assert read.household == phone.plan().household.id
    reply = household.join_reply(book, read, "Laptop", now=time.utc(), rng=seeded("r"))
    code, device = household.accept_join(phone, reply.bundle, now=time.utc())
    assert code == reply.code
    assert len(code) == 7 and code[3] == " " and code.replace(" ", "").isdigit()
    assert device.name == "Laptop" and reply.device.name == "Telefoon Sanne"
    assert household.paired_devices(phone) == []  # nothing kept before the family confirms


def test_a_substituted_code_shows_different_digits(de_vries, laptop, stranger, time):
    """Someone shows the laptop their own join code: the two screens disagree."""
    phone, book = time.book(de_vries), time.book(laptop)
    fake = household.join_offer(time.book(stranger), "Telefoon Sanne",
                                now=time.utc())
    reply = household.join_reply(book, household.read_join_offer(fake, now=time.utc()), "Laptop",
                                 now=time.utc())
    real = household.confirmation_code(household.me(phone).public(), household.me(book).public())
    assert reply.code != real


def test_the_joined_device_shows_the_same_plan(de_vries, laptop, time):
    phone, book = time.book(de_vries), time.book(laptop)
    own_household = book.plan().household.id
    join(phone, book, time)
    assert book.plan() == phone.plan()
    assert book.plan().household.id == phone.plan().household.id != own_household
    assert [d.name for d in household.paired_devices(phone)] == ["Laptop"]
    [on_laptop] = household.paired_devices(book)
    assert on_laptop.name == "Telefoon Sanne"
    assert on_laptop.fingerprint == household.me(phone).public().fingerprint()
    assert on_laptop.last_exchange == time.utc().date()
    # Emre made the laptop's plan; he still writes there, as the household's Emre.
    assert book.writer() == "Emre Yilmaz" and phone.writer() == "Sanne de Vries"


def test_the_joined_device_keeps_stamping_its_edits(de_vries, laptop, time):
    pair = join(time.book(de_vries), time.book(laptop), time)
    goal = pair.laptop.plan().goals[0]
    goal.text = "Samen eten zonder telefoons"
    pair.laptop.save("goals", goal)
    pair.laptop.save("goals", Goal(owners=goal.owners, text="Elke week naar de sportclub"))
    result = pair.laptop_to_phone()
    assert result.changed == 2 and result.conflicts == 0
    assert pair.phone.plan() == pair.laptop.plan()


def test_a_failed_save_leaves_no_stamp(de_vries, laptop, time):
    pair = join(time.book(de_vries), time.book(laptop), time)
    before = pair.phone.vault.read_all()[replica_store.RECORDS_TABLE]
    goal = pair.phone.plan().goals[0]
    goal.owners = ["nobody"]
    with pytest.raises(Exception):
        pair.phone.save("goals", goal)
    assert pair.phone.vault.read_all()[replica_store.RECORDS_TABLE] == before


def test_a_reply_for_another_device_is_refused(de_vries, laptop, stranger, time):
    phone, book = time.book(de_vries), time.book(laptop)
    household.join_offer(phone, "Telefoon Sanne", now=time.utc())
    other = household.join_offer(time.book(stranger), "Oma's tablet", now=time.utc())
    reply = household.join_reply(book, household.read_join_offer(other, now=time.utc()), "Laptop",
                                 now=time.utc())
    with pytest.raises(NotForThisRecipient):
        household.accept_join(phone, reply.bundle, now=time.utc())


def test_a_reply_to_an_older_join_code_is_refused(de_vries, laptop, time):
    phone, book = time.book(de_vries), time.book(laptop)
    old = household.join_offer(phone, "Telefoon Sanne", now=time.utc())
    household.join_offer(phone, "Telefoon Sanne", now=time.utc())  # a new code replaces it
    reply = household.join_reply(book, household.read_join_offer(old, now=time.utc()), "Laptop",
                                 now=time.utc())
    with pytest.raises(household.JoinCodeOutdated):
        household.accept_join(phone, reply.bundle, now=time.utc())


def test_a_sync_bundle_is_no_join_reply_and_an_identity_no_offer(de_vries, laptop, time):
    pair = join(time.book(de_vries), time.book(laptop), time)
    bundle = household_sync.make_sync(pair.laptop, pair.phone_on_laptop(), now=time.utc())
    with pytest.raises(household.NotAJoinReply):
        household.accept_join(pair.phone, bundle, now=time.utc())
    from sync.bundle import seal
    identity = seal("identity", {}, household.me(pair.phone), expires=time.utc().replace(year=2027),
                    now=time.utc())
    with pytest.raises(household.NotAJoinCode):
        household.read_join_offer(identity, now=time.utc())


def test_only_an_empty_plan_can_join(de_vries, laptop, time):
    phone, book = time.book(de_vries), time.book(laptop)
    offer = household.read_join_offer(household.join_offer(phone, "Telefoon", now=time.utc()),
                                      now=time.utc())
    book.save("goals", Goal(owners=[book.plan().members[0].id], text="Eigen doel"))
    with pytest.raises(household.PlanNotEmpty):
        household.join_reply(book, offer, "Laptop", now=time.utc())
    with pytest.raises(household.PlanNotEmpty):  # nor the first device itself
        household.join_reply(phone, offer, "Telefoon", now=time.utc())


def test_a_joined_device_cannot_offer_before_its_first_sync(de_vries, laptop, time):
    phone, book = time.book(de_vries), time.book(laptop)
    offer = household.read_join_offer(household.join_offer(phone, "Telefoon", now=time.utc()),
                                      now=time.utc())
    reply = household.join_reply(book, offer, "Laptop", now=time.utc())
    household.confirm_join(book, reply.device, now=time.utc())
    with pytest.raises(household.FirstSyncPending):
        household.join_offer(book, "Laptop", now=time.utc())
    with pytest.raises(household.FirstSyncPending):
        household_sync.make_sync(book, reply.device, now=time.utc())
    with pytest.raises(household.AlreadyInHousehold):
        household.join_reply(book, offer, "Laptop", now=time.utc())


def test_the_device_name_is_required(de_vries, time):
    from family_app.domain import ValidationError
    with pytest.raises(ValidationError):
        household.join_offer(time.book(de_vries), "  ", now=time.utc())


def test_the_code_is_the_same_whichever_device_computes_it(de_vries, laptop):
    a = household.me(PlanBook(de_vries)).public()
    b = household.me(PlanBook(laptop)).public()
    assert household.confirmation_code(a, b) == household.confirmation_code(b, a)


def test_a_join_code_or_reply_that_breaks_the_spec_is_refused(de_vries, laptop, time):
    """Genuine codes from the devices' own keys, with payloads docs/bundle-format.md refuses
    (a node id is 1-64 letters, digits or underscores; a token is 16 bytes)."""
    from sync.bundle import seal
    phone, book = time.book(de_vries), time.book(laptop)
    offer = household.read_join_offer(household.join_offer(phone, "Telefoon Sanne", now=time.utc()),
                                      now=time.utc())
    later = time.utc().replace(year=2027)
    for broken in ({household.NODE: "Sanne's phone"}, {household.TOKEN: offer.token.hex()}):
        code = seal("identity", {household.HOUSEHOLD: offer.household, household.TOKEN: offer.token,
                                 household.NODE: offer.node, **broken},
                    household.me(phone), expires=later, now=time.utc())
        with pytest.raises(household.BadHouseholdCode) as refused:
            household.read_join_offer(code, now=time.utc())
        assert refused.value.outcome == "payload-failure" and refused.value.problem
    reply = seal("sync", {household.HOUSEHOLD: offer.household, household.TOKEN: offer.token,
                          household.NODE: "laptop van Emre"}, household.me(book),
                 to=offer.identity, expires=later, now=time.utc())
    with pytest.raises(household.BadHouseholdCode):
        household.accept_join(phone, reply, now=time.utc())
    assert household.paired_devices(phone) == []
