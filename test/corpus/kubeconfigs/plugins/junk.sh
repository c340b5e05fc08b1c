#!/bin/sh
# Prints something that is not JSON.
printf "\\033[1;31mPlease visit https://login.example/device and enter code WXYZ\\033[0m\\n"
