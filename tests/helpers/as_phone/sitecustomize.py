"""Test only: an app server started with this folder on PYTHONPATH asks for the camera as
the app on a phone does (tests/e2e/test_phone_life.py). The browser then answers Flet's
permission handler, which the prebuilt web client carries too; everything else stays as in
a browser (no screen brightness)."""
from family_app.sharing import camera_permission

camera_permission.asks_first = lambda page: True
