#!/bin/sh
# Fails with a message on stderr (which may hold a secret) and exit code 3.
echo "login failed for refresh-token sk-live-abcdef0123456789" >&2
exit 3
