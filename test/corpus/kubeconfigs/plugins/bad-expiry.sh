#!/bin/sh
# Gives an expirationTimestamp that is not a time.
echo '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"x","expirationTimestamp":"next tuesday"}}'
