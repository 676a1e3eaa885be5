"""A family saves a backup on one phone and puts its plan back on a new one.

Instance A (the De Vries family, in Dutch) saves a backup through the browser's download;
instance B starts fresh, in Arabic, and its first start restores that file with the
recovery code: a wrong code is refused on screen, the right one shows the same plan.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from i18n import translator
from tests.helpers.browser import AppServer
from tests.helpers.data import FAMILY_SECRET

ar = translator("ar").gettext
nl = translator("nl").gettext
NEW_PIN = "492751"


@pytest.fixture
def new_phone_server(tmp_path):
    """A second instance on an empty data folder of its own (demo_server has "data")."""
    app = AppServer(tmp_path / "new-phone", wait=False)
    yield app
    app.stop()


def test_a_backup_saved_on_one_phone_puts_the_plan_back_on_a_new_one(
        phones, demo_server, new_phone_server, tmp_path):
    family = phones.open(demo_server)
    family.open()
    family.tap("Ons gezin")
    family.open_with(FAMILY_SECRET, "Gezin De Vries - Yilmaz")
    family.find("Nog geen back-up gemaakt")          # home's quiet line: none yet
    family.tap("Ons hele plan")
    family.tap("Back-up maken")                        # the tile
    family.see("Raak je plan nooit kwijt")
    with family.page.expect_download() as saving:
        family.tap("Back-up maken", exact=True)        # the button on the backup screen
    assert saving.value.suggested_filename.endswith(".onsplan-backup")
    backup = tmp_path / saving.value.suggested_filename
    saving.value.save_as(backup)
    assert backup.read_bytes().startswith(b"ONSPLAN-BACKUP\n")
    family.see("Bewaard. Zet het bestand op een computer, een USB-stick of in je cloud: "
               "niet alleen op deze telefoon.")
    family.see("Laatste back-up:", timeout=5_000)
    family.screenshot("backup-save-nl")
    family.tap("Terug")
    family.see("Een bestand om veilig te bewaren")   # the tile in "Ons hele plan"
    family.screenshot("backup-tile-nl")
    family.tap("Terug")
    family.find("Laatste back-up:")                  # home's quiet line says when
    family.screenshot("backup-home-nl")

    phone = phones.open(new_phone_server)   # a new phone: nothing on it yet
    phone.open()
    phone.tap("Nederlands")
    phone.tap("Ik heb een back-up")                   # the first start offers it
    phone.see("Zet je plan terug")
    phone.screenshot("backup-restore-nl")
    phone.tap("Terug")
    phone.see(nl("Welcome to Ons Plan"))
    phone.tap("Terug")                                # to the languages, as a person would
    phone.see(nl("Choose your language"))
    phone.tap("العربية")
    phone.see(ar("I have a backup"))
    phone.screenshot("backup-welcome-ar")
    phone.tap(ar("I have a backup"))
    phone.see(ar("Put your plan back"))
    with phone.page.expect_file_chooser() as chooser:
        phone.tap(ar("Choose the backup file"))
    chooser.value.set_files(str(backup))
    phone.see(backup.name)
    phone.type_into(ar("Recovery code"), "0000-0000-0000-0000-0000")
    phone.type_into(ar("New PIN or passphrase"), NEW_PIN)
    phone.type_into(ar("The same again"), NEW_PIN)
    phone.tap(ar("Put my plan back"))
    phone.see(ar("This recovery code does not open this backup. Check the code on your paper: "
                 "it is the code of the plan when the backup was made."), timeout=30_000)
    phone.screenshot("backup-wrong-code-ar")

    phone.replace_text(ar("Recovery code"), demo_server.recovery_codes["family"])
    phone.tap(ar("Put my plan back"))                  # the new PIN is still typed in
    phone.see(ar("Write this code down"), timeout=30_000)
    phone.tap(ar("I have written down my recovery code"), role="checkbox")
    phone.tap(ar("Continue"))
    phone.see("Gezin De Vries - Yilmaz")                # the same plan, on the new phone
    phone.find(ar("No backup made yet"))                # its code is new: a new backup is due
    phone.screenshot("backup-restored-home-ar")
    phone.tap(ar("No backup made yet"))
    phone.see(ar("Never lose your plan"))
    phone.screenshot("backup-save-ar")
    phone.tap(ar("Back"))
    phone.find(ar("No backup made yet"))                # back where it was opened: home
    phone.tap(ar("Our whole plan"))
    phone.find(ar("Save a backup"))
    phone.screenshot("backup-tile-ar")
    assert family.outside_requests() == [] and phone.outside_requests() == []
    expect(phone.shown(ar("This recovery code does not open this backup. Check the code on "
                          "your paper: it is the code of the plan when the backup was made."))
           ).to_have_count(0)
