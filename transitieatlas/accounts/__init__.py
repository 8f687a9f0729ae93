"""Accounts: users, roles and login (:mod:`.auth`, stored in the database).

Import the module you need (``from transitieatlas.accounts import auth``); this package
imports nothing itself, so loading one part never loads the database layer by accident.
"""
