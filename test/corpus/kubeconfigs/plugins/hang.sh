#!/bin/sh
# Never answers (replaced by sleep, so the time limit's kill ends it).
exec sleep 3600
