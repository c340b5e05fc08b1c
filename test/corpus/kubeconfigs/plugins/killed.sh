#!/bin/sh
# Dies from a signal.
kill -9 $$
