#!/bin/sh
# Gives neither a token nor a certificate.
echo '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{}}'
