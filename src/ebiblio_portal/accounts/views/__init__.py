"""The accounts pages: identification, login and logout, my account, passkeys, staff login and desk registration."""
