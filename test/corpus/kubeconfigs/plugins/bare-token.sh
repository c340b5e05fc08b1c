#!/bin/sh
# Prints a bare token instead of an ExecCredential.
echo "eyJhbGciOiJSUzI1NiJ9.bare-token"
