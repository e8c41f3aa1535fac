"""Team access: who may log in to a case, with which role, and the log of what each one did.

A case with no users is the laptop mode, unchanged: no login, the workbench on 127.0.0.1 only.
Once it has users, every request to the workbench or its API comes from one of them (a session
cookie or an API token), each route asks for a role (roles.py), and what a user searched,
opened, downloaded, exported or changed is appended to a hash-chained audit log (audit.py).
"""
