"""Accounts and roles: public viewer (no account), editor (presidium), administrator.

Passwords are stored as scrypt hashes (``hashlib.scrypt``, n=2**17, r=8, p=1 as the OWASP
Password Storage Cheat Sheet advises, 16-byte random salt per user); hashes made with older
parameters still verify and are replaced at the next successful login. No password or
secret is ever kept in the repository. Accounts are made by the administrator with
``transitieatlas users add NAME --role editor``.

Login failures take the same time whether the name is unknown, blocked or the password
wrong (always exactly one scrypt with the current parameters), and are rate-limited per
name and per client in the database (:mod:`transitieatlas.accounts.throttle`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from transitieatlas.db import maybe_session
from transitieatlas.db.models import User, utcnow
from transitieatlas.errors import InputError, NotInStore, PermissionDenied

ROLES: tuple[str, ...] = ("viewer", "editor", "admin")
"""Roles from least to most rights."""

ROLE_LABELS = {"viewer": "kijker", "editor": "redacteur", "admin": "beheerder"}
MIN_PASSWORD_LENGTH = 8
_SCRYPT = {"n": 2**17, "r": 8, "p": 1}
_MAXMEM = 256 * 1024 * 1024
"""scrypt needs 128 * r * n bytes (128 MiB at n=2**17); hashlib's default cap is 32 MiB."""
_MAX_N = 2**20
_dummy_hash: str | None = None


class LoginThrottled(InputError):
    """Too many failed logins for this name or client; the message says how long to wait."""


@dataclass(frozen=True)
class UserInfo:
    """Who is acting: ``name`` is recorded in the history; ``id`` None for the CLI/public."""

    name: str
    role: str
    id: int | None = None

    def at_least(self, role: str) -> bool:
        """True when this user's role is ``role`` or higher."""
        return ROLES.index(self.role) >= ROLES.index(role)


PUBLIC = UserInfo(name="publiek", role="viewer")
"""The anonymous visitor of the public map."""


def has_role(user: UserInfo | None, role: str) -> bool:
    """True when ``user`` (None = public viewer) has ``role`` or a higher one."""
    return (user or PUBLIC).at_least(role)


def require_role(user: UserInfo | None, role: str, action: str = "dit doen") -> UserInfo:
    """Return the user, or raise PermissionDenied when the role is too low."""
    if not has_role(user, role):
        raise PermissionDenied(
            f"U mag {action} niet: daarvoor moet u zijn ingelogd als {ROLE_LABELS[role]}."
        )
    return user or PUBLIC


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64) for ``password`` with a fresh 16-byte salt."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, dklen=32, maxmem=_MAXMEM, **_SCRYPT
    )
    b64 = base64.b64encode
    return "scrypt${n}${r}${p}$".format(**_SCRYPT) + f"{b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when ``password`` matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt_b64, hash_b64 = (stored or "").split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(hash_b64)
        if not 2 <= int(n) <= _MAX_N:
            return False
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt_b64),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=_MAXMEM,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InputError(f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.")


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"Onbekende rol '{role}': kies uit {', '.join(ROLES)}.")
    return role


def add_user(name: str, role: str, password: str, session: Session | None = None) -> UserInfo:
    """Create an account; InputError (Dutch) for an empty/taken name, bad role, short password."""
    clean = (name or "").strip()
    problems = []
    if not clean:
        problems.append("de naam is leeg")
    if role not in ROLES:
        problems.append(f"onbekende rol '{role}': kies uit {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems.append(f"het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn")
    if problems:
        raise InputError("Het account kan niet worden aangemaakt:", problems)
    with maybe_session(session) as s:
        if s.scalars(select(User).where(User.name == clean)).first() is not None:
            raise InputError(f"Er bestaat al een account met de naam '{clean}'.")
        user = User(name=clean, role=role, password_hash=hash_password(password), active=True)
        user.created_at = utcnow()
        s.add(user)
        s.flush()
        return UserInfo(name=user.name, role=user.role, id=user.id)


def _get(s: Session, name: str) -> User:
    user = s.scalars(select(User).where(User.name == (name or "").strip())).first()
    if user is None:
        raise NotInStore(f"Er is geen account met de naam '{name}'.")
    return user


def needs_rehash(stored: str | None) -> bool:
    """True when ``stored`` was made with other scrypt parameters than the current ones."""
    return not (stored or "").startswith("scrypt${n}${r}${p}$".format(**_SCRYPT))


def _dummy() -> str:
    """A hash with the current parameters, verified against for unknown or blocked names."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password(os.urandom(16).hex())
    return _dummy_hash


def _throttle_keys(name: str, client: str) -> list[tuple[str, str]]:
    keys = [("login-name", name.casefold()[:200])]
    if client:
        keys.append(("login-client", client[:200]))
    return keys


def authenticate(
    name: str, password: str, client: str = "", session: Session | None = None
) -> UserInfo | None:
    """The user when name and password match an active account, else None.

    Every failure costs the same (one scrypt with current parameters) and is counted per
    name and per ``client`` (e.g. the browser's IP address); past the limits in
    :data:`throttle.LIMITS` this raises :class:`LoginThrottled` without checking the password.
    A hash with old parameters is replaced by a current one on success.
    """
    from transitieatlas.accounts import throttle

    clean = (name or "").strip()
    keys = _throttle_keys(clean, client)
    wait = max(throttle.wait_seconds(kind, who) for kind, who in keys)
    if wait:
        raise LoginThrottled(
            "Te veel mislukte pogingen om in te loggen. "
            f"Probeer het over {throttle.minutes_text(wait)} opnieuw."
        )
    with maybe_session(session) as s:
        user = s.scalars(select(User).where(User.name == clean)).first()
        usable = user is not None and user.active and bool(user.password_hash)
        stored = user.password_hash if usable and user is not None else None
        ok = verify_password(password or "", stored if stored else _dummy())
        if usable and ok and user is not None:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            found = UserInfo(name=user.name, role=user.role, id=user.id)
        else:
            found = None
    if found is None:
        for kind, who in keys:
            throttle.hit(kind, who)
    else:
        throttle.clear("login-name", keys[0][1])
    return found


def refresh(user: UserInfo | None, session: Session | None = None) -> UserInfo | None:
    """The account as it is now (current role), or None when it is gone or blocked.

    Pages call this on every rerun, so a blocked or demoted user loses rights at once.
    """
    if user is None:
        return None
    with maybe_session(session) as s:
        query = select(User).where(
            User.id == user.id if user.id is not None else User.name == user.name
        )
        row = s.scalars(query).first()
        if row is None or not row.active or row.role not in ROLES:
            return None
        return UserInfo(name=row.name, role=row.role, id=row.id)


def set_password(name: str, password: str, session: Session | None = None) -> None:
    """Give an account a new password (also after a restore, which carries no hashes)."""
    _check_password(password)
    with maybe_session(session) as s:
        _get(s, name).password_hash = hash_password(password)


def set_role(name: str, role: str, session: Session | None = None) -> None:
    """Change an account's role."""
    _check_role(role)
    with maybe_session(session) as s:
        _get(s, name).role = role


def set_active(name: str, active: bool, session: Session | None = None) -> None:
    """Block (False) or unblock (True) an account; a blocked account cannot log in."""
    with maybe_session(session) as s:
        _get(s, name).active = active


def list_users(session: Session | None = None) -> list[dict[str, Any]]:
    """Accounts without password hashes: ``name, role, active, created_at, has_password``."""
    with maybe_session(session) as s:
        return [
            {
                "name": u.name,
                "role": u.role,
                "active": u.active,
                "created_at": u.created_at.isoformat(),
                "has_password": bool(u.password_hash),
            }
            for u in s.scalars(select(User).order_by(User.name))
        ]
