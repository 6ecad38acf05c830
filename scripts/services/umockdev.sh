#!/usr/bin/env bash
# Sourced by scripts/test. The scanner tests emulate USB devices with umockdev (scripts/apt/scanners.txt installs it).
# They skip only when umockdev is missing and this variable is unset; in CI it is set, so a missing umockdev fails.
export LABELGATE_REQUIRE_UMOCKDEV=1
