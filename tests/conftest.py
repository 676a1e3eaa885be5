"""Shared fixtures: a device with the De Vries family, made once and copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
FAMILY_SECRET = "kaars-appel-fiets"
YOUTH_SECRET = "mijn-eigen-plan"


@pytest.fixture(scope="session")
def de_vries_device_template(tmp_path_factory):
    from family_app.demo import create_demo
    from family_app.device import Device
    folder = tmp_path_factory.mktemp("de-vries-template")
    create_demo(Device(folder), FIXTURES / "scenario-de-vries.json", FAMILY_SECRET, YOUTH_SECRET)
    return folder


@pytest.fixture
def de_vries(de_vries_device_template, tmp_path):
    """The De Vries family's profile, unlocked, on a device of its own."""
    from family_app.device import Device
    from family_app.unlocking import unlock
    folder = tmp_path / "device"
    shutil.copytree(de_vries_device_template, folder)
    device = Device(folder)
    opened = unlock(device, device.profile("family"), FAMILY_SECRET)
    yield opened
    opened.lock()
