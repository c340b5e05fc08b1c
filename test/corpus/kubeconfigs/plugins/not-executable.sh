#!/bin/sh
# Not executable (mode 644 in the repository).
echo never
