#!/bin/sh
# Answers with another apiVersion than it was asked.
echo '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1alpha1","status":{"token":"x"}}'
