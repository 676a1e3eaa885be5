"""A family saves a backup on one phone and puts its plan back on a new one.

Instance A (the De Vries family, in Dutch) saves a backup through the browser's download,
choosing that it opens with their passphrase too; instance B starts fresh, in Arabic, and
its first start restores that file: a wrong code is refused on screen, the passphrase
shows the same plan. Locked with a PIN there, its backup screen says why a PIN cannot.
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
WRONG = ar("This recovery code or passphrase does not open this backup. Use the code on your "
           "paper, or the passphrase you had when the backup was made.")


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
    family.tap("Het bestand mag ook open met mijn wachtwoord", role="checkbox")
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
    phone.type_into(ar("Recovery code or passphrase"), "0000-0000-0000-0000-0000")
    phone.type_into(ar("New PIN or passphrase"), NEW_PIN)
    phone.type_into(ar("The same again"), NEW_PIN)
    phone.tap(ar("Put my plan back"))
    phone.see(WRONG, timeout=30_000)
    phone.screenshot("backup-wrong-code-ar")

    phone.replace_text(ar("Recovery code or passphrase"), FAMILY_SECRET)   # it opens with it too
    phone.tap(ar("Put my plan back"))                  # the new PIN is still typed in
    phone.see(ar("Write this code down"), timeout=30_000)
    phone.tap(ar("I have written down my recovery code"), role="checkbox")
    phone.tap(ar("Continue"))
    phone.see("Gezin De Vries - Yilmaz")                # the same plan, on the new phone
    phone.find(ar("No backup made yet"))                # its code is new: a new backup is due
    phone.screenshot("backup-restored-home-ar")
    phone.tap(ar("No backup made yet"))
    phone.see(ar("Never lose your plan"))
    phone.see(ar("A PIN is too short to protect a file; use the recovery code."))   # a PIN here
    expect(phone.shown(ar("It may also open with my passphrase"))).to_have_count(0)
    phone.screenshot("backup-save-ar")
    phone.tap(ar("Back"))
    phone.find(ar("No backup made yet"))                # back where it was opened: home
    phone.tap(ar("Our whole plan"))
    phone.find(ar("Save a backup"))
    phone.screenshot("backup-tile-ar")
    assert family.outside_requests() == [] and phone.outside_requests() == []
    expect(phone.shown(WRONG)).to_have_count(0)
