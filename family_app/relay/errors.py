"""Why the relay folder could not be used: one class per thing the family can act on.

The folder only ever holds bundles sealed for their recipients, so none of these is about
the plan: each says what went wrong on the way, and every edit stays on the device until
the next "Sync now" gets through (docs/relay.md).
"""

from __future__ import annotations

from i18n.problems import N_, Problem


class RelayError(Problem):
    default_problem = N_("The shared folder could not be reached. Your changes stay on this "
                         "device; try again later.")


class FileGone(RelayError):
    """A file listed a moment ago is not there any more (cleaned up, or deleted by someone):
    never shown, the sync passes it by."""


class FileTooLarge(RelayError):
    """A file larger than any bundle can be (webdav_folder.MAX_FILE): never read whole,
    the sync passes it by and counts it as a file it could not use."""


class RelayUnreachable(RelayError):
    default_problem = N_("The server of your shared folder cannot be reached. Check the "
                         "internet connection and the address. Your changes stay on this "
                         "device until the next sync.")


class RelayTimeout(RelayError):
    default_problem = N_("The server of your shared folder took too long to answer. Your "
                         "changes stay on this device; try again later.")


class RelayFull(RelayError):
    default_problem = N_("Your shared folder is full. Make room on the server (for example "
                         "in Nextcloud), then sync again. Your changes stay on this device.")


class RelayPasswordWrong(RelayError):
    default_problem = N_("The server did not accept the user name or app password. Was the "
                         "password changed? Connect the folder again with the new one.")


class RelayFolderMissing(RelayError):
    default_problem = N_("This folder does not exist on the server. Check the address, or "
                         "make the folder first (for example in Nextcloud).")


class RelayAddressWrong(RelayError):
    default_problem = N_("This is not a web address of a folder. It starts with https://, "
                         "for example https://cloud.example.nl/remote.php/dav/files/name/OnsPlan/")

