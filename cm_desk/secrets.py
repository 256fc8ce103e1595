"""Secrets live in the OS keyring, and only there (service ``cm-desk``).

Nothing here ever puts a secret into an exception, a log line or a return
value other than :func:`get_password`'s. Keyring failures become
:class:`SecretsError` with a sentence a user can act on.
"""

from __future__ import annotations

import functools
import sys
from types import ModuleType

from cm_desk.domain.sentence import Sentence

SERVICE = "cm-desk"

_HOW_TO_GET_ONE = Sentence(
    "cm-desk keeps passwords only in the system keyring, and none is available. "
    "On Linux install and unlock one (GNOME: 'apt install gnome-keyring', KDE: KWallet) "
    "and log in again; on macOS and Windows the system keychain is used automatically."
)


class SecretsError(Exception):
    """The keyring could not be used; the message says why and what to do."""


class NoKeyringError(SecretsError):
    """No usable keyring backend on this machine."""


def _key(account: str) -> str:
    return f"account:{account}"


def _fast_backend() -> object | None:
    """The Secret Service backend on Linux when nothing else is configured.

    keyring's own detection imports every installed backend through package
    metadata (0.1 s, most of a no-change ``cm-desk sync``); the user's choice
    in PYTHON_KEYRING_BACKEND or keyringrc.cfg still wins.
    """
    if not sys.platform.startswith("linux"):
        return None
    import keyring.core

    configured = keyring.core.load_env() or keyring.core.load_config()
    if configured is not None:
        return configured
    try:
        from keyring.backends import SecretService

        backend = SecretService.Keyring()  # type: ignore[no-untyped-call]
        return backend if backend.priority > 0 else None
    except Exception:  # not viable here: let keyring's detection decide
        return None


@functools.cache
def _choose_backend() -> None:
    """Once per process: the fast Secret Service choice, when it applies."""
    import keyring

    fast = _fast_backend()
    if fast is not None:
        keyring.set_keyring(fast)  # type: ignore[arg-type]


def _keyring() -> ModuleType:
    """The keyring module, once we know a real backend is behind it."""
    import keyring
    from keyring.backends import fail

    _choose_backend()
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        raise NoKeyringError(_HOW_TO_GET_ONE)
    return keyring


def _failure(action: Sentence, exc: Exception) -> SecretsError:
    # The keyring's own message may be long or technical; never our secret.
    detail = type(exc).__name__
    if "locked" in str(exc).lower() or "Locked" in detail:
        return SecretsError(
            Sentence(
                "could not {action}: the keyring is locked; unlock it and try again", action=action
            )
        )
    if "dbus" in str(exc).lower() or "DBus" in detail:
        return NoKeyringError(_HOW_TO_GET_ONE)
    return SecretsError(
        Sentence(
            "could not {action} in the system keyring ({detail})", action=action, detail=detail
        )
    )


def store_password(account: str, password: str) -> None:
    """Keep ``password`` for ``account`` in the keyring (replacing any old one)."""
    keyring = _keyring()
    try:
        keyring.set_password(SERVICE, _key(account), password)
    except Exception as exc:
        raise _failure(Sentence("store the password"), exc) from None


def get_password(account: str) -> str | None:
    """The password kept for ``account``, or None if there is none."""
    keyring = _keyring()
    try:
        value = keyring.get_password(SERVICE, _key(account))
    except Exception as exc:
        raise _failure(Sentence("read the password"), exc) from None
    return value if isinstance(value, str) else None


def delete_password(account: str) -> bool:
    """Forget ``account``'s password; False when there was none."""
    keyring = _keyring()
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, _key(account))
    except PasswordDeleteError:
        return False
    except Exception as exc:
        raise _failure(Sentence("delete the password"), exc) from None
    return True
