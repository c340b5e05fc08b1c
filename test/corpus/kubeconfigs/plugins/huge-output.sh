#!/bin/sh
# Prints 3 MB.
head -c 3000000 /dev/zero | tr "\\000" "x"
