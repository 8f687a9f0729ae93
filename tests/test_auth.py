"""Tests of accounts, roles and password hashing."""

from __future__ import annotations

import pytest

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import PermissionDenied, UserInfo
from transitieatlas.errors import InputError, NotInStore


@pytest.fixture(autouse=True)
def _dispose():
    yield
    db.dispose_all()


def test_hash_has_per_call_salt_and_verifies():
    first, second = auth.hash_password("geheim123"), auth.hash_password("geheim123")
    assert first != second  # different salts
    assert first.startswith("scrypt$16384$8$1$")
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
