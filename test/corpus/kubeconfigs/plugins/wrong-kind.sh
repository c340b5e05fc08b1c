#!/bin/sh
# Prints JSON that is not an ExecCredential.
echo '{"kind":"TokenReview","apiVersion":"authentication.k8s.io/v1","status":{"token":"x"}}'
