"""Tests of accounts, roles and password hashing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import PermissionDenied, UserInfo
from transitieatlas.db.models import RateLimit
from transitieatlas.errors import InputError, NotInStore


@pytest.fixture(autouse=True)
def _dispose():
    yield
    db.dispose_all()


@pytest.mark.real_scrypt
def test_hash_has_per_call_salt_and_verifies():
    first, second = auth.hash_password("geheim123"), auth.hash_password("geheim123")
    assert first != second  # different salts
    assert first.startswith("scrypt$131072$8$1$")  # OWASP: N=2^17, r=8, p=1
    assert "geheim123" not in first
    assert auth.verify_password("geheim123", first) and auth.verify_password("geheim123", second)
    assert not auth.verify_password("geheim124", first)
    assert not auth.verify_password("geheim123", "pbkdf2$onzin")
    assert not auth.verify_password("geheim123", None)


def test_hash_is_deterministic_for_a_given_salt():
    salt = bytes(range(16))
    assert auth.hash_password("x" * 8, salt) == auth.hash_password("x" * 8, salt)


def test_add_user_and_authenticate():
    anna = auth.add_user(" anna ", "editor", "lang genoeg")
    assert anna == UserInfo("anna", "editor", anna.id)
    assert auth.authenticate("anna", "lang genoeg") == anna
    assert auth.authenticate("anna", "fout wachtwoord") is None
    assert auth.authenticate("niemand", "lang genoeg") is None
    auth.set_active("anna", False)
    assert auth.authenticate("anna", "lang genoeg") is None
    auth.set_active("anna", True)
    auth.set_role("anna", "admin")
    assert auth.authenticate("anna", "lang genoeg").role == "admin"
    users = auth.list_users()
    assert users == [
        {**users[0], "name": "anna", "role": "admin", "active": True, "has_password": True}
    ]
    assert not any("hash" in key and key != "has_password" for key in users[0])


def test_add_user_problems_listed_together_and_duplicates_refused():
    with pytest.raises(InputError) as err:
        auth.add_user("", "baas", "kort")
    assert len(err.value.problems) == 3
    auth.add_user("bob", "editor", "12345678")
    with pytest.raises(InputError, match="bestaat al"):
        auth.add_user("bob", "admin", "12345678")
    with pytest.raises(NotInStore):
        auth.set_password("carla", "12345678")
    with pytest.raises(InputError):
        auth.set_password("bob", "kort")


def test_roles_order():
    assert auth.has_role(UserInfo("a", "admin"), "editor")
    assert auth.has_role(UserInfo("e", "editor"), "editor")
    assert not auth.has_role(UserInfo("v", "viewer"), "editor")
    assert not auth.has_role(None, "editor")
    assert auth.has_role(None, "viewer")
    with pytest.raises(PermissionDenied, match="redacteur"):
        auth.require_role(None, "editor", "actoren bewerken")


def _old_hash(password: str) -> str:
    """A hash as the tool made them before N=2^17 (N=2^14), built by hand."""
    import base64
    import hashlib

    salt = bytes(range(16))
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


@pytest.mark.real_scrypt
def test_old_hashes_still_verify_and_are_rehashed_at_login():
    from sqlalchemy import select

    from transitieatlas.db.models import User

    auth.add_user("oud", "editor", "een oud wachtwoord")
    with db.session_scope() as s:
        s.scalars(select(User)).one().password_hash = _old_hash("een oud wachtwoord")
    assert auth.needs_rehash(_old_hash("x"))
    assert auth.authenticate("oud", "fout wachtwoord") is None
    with db.session_scope() as s:
        assert s.scalars(select(User)).one().password_hash.startswith("scrypt$16384$")
    assert auth.authenticate("oud", "een oud wachtwoord").name == "oud"
    with db.session_scope() as s:
        stored = s.scalars(select(User)).one().password_hash
    assert stored.startswith("scrypt$131072$8$1$") and not auth.needs_rehash(stored)
    assert auth.authenticate("oud", "een oud wachtwoord").name == "oud"


def test_login_failures_take_equal_time_for_unknown_blocked_and_wrong():
    import statistics
    import time

    auth.add_user("echt", "editor", "het goede wachtwoord")
    auth.add_user("weg", "editor", "het goede wachtwoord")
    auth.set_active("weg", False)
    auth.authenticate("niemand", "x")  # warm up: the dummy hash is made once

    def median_ms(name: str) -> float:
        times = []
        for i in range(5):
            start = time.perf_counter()
            assert auth.authenticate(name, f"fout {i}", client=f"c-{name}-{i}") is None
            times.append(time.perf_counter() - start)
        with db.session_scope() as s:  # keep the per-name limit out of the measurement
            s.execute(delete(RateLimit))
        return statistics.median(times) * 1000

    wrong, unknown, blocked = median_ms("echt"), median_ms("niemand"), median_ms("weg")
    # before: unknown/blocked took twice as long as a wrong password (two scrypt runs)
    assert 0.6 < unknown / wrong < 1.6, (wrong, unknown, blocked)
    assert 0.6 < blocked / wrong < 1.6, (wrong, unknown, blocked)


def test_failed_logins_are_limited_per_name_and_per_client():
    auth.add_user("anna", "editor", "het goede wachtwoord")
    for _ in range(5):
        assert auth.authenticate("anna", "fout", client="10.0.0.1") is None
    with pytest.raises(auth.LoginThrottled, match="Probeer het over 15 minuten opnieuw"):
        auth.authenticate("Anna ", "het goede wachtwoord", client="10.0.0.2")
    # a different name from the same client is not blocked yet ...
    auth.add_user("bob", "editor", "het goede wachtwoord")
    assert auth.authenticate("bob", "het goede wachtwoord", client="10.0.0.1").name == "bob"
    # ... until that client made 20 failures, whatever the names
    for i in range(15):
        assert auth.authenticate(f"gok{i}", "fout", client="10.0.0.1") is None
    with pytest.raises(auth.LoginThrottled):
        auth.authenticate("bob", "het goede wachtwoord", client="10.0.0.1")
    assert auth.authenticate("bob", "het goede wachtwoord", client="10.0.0.3").name == "bob"
    # the window passes: anna may try again, and a success clears her counter
    with db.session_scope() as s:
        for row in s.scalars(select(RateLimit)):
            row.window_start -= timedelta(minutes=16)
    assert auth.authenticate("anna", "het goede wachtwoord", client="10.0.0.1").name == "anna"
    with db.session_scope() as s:
        assert s.get(RateLimit, "login-name:anna") is None


def test_refresh_follows_role_and_block():
    anna = auth.add_user("anna", "admin", "het goede wachtwoord")
    assert auth.refresh(anna) == anna
    auth.set_role("anna", "editor")
    assert auth.refresh(anna).role == "editor"
    auth.set_active("anna", False)
    assert auth.refresh(anna) is None
    assert auth.refresh(UserInfo("niemand", "admin")) is None
    assert auth.refresh(None) is None
