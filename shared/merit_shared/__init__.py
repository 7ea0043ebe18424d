"""Merit's shared library: settings, database, errors, auth, HTTP client, outbox. No domain rules."""
