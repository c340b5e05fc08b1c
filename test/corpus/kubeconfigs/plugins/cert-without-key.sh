#!/bin/sh
# Gives a client certificate without its key.
echo '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"clientCertificateData":"-----BEGIN CERTIFICATE-----"}}'
