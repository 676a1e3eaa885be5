"""Shared fixtures: a device with the De Vries family, made once and copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.data import BEGELEIDER_SECRET, DE_VRIES, FAMILY_SECRET, YOUTH_SECRET
from tests.helpers.kdf import TEST_KDF, kdf_cost, real_cost

E2E = Path(__file__).parent / "e2e"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "real_scrypt: vaults made in this test use the real scrypt cost")


@pytest.fixture(scope="session", autouse=True)
def scrypt_at_test_cost():
    """The test process's own vaults at a test cost (tests/helpers/kdf.py says why)."""
    with kdf_cost(TEST_KDF):
        yield


@pytest.fixture(autouse=True)
def real_scrypt_where_it_counts(request, scrypt_at_test_cost):
    if request.node.get_closest_marker("real_scrypt") or E2E in request.node.path.parents:
        with real_cost():
            yield
    else:
        yield


@pytest.fixture(scope="session")
def de_vries_device_template(tmp_path_factory):
    from family_app.profiles.demo import create_demo
    from family_app.profiles.device import Device
    folder = tmp_path_factory.mktemp("de-vries-template")
    create_demo(Device(folder), DE_VRIES, FAMILY_SECRET, YOUTH_SECRET)
    return folder


@pytest.fixture
def de_vries(de_vries_device_template, tmp_path):
    """The De Vries family's profile, unlocked, on a device of its own."""
    from family_app.profiles.device import Device
    from family_app.profiles.unlocking import unlock
    folder = tmp_path / "device"
    shutil.copytree(de_vries_device_template, folder)
    device = Device(folder)
    opened = unlock(device, device.profile("family"), FAMILY_SECRET)
    yield opened
    opened.lock()


@pytest.fixture(scope="session")
def begeleider_template(tmp_path_factory):
    """A begeleider's workspace (Fatima, Wijkteam Apeldoorn-Zuid) with its keys, made once."""
    from family_app.profiles.device import Device
    from family_app.profiles.onboarding import (BEGELEIDER_LABEL, create_with_tables,
                                                workspace_from_form)
    from family_app.profiles.open_profile import WORKSPACE_TABLE
    folder = tmp_path_factory.mktemp("begeleider-template")
    me = workspace_from_form("Fatima El Amrani", "Wijkteam Apeldoorn-Zuid")
    opened, _ = create_with_tables(Device(folder), "begeleider", BEGELEIDER_LABEL,
                                   BEGELEIDER_SECRET, {WORKSPACE_TABLE: [me.to_dict()]}, "nl")
    opened.identity(me.name, me.organisation)
    opened.lock()
    return folder


@pytest.fixture
def begeleider(begeleider_template, tmp_path):
    """That begeleider's profile, unlocked, on a device of its own."""
    from family_app.profiles.device import Device
    from family_app.profiles.onboarding import BEGELEIDER_LABEL
    from family_app.profiles.unlocking import unlock
    folder = tmp_path / "begeleider"
    shutil.copytree(begeleider_template, folder)
    device = Device(folder)
    opened = unlock(device, device.profile(BEGELEIDER_LABEL), BEGELEIDER_SECRET)
    yield opened
    opened.lock()


@pytest.fixture
def device(de_vries_device_template, tmp_path):
    """The De Vries device: the family's profile and Daan's own, both locked."""
    from family_app.profiles.device import Device
    folder = tmp_path / "device"
    shutil.copytree(de_vries_device_template, folder)
    return Device(folder)


@pytest.fixture
def daan(device):
    """Daan's own plan, unlocked with his own secret."""
    from family_app.profiles.unlocking import unlock
    from family_app.youth.youth_book import YouthBook
    profile = next(p for p in device.profiles() if p.kind == "youth")
    opened = unlock(device, profile, YOUTH_SECRET)
    yield YouthBook(opened)
    opened.lock()


@pytest.fixture
def family(device):
    """The family's plan on the same device as Daan's."""
    from family_app.plan.plan_book import PlanBook
    from family_app.profiles.unlocking import unlock
    opened = unlock(device, device.profile("family"), FAMILY_SECRET)
    yield PlanBook(opened)
    opened.lock()
